"""The round agreement section of a round page and its PDF: what the participants will do and
how it serves the expected results (C01), and the budget by line (C02), with the actuals once the
accounts (C04) are accepted."""

from decimal import Decimal

from exchanges.forms import RoundAgreementForm
from exchanges.models import BudgetLine, activity_cap_reasons
from exchanges.permissions import approve_agreement_refusal_reasons, budget_refusal_reasons


def budget_rows(exchange_round) -> list[dict]:
    """Every budget line with its planned and actual amounts, then the total (label None)."""
    lines = {line.line: line for line in exchange_round.budget_lines.all()}
    rows = []
    for kind in BudgetLine:
        line = lines.get(kind.value)
        rows.append(
            {
                "label": kind.label,
                "planned": line.planned if line else Decimal(0),
                "actual": line.actual if line else None,
            }
        )
    actuals = [row["actual"] for row in rows if row["actual"] is not None]
    total = {
        "label": None,
        "planned": sum((row["planned"] for row in rows), Decimal(0)),
        "actual": sum(actuals, Decimal(0)) if actuals else None,
    }
    for row in [*rows, total]:
        row["difference"] = None if row["actual"] is None else row["actual"] - row["planned"]
    return [*rows, total]


def round_agreement_context(exchange_round, user, *, form=None) -> dict:
    rows = budget_rows(exchange_round)
    planned = {kind.value: row["planned"] for kind, row in zip(BudgetLine, rows, strict=False)}
    if form is None and not budget_refusal_reasons(exchange_round, user):
        form = RoundAgreementForm(exchange_round=exchange_round)
    approval = approve_agreement_refusal_reasons(exchange_round, user)
    return {
        "rows": rows,
        "has_actuals": rows[-1]["actual"] is not None,
        "cap_reasons": activity_cap_reasons(planned),
        "form": form,
        "may_approve": not approval,
        # The adviser is told what the approval still needs; others only whether it is approved.
        "approval_needs": approval if exchange_round.partnership.has_adviser(user) else [],
    }
