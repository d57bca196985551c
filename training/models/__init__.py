from training.models.enrolments import (
    HOLDING_STATES,
    OPEN_STATES,
    PLACE_STATES,
    Enrolment,
    EnrolmentState,
)
from training.models.feeds import CalendarFeed
from training.models.kinds import CourseKind, CourseLanguage
from training.models.sessions import CourseSession, Venue

__all__ = [
    "HOLDING_STATES",
    "OPEN_STATES",
    "PLACE_STATES",
    "CalendarFeed",
    "CourseKind",
    "CourseLanguage",
    "CourseSession",
    "Enrolment",
    "EnrolmentState",
    "Venue",
]
