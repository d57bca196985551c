"""The training sessions list and the training needs: filters, sort links and pages in the URL;
bad values; who sees them; the same number of queries at 5 and 50 rows."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.exchanges.rounds_now import leg_departing
from tests.factories import recruit
from tests.training.conftest import move, plan
from training import services
from training.models import CourseKind
from training.views import sessions as session_views

SESSIONS = reverse("training:sessions")
NEEDS = reverse("training:needs")
# session, user, the page of sessions with their counts
SESSIONS_QUERIES = 3
# session, user, the page of participants without course 1 with its count, those who missed it,
# contacts without partner training with their count (+ their organisations)
NEEDS_QUERIES = 6


def session_rows(response) -> list[str]:
    """The sessions listed, as their ids, in the order shown."""
    row = r'<th scope="row" data-label="Course"><a class="ds-link" href="/training/sessions/(\d+)/">'
    return re.findall(row, response.text)


def ids(*sessions) -> list[str]:
    return [str(session.pk) for session in sessions]


@pytest.fixture
def sessions(adviser, today):
    kampala = plan(adviser, in_days=30)
    bangkok = plan(adviser, CourseKind.PARTNER_TRAINING, venue="Bangkok", in_days=60)
    past = move(plan(adviser, venue="Nairobi", in_days=90), starts_on=today - timedelta(days=40))
    cancelled = plan(adviser, venue="Kampala", in_days=45)
    services.cancel_session(cancelled, reason="Too few enrolled.", by=adviser)
    return {"kampala": kampala, "bangkok": bangkok, "past": past, "cancelled": cancelled}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["kampala", "bangkok"]),
        ("?when=past", ["past"]),
        ("?when=cancelled", ["cancelled"]),
        ("?when=all", ["past", "kampala", "cancelled", "bangkok"]),
        ("?course=partner_training", ["bangkok"]),
        ("?venue=kamp", ["kampala"]),
        ("?venue=kamp&when=all", ["kampala", "cancelled"]),
    ],
)
def test_session_filters_narrow_the_rows(adviser_client, sessions, query, expected):
    assert session_rows(adviser_client.get(SESSIONS + query)) == ids(*(sessions[name] for name in expected))


def test_the_year_filter(adviser_client, sessions):
    year = sessions["kampala"].starts_on.year
    assert ids(sessions["kampala"]) == session_rows(adviser_client.get(SESSIONS + f"?year={year}&venue=kampala"))
    assert session_rows(adviser_client.get(SESSIONS + f"?year={year + 5}")) == []


@pytest.mark.parametrize(
    ("query", "error_on"),
    [("?year=abc", "year"), ("?year=1850", "year"), ("?course=evil", "course"), ("?when=x", "when")],
)
def test_a_bad_session_filter_is_said_beside_its_field(adviser_client, sessions, query, error_on):
    response = adviser_client.get(SESSIONS + query + "&venue=bangkok")
    assert response.status_code == 200 and session_rows(response) == ids(sessions["bangkok"])
    assert f'<div class="ds-field has-error"><label class="ds-label" for="filter-{error_on}">' in response.text


@pytest.mark.parametrize("query", ["?page=abc", "?page=99999", "?sort=evil"])
def test_bad_pages_and_orders_are_never_an_error(adviser_client, sessions, query):
    response = adviser_client.get(SESSIONS + query)
    assert response.status_code == 200 and len(session_rows(response)) == 2
    assert adviser_client.get(NEEDS + query).status_code == 200


def test_sessions_sorted_both_ways_with_aria_sort(adviser_client, sessions):
    default = adviser_client.get(SESSIONS + "?when=all")
    assert 'aria-sort="ascending"><a class="ds-link sort-link" href="?when=all&amp;sort=-date">Dates' in default.text
    latest = adviser_client.get(SESSIONS + "?when=all&sort=-date")
    assert session_rows(latest) == ids(*(sessions[name] for name in ("bangkok", "cancelled", "kampala", "past")))
    assert 'aria-sort="descending"><a class="ds-link sort-link" href="?when=all&amp;sort=date">' in latest.text
    by_venue = adviser_client.get(SESSIONS + "?sort=venue")
    assert session_rows(by_venue) == ids(sessions["bangkok"], sessions["kampala"])
    assert session_rows(adviser_client.get(SESSIONS + "?sort=-venue")) == ids(sessions["kampala"], sessions["bangkok"])


def test_session_pages_keep_the_filters(adviser_client, adviser, monkeypatch):
    monkeypatch.setattr(session_views, "SESSIONS_PER_PAGE", 2)
    planned = [plan(adviser, in_days=21 + 7 * number) for number in range(3)]
    plan(adviser, CourseKind.PARTNER_TRAINING, in_days=21)
    first = adviser_client.get(SESSIONS + "?course=course_1&sort=-date")
    assert session_rows(first) == ids(planned[2], planned[1]) and "3 sessions" in first.text
    assert 'rel="next" href="?course=course_1&amp;sort=-date&amp;page=2"' in first.text
    assert session_rows(adviser_client.get(SESSIONS + "?course=course_1&sort=-date&page=2")) == ids(planned[0])


@pytest.mark.parametrize("rows", [5, 50])
def test_session_queries_are_the_same_at_5_and_50_rows(adviser, adviser_client, django_assert_num_queries, rows):
    for number in range(rows):
        plan(adviser, in_days=21 + 7 * (number % 20), venue=["Kampala", "Bangkok"][number % 2])
    with django_assert_num_queries(SESSIONS_QUERIES):
        response = adviser_client.get(SESSIONS + "?sort=-venue&course=course_1&when=all")
    assert len(session_rows(response)) == rows


def test_a_contact_sees_what_is_to_come_only(other_contact_client, sessions):
    response = other_contact_client.get(SESSIONS + "?when=past")  # not theirs to ask: ignored
    assert session_rows(response) == ids(sessions["kampala"], sessions["bangkok"])
    assert 'id="filter-when"' not in response.text


def test_who_may_see_the_sessions(participant_client, anonymous_client, adviser_client):
    assert adviser_client.get(SESSIONS + "?when=all").status_code == 200
    assert participant_client.get(SESSIONS).status_code == 403
    response = anonymous_client.get(SESSIONS + "?when=all")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- The training needs -------------------------------------------------------------------------


def need_rows(response) -> list[str]:
    row = r'<th scope="row" data-label="Name"><a class="ds-link" href="/participants/\d+/">([^<]+)</a>'
    return re.findall(row, response.text)


@pytest.fixture
def leaving(case, organisation, other_organisation, today):
    soon = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=20, participants=2)
    later = leg_departing(case, home=organisation, host=other_organisation, today=today, departs_in=50, participants=1)
    recruit(soon, full_name="Zara Soon", email="zara@example.org")
    recruit(soon, full_name="Abel Soon", email="abel@example.org")
    recruit(later, full_name="Mia Later", email="mia@example.org")
    return case


def test_needs_sorted_both_ways_with_aria_sort(adviser_client, leaving):
    default = adviser_client.get(NEEDS)
    assert need_rows(default) == ["Abel Soon", "Zara Soon", "Mia Later"]  # by departure, then name
    assert 'aria-sort="ascending"><a class="ds-link sort-link" href="?sort=-departure">Leaves' in default.text
    assert need_rows(adviser_client.get(NEEDS + "?sort=-departure")) == ["Mia Later", "Zara Soon", "Abel Soon"]
    by_name = adviser_client.get(NEEDS + "?sort=-name")
    assert need_rows(by_name) == ["Zara Soon", "Mia Later", "Abel Soon"]
    assert 'aria-sort="descending"><a class="ds-link sort-link" href="?sort=name">Name' in by_name.text


@pytest.mark.parametrize(
    ("query", "participants", "contacts_shown"),
    [
        ("", ["Abel Soon", "Zara Soon", "Mia Later"], True),
        ("?course=course_1", ["Abel Soon", "Zara Soon", "Mia Later"], False),
        ("?course=partner_training", [], True),
        ("?case=nothing-like-it", [], False),
    ],
)
def test_needs_filters(adviser_client, leaving, query, participants, contacts_shown):
    response = adviser_client.get(NEEDS + query)
    assert need_rows(response) == participants
    assert ('id="partner-training-heading"' in response.text) == contacts_shown
    assert ('id="course-1-heading"' in response.text) == (query != "?course=partner_training")


def test_needs_of_one_partnership(adviser_client, leaving):
    assert len(need_rows(adviser_client.get(NEEDS + f"?case={leaving.name[:6].lower()}"))) == 3


def test_a_bad_needs_filter_is_said_beside_its_field(adviser_client, leaving):
    response = adviser_client.get(NEEDS + "?course=evil&sort=-name")
    assert need_rows(response) == ["Zara Soon", "Mia Later", "Abel Soon"]
    assert '<div class="ds-field has-error"><label class="ds-label" for="filter-course">' in response.text
    too_long = adviser_client.get(NEEDS + "?case=" + "x" * 101)
    assert too_long.status_code == 200 and len(need_rows(too_long)) == 3


def test_needs_pages_keep_the_filters(adviser_client, leaving, monkeypatch):
    monkeypatch.setattr(session_views, "NEEDS_PER_PAGE", 2)
    first = adviser_client.get(NEEDS + "?course=course_1&sort=name")
    assert need_rows(first) == ["Abel Soon", "Mia Later"]
    assert 'rel="next" href="?course=course_1&amp;sort=name&amp;page=2"' in first.text
    assert need_rows(adviser_client.get(NEEDS + "?course=course_1&sort=name&page=2")) == ["Zara Soon"]


@pytest.mark.parametrize("rows", [5, 50])
def test_needs_queries_are_the_same_at_5_and_50_rows(
    adviser_client, case, organisation, other_organisation, today, django_assert_num_queries, rows
):
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=20, participants=rows)
    for number in range(rows):
        recruit(leg, full_name=f"P {number:02d}", email=f"p{number}@example.org")
    with django_assert_num_queries(NEEDS_QUERIES):
        response = adviser_client.get(NEEDS + "?sort=-name")
    assert len(need_rows(response)) == rows


def test_who_may_see_the_needs(other_contact_client, participant_client, anonymous_client):
    assert other_contact_client.get(NEEDS + "?course=course_1").status_code == 403
    assert participant_client.get(NEEDS).status_code == 403
    assert anonymous_client.get(NEEDS).status_code == 302
