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
from exchanges.models.reports import MONTHS_TO_REPORT, ReportKind, ReportStatus, RoundReport, report_due_on
from exchanges.models.rounds import (
    FINISHED_STATES,
    REPORTED_STATES,
    UNFINISHED_STATES,
    ExchangeRound,
    RoundState,
    both_reports_accepted,
    case_in_exchange_phase,
    round_period_over,
)

__all__ = [
    "FINISHED_STATES",
    "MONTHS_TO_REPORT",
    "PARTICIPANT_RELATED",
    "REPORTED_STATES",
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
    "ReportKind",
    "ReportStatus",
    "Responsible",
    "RoundBudgetLine",
    "RoundReport",
    "RoundState",
    "activity_cap_reasons",
    "both_reports_accepted",
    "case_in_exchange_phase",
    "direction_between",
    "report_due_on",
    "round_period_over",
]
