"""Everything that changes the training app's records. Each function locks the session first and
then, through the exchanges and partnerships services, the cases it touches: one lock order, so
two enrolments, cancellations or a session's cancellation never wait on each other in a circle."""

from training.services.enrolments import (
    accept_late_request,
    cancel_enrolment,
    enrol,
    record_attendance,
)
from training.services.sessions import cancel_session, change_session, plan_session

__all__ = [
    "accept_late_request",
    "cancel_enrolment",
    "cancel_session",
    "change_session",
    "enrol",
    "plan_session",
    "record_attendance",
]
