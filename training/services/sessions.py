"""Planning, changing and cancelling course sessions (advisers). A session's own history is
recorded on the session; what it does to each enrolment, on that enrolment's case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from norec.core.audit import record_event
from norec.core.fsm import TransitionRefused
from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from training import permissions
from training.events import TrainingEvent
from training.models import OPEN_STATES, CourseSession
from training.services.enrolments import _keep_checklist, _record, move_up_waiting
from training.services.locking import lock_session

SESSION_FIELDS = ("kind", "venue", "starts_on", "ends_on", "capacity", "language", "enrolment_deadline")
# What a change may not touch once people are enrolled: they signed up for this course.
FIXED_ONCE_ENROLLED = ("kind",)


def _session_data(session: CourseSession) -> dict:
    return {
        "course": session.kind,
        "venue": session.venue.name,
        "starts_on": session.starts_on.isoformat(),
        "ends_on": session.ends_on.isoformat(),
        "capacity": session.capacity,
    }


def _refuse_unless_adviser(user) -> None:
    if not permissions.may_plan_sessions(user):
        raise TransitionRefused([_("Only a programme adviser plans course sessions.")])


def plan_session(*, by: User, submission=None, **fields) -> CourseSession:
    _refuse_unless_adviser(by)
    with transaction.atomic():
        claim = claim_submission(submission, by=by)
        session = CourseSession(created_by=by, **fields)
        session.full_clean()
        session.save()
        record_event(session, action=TrainingEvent.SESSION_PLANNED, by=by, data=_session_data(session))
        record_result(claim, session.pk)
    return session


def change_session(
    session: CourseSession, *, by: User, expected_revision: int | None = None, **fields
) -> CourseSession:
    """Change a session that has not ended; more places move the waiting list up, and fewer than
    those confirmed are refused (nobody loses a confirmed place to a smaller room)."""
    _refuse_unless_adviser(by)
    with transaction.atomic():
        session = lock_session(session, expected_revision=expected_revision)
        if session.is_cancelled:
            raise TransitionRefused([_("This session was cancelled.")])
        if session.ends_on < timezone.localdate():
            raise TransitionRefused([_("This session has ended; its record stays as it ran.")])
        taken = session.places_taken()
        if session.enrolments.exists() and any(
            str(fields.get(name, getattr(session, name))) != str(getattr(session, name)) for name in FIXED_ONCE_ENROLLED
        ):
            raise ValidationError({"kind": _("People are enrolled on this course: plan a new session instead.")})
        for name, value in fields.items():
            setattr(session, name, value)
        if session.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _("%(taken)s places are confirmed: the session needs at least as many.")
                    % {"taken": taken}
                }
            )
        session.full_clean()
        session.revision += 1
        session.save()
        record_event(session, action=TrainingEvent.SESSION_CHANGED, by=by, data=_session_data(session))
        move_up_waiting(session)
    return session


def cancel_session(session: CourseSession, *, reason: str, by: User, expected_revision: int | None = None) -> int:
    """Cancel the session: every open enrolment is cancelled with the reason, its case told (the
    partner contacts by email) and its checklist item reopened. Returns how many were enrolled."""
    _refuse_unless_adviser(by)
    reason = check_length(reason.strip(), COMMENT_MAX_LENGTH)
    if not reason:
        raise ValidationError(_("Say why the session is cancelled."), code="required")
    with transaction.atomic():
        session = lock_session(session, expected_revision=expected_revision)
        if not permissions.may_cancel_session(session, by):
            raise TransitionRefused([_("This session is already cancelled or has ended.")])
        now = timezone.now()
        session.cancelled_at, session.cancel_reason = now, reason
        session.revision += 1
        session.save()
        record_event(
            session, action=TrainingEvent.SESSION_CANCELLED, by=by, comment=reason, data=_session_data(session)
        )
        enrolments = list(
            session.enrolments.select_for_update(of=("self",))
            .filter(state__in=OPEN_STATES)
            .select_related("participant__leg", "person", "partnership")
        )
        for enrolment in enrolments:
            enrolment.session = session
            from_state = enrolment.state
            enrolment.cancel_with_session(reason, now)
            enrolment.revision += 1
            enrolment.save()
            _record(enrolment, TrainingEvent.SESSION_CANCELLED, by, from_state=from_state, comment=reason)
            _keep_checklist(enrolment, by, because=reason)
    return len(enrolments)
