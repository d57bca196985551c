"""Who may see or do what to partner organisations and partnerships. The one place that decides."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from norec.core import fsm
from partnerships.models import (
    CASE_ADVISER,
    CASE_ADVISER_OR_CONTACT,
    CASE_CONTACT,
    Agreement,
    Application,
    FinalReportStatus,
    PartnerOrganisation,
    Partnership,
    Phase,
)


def get_organisation_for_user(user, pk: int) -> PartnerOrganisation:
    """The organisation if the user may see it; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(PartnerOrganisation.objects.visible_to(user), pk=pk)


def can_list_organisations(user) -> bool:
    return user.is_authenticated and (user.is_adviser or user.is_partner_contact)


def can_invite_contacts(user, organisation: PartnerOrganisation) -> bool:
    return user.is_authenticated and user.is_active and user.is_adviser


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Partnership cases ---------------------------------------------------------------------
#
# What each role may do to a case is declared once, on the @transition methods in models.py
# (permission= and conditions=). This module reads those declarations to answer the two
# questions views ask: "which actions do I offer this user?" (available_actions) and "why not?"
# (refusal_reasons). Services ask the same questions before acting, so a forced request gets the
# same words as a hidden button.


class CaseAction(models.TextChoices):
    """Everything a person can do to a case, named as the service that does it."""

    RECORD_PRE_STUDY = "record_pre_study", _("Record the pre-study")
    START_APPLICATION = "start_application", _("Start the application")
    EDIT_APPLICATION = "edit_application", _("Edit the application")
    SUBMIT_APPLICATION = "submit_application", _("Submit the application")
    RETURN_APPLICATION = "return_application", _("Return the application for revision")
    APPROVE_APPLICATION = "approve_application", _("Approve the application")
    DECLINE_APPLICATION = "decline_application", _("Decline the application")
    SIGN_AGREEMENT = "sign_agreement", _("Sign the agreement")
    MARK_EXCHANGE_DONE = "mark_exchange_done", _("Mark a round's exchange done")
    SUBMIT_FINAL_REPORT = "submit_final_report", _("Submit the final report")
    RETURN_FINAL_REPORT = "return_final_report", _("Return the final report for revision")
    ACCEPT_FINAL_REPORT = "accept_final_report", _("Accept the final report")
    WITHDRAW = "withdraw", _("Withdraw from the partnership")
    TERMINATE = "terminate", _("End the partnership")
    COMMENT = "comment", _("Comment")


# Actions that are exactly one FSM transition: (on the case or on its application, transition name).
_CASE, _APPLICATION = "case", "application"
_TRANSITION_ACTIONS = {
    CaseAction.START_APPLICATION: (_CASE, "start_application"),
    CaseAction.WITHDRAW: (_CASE, "withdraw"),
    CaseAction.TERMINATE: (_CASE, "terminate"),
    CaseAction.SUBMIT_APPLICATION: (_APPLICATION, "submit"),
    CaseAction.RETURN_APPLICATION: (_APPLICATION, "return_for_revision"),
    CaseAction.APPROVE_APPLICATION: (_APPLICATION, "approve"),
    CaseAction.DECLINE_APPLICATION: (_APPLICATION, "decline"),
}


