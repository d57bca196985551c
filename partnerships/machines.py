"""The partnership app's state machines, as the no-dead-ends check walks them (norec.core.machines):
the case, its application, its collaboration agreement (a machine of signatures, not a django-fsm
field) and its final report. Each names where its next steps are shown and who may take them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from norec.core.machines import StateMachine, register_machine, register_parts
from norec.core.models import User
from partnerships.models import (
    Agreement,
    Application,
    ApplicationStatus,
    FinalReportStatus,
    FollowUpReport,
    Partnership,
    Phase,
)
from partnerships.models.conditions import agreement_signed_by_all


class AgreementState(models.TextChoices):
    """A collaboration agreement waits for the partners' signatures, then is in force."""

    AWAITING_SIGNATURES = "awaiting_signatures", _("Awaiting signatures")
    SIGNED = "signed", _("Signed by every partner")


def case_people(case: Partnership) -> list[User]:
    """Who may act on a case: its adviser, then the contacts of every partner organisation."""
    contacts = User.objects.filter(organisations__partnerships=case, is_active=True).distinct().order_by("pk")
    return [case.adviser, *contacts]


def case_pages(case: Partnership) -> list[str]:
    return [case.get_absolute_url()]


def case_parts(case: Partnership) -> list:
    """A case in its application moves on as its application and then its agreement's signatures
    do; in its follow-up, as its final report does (exchanges adds the rounds)."""
    parts = []
    if case.phase == Phase.APPLICATION:
        application = Application.objects.filter(partnership=case).first()
        if application is not None and application.status not in APPLICATION.final:
            parts.append((APPLICATION, application))
        agreement = Agreement.objects.filter(partnership=case).first()
        if agreement is not None:
            parts.append((AGREEMENT, agreement))
    elif case.phase == Phase.FOLLOW_UP:
        parts.extend((FINAL_REPORT, report) for report in case.final_reports.filter(status=FinalReportStatus.SUBMITTED))
    return parts


def agreement_state(agreement: Agreement) -> str:
    if agreement_signed_by_all.reasons(agreement.partnership):
        return AgreementState.AWAITING_SIGNATURES
    return AgreementState.SIGNED


CASE = StateMachine(
    name="case",
    model=Partnership,
    states=Phase,
    state=lambda case: case.phase,
    pages=case_pages,
    people=case_people,
    final=frozenset({Phase.COMPLETED, Phase.WITHDRAWN, Phase.DECLINED, Phase.TERMINATED}),
    exits=frozenset({Phase.WITHDRAWN, Phase.DECLINED, Phase.TERMINATED}),
)
APPLICATION = StateMachine(
    name="application",
    model=Application,
    states=ApplicationStatus,
    state=lambda application: application.status,
    pages=lambda application: [
        application.partnership.get_absolute_url(),
        reverse("partnerships:application_edit", args=[application.partnership_id]),
    ],
    people=lambda application: case_people(application.partnership),
    final=frozenset({ApplicationStatus.APPROVED, ApplicationStatus.DECLINED}),
    exits=frozenset({ApplicationStatus.DECLINED}),
)
AGREEMENT = StateMachine(
    name="agreement",
    model=Agreement,
    states=AgreementState,
    state=agreement_state,
    pages=lambda agreement: case_pages(agreement.partnership),
    people=lambda agreement: case_people(agreement.partnership),
    final=frozenset({AgreementState.SIGNED}),
    reasons=lambda agreement: agreement_signed_by_all.reasons(agreement.partnership),
)
FINAL_REPORT = StateMachine(
    name="final report",
    model=FollowUpReport,
    states=FinalReportStatus,
    state=lambda report: report.status,
    pages=lambda report: case_pages(report.partnership),
    people=lambda report: case_people(report.partnership),
    final=frozenset({FinalReportStatus.ACCEPTED, FinalReportStatus.RETURNED}),
)


def register_machines() -> None:
    for machine in (CASE, APPLICATION, AGREEMENT, FINAL_REPORT):
        register_machine(machine)
    register_parts(CASE.name, case_parts)
