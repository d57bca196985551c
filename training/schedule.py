"""The calendar rules of a course session, from its kind, its first day and its venue.

A week course (participant courses 1 and 2, partner training) starts on Sunday afternoon and ends
with a farewell party on Friday night: attendees arrive on the Sunday morning and leave on the
Saturday after (DOMAIN.md, Training). The three-day introduction seminar follows the same shape
(arrive on its first day, leave the day after its last) until Norec says otherwise. Dates are the
venue's local dates; moments (for calendars) are made in the venue's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from training.models.kinds import COURSE_DAYS, CourseKind

SUNDAY = 6  # date.weekday()
# When a session's days begin and end, at the venue.
WEEK_COURSE_HOURS = (time(14, 0), time(23, 0))  # Sunday afternoon to Friday night
SEMINAR_HOURS = (time(9, 0), time(17, 0))


@dataclass(frozen=True)
class TravelDays:
    arrive: date
    leave: date


def last_day(kind: CourseKind, first_day: date) -> date:
    """The last day of a session of `kind` starting on `first_day` (a week course: the Friday)."""
    return first_day + timedelta(days=COURSE_DAYS[kind] - 1)


def session_date_errors(kind: CourseKind, starts_on: date | None, ends_on: date | None, deadline: date | None) -> dict:
    """Why these dates do not make a session of `kind`, by field ({} when they do)."""
    errors = {}
    if starts_on is None or kind not in COURSE_DAYS:
        return errors
    if kind.is_week_course and starts_on.weekday() != SUNDAY:
        errors["starts_on"] = _("A week course starts on a Sunday; %(date)s is a %(weekday)s.") % {
            "date": date_format(starts_on, "DATE_FORMAT"),
            "weekday": date_format(starts_on, "l"),
        }
    elif ends_on is not None and ends_on != last_day(kind, starts_on):
        errors["ends_on"] = _("%(course)s runs %(days)s days: from %(first)s to %(last)s.") % {
            "course": kind.label,
            "days": COURSE_DAYS[kind],
            "first": date_format(starts_on, "DATE_FORMAT"),
            "last": date_format(last_day(kind, starts_on), "DATE_FORMAT"),
        }
    if deadline is not None and deadline > starts_on:
        errors["enrolment_deadline"] = _("Enrolment closes on or before the first day, %(date)s.") % {
            "date": date_format(starts_on, "DATE_FORMAT")
        }
    return errors


def travel_days(session) -> TravelDays | None:
    """When attendees arrive and leave (the venue's dates); None for a digital session."""
    if session.venue.is_digital:
        return None
    return TravelDays(arrive=session.starts_on, leave=session.ends_on + timedelta(days=1))


def session_period(session) -> tuple[datetime, datetime]:
    """The session's start and end as moments in its venue's time zone (a calendar shows them in
    the reader's)."""
    opens, closes = WEEK_COURSE_HOURS if session.course.is_week_course else SEMINAR_HOURS
    zone = session.venue.zone
    return (
        datetime.combine(session.starts_on, opens, tzinfo=zone),
        datetime.combine(session.ends_on, closes, tzinfo=zone),
    )
