"""An agreement's values as one flat dict, the common language of drafts, decisions and history.

Keys name one value each, values are JSON (ISO dates, amounts as "1234.00", organisation and
round ids, counts):
  period_end, common_goals, budget_total                   the collaboration agreement (B03)
  partner:<organisation id> = "coordinating" | "partner"   its current partners (B03)
  round:<id>:planned_start | planned_end | budget          a round (C05)
  round:<id>:line:<budget line>                            its budget (C02) by line (C05)
  round:<id>:participants_<direction>                      its participants by direction (from its legs)
  leg:<id>:round | home | host | participants | departure | return   its legs (C05)
  new:<n>:…                                                a leg an amendment adds (its proposal only)
"""

from decimal import Decimal

from exchanges.models import BudgetLine, ExchangeLeg, ExchangeRound, RoundBudgetLine
from partnerships.models import DIRECTION_FIELDS, Agreement


def amount(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def agreement_values(agreement: Agreement) -> dict:
    """The B03 part: the agreement's end, its shared goals, its budget and its current partners."""
    values = {
        "period_end": agreement.period_end.isoformat(),
        "common_goals": agreement.common_goals,
        "budget_total": amount(agreement.budget_total),
    }
    partners = agreement.partnership.partners.filter(member_until__isnull=True).order_by("organisation_id")
    for organisation_id, coordinating in partners.values_list("organisation_id", "is_coordinating"):
        values[f"partner:{organisation_id}"] = "coordinating" if coordinating else "partner"
    return values


def leg_values(leg: ExchangeLeg) -> dict:
    return {
        f"leg:{leg.pk}:round": leg.exchange_round_id,
        f"leg:{leg.pk}:home": leg.home_organisation_id,
        f"leg:{leg.pk}:host": leg.host_organisation_id,
        f"leg:{leg.pk}:participants": leg.participants,
        f"leg:{leg.pk}:departure": leg.departure.isoformat(),
        f"leg:{leg.pk}:return": leg.return_date.isoformat(),
    }


def _round_values(exchange_round: ExchangeRound, lines: dict, legs) -> dict:
    prefix = f"round:{exchange_round.pk}"
    values = {
        f"{prefix}:planned_start": exchange_round.planned_start.isoformat(),
        f"{prefix}:planned_end": exchange_round.planned_end.isoformat(),
        f"{prefix}:budget": amount(exchange_round.budget),
    }
    for line in BudgetLine.values:
        values[f"{prefix}:line:{line}"] = amount(lines.get(line))
    for direction, field in DIRECTION_FIELDS.items():
        values[f"{prefix}:participants_{direction.value}"] = getattr(exchange_round, field)
    for leg in legs:
        values.update(leg_values(leg))
    return values


def round_values(exchange_round: ExchangeRound) -> dict:
    """The C05 part: one round's dates, budget, budget lines, participants and legs."""
    lines = dict(exchange_round.budget_lines.values_list("line", "planned"))
    return _round_values(exchange_round, lines, exchange_round.legs.order_by("pk"))


def whole_agreement(agreement: Agreement) -> dict:
    """Every value of the agreement and its rounds (five queries, however many rounds and legs)."""
    values = agreement_values(agreement)
    rounds = list(ExchangeRound.objects.filter(agreement=agreement).order_by("number"))
    lines: dict[int, dict] = {}
    for round_id, line, planned in RoundBudgetLine.objects.filter(exchange_round__in=rounds).values_list(
        "exchange_round_id", "line", "planned"
    ):
        lines.setdefault(round_id, {})[line] = planned
    legs: dict[int, list] = {}
    for leg in ExchangeLeg.objects.filter(exchange_round__in=rounds).order_by("pk"):
        legs.setdefault(leg.exchange_round_id, []).append(leg)
    for exchange_round in rounds:
        values.update(_round_values(exchange_round, lines.get(exchange_round.pk, {}), legs.get(exchange_round.pk, [])))
    return values


def split(key: str) -> tuple[str, str, str]:
    """("leg", "12", "departure") from "leg:12:departure"; ("round", "4", "line:housing"); ("", "", "period_end")."""
    parts = key.split(":", 2)
    if len(parts) == 1:
        return "", "", key
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return parts[0], parts[1], parts[2]


def legs_in(values: dict, prefix: str = "leg") -> dict[str, dict]:
    """The legs (or, with prefix "new", the added legs) of a values dict: {id: {field: value}}."""
    found: dict[str, dict] = {}
    for key, value in values.items():
        kind, ident, field = split(key)
        if kind == prefix:
            found.setdefault(ident, {})[field] = value
    return found
