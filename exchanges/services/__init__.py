"""Everything that changes the exchanges app's records, by concept: rounds, legs and
participants, checklists. Each function locks the case first (partnerships' lock order)."""

from exchanges.services.checklists import (
    close_open_items,
    complete_item,
    create_checklist,
    mark_item_not_applicable,
    reopen_item,
    reschedule_open_items,
    settle_keyed_item,
)
from exchanges.services.follow_up_plans import save_follow_up_plan
from exchanges.services.legs import accept_extra_place, add_leg, change_leg, remove_leg
from exchanges.services.participants import (
    accept_age,
    invite_participant,
    recruit_participant,
    return_participant_early,
    withdraw_participant,
)
from exchanges.services.reports import (
    accept_round_report,
    approve_round_agreement,
    close_round,
    return_round_report,
    set_round_agreement,
    submit_round_report,
)
from exchanges.services.rounds import (
    ROUND_STEPS,
    advance_round,
    cancel_rounds_of_ended_case,
    correct_departure,
    create_rounds,
    mark_round_exchange_done,
)

__all__ = [
    "ROUND_STEPS",
    "accept_age",
    "accept_extra_place",
    "accept_round_report",
    "add_leg",
    "advance_round",
    "approve_round_agreement",
    "cancel_rounds_of_ended_case",
    "change_leg",
    "close_open_items",
    "close_round",
    "complete_item",
    "correct_departure",
    "create_checklist",
    "create_rounds",
    "invite_participant",
    "mark_item_not_applicable",
    "mark_round_exchange_done",
    "recruit_participant",
    "remove_leg",
    "reopen_item",
    "reschedule_open_items",
    "return_participant_early",
    "return_round_report",
    "save_follow_up_plan",
    "set_round_agreement",
    "settle_keyed_item",
    "submit_round_report",
    "withdraw_participant",
]
