"""Everything that changes a participant: one function per action, each
locking the case first (partnerships' lock order), checking exchanges.permissions, acting and
recording on the case's timeline in one transaction."""

from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.events import ParticipantEvent
from exchanges.models import ExchangeLeg, Participant, ParticipantStatus
from exchanges.permissions import (
    end_participation_refusal_reasons,
    may_accept_age,
    may_edit_participant,
    recruit_refusal_reasons,
)
from exchanges.services.checklists import close_open_items, create_checklist, reschedule_open_items
from exchanges.services.legs import lock_leg
from exchanges.signals import participation_ended
from norec.core.fsm import TransitionRefused
from norec.core.idempotency import claim_submission, record_result
from norec.core.invitations import invite_user
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from norec.core.roles import Role
from partnerships.notifications import record_case_event
from partnerships.services.locking import lock_case, require, require_text

PARTICIPANT_FIELDS = (
    "full_name",
    "date_of_birth",
    "nationality",
    "gender",
    "recruitment",
    "role_at_host",
    "workplace_at_host",
    "email",
    "phone",
    "emergency_contact",
    "emergency_phone",
    "employment_months",
    "duties_before",
    "duties_after",
    "allowance_amount",
    "allowance_currency",
)


def _refuse_unless(allowed: bool, reason: str) -> None:
    if not allowed:
        raise TransitionRefused([reason])


def recruit_participant(
    leg: ExchangeLeg, *, by: User, expected_revision: int | None = None, submission: UUID | None = None, **data
) -> Participant:
    """A participant for the leg, recruited by a contact of its home organisation, with their
    checklist. The round and the leg are read afresh under the lock: what counts is the round's
    state and the places taken now, not as the caller last saw them. The same form sent twice
    recruits one (AlreadySubmitted)."""
    with transaction.atomic():
        leg = lock_leg(leg, expected_revision)
        require(recruit_refusal_reasons(leg, by))
        claim = claim_submission(submission, by=by)
        participant = Participant(
            leg=leg, created_by=by, **{name: data[name] for name in PARTICIPANT_FIELDS if name in data}
        )
        participant.full_clean(exclude=["status"])  # protected: only transitions change it
        participant.save()
        record_result(claim, participant.pk)
        create_checklist(participant)
        details = {"participant": participant.pk, "name": participant.full_name, "leg": str(leg)}
        if participant.age_warning():
            low, high = settings.NOREC_PARTICIPANT_AGE_RANGE
            details.update(age=participant.age_at_departure(), low=low, high=high)
        record_case_event(
            leg.exchange_round.partnership,
            action=ParticipantEvent.RECRUITED,
            by=by,
            to_state=participant.status,
            data=details,
        )
    return participant


def invite_participant(participant: Participant, *, submission: UUID | None = None, by: User) -> Participant:
    """Give the participant an account with the participant role, for this exchange only, and
    email them the link to set a password (the core's invitation). The same form sent twice (a
    double click on "Send the invitation again") raises AlreadySubmitted and sends one."""
    with transaction.atomic():
        case = lock_case(participant.partnership)
        claim_submission(submission, by=by)
        participant = (
            Participant.objects.select_for_update().select_related("leg__exchange_round").get(pk=participant.pk)
        )
        participant.leg.exchange_round.agreement.partnership = case
        _refuse_unless(
            may_edit_participant(participant, by),
            _("Only the partner contacts of %(organisation)s may invite its participants.")
            % {"organisation": participant.leg.home_organisation.name},
        )
        user = participant.user or User.objects.filter(email__iexact=participant.email).first()
        if user is None:
            user = User(email=participant.email, full_name=participant.full_name, role=Role.PARTICIPANT)
            user.set_unusable_password()
            user.save()
        elif user.role != Role.PARTICIPANT or Participant.objects.filter(user=user).exclude(pk=participant.pk).exists():
            raise ValidationError(
                _("%(email)s already has an account for something else. Use another email address.")
                % {"email": participant.email}
            )
        participant.user = user
        participant.save(update_fields=["user"])
        invite_user(user, by=by)
        record_case_event(
            case,
            action=ParticipantEvent.INVITED,
            by=by,
            data={"participant": participant.pk, "name": participant.full_name},
        )
    return participant


def accept_age(participant: Participant, *, reason: str, by: User) -> Participant:
    """The adviser accepts an age outside the main rule, with the reason on record."""
    with transaction.atomic():
        case = lock_case(participant.partnership)
        participant = (
            Participant.objects.select_for_update().select_related("leg__exchange_round").get(pk=participant.pk)
        )
        participant.leg.exchange_round.agreement.partnership = case
        _refuse_unless(
            may_accept_age(participant, by), _("Only the case's adviser accepts an exception to the age rule.")
        )
        if not reason.strip():
            raise ValidationError(_("Say why the exception is accepted."), code="required")
        check_length(reason.strip(), COMMENT_MAX_LENGTH)
        participant.age_accepted_reason, participant.age_accepted_by = reason.strip(), by
        participant.age_accepted_at = timezone.now()
        participant.save(update_fields=["age_accepted_reason", "age_accepted_by", "age_accepted_at"])
        low, high = settings.NOREC_PARTICIPANT_AGE_RANGE
        record_case_event(
            case,
            action=ParticipantEvent.AGE_ACCEPTED,
            by=by,
            comment=reason.strip(),
            data={
                "participant": participant.pk,
                "name": participant.full_name,
                "age": participant.age_at_departure(),
                "low": low,
                "high": high,
            },
        )
    return participant


