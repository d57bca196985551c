"""The exchanges app's models, by concept: rounds (with their state machine), legs, budget lines,
participants and their checklists."""

from exchanges.models.budget import PARTICIPANT_RELATED, BudgetLine, RoundBudgetLine, activity_cap_reasons
from exchanges.models.checklists import (
    AppliesTo,
    ChecklistItem,
    ChecklistPhase,
    ChecklistTemplate,
    ChecklistTemplateItem,
    DueFrom,
    ItemStatus,
    Responsible,
)
from exchanges.models.legs import ExchangeLeg, ExchangeMonths, direction_between
from exchanges.models.participants import Gender, Participant, ParticipantStatus, RecruitmentKind
from exchanges.models.rounds import (
    FINISHED_STATES,
    UNFINISHED_STATES,
    ExchangeRound,
    RoundState,
    case_in_exchange_phase,
    round_period_over,
)

__all__ = [
    "FINISHED_STATES",
    "PARTICIPANT_RELATED",
    "UNFINISHED_STATES",
    "AppliesTo",
    "BudgetLine",
    "ChecklistItem",
    "ChecklistPhase",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "DueFrom",
    "ExchangeLeg",
    "ExchangeMonths",
    "ExchangeRound",
    "Gender",
    "ItemStatus",
    "Participant",
    "ParticipantStatus",
    "RecruitmentKind",
    "Responsible",
    "RoundBudgetLine",
    "RoundState",
    "activity_cap_reasons",
    "case_in_exchange_phase",
    "direction_between",
    "round_period_over",
]
