"""The reports section of a round page: for each report (results C06, accounts C04) its due date,
what was submitted and decided, and the forms of what the reader may do now."""

from datetime import date

from exchanges.forms import DecideReportForm, RoundReportForm
from exchanges.models import FINISHED_STATES, ReportKind, ReportStatus, report_due_on
from exchanges.permissions import close_refusal_reasons, decide_report_refusal_reasons, submit_report_refusal_reasons
from exchanges.round_agreement import budget_table

OPEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def round_reports_context(exchange_round, user, *, today: date, bound: dict | None = None) -> dict | None:
    """None before the round's follow-up. `bound` holds forms as typed, by name
    ("report-results", "report-financial", "accept-<pk>", "return-<pk>")."""
    if exchange_round.state not in FINISHED_STATES:
        return None
    bound = bound or {}
    reports = list(exchange_round.reports.all())  # loaded with their authors by the round page
    budget = exchange_round.planned_budget()
    kinds = []
    for kind in ReportKind:
        history = [report for report in reports if report.kind == kind]
        current = next((report for report in history if report.status in OPEN_STATUSES), None)
        due_on = report_due_on(exchange_round, kind)
        entry = {
            "kind": kind,
            "due_on": due_on,
            "overdue": current is None and today > due_on,
            "current": current,
            # Its status tag says "Submitted": the line beside it says by whom and when, not "Submitted" again.
            "awaiting_decision": current is not None and current.status == ReportStatus.SUBMITTED,
            "history": history,
            "form": None,
            "lines": budget_table(budget, current.actual_amounts()) if kind == ReportKind.FINANCIAL and current else [],
        }
        name = f"report-{kind.value}"
        if name in bound:
            entry["form"] = bound[name]
        elif not submit_report_refusal_reasons(exchange_round, kind, user):
            entry["form"] = RoundReportForm(kind=kind, budget=budget)
        if current is not None and current.status == ReportStatus.SUBMITTED:
            current.exchange_round = exchange_round
            if not decide_report_refusal_reasons(current, "accept", user):
                entry["accept_form"] = bound.get(f"accept-{current.pk}") or DecideReportForm(report=current)
            if not decide_report_refusal_reasons(current, "return_for_revision", user):
                entry["return_form"] = bound.get(f"return-{current.pk}") or DecideReportForm(
                    report=current, returning=True
                )
        kinds.append(entry)
    return {"kinds": kinds, "may_close": not close_refusal_reasons(exchange_round, user)}
