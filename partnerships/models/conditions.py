"""The conditions of the case's and the application's transitions, each able to say why it does
not hold (norec.core.fsm.Condition): the same sentences appear on the case page, in a refused
action's message and in the "what is needed to move on" panel."""

from django.utils.translation import gettext_lazy as _

from norec.core.fsm import Condition
from partnerships.hooks import exchange_unfinished_reasons, follow_up_unfinished_reasons
from partnerships.models.agreement import Agreement
from partnerships.models.application import Application
from partnerships.models.prestudy import PartnerMeeting
from partnerships.models.states import ApplicationStatus, FinalReportStatus

# --- Conditions of the case (Partnership) ---


@Condition
def pre_study_done(case) -> list:
    reasons = []
    represented = set(case.seminar_representatives.values_list("organisation_id", flat=True))
    for organisation in case.organisations.order_by("name"):
        if organisation.pk not in represented:
            reasons.append(
                _("%(organisation)s has no representative recorded at the introduction seminar.")
                % {"organisation": organisation.name}
            )
    meeting = PartnerMeeting.objects.filter(partnership=case).first()
    if meeting is None:
        reasons.append(_("The partner meeting has not been recorded."))
    elif not meeting.minutes:
        reasons.append(_("The partner meeting minutes are missing."))
    return reasons


@Condition
def application_not_approved(case) -> list:
    application = Application.objects.filter(partnership=case).first()
    if application is not None and application.status == ApplicationStatus.APPROVED:
        return [_("The application has been approved; only the programme adviser can end the partnership now.")]
    return []


@Condition
def application_declined(case) -> list:
    application = Application.objects.filter(partnership=case).first()
    if application is None or application.status != ApplicationStatus.DECLINED:
        return [_("The application has not been declined.")]
    return []


@Condition
def agreement_signed_by_all(case) -> list:
    agreement = Agreement.objects.filter(partnership=case).first()
    if agreement is None:
        return [_("There is no collaboration agreement yet.")]
    return [
        _("%(organisation)s has not signed the collaboration agreement.") % {"organisation": organisation.name}
        for organisation in agreement.unsigned_organisations()
    ]


@Condition
def exchange_finished(case) -> list:
    # The apps that run the exchange say when it is finished (partnerships.hooks), so this app
    # needs to know nothing about rounds.
    return exchange_unfinished_reasons(case)


@Condition
def follow_up_finished(case) -> list:
    # As exchange_finished: the apps that run the rounds say when their follow-up is done.
    return follow_up_unfinished_reasons(case)


@Condition
def final_report_accepted(case) -> list:
    # all(): the case page has the reports loaded; a locked case in a service reads them once.
    if not any(report.status == FinalReportStatus.ACCEPTED for report in case.final_reports.all()):
        return [_("The final follow-up report has not been accepted.")]
    return []
