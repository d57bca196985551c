"""The amendments list (/amendments/): whose cases, which form, which state, sorted both ways,
paged, all in the URL; bad values; who sees it; the same number of queries at 5 and 50 rows."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from amendments.models import Amendment, AmendmentKind, AmendmentState
from exchanges.models import ExchangeRound
from partnerships.models import Partnership
from tests.factories import contact_of

pytestmark = pytest.mark.django_db
URL = reverse("amendments:queue")
# session, user, the page of amendments (with their cases, advisers and rounds) and its count
QUERIES = 3


def references(response) -> list[str]:
    row = r'<th scope="row" data-label="Amendment"><a class="ds-link" href="/amendments/\d+/">([^<]+)</a>'
    return re.findall(row, response.text)


def add(case, *, kind=AmendmentKind.C05, state=AmendmentState.SUBMITTED, days_ago=0) -> Amendment:
    """An amendment as the states' services leave it (the transitions have their own tests)."""
    agreement = case.agreement
    first = agreement.rounds.get(number=1)
    exchange_round = None
    if kind == AmendmentKind.C05:
        exchange_round = ExchangeRound.objects.create(
            agreement=agreement,
            number=agreement.rounds.count() + 10,
            planned_start=first.planned_start,
            planned_end=first.planned_end,
            budget=first.budget,
        )
    return Amendment.objects.create(
        partnership=case,
        kind=kind,
        exchange_round=exchange_round,
        state=state,
        effective_on=timezone.localdate(),
        created_by=contact_of(case.coordinating_organisation),
        submitted_at=None if state == AmendmentState.DRAFT else timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def three(case):
    return {
        "old c05": add(case, days_ago=9),
        "b03": add(case, kind=AmendmentKind.B03, days_ago=3),
        "draft": add(case, state=AmendmentState.DRAFT),
    }


def test_by_default_what_waits_for_a_decision_the_oldest_first(adviser_client, three):
    response = adviser_client.get(URL)
    assert references(response) == [three["old c05"].reference, three["b03"].reference]
    assert "Amendments waiting for a decision" in response.text and "Clear the filters" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=B03", ["b03"]),
        ("?kind=C05", ["old c05"]),
        ("?state=draft", ["draft"]),
        ("?state=", ["old c05", "b03", "draft"]),  # every state: the drafts have no submission day, last
        ("?state=approved", []),
    ],
)
def test_filters_narrow_the_rows(adviser_client, three, query, expected):
    response = adviser_client.get(URL + query)
    assert references(response) == [three[name].reference for name in expected]


def test_mine_or_every_advisers(adviser_client, other_adviser_client, three, adviser):
    assert references(other_adviser_client.get(URL)) == []
    everyone = other_adviser_client.get(URL + "?who=all")
    assert len(references(everyone)) == 2 and adviser.full_name in everyone.text


@pytest.mark.parametrize(
    ("query", "error_on", "expected"),
    [("?kind=X99&state=draft", "kind", ["draft"]), ("?state=evil&kind=B03", "state", ["b03"])],
)
def test_a_bad_filter_is_said_beside_its_field(adviser_client, three, query, error_on, expected):
    response = adviser_client.get(URL + query)
    assert response.status_code == 200
    assert references(response) == [three[name].reference for name in expected]
    assert f'<div class="ds-field has-error"><label class="ds-label" for="filter-{error_on}">' in response.text


@pytest.mark.parametrize("query", ["?page=abc", "?page=99999", "?sort=evil", "?who=evil"])
def test_bad_pages_and_orders_are_never_an_error(adviser_client, three, query):
    response = adviser_client.get(URL + query)
    assert response.status_code == 200 and len(references(response)) == 2


def test_sorting_both_ways_with_aria_sort(adviser_client, three):
    default = adviser_client.get(URL).text
    assert 'aria-sort="ascending"><a class="ds-link sort-link" href="?sort=-submitted">Submitted' in default
    newest = adviser_client.get(URL + "?sort=-submitted")
    assert references(newest) == [three["b03"].reference, three["old c05"].reference]
    assert 'aria-sort="descending"><a class="ds-link sort-link" href="?sort=submitted">' in newest.text
    by_reference = adviser_client.get(URL + "?sort=reference&state=")
    assert references(by_reference) == [three[name].reference for name in ("b03", "old c05", "draft")]
    backwards = adviser_client.get(URL + "?sort=-reference&state=")
    assert references(backwards) == [three[name].reference for name in ("draft", "old c05", "b03")]
    assert 'href="?state=&amp;sort=reference"' in backwards.text  # the filters kept


def test_pages_keep_the_filters(adviser_client, case):
    for number in range(52):
        add(case, days_ago=number)
    first = adviser_client.get(URL + "?kind=C05&sort=-submitted")
    assert len(references(first)) == 50 and "52 amendments" in first.text
    assert 'rel="next" href="?kind=C05&amp;sort=-submitted&amp;page=2"' in first.text
    assert len(references(adviser_client.get(URL + "?kind=C05&sort=-submitted&page=2"))) == 2


@pytest.mark.parametrize("rows", [5, 50])
def test_queries_are_the_same_at_5_and_50_rows(adviser_client, case, django_assert_num_queries, rows):
    for number in range(rows):
        add(case, days_ago=number)
    with django_assert_num_queries(QUERIES):
        response = adviser_client.get(URL + "?sort=case&who=all&kind=C05")
    assert len(references(response)) == rows


def test_who_may_see_it(contact_client, participant_client, anonymous_client, three):
    assert contact_client.get(URL).status_code == 403
    assert participant_client.get(URL).status_code == 403
    response = anonymous_client.get(URL + "?who=all")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_another_advisers_case_is_only_in_every_advisers_list(adviser_client, other_adviser, three, case):
    Partnership.objects.filter(pk=case.pk).update(adviser=other_adviser)
    assert references(adviser_client.get(URL)) == []
    assert len(references(adviser_client.get(URL + "?who=all"))) == 2
