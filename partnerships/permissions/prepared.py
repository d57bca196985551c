"""Actions that prepare a transition, rather than take one (record the pre-study, edit the
application, sign the agreement, submit the final report, comment).

Each is possible while the transition it prepares is declared from the current state, and its
role is a permission= object of models/rules.py, so the two can never disagree."""

from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    CASE_ADVISER_OR_CONTACT,
    CASE_CONTACT,
    Application,
    case_in_application_phase,
)
from partnerships.permissions.base import (
    CaseAction,
    agreement_of,
    application_of,
    may_confirm_signature,
    may_record_for,
    not_a_partner,
    pending_final_report,
    registers_signed_copies,
    role_refusals,
    signable_organisations,
    state_refusals,
)


def _check_record_pre_study(case, user, organisation=None) -> list[str]:
    # The pre-study prepares the start of the application, and is recorded by whoever may start it.
    label = CaseAction.RECORD_PRE_STUDY.label
    reasons = state_refusals(case, "start_application", label) or role_refusals(case, "start_application", user)
    if reasons or organisation is None:
        return reasons
    if not case.partners.filter(organisation=organisation).exists():
        return [not_a_partner(organisation)]
    if not may_record_for(case, user, organisation):
        return [
            str(
                _("Only the adviser and the partner contacts of %(organisation)s may record for it.")
                % {"organisation": organisation.name}
            )
        ]
    return []


def _check_edit_application(case, user) -> list[str]:
    # Editing prepares the submission, and is done by whoever may submit, while it can be submitted.
    application = application_of(case)
    if application is None:
        return [str(_("There is no application yet."))]
    phase_reasons = case_in_application_phase.reasons(application)
    if phase_reasons:
        return phase_reasons
    if state_refusals(application, "submit", CaseAction.EDIT_APPLICATION.label):
        return [
            str(
                _("The application cannot be edited while it is “%(status)s”.")
                % {"status": application.get_status_display()}
            )
        ]
    return role_refusals(application, "submit", user)


def check_sign_agreement(case, user, organisation=None, with_copy=False, signable=None) -> list[str]:
    # Signatures prepare the start of the exchange (the last one takes it), by whoever may start it.
    agreement = agreement_of(case)
    if agreement is None:
        return [str(_("There is no collaboration agreement to sign yet."))]
    label = CaseAction.SIGN_AGREEMENT.label
    reasons = state_refusals(case, "start_exchange", label) or role_refusals(case, "start_exchange", user)
    if reasons:
        return reasons
    if organisation is None:
        if signable if signable is not None else signable_organisations(case, user):
            return []
        return [str(_("Every organisation you may sign for has signed the agreement."))]
    if not case.partners.filter(organisation=organisation).exists():
        return [not_a_partner(organisation)]
    if agreement.signatures.filter(organisation=organisation).exists():
        return [str(_("%(organisation)s has already signed the agreement.") % {"organisation": organisation.name})]
    if may_confirm_signature(case, user, organisation):
        return []
    if registers_signed_copies(case, user):
        if with_copy:
            return []
        # Only the organisation itself can confirm; the adviser can register a copy it signed on paper.
        return [str(_("A programme adviser can only register a signed copy for an organisation: upload it."))]
    return [
        str(_("Only the partner contacts of %(organisation)s may sign for it.") % {"organisation": organisation.name})
    ]


def _check_submit_final_report(case, user) -> list[str]:
    # The report prepares the completion (in the follow-up phase); the partners write it, and the
    # adviser's decisions on it are the report's own transitions.
    reasons = state_refusals(case, "complete", CaseAction.SUBMIT_FINAL_REPORT.label)
    if reasons:
        return reasons
    if not CASE_CONTACT(case, user):
        return [str(CASE_CONTACT.refusal)]
    if pending_final_report(case) is not None:
        return [str(_("A final report is already waiting for the adviser's decision."))]
    return []


def _check_comment(case, user) -> list[str]:
    if not CASE_ADVISER_OR_CONTACT(case, user):
        return [str(CASE_ADVISER_OR_CONTACT.refusal)]
    return []


def application_in_drafting(application: Application) -> bool:
    """The partners may still change the application: it can be submitted from its status and the
    case is in the application phase (the submit transition's declarations say so)."""
    label = CaseAction.EDIT_APPLICATION.label
    return not state_refusals(application, "submit", label) and not case_in_application_phase.reasons(application)


OTHER_CHECKS = {
    CaseAction.RECORD_PRE_STUDY: _check_record_pre_study,
    CaseAction.EDIT_APPLICATION: _check_edit_application,
    CaseAction.SIGN_AGREEMENT: check_sign_agreement,
    CaseAction.SUBMIT_FINAL_REPORT: _check_submit_final_report,
    CaseAction.COMMENT: _check_comment,
}
