"""The round agreement section of a round page and its PDF: what the participants will do and
how it serves the expected results (C01), and the budget by line (C02), with the actuals once the
accounts (C04) are accepted (the same budget table shows a financial report as submitted)."""

from decimal import Decimal

from exchanges.forms import RoundAgreementForm
from exchanges.models import BudgetLine, activity_cap_reasons, round_budget_reasons
from exchanges.permissions import BUDGET_STATES, approve_agreement_refusal_reasons, budget_refusal_reasons


def budget_table(planned: dict, actual: dict | None) -> list[dict]:
    """Every budget line with its planned amount and, given `actual` (by line), the actual amount
    and the difference; then the total (label None)."""
    rows = [
        {
            "label": kind.label,
            "planned": planned.get(kind.value, Decimal(0)),
            "actual": None if actual is None else actual.get(kind.value, Decimal(0)),
        }
        for kind in BudgetLine
    ]
    rows.append(
        {
            "label": None,
            "planned": sum((row["planned"] for row in rows), Decimal(0)),
            "actual": None if actual is None else sum((row["actual"] for row in rows), Decimal(0)),
        }
    )
    for row in rows:
        row["difference"] = None if row["actual"] is None else row["actual"] - row["planned"]
    return rows


def budget_rows(exchange_round) -> list[dict]:
    """The round's budget table, with the actuals once its accounts (C04) are accepted."""
    lines = list(exchange_round.budget_lines.all())
    actual = {line.line: line.actual for line in lines if line.actual is not None}
    return budget_table({line.line: line.planned for line in lines}, actual or None)


def round_agreement_context(exchange_round, user, *, form=None) -> dict:
    rows = budget_rows(exchange_round)
    planned = exchange_round.planned_budget()
    if form is None and not budget_refusal_reasons(exchange_round, user):
        form = RoundAgreementForm(exchange_round=exchange_round)
    approval = approve_agreement_refusal_reasons(exchange_round, user)
    return {
        "rows": rows,
        "has_actuals": rows[-1]["actual"] is not None,
        "cap_reasons": [
            *activity_cap_reasons(planned),
            *round_budget_reasons(planned, budget=exchange_round.budget, number=exchange_round.number),
        ],
        "form": form,
        "may_approve": not approval,
        # The adviser is told what the approval still needs while it can be given; others only
        # whether it is approved (a round past preparing keeps the agreement it had).
        "approval_needs": (
            approval if exchange_round.state in BUDGET_STATES and exchange_round.partnership.has_adviser(user) else []
        ),
    }
