"""How the training app's timeline entries read (norec.core.audit.register_event_details): the
person, the course and where and when, in the reader's language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from norec.core.audit import register_event_details
from training.events import TrainingEvent
from training.models import CourseKind


def _enrolment(data: dict) -> str:
    return _("%(name)s: %(course)s, %(venue)s, from %(date)s") % {
        "name": data["name"],
        "course": CourseKind(data["course"]).label,
        "venue": data["venue"],
        "date": date_format(date.fromisoformat(data["starts_on"]), "DATE_FORMAT"),
    }


def _session(data: dict) -> str:
    return _("%(course)s, %(venue)s, %(first)s to %(last)s, %(capacity)s places") % {
        "course": CourseKind(data["course"]).label,
        "venue": data["venue"],
        "first": date_format(date.fromisoformat(data["starts_on"]), "DATE_FORMAT"),
        "last": date_format(date.fromisoformat(data["ends_on"]), "DATE_FORMAT"),
        "capacity": data["capacity"],
    }


def register() -> None:
    for kind in TrainingEvent:
        if kind in (TrainingEvent.SESSION_PLANNED, TrainingEvent.SESSION_CHANGED):
            register_event_details(kind, _session, needs=("course", "venue", "starts_on", "ends_on", "capacity"))
        else:
            # A session's own cancellation entry (on the session) carries no name; a case's does.
            register_event_details(kind, _enrolment, needs=("name", "course", "venue", "starts_on"))