def get_case_for_user(user, pk: int) -> Partnership:
    """The case if the user may see it; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(Partnership.objects.visible_to(user).select_related("adviser"), pk=pk)


def can_list_cases(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_adviser or user.is_partner_contact))


def can_open_cases(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def transition_refusal_reasons(instance, transition_name: str, user) -> list[str]:
    """Why `user` may not take the FSM transition `transition_name` on `instance` now ([] = allowed)."""
    return fsm.transition_refusal_reasons(instance, transition_name, user, wrong_state=wrong_state)


def wrong_state(instance, action_label) -> str:
    """The refusal of a step that is not possible in the case's phase or the application's status."""
    if isinstance(instance, Application):
        return str(
            _("“%(action)s” is not possible while the application is “%(state)s”.")
            % {"action": action_label, "state": instance.get_status_display()}
        )
    return _wrong_phase(action_label, instance)


def _wrong_phase(action_label, case: Partnership) -> str:
    return str(
        _("“%(action)s” is not possible while the case is in the “%(state)s” phase.")
        % {"action": action_label, "state": case.get_phase_display()}
    )


def refusal_reasons(case: Partnership, action: CaseAction, user, **details) -> list[str]:
    """Why `user` may not take `action` on `case` now ([] = allowed).

    `details` narrow some actions: organisation= for RECORD_PRE_STUDY and SIGN_AGREEMENT (and
    with_copy=True when a signed copy is uploaded), round_number= for MARK_EXCHANGE_DONE."""
    action = CaseAction(action)
    if action in _TRANSITION_ACTIONS:
        target, transition_name = _TRANSITION_ACTIONS[action]
        if target == _APPLICATION:
            application = application_of(case)
            if application is None:
                return [str(_("There is no application yet."))]
            return transition_refusal_reasons(application, transition_name, user)
        return transition_refusal_reasons(case, transition_name, user)
    return _OTHER_CHECKS[action](case, user, **details)


def available_actions(case: Partnership, user) -> list[CaseAction]:
    """The actions to offer `user` on `case` now: exactly those refusal_reasons() has nothing against."""
    if not (case.has_adviser(user) or case.has_contact(user)):
        return []
    return [action for action in CaseAction if not refusal_reasons(case, action, user)]


def signable_organisations(case: Partnership, user) -> list[PartnerOrganisation]:
    """Organisations `user` may sign the agreement for now (an adviser: register a signed copy for)."""
    agreement = agreement_of(case)
    if agreement is None or case.phase != Phase.APPLICATION:
        return []
    unsigned = agreement.unsigned_organisations()
    if case.has_adviser(user):
        return list(unsigned)
    return list(unsigned.filter(pk__in=case.contact_organisation_ids(user)))


def application_of(case: Partnership) -> Application | None:
    try:
        return case.application
    except Application.DoesNotExist:
        return None


def agreement_of(case: Partnership) -> Agreement | None:
    try:
        return case.agreement
    except Agreement.DoesNotExist:
        return None


def _check_record_pre_study(case, user, organisation=None) -> list[str]:
    if case.phase != Phase.PRE_STUDY:
        return [_wrong_phase(CaseAction.RECORD_PRE_STUDY.label, case)]
    if not (case.has_adviser(user) or case.has_contact(user)):
        return [str(CASE_ADVISER_OR_CONTACT.refusal)]
    if organisation is not None:
        if not case.partners.filter(organisation=organisation).exists():
            return [_not_a_partner(organisation)]
        if not case.has_adviser(user) and organisation.pk not in case.contact_organisation_ids(user):
            return [
                str(
                    _("Only the adviser and the partner contacts of %(organisation)s may record for it.")
                    % {"organisation": organisation.name}
                )
            ]
    return []


def _check_edit_application(case, user) -> list[str]:
    application = application_of(case)
    if application is None:
        return [str(_("There is no application yet."))]
    if case.phase != Phase.APPLICATION:
        return [_wrong_phase(CaseAction.EDIT_APPLICATION.label, case)]
    if not application.is_editable:
        return [
            str(
                _("The application cannot be edited while it is “%(status)s”.")
                % {"status": application.get_status_display()}
            )
        ]
    if not case.has_contact(user):
        return [str(CASE_CONTACT.refusal)]
    return []


def _check_sign_agreement(case, user, organisation=None, with_copy=False) -> list[str]:
    agreement = agreement_of(case)
    if agreement is None:
        return [str(_("There is no collaboration agreement to sign yet."))]
    if case.phase != Phase.APPLICATION:
        return [_wrong_phase(CaseAction.SIGN_AGREEMENT.label, case)]
    is_adviser = case.has_adviser(user)
    if not (is_adviser or case.has_contact(user)):
        return [str(CASE_ADVISER_OR_CONTACT.refusal)]
    if organisation is None:
        if signable_organisations(case, user):
            return []
        return [str(_("Every organisation you may sign for has signed the agreement."))]
    if not case.partners.filter(organisation=organisation).exists():
        return [_not_a_partner(organisation)]
    if agreement.signatures.filter(organisation=organisation).exists():
        return [str(_("%(organisation)s has already signed the agreement.") % {"organisation": organisation.name})]
    if organisation.pk in case.contact_organisation_ids(user):
        return []
    if is_adviser:
        if with_copy:
            return []
        # Only the organisation itself can confirm; the adviser can register a copy it signed on paper.
        return [str(_("A programme adviser can only register a signed copy for an organisation: upload it."))]
    return [
        str(_("Only the partner contacts of %(organisation)s may sign for it.") % {"organisation": organisation.name})
    ]


def _check_mark_exchange_done(case, user, round_number=None) -> list[str]:
    if case.phase != Phase.EXCHANGE:
        return [_wrong_phase(CaseAction.MARK_EXCHANGE_DONE.label, case)]
    if not case.has_adviser(user):
        return [str(CASE_ADVISER.refusal)]
    if round_number is None:
        return []
    exchange_round = case.agreement.rounds.filter(number=round_number).first()
    if exchange_round is None:
        return [str(_("The agreement has no round %(number)s.") % {"number": round_number})]
    if exchange_round.is_done:
        return [str(_("The exchange of round %(number)s is already marked done.") % {"number": round_number})]
    return []


def _check_submit_final_report(case, user) -> list[str]:
    if case.phase != Phase.FOLLOW_UP:
        return [_wrong_phase(CaseAction.SUBMIT_FINAL_REPORT.label, case)]
    if not case.has_contact(user):
        return [str(CASE_CONTACT.refusal)]
    if case.final_reports.filter(status=FinalReportStatus.SUBMITTED).exists():
        return [str(_("A final report is already waiting for the adviser's decision."))]
    return []


def _check_decide_final_report(action):
    def check(case, user) -> list[str]:
        if case.phase != Phase.FOLLOW_UP:
            return [_wrong_phase(action.label, case)]
        if not case.has_adviser(user):
            return [str(CASE_ADVISER.refusal)]
        if not case.final_reports.filter(status=FinalReportStatus.SUBMITTED).exists():
            return [str(_("There is no submitted final report to decide on."))]
        return []

    return check


def _check_comment(case, user) -> list[str]:
    if not (case.has_adviser(user) or case.has_contact(user)):
        return [str(CASE_ADVISER_OR_CONTACT.refusal)]
    return []


def _not_a_partner(organisation) -> str:
    return str(_("%(organisation)s is not a partner in this partnership.") % {"organisation": organisation.name})


_OTHER_CHECKS = {
    CaseAction.RECORD_PRE_STUDY: _check_record_pre_study,
    CaseAction.EDIT_APPLICATION: _check_edit_application,
    CaseAction.SIGN_AGREEMENT: _check_sign_agreement,
    CaseAction.MARK_EXCHANGE_DONE: _check_mark_exchange_done,
    CaseAction.SUBMIT_FINAL_REPORT: _check_submit_final_report,
    CaseAction.RETURN_FINAL_REPORT: _check_decide_final_report(CaseAction.RETURN_FINAL_REPORT),
    CaseAction.ACCEPT_FINAL_REPORT: _check_decide_final_report(CaseAction.ACCEPT_FINAL_REPORT),
    CaseAction.COMMENT: _check_comment,
}
