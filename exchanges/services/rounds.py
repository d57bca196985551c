"""Everything that changes an exchange round: one function per action, each locking the case
first (partnerships' lock order: the case, then what belongs to it), then the round."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from exchanges import selectors
from exchanges.events import RoundEvent
from exchanges.models import CANCELLABLE_STATES, ExchangeRound, Participant, ParticipantStatus
from exchanges.permissions import wrong_state
from exchanges.services.legs import lock_round
from exchanges.services.participants import end_with_the_partnership
from norec.core.fsm import take_transition
from norec.core.models import User
from partnerships.models import DIRECTION_FIELDS, Agreement, PlannedRound
from partnerships.notifications import record_case_event
from partnerships.services import start_follow_up
from partnerships.services.locking import lock_case, require_text, save_guarded


def create_rounds(agreement: Agreement, planned_rounds: Iterable[PlannedRound]) -> list[ExchangeRound]:
    """The agreement's rounds, copied from the application's planned rounds (so later changes to
    a round never rewrite what was planned and signed)."""
    return ExchangeRound.objects.bulk_create(
        ExchangeRound(
            agreement=agreement,
            number=planned.number,
            **{field: getattr(planned, field) for field in DIRECTION_FIELDS.values()},
            planned_start=planned.planned_start,
            planned_end=planned.planned_end,
            budget=planned.budget,
        )
        for planned in planned_rounds
    )


def mark_round_exchange_done(
    exchange_round: ExchangeRound, *, by: User, expected_revision: int | None = None
) -> ExchangeRound:
    """The adviser marks a round's exchange done; when no round is left unfinished, the case's
    follow-up starts. `expected_revision` is the case revision the person's page showed."""
    with transaction.atomic():
        case = lock_case(exchange_round.agreement.partnership, expected_revision=expected_revision)
        exchange_round = ExchangeRound.objects.select_for_update().select_related("agreement").get(pk=exchange_round.pk)
        exchange_round.agreement.partnership = case  # the checks read the case we hold locked
        from_state, to_state = take_transition(exchange_round, "finish_exchange", by, by, wrong_state=wrong_state)
        save_guarded(exchange_round)
        completed = _complete_participants(exchange_round)
        record_case_event(
            case,
            action=RoundEvent.EXCHANGE_DONE,
            by=by,
            from_state=from_state,
            to_state=to_state,
            data={"round": exchange_round.number, "completed": completed},
        )
        if not selectors.has_unfinished_rounds(exchange_round.agreement):
            exchange_round.agreement.partnership = start_follow_up(case, by=by)
    return exchange_round


def _complete_participants(exchange_round: ExchangeRound) -> int:
    """Those still taking part in a round whose exchange is done are home: their exchange is
    completed (their follow-up items after the return stay theirs). Returns how many."""
    taking_part = Participant.objects.select_for_update().filter(
        leg__exchange_round=exchange_round, status=ParticipantStatus.ACTIVE
    )
    count = 0
    for participant in taking_part:
        participant.complete_exchange()
        participant.save(update_fields=["status"])
        count += 1
    return count


def cancel_rounds_of_ended_case(case, *, reason: str, by: User) -> list[ExchangeRound]:
    """The partnership ended (the adviser terminated it): its rounds still under way or waiting
    for their reports are cancelled, and their participants' exchanges end with them: those still
    abroad past their return are home, the others are withdrawn with the case's reason. In the
    caller's transaction, with the case locked."""
    cancelled = []
    rounds = ExchangeRound.objects.select_for_update().filter(agreement__partnership=case, state__in=CANCELLABLE_STATES)
    for exchange_round in rounds.select_related("agreement"):
        exchange_round.agreement.partnership = case
        from_state, to_state = take_transition(exchange_round, "cancel", by, by, wrong_state=wrong_state)
        save_guarded(exchange_round)
        ended = end_with_the_partnership(exchange_round, reason=reason, by=by)
        record_case_event(
            case,
            action=RoundEvent.CANCELLED,
            by=by,
            from_state=from_state,
            to_state=to_state,
            comment=reason,
            data={"round": exchange_round.number, "participants": ended},
        )
        cancelled.append(exchange_round)
    return cancelled


# The steps a round takes before its exchange is done, in order (each an @transition of ExchangeRound).
ROUND_STEPS = ("start_recruiting", "start_preparing", "depart")


def advance_round(
    exchange_round: ExchangeRound, step: str, *, by: User, expected_revision: int | None = None
) -> ExchangeRound:
    """Take one of the round's steps (ROUND_STEPS): recruiting, preparing, departure."""
    if step not in ROUND_STEPS:
        raise ValueError(step)
    return _take_step(exchange_round, step, RoundEvent.MOVED_ON, by=by, expected_revision=expected_revision)


def correct_departure(
    exchange_round: ExchangeRound, *, reason: str, by: User, expected_revision: int | None = None
) -> ExchangeRound:
    """The adviser takes back a departure recorded by mistake: the round is preparing again, and
    the reason is on the timeline."""
    reason = require_text(reason, _("Say why the departure is corrected."))
    return _take_step(
        exchange_round,
        "correct_departure",
        RoundEvent.DEPARTURE_CORRECTED,
        by=by,
        expected_revision=expected_revision,
        comment=reason,
    )


def _take_step(exchange_round, step: str, action, *, by: User, expected_revision, comment: str = "") -> ExchangeRound:
    with transaction.atomic():
        exchange_round = lock_round(exchange_round, expected_revision)
        from_state, to_state = take_transition(exchange_round, step, by, by, wrong_state=wrong_state)
        save_guarded(exchange_round)
        record_case_event(
            exchange_round.partnership,
            action=action,
            by=by,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
            data={"round": exchange_round.number},
        )
    return exchange_round
