import pytest
from django.urls import reverse


def test_adviser_home_shows_role_and_caseload(adviser_client, adviser, organisation):
    content = adviser_client.get(reverse("home")).content.decode()
    assert adviser.full_name in content
    assert "Programme adviser" in content
    assert "Your caseload" in content
    assert "1 partner organisation" in content


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
