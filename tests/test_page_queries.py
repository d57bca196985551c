"""Query counts of the list pages, pinned at 5 and 50 rows: a rise is a change to justify.

Each count is exact (a fall should be pinned too). The rows are built through the services, and
each test also checks that the rows show what they should, so a count cannot pass on an empty page."""

import pytest
from django.urls import reverse

from partnerships import services
from tests.factories import AdviserFactory, OrganisationFactory, UserFactory

# Each page starts with the session (from the database: settings.SESSION_ENGINE) and the user.
# session, user, then: countries for the filter, count, page of cases, their partners, advisers (filter)
CASE_LIST_QUERIES = 7
# session, user, count, page of organisations, their contacts
ORGANISATION_LIST_QUERIES = 5
# session, user, phase counts, recent cases, their partners, the ages to decide (counted in the same query)
ADVISER_HOME_QUERIES = 6
# session, user, organisations, their contacts, recent cases, their partners, their rounds under way
# (none here: with some, their participants and items too, tests/exchanges/test_contact_home.py),
# the amendments the partners hold (drafts, returned)
CONTACT_HOME_QUERIES = 8


def open_cases(count, adviser, first, second):
    for number in range(count):
        services.create_partnership(
            name=f"Case {number:02d}", organisations=[first, second], coordinating=first, adviser=adviser, by=adviser
        )


@pytest.mark.parametrize("sort", ["name", "waiting", "-waiting"])
@pytest.mark.parametrize("rows", [5, 50])
def test_case_list(adviser_client, adviser, organisation, other_organisation, django_assert_num_queries, rows, sort):
    # What each case waits for, and since when, is part of the page query (selectors/waiting.py).
    open_cases(rows, adviser, other_organisation, organisation)
    with django_assert_num_queries(CASE_LIST_QUERIES):
        response = adviser_client.get(reverse("partnerships:case_list"), {"scope": "all", "sort": sort})
    content = response.content.decode()
    assert content.count('<th scope="row"') == rows
    # The coordinating partner first, and said to be.
    assert '<li>Kampala Youth Network (Uganda) <span class="coordinating">(coordinating)</span></li>' in content
    assert "<li>Bergen Health Trust (Norway)</li>" in content
    assert f'href="{reverse("partnerships:case_detail", args=[response.context["cases"][0].pk])}"' in content
    assert content.count("Missing: a seminar representative of Kampala Youth Network") == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_organisation_list(adviser_client, django_assert_num_queries, rows):
    for number in range(rows):
        OrganisationFactory(
            name=f"Org {number:02d}", contacts=[UserFactory(full_name="Zoe Z"), UserFactory(full_name=f"Bo {number}")]
        )
    with django_assert_num_queries(ORGANISATION_LIST_QUERIES):
        content = adviser_client.get(reverse("partnerships:organisation_list")).content.decode()
    assert content.count('<td data-label="Name"><a class="ds-link" href="/organisations/') == rows
    assert '<td data-label="Contacts">Bo 0, Zoe Z</td>' in content  # sorted by name


def test_organisation_list_is_paged(adviser_client):
    for number in range(53):
        OrganisationFactory(name=f"Org {number:02d}")
    first = adviser_client.get(reverse("partnerships:organisation_list")).content.decode()
    second = adviser_client.get(reverse("partnerships:organisation_list"), {"page": 2}).content.decode()
    assert "Org 49" in first and "Org 50" not in first
    assert "Org 50" in second and "Org 52" in second and "Org 49" not in second
    assert "Page 2 of 2" in second
    assert 'rel="prev" href="?page=1"' in second


@pytest.mark.parametrize("rows", [5, 50])
def test_adviser_home(adviser_client, adviser, organisation, other_organisation, django_assert_num_queries, rows):
    open_cases(rows, adviser, organisation, other_organisation)
    open_cases(3, AdviserFactory(), organisation, other_organisation)  # not hers: not counted, not shown
    with django_assert_num_queries(ADVISER_HOME_QUERIES):
        content = adviser_client.get(reverse("home")).content.decode()
    assert content.count('<td data-label="Partnership"><a class="ds-link" href="/cases/') == min(rows, 20)
    assert f'<span class="phase-counts__number">{rows}</span>' in content
    assert content.count("Waiting for the partners since") == min(rows, 20)
    assert f"{organisation.name} (Norway), {other_organisation.name} (Uganda)" in content


@pytest.mark.parametrize("rows", [5, 50])
def test_contact_home(contact_client, adviser, organisation, other_organisation, django_assert_num_queries, rows):
    open_cases(rows, adviser, organisation, other_organisation)
    with django_assert_num_queries(CONTACT_HOME_QUERIES):
        content = contact_client.get(reverse("home")).content.decode()
    assert content.count('<td data-label="Partnership"><a class="ds-link" href="/cases/') == min(rows, 20)
    assert f"{organisation.name}</a> \N{EN DASH} Norway, " in content
