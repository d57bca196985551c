"""The vocabulary of the partnership rules: the actions, how a refusal is worded, and the small
facts the rules share (whose organisation, which document the action acts on)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from norec.core import fsm
from partnerships.models import (
    PHASES_BEFORE_REPORTS,
    Agreement,
    Application,
    FinalReportStatus,
    FollowUpReport,
    PartnerOrganisation,
    Partnership,
)


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


def state_refusals(instance, transition_name: str, action_label) -> list[str]:
    """[] while `transition_name` is declared from the instance's current state, else why not."""
    if fsm.declared_transition(instance, transition_name) is None:
        return [wrong_state(instance, action_label)]
    return []


def role_refusals(instance, transition_name: str, user) -> list[str]:
    """[] when `user` is someone the transition's declared permission= admits, else its refusal."""
    permission = declared_permission(instance, transition_name)
    return [] if permission(instance, user) else [str(permission.refusal)]


def declared_permission(instance, transition_name: str) -> fsm.RolePermission:
    model_field = fsm.fsm_field_of(instance, transition_name)
    for declared in getattr(instance, f"get_all_{model_field.name}_transitions")():
        if declared.name == transition_name:
            return declared.permission
    raise LookupError(transition_name)


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
    if case.phase in PHASES_BEFORE_REPORTS:
        return None
    # all(), not filter(): the case page has the reports loaded already; elsewhere it is one query.
    report = next((r for r in case.final_reports.all() if r.status == FinalReportStatus.SUBMITTED), None)
    if report is not None:
        report.partnership = case
    return report


def signable_organisations(case: Partnership, user) -> list[PartnerOrganisation]:
    """Organisations `user` may sign the agreement for now (an adviser: register a signed copy for)."""
    agreement = agreement_of(case)
    if agreement is None or state_refusals(case, "start_exchange", CaseAction.SIGN_AGREEMENT.label):
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


def not_a_partner(organisation) -> str:
    return str(_("%(organisation)s is not a partner in this partnership.") % {"organisation": organisation.name})
