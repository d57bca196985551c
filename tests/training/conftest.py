"""A case whose round is under way (tests/exchanges/rounds_now.py) with Amina, sent by the second
partner (Olga's Kampala Youth Network) and leaving in 90 days; sessions made through the service
at the programme's venues, dated from today."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import recruit
from training import services
from training.models import CourseKind, CourseLanguage, Venue
from training.schedule import last_day


def next_sunday(after):
    return after + timedelta(days=(6 - after.weekday()) % 7 or 7)


def plan(adviser, kind=CourseKind.COURSE_1, *, venue="Kampala", in_days=21, capacity=10, deadline_days_before=7):
    """A session of `kind` starting on the first Sunday `in_days` days from today (a seminar: that day)."""
    today = timezone.localdate()
    starts_on = next_sunday(today + timedelta(days=in_days - 1))
    return services.plan_session(
        by=adviser,
        kind=kind,
        venue=Venue.objects.get(name=venue),
        starts_on=starts_on,
        ends_on=last_day(kind, starts_on),
        capacity=capacity,
        language=CourseLanguage.ENGLISH,
        enrolment_deadline=starts_on - timedelta(days=deadline_days_before),
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def case(adviser, organisation, other_organisation, today):
    return case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)


@pytest.fixture
def leg(case, organisation, other_organisation, today):
    return leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=90, participants=2)


@pytest.fixture
def amina(leg):
    return recruit(leg, full_name="Amina Nakato", email="amina@example.org")


@pytest.fixture
def bwalya(leg):
    return recruit(leg, full_name="Bwalya Zulu", email="bwalya@example.org")


@pytest.fixture
def course_1(adviser):
    return plan(adviser)


def move(session, *, starts_on, deadline=None):
    """The session's dates set so that it starts on `starts_on` (its week, its deadline with it):
    the day under test comes to the session, not the clock to the day."""
    from training.models import CourseSession

    CourseSession.objects.filter(pk=session.pk).update(
        starts_on=starts_on,
        ends_on=last_day(session.course, starts_on),
        enrolment_deadline=deadline or starts_on,
    )
    session.refresh_from_db()
    return session
