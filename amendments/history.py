"""The agreement as it stood on a day: today's values, with every change that took effect after
that day taken back (latest first), read as the agreement page reads (partners, rounds, legs)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from amendments.changes import Names, change_rows
from amendments.models import AgreementChange
from amendments.snapshot import legs_in, split, whole_agreement
from exchanges.models import BudgetLine
from partnerships.models import DIRECTION_NAMES, Agreement, RoundDirection


def values_on(agreement: Agreement, day: date, today: dict | None = None) -> dict:
    values = dict(today) if today is not None else whole_agreement(agreement)
    later = AgreementChange.objects.filter(agreement=agreement, effective_on__gt=day).order_by("-effective_on", "-pk")
    for change in later:
        if change.before is None:
            values.pop(change.key, None)
        else:
            values[change.key] = change.before
    return values


@dataclass
class RoundAsOf:
    number: int
    start: date
    end: date
    budget: Decimal
    lines: list[tuple[str, Decimal]]
    participants: list[tuple[str, int]]
    legs: list[dict] = field(default_factory=list)


@dataclass
class AgreementAsOf:
    day: date
    period_end: date
    common_goals: str
    budget_total: Decimal
    partners: list[tuple[str, bool]]
    rounds: list[RoundAsOf]


def agreement_on(agreement: Agreement, day: date, today: dict | None = None) -> AgreementAsOf:
    """`today`: the agreement's values now (whole_agreement), if the caller has read them."""
    values = values_on(agreement, day, today)
    names = Names.for_values(values)
    rounds: dict[str, dict] = {}
    for key, value in values.items():
        kind, ident, name = split(key)
        if kind == "round":
            rounds.setdefault(ident, {})[name] = value
    legs = legs_in(values)
    as_of = []
    for ident, fields in rounds.items():
        lines = [
            (BudgetLine(line).label, Decimal(fields[f"line:{line}"]))
            for line in BudgetLine.values
            if Decimal(fields.get(f"line:{line}", 0))
        ]
        participants = [
            (str(DIRECTION_NAMES[direction]), fields[f"participants_{direction.value}"])
            for direction in RoundDirection
            if fields.get(f"participants_{direction.value}")
        ]
        round_legs = [
            {
                "home": names.organisation(leg["home"]),
                "host": names.organisation(leg["host"]),
                "participants": leg["participants"],
                "departure": date.fromisoformat(leg["departure"]),
                "return": date.fromisoformat(leg["return"]),
            }
            for leg in legs.values()
            if str(leg.get("round")) == ident
        ]
        as_of.append(
            RoundAsOf(
                number=names.rounds.get(int(ident), 0),
                start=date.fromisoformat(fields["planned_start"]),
                end=date.fromisoformat(fields["planned_end"]),
                budget=Decimal(fields["budget"]),
                lines=lines,
                participants=participants,
                legs=round_legs,
            )
        )
    partners = sorted(
        (
            (names.organisation(split(key)[1]), value == "coordinating")
            for key, value in values.items()
            if key.startswith("partner:")
        ),
        key=lambda partner: (not partner[1], partner[0]),
    )
    return AgreementAsOf(
        day=day,
        period_end=date.fromisoformat(values["period_end"]),
        common_goals=values["common_goals"],
        budget_total=Decimal(values["budget_total"]),
        partners=partners,
        rounds=sorted(as_of, key=lambda r: r.number),
    )


@dataclass
class ChangeGroup:
    amendment: object
    effective_on: date
    recorded_at: object
    recorded_by: object
    rows: list


def change_list(agreement: Agreement, today: dict | None = None) -> list[ChangeGroup]:
    """Every approved change, by amendment, latest first: what changed from what to what."""
    changes = list(
        AgreementChange.objects.filter(agreement=agreement)
        .select_related("amendment", "recorded_by")
        .order_by("-effective_on", "-amendment_id", "pk")
    )
    before = {c.key: c.before for c in changes}
    after = {c.key: c.after for c in changes}
    today = today if today is not None else whole_agreement(agreement)
    names = Names.for_values(before, after, today)
    groups: dict[int, ChangeGroup] = {}
    for change in changes:
        group = groups.get(change.amendment_id)
        if group is None:
            group = groups[change.amendment_id] = ChangeGroup(
                change.amendment, change.effective_on, change.recorded_at, change.recorded_by, []
            )
        group.rows.append(change)
    for group in groups.values():
        baseline = {c.key: c.before for c in group.rows if c.before is not None}
        proposal = {c.key: c.after for c in group.rows if c.after is not None}
        group.rows = change_rows(baseline, proposal, names, context=today)
    return list(groups.values())
