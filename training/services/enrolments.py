"""Enrolling people on sessions, the waiting list, cancelling, and attendance: lock the session,
check the rules, take the transition, record it on the case's timeline (its emails go through the
outbox), and keep the participant's checklist in step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.models import TAKING_PART, Participant
from exchanges.services import settle_keyed_item
from norec.core.fsm import TransitionRefused, take_transition
from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from norec.core.notifications import email_about_event
from partnerships.notifications import record_case_event
from training import permissions
from training.checklist import ENROLMENT_ITEM_KEYS
from training.eligibility import case_for_person, enrolment_reasons, is_late
from training.events import TrainingEvent
from training.models import CourseSession, Enrolment, EnrolmentState
from training.models.rules import has_free_place
from training.services.locking import lock_session


def _take(enrolment: Enrolment, transition_name: str, by, *args) -> str:
    """Take one transition (norec.core.fsm: checked, explained); returns the state it left."""
    from_state, _to_state = take_transition(
        enrolment, transition_name, by, *args, wrong_state=permissions.enrolment_wrong_state
    )
    return from_state


def _record(enrolment: Enrolment, action, by, *, from_state: str, comment: str = ""):
    session = enrolment.session
    event = record_case_event(
        enrolment.partnership,
        action=action,
        by=by,
        from_state=from_state,
        to_state=enrolment.state,
        comment=comment,
        data={
            "enrolment": enrolment.pk,
            "name": enrolment.name,
            "course": session.kind,
            "venue": session.venue.name,
            "starts_on": session.starts_on.isoformat(),
        },
    )
    if action in TELL_THE_PARTICIPANT and enrolment.participant_id and enrolment.participant.user_id:
        # The participant hears of what happens to their place without anyone's doing (the
        # partner contacts hear of it as the case's people, partnerships.notifications).
        email_about_event(
            event,
            [enrolment.participant.user],
            template_prefix="emails/training_event",
            context={"enrolment": enrolment, "session": session, "url": reverse("training:my_courses")},
        )
    return event


# What a participant is emailed about themselves: a place given, or taken away, by others.
TELL_THE_PARTICIPANT = {
    TrainingEvent.MOVED_UP,
    TrainingEvent.LATE_ACCEPTED,
    TrainingEvent.SESSION_CANCELLED,
}


def _keep_checklist(enrolment: Enrolment, by, *, because: str) -> None:
    """A confirmed place ticks the participant's "Enrolled in Training 1/2"; losing it reopens it."""
    key = ENROLMENT_ITEM_KEYS.get(enrolment.session.course)
    if key is None or enrolment.participant_id is None or enrolment.participant.status not in TAKING_PART:
        return  # a withdrawn participant's checklist stays as their withdrawal left it
    done = enrolment.state in (EnrolmentState.CONFIRMED, EnrolmentState.ATTENDED)
    settle_keyed_item(enrolment.participant, key, done=done, by=by, because=because)


def _place(enrolment: Enrolment, by, *, now) -> tuple[str, str]:
    """Confirm while a place is free, else the waiting list (the session is locked)."""
    if has_free_place(enrolment):
        return _take(enrolment, "confirm", by, now), TrainingEvent.ENROLLED
    return _take(enrolment, "wait_for_place", by, now), TrainingEvent.WAITING


def enrol(
    session: CourseSession,
    *,
    by: User,
    participant: Participant | None = None,
    person: User | None = None,
    late_reason: str = "",
    submission=None,
) -> Enrolment:
    """Enrol a participant (course 1 or 2) or a partner contact (partner training, the seminar).

    Before the deadline the place is confirmed, or the person waits when the session is full.
    After it, a partner contact's request waits for the adviser; an adviser enrols late with a reason."""
    if (participant is None) == (person is None):
        raise ValueError("Enrol one participant or one person.")
    late_reason = check_length(late_reason.strip(), COMMENT_MAX_LENGTH)
    with transaction.atomic():
        claim = claim_submission(submission, by=by)
        session = lock_session(session)
        if participant is not None:
            participant = Participant.objects.select_related("leg__exchange_round__agreement__partnership").get(
                pk=participant.pk
            )
            case = participant.partnership
        else:
            case = case_for_person(session, person)
        reasons = enrolment_reasons(session, participant=participant, person=person)
        if reasons:
            raise TransitionRefused(reasons)
        enrolment = Enrolment(
            session=session, partnership=case, participant=participant, person=person, requested_by=by
        )
        if not permissions.may_enrol_for(by, enrolment):
            raise TransitionRefused([_("You may enrol only the people of your own organisations.")])
        late = is_late(session)
        if late and permissions.is_adviser(by):
            if not late_reason:
                raise ValidationError(
                    _("The enrolment deadline has passed: say why this enrolment is accepted."), code="required"
                )
            enrolment.late_reason = late_reason
        enrolment.save()
        now = timezone.now()
        if late and not enrolment.late_reason:
            _record(enrolment, TrainingEvent.REQUESTED_LATE, by, from_state="", comment=late_reason)
        else:
            from_state, action = _place(enrolment, by, now=now)
            enrolment.save()
            _record(enrolment, action, by, from_state=from_state, comment=enrolment.late_reason)
            _keep_checklist(enrolment, by, because=_("Enrolled on %(session)s.") % {"session": session})
        record_result(claim, enrolment.pk)
    return enrolment


