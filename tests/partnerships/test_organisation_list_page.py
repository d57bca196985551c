"""The organisation list's filters, sort links and pages, all in the URL; bad values; who sees it;
the same number of queries at 5 and 50 rows."""

import re

import pytest
from django.urls import reverse

from partnerships.models import OrganisationKind
from tests.factories import OrganisationFactory, UserFactory

URL = reverse("partnerships:organisation_list")
# session, user, the programme's countries (cached after the first request), the page with its
# count, the page's contacts
QUERIES = 5


def names(response) -> list[str]:
    return re.findall(r'<td data-label="Name"><a class="ds-link" href="/organisations/\d+/">([^<]+)</a>', response.text)


@pytest.fixture
def three(db):
    OrganisationFactory(name="Arusha Nurses", country="TZ", kind=OrganisationKind.HEALTH)
    OrganisationFactory(name="Bergen School", country="NO", kind=OrganisationKind.EDUCATION)
    OrganisationFactory(name="Kampala Clinic", country="UG", kind=OrganisationKind.HEALTH)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Arusha Nurses", "Bergen School", "Kampala Clinic"]),
        ("?name=clinic", ["Kampala Clinic"]),
        ("?country=NO", ["Bergen School"]),
        ("?kind=health", ["Arusha Nurses", "Kampala Clinic"]),
        ("?kind=health&country=UG", ["Kampala Clinic"]),
        ("?name=nobody", []),
    ],
)
def test_filters_narrow_the_rows(adviser_client, three, query, expected):
    response = adviser_client.get(URL + query)
    assert response.status_code == 200 and names(response) == expected


def test_the_country_menu_offers_the_programme_countries_by_name(adviser_client, three):
    html = adviser_client.get(URL).text
    assert re.findall(r'<option value="(\w\w)"', html) == ["NO", "TZ", "UG"]  # Norway, Tanzania, Uganda


def test_a_country_not_yet_in_the_menu_still_filters(adviser_client, three):
    adviser_client.get(URL)  # the menu is cached now
    OrganisationFactory(name="Lusaka Union", country="ZM")
    response = adviser_client.get(URL + "?country=ZM")
    assert names(response) == ["Lusaka Union"] and '<option value="ZM" selected>' in response.text


@pytest.mark.parametrize(
    ("query", "error_on", "expected"),
    [
        ("?country=XX&name=clinic", "country", ["Kampala Clinic"]),
        ("?kind=evil&country=NO", "kind", ["Bergen School"]),
        ("?name=" + "x" * 101 + "&kind=education", "name", ["Bergen School"]),
    ],
)
def test_a_bad_filter_is_said_beside_its_field_and_the_others_still_filter(
    adviser_client, three, query, error_on, expected
):
    response = adviser_client.get(URL + query)
    assert response.status_code == 200 and names(response) == expected
    field = f'<div class="ds-field has-error"><label class="ds-label" for="filter-{error_on}">'
    assert field in response.text and response.text.count("has-error") == 1


@pytest.mark.parametrize("query", ["?page=abc", "?page=99999", "?page=-1", "?sort=evil", "?sort=", "?kind=&page=0"])
def test_bad_pages_and_orders_are_never_an_error(adviser_client, three, query):
    response = adviser_client.get(URL + query)
    assert response.status_code == 200 and len(names(response)) == 3


def test_sorting_both_ways_with_aria_sort(adviser_client, three):
    page = adviser_client.get(URL).text
    assert '<th scope="col" aria-sort="ascending"><a class="ds-link sort-link" href="?sort=-name">Name' in page
    assert '<th scope="col"><a class="ds-link sort-link" href="?sort=country">Country' in page
    by_country = adviser_client.get(URL + "?sort=country&kind=health")
    assert names(by_country) == ["Arusha Nurses", "Kampala Clinic"]  # TZ, UG
    assert 'aria-sort="ascending"><a class="ds-link sort-link" href="?kind=health&amp;sort=-country">' in (
        by_country.text
    )
    backwards = adviser_client.get(URL + "?sort=-country&kind=health")
    assert names(backwards) == ["Kampala Clinic", "Arusha Nurses"]
    assert 'aria-sort="descending"><a class="ds-link sort-link" href="?kind=health&amp;sort=country">' in backwards.text
    assert names(adviser_client.get(URL + "?sort=-name")) == ["Kampala Clinic", "Bergen School", "Arusha Nurses"]
    assert names(adviser_client.get(URL + "?sort=kind")) == ["Bergen School", "Arusha Nurses", "Kampala Clinic"]


def test_ties_are_broken_by_creation_so_pages_never_overlap(adviser_client):
    for number in range(55):
        OrganisationFactory(name=f"Twin {number:02d}", country="UG", kind=OrganisationKind.NGO)
    seen = []
    for page in (1, 2):
        seen += names(adviser_client.get(URL + f"?sort=kind&page={page}"))
    assert len(seen) == 55 and len(set(seen)) == 55


def test_pages_keep_the_filters_and_the_order(adviser_client):
    for number in range(53):
        OrganisationFactory(name=f"Ngo {number:02d}", kind=OrganisationKind.NGO)
    OrganisationFactory(name="A company", kind=OrganisationKind.COMPANY)
    first = adviser_client.get(URL + "?kind=ngo&sort=-name")
    assert names(first)[0] == "Ngo 52" and len(names(first)) == 50
    assert 'rel="next" href="?kind=ngo&amp;sort=-name&amp;page=2"' in first.text
    assert "53 organisations" in first.text
    second = adviser_client.get(URL + "?kind=ngo&sort=-name&page=2")
    assert names(second) == ["Ngo 02", "Ngo 01", "Ngo 00"]
    assert '<input type="hidden" name="sort" value="-name">' in second.text  # filtering keeps the order


@pytest.mark.parametrize("rows", [5, 50])
def test_queries_are_the_same_at_5_and_50_rows(adviser_client, django_assert_num_queries, rows):
    for number in range(rows):
        OrganisationFactory(
            name=f"Org {number:02d}", country=["UG", "NO", "KE"][number % 3], contacts=[UserFactory(), UserFactory()]
        )
    with django_assert_num_queries(QUERIES):
        response = adviser_client.get(URL + "?sort=-country")
    assert len(names(response)) == rows
    with django_assert_num_queries(QUERIES - 1):  # the countries come from the cache now
        assert len(names(adviser_client.get(URL + "?kind=ngo&name=org"))) == rows


def test_a_partner_contact_sees_only_their_organisations(contact_client, organisation, other_organisation):
    response = contact_client.get(URL)
    assert names(response) == [organisation.name]
    assert re.findall(r'<option value="(\w\w)"', response.text) == ["NO"]  # only their own countries
    assert names(contact_client.get(URL + f"?name={other_organisation.name[:7]}")) == []


def test_who_may_see_it(adviser_client, participant_client, anonymous_client, organisation):
    assert adviser_client.get(URL).status_code == 200
    assert participant_client.get(URL).status_code == 403
    response = anonymous_client.get(URL + "?kind=ngo")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
