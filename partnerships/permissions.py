"""Who may see or do what to partner organisations and partnerships. The one place that decides.

Views, templates (through the data views pass them, e.g. the `may` dict), services and the
state machines all ask here. For a case, what each role may do is declared once, on the
@transition methods (permission= from models/rules.py, conditions= from models/conditions.py);
this module reads those declarations through norec.core.fsm and never restates them. Every
refusal is a sentence the person reads."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from norec.core import fsm
from partnerships.models import (
    CASE_ADVISER_OR_CONTACT,
    CASE_CONTACT,
    Agreement,
    Application,
    FinalReportStatus,
    FollowUpReport,
    PartnerOrganisation,
    Partnership,
    case_in_application_phase,
)


def get_organisation_for_user(user, pk: int) -> PartnerOrganisation:
    """The organisation if the user may see it; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(PartnerOrganisation.objects.visible_to(user), pk=pk)


def can_list_organisations(user) -> bool:
    return user.is_authenticated and (user.is_adviser or user.is_partner_contact)


def can_invite_contacts(user, organisation: PartnerOrganisation) -> bool:
    return user.is_authenticated and user.is_active and user.is_adviser


def can_see_organisation_history(user, organisation: PartnerOrganisation) -> bool:
    """The organisation's audit history (admin changes, contacts added) is for Norec's advisers."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Partnership cases ---------------------------------------------------------------------


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
    SUBMIT_FINAL_REPORT = "submit_final_report", _("Submit the final report")
    RETURN_FINAL_REPORT = "return_final_report", _("Return the final report for revision")
    ACCEPT_FINAL_REPORT = "accept_final_report", _("Accept the final report")
    WITHDRAW = "withdraw", _("Withdraw from the partnership")
    TERMINATE = "terminate", _("End the partnership")
    COMMENT = "comment", _("Comment")


# Actions that are exactly one FSM transition: (on the case, its application or its submitted
# final report; transition name).
_CASE, _APPLICATION, _REPORT = "case", "application", "report"
_TRANSITION_ACTIONS = {
    CaseAction.START_APPLICATION: (_CASE, "start_application"),
    CaseAction.WITHDRAW: (_CASE, "withdraw"),
    CaseAction.TERMINATE: (_CASE, "terminate"),
    CaseAction.SUBMIT_APPLICATION: (_APPLICATION, "submit"),
    CaseAction.RETURN_APPLICATION: (_APPLICATION, "return_for_revision"),
    CaseAction.APPROVE_APPLICATION: (_APPLICATION, "approve"),
    CaseAction.DECLINE_APPLICATION: (_APPLICATION, "decline"),
    CaseAction.RETURN_FINAL_REPORT: (_REPORT, "return_for_revision"),
    CaseAction.ACCEPT_FINAL_REPORT: (_REPORT, "accept"),
}


def get_case_for_user(user, pk: int) -> Partnership:
    """The case if the user may see it; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(Partnership.objects.visible_to(user).select_related("adviser"), pk=pk)


def can_list_cases(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_adviser or user.is_partner_contact))


