"""Everything that changes an exchange leg or a participant: one function per action, each
locking the case first (partnerships' lock order), checking exchanges.permissions, acting and
recording on the case's timeline in one transaction."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.events import ParticipantEvent, RoundEvent
from exchanges.models import ExchangeLeg, ExchangeRound, Participant, ParticipantStatus
from exchanges.permissions import may_accept_age, may_edit_participant, may_plan_legs, recruit_refusal_reasons
from exchanges.services.checklists import close_open_items, create_checklist, reschedule_open_items
from norec.core.dates import long_date
from norec.core.fsm import TransitionRefused
from norec.core.idempotency import claim_submission
from norec.core.invitations import invite_user
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from norec.core.roles import Role
from partnerships.models import PartnerOrganisation
from partnerships.notifications import record_case_event
from partnerships.services.locking import lock_case

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


def add_leg(
    exchange_round: ExchangeRound,
    *,
    home: PartnerOrganisation,
    host: PartnerOrganisation,
    participants: int,
    months: int,
    departure: date | None = None,
    by: User,
    expected_revision: int | None = None,
) -> ExchangeLeg:
    """A leg of the round: `participants` people from `home` to `host` for `months` months."""
    with transaction.atomic():
        case = lock_case(exchange_round.partnership, expected_revision=expected_revision)
        exchange_round.agreement.partnership = case
        _refuse_unless(may_plan_legs(exchange_round, by), _("You may not plan the legs of this round now."))
        partner_ids = set(case.partners.values_list("organisation_id", flat=True))
        if not {home.pk, host.pk} <= partner_ids:
            raise ValidationError(_("Both organisations must be partners in this partnership."))
        leg = ExchangeLeg(
            exchange_round=exchange_round,
            home_organisation=home,
            host_organisation=host,
            participants=participants,
            months=months,
            departure=departure or exchange_round.planned_start,
        )
        leg.full_clean()
        leg.save()
        record_case_event(
            case,
            action=RoundEvent.LEG_ADDED,
            by=by,
            comment=f"{exchange_round}: {leg} ({leg.get_direction_display()}, {participants}, {months})",
            data={"round": exchange_round.number, "leg": leg.pk},
        )
    return leg


def change_leg_dates(
    leg: ExchangeLeg, *, departure: date, months: int, by: User, expected_revision: int | None = None
) -> int:
    """Move the leg's departure or length; the participants' open items move with it and the
    move is recorded. Returns how many items moved."""
    with transaction.atomic():
        case = lock_case(leg.exchange_round.partnership, expected_revision=expected_revision)
        leg = ExchangeLeg.objects.select_for_update().select_related("exchange_round__agreement").get(pk=leg.pk)
        leg.exchange_round.agreement.partnership = case
        _refuse_unless(
            case.has_adviser(by) or case.has_contact(by), _("Only the case's adviser and partner contacts may do this.")
        )
        before = (leg.departure, leg.return_date)
        leg.departure, leg.months = departure, months
        leg.full_clean()
        leg.save()
        participants = list(leg.participant_set.select_related("leg"))
        moved = reschedule_open_items(participants)
        record_case_event(
            case,
            action=RoundEvent.LEG_DATES_CHANGED,
            by=by,
            comment=_(
                "%(leg)s: %(old_from)s to %(old_to)s became %(new_from)s to %(new_to)s; %(moved)s open items moved."
            )
            % {
                "leg": str(leg),
                "old_from": before[0].isoformat(),
                "old_to": before[1].isoformat(),
                "new_from": leg.departure.isoformat(),
                "new_to": leg.return_date.isoformat(),
                "moved": moved,
            },
            data={"leg": leg.pk, "moved": moved},
        )
    return moved


def recruit_participant(leg: ExchangeLeg, *, by: User, expected_revision: int | None = None, **data) -> Participant:
    """A participant for the leg, recruited by a contact of its home organisation, with their checklist."""
    with transaction.atomic():
        case = lock_case(leg.exchange_round.partnership, expected_revision=expected_revision)
        leg.exchange_round.agreement.partnership = case
        reasons = recruit_refusal_reasons(leg, by)
        if reasons:
            raise TransitionRefused(reasons)
        participant = Participant(
            leg=leg, created_by=by, **{name: data[name] for name in PARTICIPANT_FIELDS if name in data}
        )
        participant.full_clean(exclude=["status"])  # protected: only transitions change it
        participant.save()
        create_checklist(participant)
        record_case_event(
            case,
            action=ParticipantEvent.RECRUITED,
            by=by,
            to_state=participant.status,
            comment=" ".join(filter(None, [f"{participant.full_name} ({leg}).", participant.age_warning()])),
            data={"participant": participant.pk},
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
            comment=participant.full_name,
            data={"participant": participant.pk},
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
        warning = participant.age_warning()
        participant.age_accepted_reason, participant.age_accepted_by = reason.strip(), by
        participant.age_accepted_at = timezone.now()
        participant.save(update_fields=["age_accepted_reason", "age_accepted_by", "age_accepted_at"])
        record_case_event(
            case,
            action=ParticipantEvent.AGE_ACCEPTED,
            by=by,
            comment=f"{warning} {reason.strip()}",
            data={"participant": participant.pk},
        )
    return participant


def _end_participation(participant: Participant, transition: str, by: User, **arguments) -> tuple:
    """Lock, check and take the participant's `transition`; the caller (in the same transaction) records it."""
    with transaction.atomic():
        case = lock_case(participant.partnership)
        participant = (
            Participant.objects.select_for_update().select_related("leg__exchange_round").get(pk=participant.pk)
        )
        participant.leg.exchange_round.agreement.partnership = case
        _refuse_unless(
            may_edit_participant(participant, by) or case.has_adviser(by),
            _("Only the adviser and the partner contacts of %(organisation)s may do this.")
            % {"organisation": participant.leg.home_organisation.name},
        )
        reason = arguments.get("reason", "").strip()
        if not reason:
            raise ValidationError(_("Give the reason."), code="required")
        check_length(reason, COMMENT_MAX_LENGTH)
        returned_on = arguments.get("returned_on")
        leg = participant.leg
        if returned_on is not None and not leg.departure <= returned_on <= leg.return_date:
            raise ValidationError(
                _("An early return lies between the departure (%(departure)s) and the planned return (%(return)s).")
                % {"departure": long_date(leg.departure), "return": long_date(leg.return_date)},
                code="returned_on",
            )
        from_state = participant.status
        if participant.status != ParticipantStatus.ACTIVE:
            raise TransitionRefused(
                [
                    _("%(name)s is “%(status)s”.")
                    % {"name": participant.full_name, "status": participant.get_status_display()}
                ]
            )
        getattr(participant, transition)(**arguments)
        participant.save()
        return case, participant, from_state


def withdraw_participant(participant: Participant, *, reason: str, by: User) -> Participant:
    """The participant leaves before or during the exchange; their open items no longer apply."""
    with transaction.atomic():
        case, participant, from_state = _end_participation(participant, "withdraw", by, reason=reason)
        close_open_items(participant, reason=_("Withdrawn: %(reason)s") % {"reason": participant.status_reason})
        record_case_event(
            case,
            action=ParticipantEvent.WITHDRAWN,
            by=by,
            from_state=from_state,
            to_state=participant.status,
            comment=f"{participant.full_name}: {participant.status_reason}",
            data={"participant": participant.pk},
        )
    return participant


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
        record_case_event(
            case,
            action=ParticipantEvent.RETURNED_EARLY,
            by=by,
            from_state=from_state,
            to_state=participant.status,
            comment=f"{participant.full_name} ({returned_on.isoformat()}): {participant.status_reason}",
            data={"participant": participant.pk, "closed_items": closed},
        )
    return participant