def accept_late_request(enrolment: Enrolment, *, reason: str, by: User) -> Enrolment:
    """An adviser accepts a request made after the deadline: placed as if it had come in time."""
    reason = check_length(reason.strip(), COMMENT_MAX_LENGTH)
    if not reason:
        raise ValidationError(_("Say why the request is accepted after the deadline."), code="required")
    with transaction.atomic():
        session = lock_session(enrolment.session)
        enrolment = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
        enrolment.session = session
        if not permissions.may_decide_late_request(enrolment, by):
            raise TransitionRefused([_("Only a programme adviser decides on a request made after the deadline.")])
        enrolment.late_reason = reason
        from_state, _action = _place(enrolment, by, now=timezone.now())
        enrolment.revision += 1
        enrolment.save()
        _record(enrolment, TrainingEvent.LATE_ACCEPTED, by, from_state=from_state, comment=reason)
        _keep_checklist(enrolment, by, because=_("Enrolled on %(session)s.") % {"session": session})
    return enrolment


def move_up_waiting(session: CourseSession) -> list[Enrolment]:
    """Fill the session's free places from its waiting list, first come first served (the session is locked)."""
    moved = []
    free = session.capacity - session.places_taken()
    waiting = (
        session.enrolments.filter(state=EnrolmentState.WAITING)
        .select_related("participant__leg", "person", "partnership")
        .order_by("waiting_since", "pk")
    )
    for enrolment in waiting[: max(free, 0)]:
        enrolment.session = session
        from_state = enrolment.state
        # The programme acts, not the person whose cancellation freed the place (they may be of
        # another organisation): the list's order decides, and the entry names no one.
        enrolment.move_up(timezone.now())
        enrolment.revision += 1
        enrolment.save()
        _record(enrolment, TrainingEvent.MOVED_UP, None, from_state=from_state)
        _keep_checklist(enrolment, None, because=_("A place became free on %(session)s.") % {"session": session})
        moved.append(enrolment)
    return moved


def cancel_enrolment(enrolment: Enrolment, *, reason: str, by: User, expected_revision: int | None = None) -> Enrolment:
    """Cancel an open enrolment (or decline a late request); a place it held goes to the first on
    the waiting list, in the same transaction."""
    reason = check_length(reason.strip(), COMMENT_MAX_LENGTH)
    if not reason:
        raise ValidationError(_("Say why the enrolment is cancelled."), code="required")
    with transaction.atomic():
        session = lock_session(enrolment.session)
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("participant__leg", "person")
            .get(pk=enrolment.pk)
        )
        enrolment.session = session
        if expected_revision is not None and enrolment.revision != expected_revision:
            raise TransitionRefused([_("Someone else changed this enrolment meanwhile. Reload the page to see it.")])
        from_state = _take(enrolment, "cancel", by, reason, timezone.now())
        enrolment.revision += 1
        enrolment.save()
        _record(enrolment, TrainingEvent.CANCELLED, by, from_state=from_state, comment=reason)
        _keep_checklist(enrolment, by, because=reason)
        move_up_waiting(session)
    return enrolment


def record_attendance(session: CourseSession, *, attended: dict[int, bool], by: User, expected_revision=None) -> int:
    """An adviser marks the session's list at once: {enrolment id: attended?}; returns how many changed."""
    changed = 0
    with transaction.atomic():
        session = lock_session(session, expected_revision=expected_revision)
        if not permissions.may_record_attendance(session, by):
            raise TransitionRefused([_("Attendance is recorded by an adviser, from the session's first day.")])
        enrolments = session.enrolments.select_for_update(of=("self",)).filter(pk__in=list(attended))
        for enrolment in enrolments.select_related("participant__leg", "person"):
            enrolment.session = session
            wanted = EnrolmentState.ATTENDED if attended[enrolment.pk] else EnrolmentState.MISSED
            if enrolment.state == wanted:
                continue
            transition_name = "mark_attended" if attended[enrolment.pk] else "mark_missed"
            from_state = _take(enrolment, transition_name, by, by)
            enrolment.revision += 1
            enrolment.save()
            action = TrainingEvent.ATTENDED if attended[enrolment.pk] else TrainingEvent.MISSED
            _record(enrolment, action, by, from_state=from_state)
            _keep_checklist(enrolment, by, because=str(enrolment.get_state_display()))
            changed += 1
        if changed:
            session.revision += 1
            session.save(update_fields=["revision"])
    return changed