def can_open_cases(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def open_case_refusals(user) -> list[str]:
    return [] if can_open_cases(user) else [str(_("Only programme advisers may open a partnership case."))]


def transition_refusal_reasons(instance, transition_name: str, user) -> list[str]:
    """Why `user` may not take the FSM transition `transition_name` on `instance` now ([] = allowed)."""
    return fsm.transition_refusal_reasons(instance, transition_name, user, wrong_state=wrong_state)


def wrong_state(instance, action_label) -> str:
    """The refusal of a step that is not possible in the case's phase or its document's status."""
    if isinstance(instance, Application):
        return str(
            _("“%(action)s” is not possible while the application is “%(state)s”.")
            % {"action": action_label, "state": instance.get_status_display()}
        )
    if isinstance(instance, FollowUpReport):
        return str(
            _("“%(action)s” is not possible while the final report is “%(state)s”.")
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
    with_copy=True when a signed copy is uploaded)."""
    action = CaseAction(action)
    if action in _TRANSITION_ACTIONS:
        target, transition_name = _TRANSITION_ACTIONS[action]
        instance = _transition_target(case, target)
        if instance is None:
            return _no_target(case, target, action)
        return transition_refusal_reasons(instance, transition_name, user)
    return _OTHER_CHECKS[action](case, user, **details)


def available_actions(case: Partnership, user) -> list[CaseAction]:
    """The actions to offer `user` on `case` now: exactly those refusal_reasons() has nothing against."""
    return CaseRules(case, user).available()


class CaseRules:
    """Every may/why about one case for one reader, each asked at most once: one per request.

    The case page asks many questions that share rules (which actions to offer, what the next
    step needs, which forms to build); this keeps each transition's conditions to one evaluation."""

    def __init__(self, case: Partnership, user):
        self.case, self.user = case, user
        self.takes_part = case.has_adviser(user) or case.has_contact(user)
        self._reasons: dict[CaseAction, list[str]] = {}
        self._signable: list[PartnerOrganisation] | None = None

    def reasons(self, action: CaseAction) -> list[str]:
        action = CaseAction(action)
        if action not in self._reasons:
            if action == CaseAction.SIGN_AGREEMENT:
                self._reasons[action] = _check_sign_agreement(self.case, self.user, signable=self.signable())
            else:
                self._reasons[action] = refusal_reasons(self.case, action, self.user)
        return self._reasons[action]

    def may(self, action: CaseAction) -> bool:
        # Someone who takes no part in the case (another adviser) is offered nothing, and asks nothing.
        return self.takes_part and not self.reasons(action)

    def available(self) -> list[CaseAction]:
        return [action for action in CaseAction if self.may(action)]

    def as_dict(self) -> dict[str, bool]:
        """{action value: may}, for templates: `{% if may.sign_agreement %}`."""
        return {action.value: self.may(action) for action in CaseAction}

    def signable(self) -> list[PartnerOrganisation]:
        if self._signable is None:
            self._signable = signable_organisations(self.case, self.user)
        return self._signable

    def unmet_conditions(self, action: CaseAction) -> list[str]:
        """What the action's transition still needs, whoever reads: the sentences of its conditions.

        For a reader who may take the transition these are its refusal reasons (already asked);
        for anyone else the conditions are asked here, once."""
        target, transition_name = _TRANSITION_ACTIONS[CaseAction(action)]
        instance = _transition_target(self.case, target)
        declared = fsm.declared_transition(instance, transition_name) if instance is not None else None
        if declared is None:
            return []
        if self.takes_part and declared.has_perm(instance, self.user):
            return self.reasons(action)
        return condition_reasons(instance, transition_name)


def condition_reasons(instance, transition_name: str) -> list[str]:
    """The sentences of the declared conditions of `transition_name` that do not hold now, for anyone."""
    declared = fsm.declared_transition(instance, transition_name)
    if declared is None:
        return []
    return [reason for condition in declared.conditions for reason in _condition_sentences(condition, instance)]


def _condition_sentences(condition, instance) -> list[str]:
    if isinstance(condition, fsm.Condition):
        return condition.reasons(instance)
    return [] if condition(instance) else [str(_("A condition for this step is not met."))]


def signable_organisations(case: Partnership, user) -> list[PartnerOrganisation]:
    """Organisations `user` may sign the agreement for now (an adviser: register a signed copy for)."""
    agreement = agreement_of(case)
    if agreement is None or _state_refusals(case, "start_exchange", CaseAction.SIGN_AGREEMENT.label):
        return []
    unsigned = agreement.unsigned_organisations()
    if case.has_adviser(user):
        return list(unsigned)
    return list(unsigned.filter(pk__in=case.contact_organisation_ids(user)))


def may_record_for(case: Partnership, user, organisation: PartnerOrganisation) -> bool:
    """The adviser records the pre-study for every partner; a contact for their own organisations."""
    return case.has_adviser(user) or organisation.pk in case.contact_organisation_ids(user)


def may_confirm_signature(case: Partnership, user, organisation: PartnerOrganisation) -> bool:
    """Only an organisation's own contacts can sign for it in the app; anyone else who may sign
    for it (the adviser) registers a copy it signed on paper."""
    return organisation.pk in case.contact_organisation_ids(user)


def registers_signed_copies(case: Partnership, user) -> bool:
    """Whether `user` takes part in signing by registering paper copies (the adviser) rather than by signing."""
    return case.has_adviser(user)


def application_in_drafting(application: Application) -> bool:
    """The partners may still change the application: it can be submitted from its status and the
    case is in the application phase (the submit transition's declarations say so)."""
    label = CaseAction.EDIT_APPLICATION.label
    return not _state_refusals(application, "submit", label) and not case_in_application_phase.reasons(application)


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


def pending_final_report(case: Partnership) -> FollowUpReport | None:
    """The final report waiting for the adviser's decision, if any (at most one: final_report_one_open)."""
    report = case.final_reports.filter(status=FinalReportStatus.SUBMITTED).first()
    if report is not None:
        report.partnership = case
    return report


def _transition_target(case: Partnership, target: str):
    if target == _APPLICATION:
        return application_of(case)
    if target == _REPORT:
        return pending_final_report(case)
    return case


def _no_target(case: Partnership, target: str, action: CaseAction) -> list[str]:
    if target == _APPLICATION:
        return [str(_("There is no application yet."))]
    # A report is decided only in the follow-up: elsewhere the phase is the reason.
    return _state_refusals(case, "complete", action.label) or [
        str(_("There is no submitted final report to decide on."))
    ]


# --- Actions that prepare a transition, rather than take one -------------------------------
#
# Each is possible while the transition it prepares is declared from the current state, and its
# role is a permission= object of models/rules.py, so the two can never disagree.


def _state_refusals(instance, transition_name: str, action_label) -> list[str]:
    """[] while `transition_name` is declared from the instance's current state, else why not."""
    if fsm.declared_transition(instance, transition_name) is None:
        return [wrong_state(instance, action_label)]
    return []


def _role_refusals(instance, transition_name: str, user) -> list[str]:
    """[] when `user` is someone the transition's declared permission= admits, else its refusal."""
    permission = _declared_permission(instance, transition_name)
    return [] if permission(instance, user) else [str(permission.refusal)]


def _declared_permission(instance, transition_name: str) -> fsm.RolePermission:
    model_field = fsm.fsm_field_of(instance, transition_name)
    for declared in getattr(instance, f"get_all_{model_field.name}_transitions")():
        if declared.name == transition_name:
            return declared.permission
    raise LookupError(transition_name)


def _check_record_pre_study(case, user, organisation=None) -> list[str]:
    # The pre-study prepares the start of the application, and is recorded by whoever may start it.
    label = CaseAction.RECORD_PRE_STUDY.label
    reasons = _state_refusals(case, "start_application", label) or _role_refusals(case, "start_application", user)
    if reasons or organisation is None:
        return reasons
    if not case.partners.filter(organisation=organisation).exists():
        return [_not_a_partner(organisation)]
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
    if _state_refusals(application, "submit", CaseAction.EDIT_APPLICATION.label):
        return [
            str(
                _("The application cannot be edited while it is “%(status)s”.")
                % {"status": application.get_status_display()}
            )
        ]
    return _role_refusals(application, "submit", user)


def _check_sign_agreement(case, user, organisation=None, with_copy=False, signable=None) -> list[str]:
    # Signatures prepare the start of the exchange (the last one takes it), by whoever may start it.
    agreement = agreement_of(case)
    if agreement is None:
        return [str(_("There is no collaboration agreement to sign yet."))]
    label = CaseAction.SIGN_AGREEMENT.label
    reasons = _state_refusals(case, "start_exchange", label) or _role_refusals(case, "start_exchange", user)
    if reasons:
        return reasons
    if organisation is None:
        if signable if signable is not None else signable_organisations(case, user):
            return []
        return [str(_("Every organisation you may sign for has signed the agreement."))]
    if not case.partners.filter(organisation=organisation).exists():
        return [_not_a_partner(organisation)]
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
    reasons = _state_refusals(case, "complete", CaseAction.SUBMIT_FINAL_REPORT.label)
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


def _not_a_partner(organisation) -> str:
    return str(_("%(organisation)s is not a partner in this partnership.") % {"organisation": organisation.name})


_OTHER_CHECKS = {
    CaseAction.RECORD_PRE_STUDY: _check_record_pre_study,
    CaseAction.EDIT_APPLICATION: _check_edit_application,
    CaseAction.SIGN_AGREEMENT: _check_sign_agreement,
    CaseAction.SUBMIT_FINAL_REPORT: _check_submit_final_report,
    CaseAction.COMMENT: _check_comment,
}