def _end_participation(participant: Participant, transition: str, by: User, **arguments) -> tuple:
    """Lock, check and take the participant's `transition`; the caller (in the same transaction) records it."""
    reason = require_text(arguments.get("reason", ""), _("Give the reason."))
    with transaction.atomic():
        case = lock_case(participant.partnership)
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("leg__exchange_round__agreement", "leg__home_organisation")
            .get(pk=participant.pk)
        )
        participant.leg.exchange_round.agreement.partnership = case
        require(end_participation_refusal_reasons(participant, transition, by))
        check_length(reason, COMMENT_MAX_LENGTH)
        returned_on = arguments.get("returned_on")
        if returned_on is not None:
            validate_returned_on(participant, returned_on)
        from_state = participant.status
        getattr(participant, transition)(**{**arguments, "reason": reason})
        participant.save()
        return case, participant, from_state


def validate_returned_on(participant: Participant, returned_on: date) -> None:
    """An early return lies between the leg's departure and today (and before its planned return)."""
    departure, today = participant.leg.departure, timezone.localdate()
    if not departure <= returned_on <= min(today, participant.leg.return_date):
        raise ValidationError(
            {
                "returned_on": _("%(name)s left on %(departure)s: give a date from then until today.")
                % {"name": participant.full_name, "departure": date_format(departure, "DATE_FORMAT")}
            }
        )


def withdraw_participant(participant: Participant, *, reason: str, by: User) -> Participant:
    """The participant leaves before or during the exchange; their open items no longer apply."""
    with transaction.atomic():
        case, participant, from_state = _end_participation(participant, "withdraw", by, reason=reason)
        _withdrawn(case, participant, from_state, by=by)
    return participant


def _withdrawn(case, participant: Participant, from_state: str, *, by: User, case_reason: str = "") -> None:
    """What follows a withdrawal, in its transaction: the open items no longer apply; recorded.
    With `case_reason` the partnership ended: the timeline keeps the adviser's reason as typed and
    says in the reader's language that the partnership ended."""
    close_open_items(participant, reason=_("Withdrawn: %(reason)s") % {"reason": participant.status_reason})
    _tell_participation_ended(participant, by)
    record_case_event(
        case,
        action=ParticipantEvent.WITHDRAWN,
        by=by,
        from_state=from_state,
        to_state=participant.status,
        comment=case_reason or participant.status_reason,
        data={"participant": participant.pk, "name": participant.full_name, "partnership_ended": bool(case_reason)},
    )


def _tell_participation_ended(participant: Participant, by: User) -> None:
    """Once committed, tell the apps above (training frees the course places the participant held);
    robust: their failure is logged and costs the participant's places, never this change."""
    transaction.on_commit(
        lambda: participation_ended.send(
            sender=Participant, participant=participant, reason=participant.status_reason, by=by
        ),
        robust=True,
    )


def end_with_the_partnership(exchange_round, *, reason: str, by: User) -> int:
    """The round is cancelled with its partnership (services.rounds.cancel_rounds_of_ended_case,
    in its transaction): each participant still taking part whose stay is over is home, the others
    are withdrawn with the partnership's reason. Returns how many were taking part."""
    today = timezone.localdate()
    taking_part = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("leg")
        .filter(leg__exchange_round=exchange_round, status=ParticipantStatus.ACTIVE)
    )
    count = 0
    for participant in taking_part:
        count += 1
        if participant.leg.return_date <= today:
            participant.complete_exchange()
            participant.save(update_fields=["status"])
            continue
        from_state = participant.status
        participant.withdraw(_("The partnership ended: %(reason)s") % {"reason": reason})
        participant.save(update_fields=["status", "status_reason"])
        _withdrawn(exchange_round.partnership, participant, from_state, by=by, case_reason=reason)
    return count


def return_participant_early(participant: Participant, *, reason: str, returned_on: date, by: User) -> Participant:
    """The participant came home before the leg's end: the items of the rest of the stay no longer
    apply; the follow-up work after the return stays, due from the actual return."""
    with transaction.atomic():
        case, participant, from_state = _end_participation(
            participant, "return_early", by, reason=reason, returned_on=returned_on
        )
        closed = close_open_items(
            participant, reason=_("Returned early: %(reason)s") % {"reason": participant.status_reason}, keep_after=True
        )
        reschedule_open_items([participant], returned_on=returned_on)
        _tell_participation_ended(participant, by)
        record_case_event(
            case,
            action=ParticipantEvent.RETURNED_EARLY,
            by=by,
            from_state=from_state,
            to_state=participant.status,
            comment=participant.status_reason,
            data={
                "participant": participant.pk,
                "name": participant.full_name,
                "returned_on": returned_on.isoformat(),
                "closed_items": closed,
            },
        )
    return participant
