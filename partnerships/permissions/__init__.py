"""Who may see or do what to partner organisations and partnerships. The one place that decides.

Views, templates (through the data views pass them, e.g. the `may` dict), services and the
state machines all ask here. For a case, what each role may do is declared once, on the
@transition methods (permission= from models/rules.py, conditions= from models/conditions.py);
this package reads those declarations through norec.core.fsm and never restates them. Every
refusal is a sentence the person reads.

  - base: the actions (CaseAction), how a refusal is worded, the facts the rules share;
  - cases: may this person take this action on this case, and why not (CaseRules for a page);
  - prepared: the actions that prepare a transition rather than take one;
  - organisations: partner organisations, their contacts and history."""

from partnerships.permissions.base import (
    CaseAction,
    agreement_of,
    application_of,
    may_confirm_signature,
    may_record_for,
    pending_final_report,
    registers_signed_copies,
    signable_organisations,
    transition_refusal_reasons,
    wrong_state,
)
from partnerships.permissions.cases import (
    CaseRules,
    available_actions,
    can_list_cases,
    can_open_cases,
    condition_reasons,
    get_case_for_user,
    open_case_refusals,
    refusal_reasons,
)
from partnerships.permissions.organisations import (
    can_invite_contacts,
    can_list_organisations,
    can_manage_organisations,
    can_see_organisation_history,
    get_organisation_for_user,
    require,
)
from partnerships.permissions.prepared import application_in_drafting

__all__ = [
    "CaseAction",
    "CaseRules",
    "agreement_of",
    "application_in_drafting",
    "application_of",
    "available_actions",
    "can_invite_contacts",
    "can_list_cases",
    "can_list_organisations",
    "can_manage_organisations",
    "can_open_cases",
    "can_see_organisation_history",
    "condition_reasons",
    "get_case_for_user",
    "get_organisation_for_user",
    "may_confirm_signature",
    "may_record_for",
    "open_case_refusals",
    "pending_final_report",
    "refusal_reasons",
    "registers_signed_copies",
    "require",
    "signable_organisations",
    "transition_refusal_reasons",
    "wrong_state",
]
