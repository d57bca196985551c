"""Enrolments: a participant on a participant course, or a partner contact on partner training or
the introduction seminar, in one session.

    requested ─┬─> confirmed ──> attended | missed
               └─> waiting ──> confirmed (a place freed: moved up in order)
    requested, confirmed, waiting ──> cancelled

An enrolment made before the session's deadline is placed at once (confirmed while places are
free, otherwise on the waiting list); one asked for after it stays requested until an adviser
accepts it (with a reason) or declines it."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.limits import COMMENT_MAX_LENGTH, limited_text, max_length_check
from norec.core.states import coloured
from training.models.rules import (
    ADVISER,
    ENROLLER,
    has_free_place,
    in_time_or_accepted,
    session_begun,
    session_full,
    session_not_begun,
)

# Without 0/O, 1/I/L: a code read from paper at an embassy counter.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@coloured(
    {
        "requested": "warning",
        "confirmed": "success",
        "waiting": "info",
        "attended": "success",
        "missed": "danger",
        "cancelled": "neutral",
    }
)
class EnrolmentState(models.TextChoices):
    REQUESTED = "requested", _("Requested after the deadline")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (EnrolmentState.REQUESTED, EnrolmentState.CONFIRMED, EnrolmentState.WAITING)
# The states that hold a place in the session.
PLACE_STATES = (EnrolmentState.CONFIRMED, EnrolmentState.ATTENDED, EnrolmentState.MISSED)
# A person with one of these in a kind needs no other enrolment in it.
HOLDING_STATES = (*OPEN_STATES, EnrolmentState.ATTENDED)


class Enrolment(ConcurrentTransitionMixin, models.Model):
    session = models.ForeignKey(
        "training.CourseSession", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("session")
    )
    # The case it is recorded on (the participant's, or the one the contact represents).
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("partnership")
    )
    participant = models.ForeignKey(
        "exchanges.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("partner contact"),
    )
    state = FSMField(
        _("state"), max_length=20, choices=EnrolmentState.choices, default=EnrolmentState.REQUESTED, protected=True
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # The order of the waiting list: who waited first moves up first.
    waiting_since = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    late_reason = limited_text(_("why it is accepted after the deadline"), max_length=COMMENT_MAX_LENGTH, blank=True)
    cancel_reason = limited_text(_("why it was cancelled"), max_length=COMMENT_MAX_LENGTH, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_code = models.CharField(max_length=14, unique=True, default=new_verification_code, editable=False)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=True) ^ Q(person__isnull=True), name="enrolment_of_one_person"
            ),
            # One live enrolment per person and session, whatever two clicks at once do.
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=~Q(state=EnrolmentState.CANCELLED),
                name="enrolment_participant_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(state=EnrolmentState.CANCELLED),
                name="enrolment_person_once_per_session",
            ),
            max_length_check("late_reason", COMMENT_MAX_LENGTH, name="enrolment_late_reason_length"),
            max_length_check("cancel_reason", COMMENT_MAX_LENGTH, name="enrolment_cancel_reason_length"),
        ]

    def __str__(self):
        return f"{self.name}, {self.session}"

    @property
    def name(self) -> str:
        return self.participant.full_name if self.participant_id else self.person.get_full_name() or self.person.email

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    # --- transitions: state and fields only; training.services takes them ---

    @transition(
        field=state,
        source=EnrolmentState.REQUESTED,
        target=EnrolmentState.CONFIRMED,
        permission=ENROLLER,
        conditions=[session_not_begun, in_time_or_accepted, has_free_place],
        custom={"label": _("Confirm the place")},
    )
    def confirm(self, when):
        self.confirmed_at = when

    @transition(
        field=state,
        source=EnrolmentState.REQUESTED,
        target=EnrolmentState.WAITING,
        permission=ENROLLER,
        conditions=[session_not_begun, in_time_or_accepted, session_full],
        custom={"label": _("Put on the waiting list")},
    )
    def wait_for_place(self, when):
        self.waiting_since = when

    @transition(
        field=state,
        source=EnrolmentState.WAITING,
        target=EnrolmentState.CONFIRMED,
        permission=ENROLLER,
        conditions=[session_not_begun, has_free_place],
        custom={"label": _("Move up from the waiting list")},
    )
    def move_up(self, when):
        self.confirmed_at = when

    @transition(
        field=state,
        source=OPEN_STATES,
        target=EnrolmentState.CANCELLED,
        permission=ENROLLER,
        conditions=[session_not_begun],
        custom={"label": _("Cancel the enrolment")},
    )
    def cancel(self, reason: str, when):
        self.cancel_reason, self.cancelled_at = reason, when

    @transition(
        field=state,
        source=OPEN_STATES,
        target=EnrolmentState.CANCELLED,
        permission=ADVISER,
        custom={"label": _("Cancel with the session")},
    )
    def cancel_with_session(self, reason: str, when):
        """The session itself is cancelled (by an adviser, at any time before it ends)."""
        self.cancel_reason, self.cancelled_at = reason, when

    @transition(
        field=state,
        source=[EnrolmentState.CONFIRMED, EnrolmentState.MISSED],
        target=EnrolmentState.ATTENDED,
        permission=ADVISER,
        conditions=[session_begun],
        custom={"label": _("Attended")},
    )
    def mark_attended(self, by):
        self.attendance_by = by

    @transition(
        field=state,
        source=[EnrolmentState.CONFIRMED, EnrolmentState.ATTENDED],
        target=EnrolmentState.MISSED,
        permission=ADVISER,
        conditions=[session_begun],
        custom={"label": _("Missed")},
    )
    def mark_missed(self, by):
        self.attendance_by = by
