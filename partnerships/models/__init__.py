"""The partnership app's models, one module per concept; everything is importable from here."""

from partnerships.models.agreement import Agreement, AgreementSignature
from partnerships.models.application import (
    Application,
    ApplicationOrganisationGoal,
    PlannedRound,
    application_complete,
    case_in_application_phase,
)
from partnerships.models.case import Partner, Partnership, PartnershipQuerySet, direction_of
from partnerships.models.conditions import (
    agreement_signed_by_all,
    application_declined,
    application_not_approved,
    exchange_finished,
    final_report_accepted,
    pre_study_done,
)
from partnerships.models.drafts import ApplicationRevision, Merge, draft_content, merge_drafts
from partnerships.models.follow_up import FollowUpReport, case_in_follow_up_phase
from partnerships.models.organisations import (
    NORTH_COUNTRIES,
    OrganisationKind,
    PartnerOrganisation,
    PartnerOrganisationQuerySet,
)
from partnerships.models.prestudy import PartnerMeeting, SeminarRepresentative
from partnerships.models.round_participants import (
    DIRECTION_FIELDS,
    DIRECTION_NAMES,
    RECRUITED_ANNOTATIONS,
    ParticipantCounts,
    ParticipantsByDirection,
    count_participants,
    participant_counts,
)
from partnerships.models.rules import CASE_ADVISER, CASE_ADVISER_OR_CONTACT, CASE_CONTACT
from partnerships.models.states import (
    BUDGET_CURRENCY,
    EDITABLE_APPLICATION_STATUSES,
    EXIT_PHASES,
    MAIN_PHASES,
    OPEN_PHASES,
    PHASES_BEFORE_REPORTS,
    ApplicationStatus,
    FinalReportStatus,
    PartnershipDirection,
    Phase,
    RoundDirection,
    SignatureMethod,
    format_amount,
)

__all__ = [
    "BUDGET_CURRENCY",
    "CASE_ADVISER",
    "CASE_ADVISER_OR_CONTACT",
    "CASE_CONTACT",
    "DIRECTION_FIELDS",
    "DIRECTION_NAMES",
    "EDITABLE_APPLICATION_STATUSES",
    "EXIT_PHASES",
    "MAIN_PHASES",
    "NORTH_COUNTRIES",
    "OPEN_PHASES",
    "PHASES_BEFORE_REPORTS",
    "RECRUITED_ANNOTATIONS",
    "Agreement",
    "AgreementSignature",
    "Application",
    "ApplicationOrganisationGoal",
    "ApplicationRevision",
    "ApplicationStatus",
    "FinalReportStatus",
    "FollowUpReport",
    "Merge",
    "OrganisationKind",
    "ParticipantCounts",
    "ParticipantsByDirection",
    "Partner",
    "PartnerMeeting",
    "PartnerOrganisation",
    "PartnerOrganisationQuerySet",
    "Partnership",
    "PartnershipDirection",
    "PartnershipQuerySet",
    "Phase",
    "PlannedRound",
    "RoundDirection",
    "SeminarRepresentative",
    "SignatureMethod",
    "agreement_signed_by_all",
    "application_complete",
    "application_declined",
    "application_not_approved",
    "case_in_application_phase",
    "case_in_follow_up_phase",
    "count_participants",
    "direction_of",
    "draft_content",
    "exchange_finished",
    "final_report_accepted",
    "format_amount",
    "merge_drafts",
    "participant_counts",
    "pre_study_done",
]
