"""The reminders sent (/reminders/sent/): sorted by day, recipient or kind both ways with
aria-sort, the order kept by the filters and the pages; bad values; the same queries at 5 and 50."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from norec.core.models import Reminder
from norec.core.reminders import views
from tests.factories import UserFactory

URL = reverse("reminders:all")
# session, user, the last sweep, the count, the page of reminders (with recipients and emails), failed emails
QUERIES = 6


def recipients(response) -> list[str]:
    return re.findall(r'<td data-label="Recipient">([^<]+)<br>', response.text)


def remind(user, *, days_ago=0, kind="checklist_overdue"):
    return Reminder.objects.create(
        recipient=user,
        kind=kind,
        subject=f"checklistitem:{user.pk}:{days_ago}",
        day=timezone.localdate() - timedelta(days=days_ago),
        url="/my-exchange/",
        details={"title": "Apply for a visa", "participant": "Amina", "due_on": "2026-01-01", "own": True},
    )


@pytest.fixture
def three(db):
    remind(UserFactory(full_name="Bo Middle"), days_ago=1)
    remind(UserFactory(full_name="Al First"), days_ago=2, kind="checklist_due_soon")
    remind(UserFactory(full_name="Cy Last"), days_ago=0)


def test_the_newest_first_by_default_and_both_ways(adviser_client, three):
    default = adviser_client.get(URL)
    assert recipients(default) == ["Cy Last", "Bo Middle", "Al First"]
    assert 'aria-sort="descending"><a class="ds-link sort-link" href="?sort=day">Day' in default.text
    oldest = adviser_client.get(URL + "?sort=day")
    assert recipients(oldest) == ["Al First", "Bo Middle", "Cy Last"]
    assert 'aria-sort="ascending"><a class="ds-link sort-link" href="?sort=-day">' in oldest.text
    assert recipients(adviser_client.get(URL + "?sort=recipient")) == ["Al First", "Bo Middle", "Cy Last"]
    assert recipients(adviser_client.get(URL + "?sort=-recipient")) == ["Cy Last", "Bo Middle", "Al First"]


def test_the_filters_keep_the_order_and_the_order_keeps_the_filters(adviser_client, three):
    response = adviser_client.get(URL + "?kind=checklist_overdue&sort=recipient")
    assert recipients(response) == ["Bo Middle", "Cy Last"]
    assert '<input type="hidden" name="sort" value="recipient">' in response.text
    assert 'href="?kind=checklist_overdue&amp;sort=-recipient"' in response.text


@pytest.mark.parametrize("query", ["?page=abc", "?page=99999", "?sort=evil", "?sort=evil&since=nonsense"])
def test_bad_values_are_never_an_error(adviser_client, three, query):
    response = adviser_client.get(URL + query)
    assert response.status_code == 200 and recipients(response) == ["Cy Last", "Bo Middle", "Al First"]


def test_pages_keep_the_filters_and_the_order(adviser_client, three, monkeypatch):
    monkeypatch.setattr(views, "ALL_PER_PAGE", 2)
    first = adviser_client.get(URL + "?person=i&sort=recipient")  # "Bo Middle", "Al First"
    assert recipients(first) == ["Al First", "Bo Middle"]
    assert adviser_client.get(URL + "?person=i&sort=recipient&page=2").status_code == 200
    everyone = adviser_client.get(URL + "?sort=recipient")
    assert 'rel="next" href="?sort=recipient&amp;page=2"' in everyone.text
    assert recipients(adviser_client.get(URL + "?sort=recipient&page=2")) == ["Cy Last"]


@pytest.mark.parametrize("rows", [5, 50])
def test_queries_are_the_same_at_5_and_50_rows(adviser_client, django_assert_num_queries, rows):
    for number in range(rows):
        remind(UserFactory(full_name=f"Person {number:02d}"), days_ago=number % 7)
    with django_assert_num_queries(QUERIES):
        response = adviser_client.get(URL + "?sort=-recipient")
    assert len(recipients(response)) == rows


def test_who_may_see_it(contact_client, participant_client, anonymous_client):
    assert contact_client.get(URL + "?sort=day").status_code == 403
    assert participant_client.get(URL).status_code == 403
    assert anonymous_client.get(URL + "?sort=day").status_code == 302
