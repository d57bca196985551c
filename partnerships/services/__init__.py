"""The partnership app's services, one module per concept: every rule that changes something.

Views, the demo, management commands and tasks call these; each is importable from here."""

from norec.core.fsm import TransitionRefused
from partnerships.services.agreement import sign_agreement
from partnerships.services.application import (
    EditConflict,
    FieldChoice,
    PlannedRoundData,
    approve_application,
    decline_application,
    restore_application_field,
    return_application,
    save_application_draft,
    start_application,
    submit_application,
)
from partnerships.services.case import add_comment, create_partnership, terminate, withdraw
from partnerships.services.follow_up import (
    accept_final_report,
    return_final_report,
    start_follow_up,
    submit_final_report,
)
from partnerships.services.organisations import add_organisation, change_organisation, invite_partner_contact
from partnerships.services.prestudy import (
    add_seminar_representative,
    record_partner_meeting,
    remove_seminar_representative,
)
from partnerships.services.reassignment import reassign_case

__all__ = [
    "EditConflict",
    "FieldChoice",
    "PlannedRoundData",
    "TransitionRefused",
    "accept_final_report",
    "add_comment",
    "add_organisation",
    "add_seminar_representative",
    "approve_application",
    "change_organisation",
    "create_partnership",
    "decline_application",
    "invite_partner_contact",
    "reassign_case",
    "record_partner_meeting",
    "remove_seminar_representative",
    "restore_application_field",
    "return_application",
    "return_final_report",
    "save_application_draft",
    "sign_agreement",
    "start_application",
    "start_follow_up",
    "submit_application",
    "submit_final_report",
    "terminate",
    "withdraw",
]
