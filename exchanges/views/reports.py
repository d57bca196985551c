"""The round agreement (C01, C02: saved and approved), the round reports' actions (submit,
accept, return, download) and closing a reported round:
each view fetches through the permission helpers, calls one service and answers through
views.responses; a form with errors shows the round page again with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from exchanges import services
from exchanges.forms import DecideReportForm, RoundAgreementForm, RoundReportForm, planned_field_name
from exchanges.models import BudgetLine, ReportKind
from exchanges.permissions import (
    budget_refusal_reasons,
    get_report_for_user,
    get_round_for_user,
    submit_report_refusal_reasons,
)
from exchanges.views.responses import act, refuse
from exchanges.views.rounds import render_round, round_url
from norec.core.forms import posted_revision
from norec.core.idempotency import submitted_before
from partnerships.views.responses import download


def _reports_url(exchange_round) -> str:
    return f"{round_url(exchange_round)}#reports"


@login_required
@require_POST
def submit_report(request, pk, number, kind):
    exchange_round = get_round_for_user(request.user, pk, number)
    if kind not in ReportKind.values:
        raise Http404
    success = _("The %(report)s is submitted. The programme adviser has been told.") % {
        "report": ReportKind(kind).label
    }
    if submitted_before(request.POST.get("submission"), by=request.user):  # a double click: as the first
        messages.success(request, success)
        return redirect(_reports_url(exchange_round))
    reasons = submit_report_refusal_reasons(exchange_round, kind, request.user)
    if reasons:
        return refuse(request, reasons, _reports_url(exchange_round))
    budget = exchange_round.planned_budget()
    form = RoundReportForm(request.POST, request.FILES, kind=kind, budget=budget)
    name = f"report-{kind}"

    def invalid():
        return render_round(request, exchange_round, bound={name: form}, status=400)

    if not form.is_valid():
        return invalid()
    data = form.cleaned_data
    return act(
        request,
        lambda: services.submit_round_report(
            exchange_round,
            kind=kind,
            text=data["text"],
            actuals=form.actuals() if kind == ReportKind.FINANCIAL else None,
            attachment=data["attachment"],
            submission=data["submission"],
            expected_revision=posted_revision(request),
            by=request.user,
        ),
        success=success,
        to=_reports_url(exchange_round),
        form=form,
        field="attachment" if data.get("attachment") else None,
        invalid=invalid,
    )


def _decide(request, report_pk, *, returning: bool):
    report = get_report_for_user(request.user, report_pk)
    exchange_round = report.exchange_round
    form = DecideReportForm(request.POST, report=report, returning=returning)
    name = f"{'return' if returning else 'accept'}-{report.pk}"

    def invalid():
        return render_round(request, exchange_round, bound={name: form}, status=400)

    if not form.is_valid():
        return invalid()
    service = services.return_round_report if returning else services.accept_round_report
    success = _("The report was returned to the partners.") if returning else _("The report is accepted.")
    return act(
        request,
        lambda: service(
            report, comment=form.cleaned_data["comment"], expected_revision=posted_revision(request), by=request.user
        ),
        success=success,
        to=_reports_url(exchange_round),
        form=form,
        invalid=invalid,
    )


@login_required
@require_POST
def accept_report(request, report_pk):
    return _decide(request, report_pk, returning=False)


@login_required
@require_POST
def return_report(request, report_pk):
    return _decide(request, report_pk, returning=True)


@login_required
@require_safe
def report_document(request, report_pk):
    report = get_report_for_user(request.user, report_pk)
    return download(report.attachment, report.attachment_filename)


@login_required
@require_POST
def close_round(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    return act(
        request,
        lambda: services.close_round(exchange_round, expected_revision=posted_revision(request), by=request.user),
        success=_("Round %(number)s is closed.") % {"number": number},
        to=round_url(exchange_round),
    )


@login_required
@require_POST
def set_round_agreement(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    reasons = budget_refusal_reasons(exchange_round, request.user)
    if reasons:
        return refuse(request, reasons, f"{round_url(exchange_round)}#round-agreement")
    form = RoundAgreementForm(request.POST, exchange_round=exchange_round)

    def invalid():
        return render_round(request, exchange_round, agreement_form=form, status=400)

    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.set_round_agreement(
            exchange_round,
            activities=form.cleaned_data["activities"],
            contribution=form.cleaned_data["contribution"],
            planned=form.planned(),
            expected_revision=posted_revision(request),
            by=request.user,
        ),
        success=_("The round agreement of round %(number)s is saved.") % {"number": number},
        to=f"{round_url(exchange_round)}#round-agreement",
        form=form,
        field=planned_field_name(BudgetLine.ACTIVITIES),
        invalid=invalid,
    )


@login_required
@require_POST
def approve_round_agreement(request, pk, number):
    exchange_round = get_round_for_user(request.user, pk, number)
    return act(
        request,
        lambda: services.approve_round_agreement(
            exchange_round, expected_revision=posted_revision(request), by=request.user
        ),
        success=_("The round agreement of round %(number)s is approved. The partners have been told.")
        % {"number": number},
        to=f"{round_url(exchange_round)}#round-agreement",
    )
