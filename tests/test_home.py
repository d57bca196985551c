import pytest
from django.urls import reverse

from partnerships import services
from tests.factories import AdviserFactory

HOME_QUERIES = 8


def open_case(name, adviser, *organisations):
    return services.create_partnership(
        name=name, organisations=organisations, coordinating=organisations[0], adviser=adviser, by=adviser
    )


def test_adviser_home_shows_role_and_their_open_cases(adviser_client, adviser, organisation, other_organisation):
    open_case("Nurses for rural health", adviser, organisation, other_organisation)
    open_case("Someone else's case", AdviserFactory(), organisation, other_organisation)
    content = adviser_client.get(reverse("home")).content.decode()
    assert adviser.full_name in content
    assert "Programme adviser" in content
    assert "Your caseload" in content
    assert "Nurses for rural health" in content
    assert "Someone else's case" not in content


def test_contact_home_lists_their_partnerships(contact_client, adviser, organisation, other_organisation):
    open_case("Nurses for rural health", adviser, organisation, other_organisation)
    content = contact_client.get(reverse("home")).content.decode()
    assert "Nurses for rural health" in content


@pytest.mark.parametrize("rows", [5, 50])
def test_home_query_count_does_not_grow_with_cases(
    adviser_client, adviser, organisation, other_organisation, django_assert_max_num_queries, rows
):
    for number in range(rows):
        open_case(f"Case {number}", adviser, organisation, other_organisation)
    with django_assert_max_num_queries(HOME_QUERIES):
        response = adviser_client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<td data-label="Partnership"><a class="ds-link" href="/cases/') == min(rows, 20)
    assert f'<span class="phase-counts__number">{rows}</span>' in page


def test_partner_contact_home_lists_their_organisations_only(contact_client, organisation, other_organisation):
    content = contact_client.get(reverse("home")).content.decode()
    assert "Partner contact" in content
    assert organisation.name in content
    assert other_organisation.name not in content


def test_participant_home_says_where_their_exchange_will_appear(participant_client, participant):
    content = participant_client.get(reverse("home")).content.decode()
    assert "Participant" in content
    assert "Your exchange" in content
    assert reverse("partnerships:organisation_list") not in content


@pytest.mark.parametrize("fixture", ["adviser_client", "contact_client", "participant_client"])
def test_home_has_skip_link_and_main_landmark(request, fixture):
    content = request.getfixturevalue(fixture).get(reverse("home")).content.decode()
    assert 'href="#main"' in content
    assert '<main id="main"' in content


def test_error_pages_are_styled(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert "ds-skip-link" in response.content.decode()
