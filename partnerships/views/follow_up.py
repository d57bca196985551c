"""The final report of the follow-up phase: submitted by the partners, decided by the adviser."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from partnerships import services
from partnerships.case_forms import (
    AcceptFinalReportForm,
    FinalReportForm,
    ReturnFinalReportForm,
)
from partnerships.permissions import (
    CaseAction,
    get_case_for_user,
)
from partnerships.views.responses import act, download, invalid


@login_required
@require_POST
def submit_final_report(request, pk):
    case = get_case_for_user(request.user, pk)
    form = FinalReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return invalid(request, case, CaseAction.SUBMIT_FINAL_REPORT, "report_form", form)
    return act(
        request,
        case,
        lambda revision: services.submit_final_report(
            case, **form.cleaned_data, expected_revision=revision, by=request.user
        ),
        success=_("The final report was submitted to your programme adviser."),
        action=CaseAction.SUBMIT_FINAL_REPORT,
        name="report_form",
        form=form,
        field="attachment",
    )


@login_required
@require_safe
def final_report_attachment(request, pk, report_pk):
    case = get_case_for_user(request.user, pk)
    report = get_object_or_404(case.final_reports, pk=report_pk)
    return download(report.attachment, report.attachment_filename)


@login_required
@require_POST
def accept_final_report(request, pk):
    case = get_case_for_user(request.user, pk)
    form = AcceptFinalReportForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.ACCEPT_FINAL_REPORT, "accept_report_form", form)
    return act(
        request,
        case,
        lambda revision: services.accept_final_report(
            case, comment=form.cleaned_data["comment"], expected_revision=revision, by=request.user
        ),
        success=_("The final report was accepted, and the partnership is completed."),
        action=CaseAction.ACCEPT_FINAL_REPORT,
        name="accept_report_form",
        form=form,
        field="comment",
    )


@login_required
@require_POST
def return_final_report(request, pk):
    case = get_case_for_user(request.user, pk)
    form = ReturnFinalReportForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, CaseAction.RETURN_FINAL_REPORT, "return_report_form", form)
    return act(
        request,
        case,
        lambda revision: services.return_final_report(
            case, comment=form.cleaned_data["comment"], expected_revision=revision, by=request.user
        ),
        success=_("The final report was returned to the partners for revision."),
        action=CaseAction.RETURN_FINAL_REPORT,
        name="return_report_form",
        form=form,
        field="comment",
    )
