"""The calendar rules of course sessions: week courses from Sunday to Friday with their travel
days, the seminar's three days, the enrolment deadline, and moments in the venue's time zone."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from training.models import CourseKind, CourseSession, Venue
from training.schedule import TravelDays, last_day, session_date_errors, session_period, travel_days

SUNDAY = date(2027, 1, 10)


def session(venue_name: str, kind=CourseKind.COURSE_1, first=SUNDAY, **fields) -> CourseSession:
    defaults = {"capacity": 20, "language": "en", "enrolment_deadline": date(2026, 12, 1)}
    return CourseSession(
        kind=kind,
        venue=Venue.objects.get(name=venue_name),
        starts_on=first,
        ends_on=last_day(kind, first),
        **{**defaults, **fields},
    )


def test_a_week_course_runs_sunday_to_friday_and_attendees_leave_on_saturday(db):
    course = session("Kampala")
    assert (course.starts_on.strftime("%A"), course.ends_on.strftime("%A")) == ("Sunday", "Friday")
    assert travel_days(course) == TravelDays(arrive=date(2027, 1, 10), leave=date(2027, 1, 16))
    assert travel_days(course).leave.strftime("%A") == "Saturday"


def test_the_introduction_seminar_runs_three_days(db):
    seminar = session("Nairobi", kind=CourseKind.INTRODUCTION_SEMINAR, first=date(2027, 3, 2))
    assert seminar.ends_on == date(2027, 3, 4)
    assert session_date_errors(CourseKind.INTRODUCTION_SEMINAR, date(2027, 3, 2), date(2027, 3, 4), None) == {}


def test_a_digital_session_has_no_travel_days(db):
    assert travel_days(session("Digital")) is None


def test_a_week_course_must_start_on_a_sunday_and_run_its_days():
    with translation.override("en"):
        assert session_date_errors(CourseKind.COURSE_2, date(2027, 1, 11), None, None) == {
            "starts_on": "A week course starts on a Sunday; 11 January 2027 is a Monday."
        }
        assert session_date_errors(CourseKind.PARTNER_TRAINING, SUNDAY, date(2027, 1, 14), None) == {
            "ends_on": "Partner training runs 6 days: from 10 January 2027 to 15 January 2027."
        }
        assert session_date_errors(CourseKind.COURSE_1, SUNDAY, date(2027, 1, 15), date(2027, 1, 11)) == {
            "enrolment_deadline": "Enrolment closes on or before the first day, 10 January 2027."
        }
    with translation.override("nb"):
        (message,) = session_date_errors(CourseKind.COURSE_2, date(2027, 1, 11), None, None).values()
        assert "mandag" in message


def test_the_model_checks_the_dates_too(db, adviser):
    wrong = session("Bangkok", first=date(2027, 1, 11), created_by=adviser)
    with pytest.raises(ValidationError) as refused:
        wrong.full_clean()
    assert "starts_on" in refused.value.message_dict


@pytest.mark.parametrize(
    ("venue", "start_utc", "end_utc"),
    [
        # Sunday 14:00 and Friday 23:00 where the course is.
        ("Kathmandu", datetime(2027, 1, 10, 8, 15), datetime(2027, 1, 15, 17, 15)),  # UTC+5:45
        ("Bangkok", datetime(2027, 1, 10, 7, 0), datetime(2027, 1, 15, 16, 0)),  # UTC+7
        ("Johannesburg", datetime(2027, 1, 10, 12, 0), datetime(2027, 1, 15, 21, 0)),  # UTC+2
        ("Digital", datetime(2027, 1, 10, 13, 0), datetime(2027, 1, 15, 22, 0)),  # Oslo, winter: UTC+1
    ],
)
def test_a_sessions_moments_are_the_venues_local_times(db, venue, start_utc, end_utc):
    start, end = session_period(session(venue))
    assert start.astimezone(UTC).replace(tzinfo=None) == start_utc
    assert end.astimezone(UTC).replace(tzinfo=None) == end_utc


def test_travel_days_are_the_venues_dates_whoever_reads_them(db, settings):
    """Dates are not moments: Kathmandu's Sunday is Sunday for a reader in Oslo too."""
    course = session("Kathmandu")
    for zone in ("Europe/Oslo", "America/Lima", "Pacific/Auckland"):
        settings.TIME_ZONE = zone
        assert travel_days(course) == TravelDays(arrive=date(2027, 1, 10), leave=date(2027, 1, 16))


def test_the_programmes_venues_are_there_with_their_time_zones(db):
    zones = dict(Venue.objects.values_list("name", "time_zone"))
    assert zones["Kampala"] == "Africa/Kampala" and zones["Kathmandu"] == "Asia/Kathmandu"
    assert set(zones) >= {"Bangkok", "Johannesburg", "Kampala", "Nairobi", "Kathmandu", "Digital"}


def test_a_venue_needs_a_real_time_zone(db):
    with pytest.raises(ValidationError):
        Venue(name="Lilongwe", time_zone="Africa/Lilongwee").full_clean()


def test_the_database_refuses_impossible_sessions(db, adviser):
    for fields in ({"capacity": 0}, {"capacity": 201}, {"enrolment_deadline": date(2027, 2, 1)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            session("Kampala", created_by=adviser, **fields).save()
    reversed_dates = session("Kampala", created_by=adviser)
    reversed_dates.ends_on = date(2027, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        reversed_dates.save()
