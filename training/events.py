"""The kinds of event the training app records on a case's timeline: one label each (norec.core.audit)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingEvent(models.TextChoices):
    ENROLLED = "training.enrolled", _("Enrolled on a course")
    WAITING = "training.waiting", _("Put on a course's waiting list")
    REQUESTED_LATE = "training.requested_late", _("Course place requested after the deadline")
    LATE_ACCEPTED = "training.late_accepted", _("Late course request accepted")
    MOVED_UP = "training.moved_up", _("Moved up from a course's waiting list")
    CANCELLED = "training.cancelled", _("Course enrolment cancelled")
    SESSION_PLANNED = "training.session_planned", _("Course session planned")
    SESSION_CHANGED = "training.session_changed", _("Course session changed")
    SESSION_CANCELLED = "training.session_cancelled", _("Course session cancelled")
    ATTENDED = "training.attended", _("Course attended")
    MISSED = "training.missed", _("Course missed")
