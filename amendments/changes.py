"""What an amendment changes, in words: the keys where its proposal differs from its baseline,
each as a row "what · before · after" for pages and PDFs, and the differences that make it stale.
Values read in the reader's language when the rows are made."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from amendments.snapshot import legs_in, split
from exchanges.models import BudgetLine, ExchangeRound
from partnerships.models import DIRECTION_NAMES, PartnerOrganisation, RoundDirection, format_amount


def changed_keys(baseline: dict, proposal: dict) -> list[str]:
    """The keys whose value the proposal changes (added, changed or removed), in a stable order."""
    keys = set(baseline) | set(proposal)
    return sorted((key for key in keys if baseline.get(key) != proposal.get(key)), key=_order)


def _order(key: str):
    kind, ident, field = split(key)
    rank = {"": 0, "partner": 1, "round": 2, "leg": 3, "new": 4}[kind]
    return (rank, int(ident) if ident.isdigit() else 0, field)


@dataclass(frozen=True)
class Names:
    """What ids stand for: organisation names, round numbers."""

    organisations: dict[int, str]
    rounds: dict[int, int]

    @classmethod
    def for_values(cls, *value_dicts: dict) -> "Names":
        organisation_ids, round_ids = set(), set()
        for values in value_dicts:
            for key, value in values.items():
                kind, ident, field = split(key)
                if kind == "partner":
                    organisation_ids.add(int(ident))
                elif field in ("home", "host") and value is not None:
                    organisation_ids.add(int(value))
                elif kind == "round":
                    round_ids.add(int(ident))
                elif field == "round" and value is not None:
                    round_ids.add(int(value))
        organisations = dict(PartnerOrganisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"))
        rounds = dict(ExchangeRound.objects.filter(pk__in=round_ids).values_list("pk", "number"))
        return cls(organisations, rounds)

    def organisation(self, ident) -> str:
        return self.organisations.get(int(ident), "?") if ident is not None else "—"

    def round(self, ident) -> str:
        return _("Round %(number)s") % {"number": self.rounds.get(int(ident), "?")}


@dataclass(frozen=True)
class Row:
    key: str
    what: str
    before: str
    after: str


def day(value) -> str:
    return date_format(date.fromisoformat(value), "DATE_FORMAT") if value else "—"


def _money(value) -> str:
    return format_amount(Decimal(value)) if value is not None else "—"


def _partner(value) -> str:
    if value is None:
        return _("Not a partner")
    return _("Coordinating partner") if value == "coordinating" else _("Partner")


def _text(value) -> str:
    return value if value else "—"


def value_text(key: str, value, names: Names) -> str:
    """One value as a reader reads it."""
    kind, _ident, field = split(key)
    if value is None:
        return _partner(None) if kind == "partner" else "—"
    if kind == "partner":
        return _partner(value)
    if field in ("period_end", "planned_start", "planned_end", "departure", "return"):
        return day(value)
    if field in ("budget_total", "budget") or field.startswith("line:"):
        return _money(value)
    if field in ("home", "host"):
        return names.organisation(value)
    if field == "common_goals":
        return _text(value)
    return str(value)


FIELD_LABELS = {
    "period_end": lambda: _("Agreement ends"),
    "common_goals": lambda: _("Shared goals"),
    "budget_total": lambda: _("Agreement budget"),
    "planned_start": lambda: _("start"),
    "planned_end": lambda: _("end"),
    "budget": lambda: _("budget"),
    "home": lambda: _("from (home organisation)"),
    "host": lambda: _("to (host organisation)"),
    "participants": lambda: _("participants"),
    "departure": lambda: _("departure"),
    "return": lambda: _("return"),
}


def what(key: str, names: Names, legs: dict[str, dict]) -> str:
    kind, ident, field = split(key)
    if kind == "":
        return str(FIELD_LABELS[field]())
    if kind == "partner":
        return names.organisation(ident)
    if kind == "round":
        if field.startswith("line:"):
            line = BudgetLine(field.removeprefix("line:")).label
            return f"{names.round(ident)} · {_('budget')}: {line}"
        if field.startswith("participants_"):
            direction = DIRECTION_NAMES[RoundDirection(field.removeprefix("participants_"))]
            return f"{names.round(ident)} · {_('participants')} {direction}"
        return f"{names.round(ident)} · {FIELD_LABELS[field]()}"
    return f"{leg_name(legs.get(ident, {}), names)} · {FIELD_LABELS[field]()}"


def leg_name(leg: dict, names: Names) -> str:
    return _("Leg %(home)s → %(host)s") % {
        "home": names.organisation(leg.get("home")),
        "host": names.organisation(leg.get("host")),
    }


def leg_summary(leg: dict, names: Names) -> str:
    template = _("%(count)s from %(home)s to %(host)s, %(departure)s – %(return)s")  # noqa: RUF001
    return template % {
        "count": leg.get("participants", "?"),
        "home": names.organisation(leg.get("home")),
        "host": names.organisation(leg.get("host")),
        "departure": day(leg.get("departure")),
        "return": day(leg.get("return")),
    }


def _merged_legs(*value_dicts: dict) -> dict[str, dict]:
    """Each leg's fields from all the dicts, the later ones winning: a history row holds only the
    values that changed, so the leg's organisations come from today's values."""
    merged: dict[str, dict] = {}
    for values in value_dicts:
        for ident, fields in legs_in(values).items():
            merged.setdefault(ident, {}).update(fields)
    return merged


def change_rows(baseline: dict, proposal: dict, names: Names | None = None, context: dict | None = None) -> list[Row]:
    """The amendment's changes as rows: one per changed value; a leg added or removed as one row.
    `context`: other values of the agreement that name what changed (the legs' organisations)."""
    names = names or Names.for_values(baseline, proposal)
    before_legs, after_legs = legs_in(baseline), legs_in(proposal)
    named_legs = _merged_legs(context or {}, proposal, baseline)
    rows, whole_legs = [], set()
    for key in changed_keys(baseline, proposal):
        kind, ident, _field = split(key)
        if kind == "new":
            if (kind, ident) not in whole_legs:
                whole_legs.add((kind, ident))
                rows.append(Row(key, _("New leg"), "—", leg_summary(legs_in(proposal, "new")[ident], names)))
            continue
        if kind == "leg" and (ident not in after_legs or ident not in before_legs):
            if (kind, ident) not in whole_legs:
                whole_legs.add((kind, ident))
                removed = ident not in after_legs
                leg = before_legs.get(ident) or after_legs.get(ident)
                rows.append(
                    Row(
                        key,
                        leg_name(leg, names),
                        leg_summary(leg, names) if removed else "—",
                        _("Removed") if removed else leg_summary(leg, names),
                    )
                )
            continue
        rows.append(
            Row(
                key,
                what(key, names, named_legs),
                value_text(key, baseline.get(key), names),
                value_text(key, proposal.get(key), names),
            )
        )
    return rows


def moved_leg_ids(amendment) -> set[int]:
    """The legs whose departure or return the amendment moves."""
    return {
        int(split(key)[1])
        for key in changed_keys(amendment.baseline, amendment.proposal)
        if key.startswith("leg:") and split(key)[2] in ("departure", "return")
    }


def change_record(amendment) -> dict:
    """What an approval changed, for its timeline entry: the values before and after, and the names
    they need, so the entry is written in each reader's language when read (without a query)."""
    keys = changed_keys(amendment.baseline, amendment.proposal)
    before = {key: amendment.baseline[key] for key in keys if key in amendment.baseline}
    after = {key: amendment.proposal[key] for key in keys if key in amendment.proposal}
    names = Names.for_values(amendment.baseline, amendment.proposal)
    changed_legs = {split(key)[1] for key in keys if key.startswith("leg:")}
    context = {
        key: value
        for values in (amendment.baseline, amendment.proposal)
        for key, value in values.items()
        if key.startswith("leg:") and split(key)[1] in changed_legs and split(key)[2] in ("home", "host")
    }
    return {
        "before": before,
        "after": after,
        "context": context,
        "names": {"organisations": names.organisations, "rounds": names.rounds},
    }


def recorded_rows(data: dict) -> list[Row]:
    """The rows of a change_record, in the active language."""
    stored = data.get("names", {})
    names = Names(
        {int(k): v for k, v in stored.get("organisations", {}).items()},
        {int(k): v for k, v in stored.get("rounds", {}).items()},
    )
    return change_rows(data.get("before", {}), data.get("after", {}), names, context=data.get("context", {}))


def stale_differences(amendment) -> list[str]:
    """What the amendment changes that has moved since it was drafted (another amendment approved
    in between, say): one sentence each ([] when it is current)."""
    from amendments.selectors import current_values

    current = current_values(amendment)
    keys = [key for key in changed_keys(amendment.baseline, amendment.proposal) if not key.startswith("new:")]
    moved = [key for key in keys if current.get(key) != amendment.baseline.get(key)]
    if not moved:
        return []
    names = Names.for_values(amendment.baseline, current)
    legs = {**legs_in(current), **legs_in(amendment.baseline)}
    return [
        _("%(what)s was %(then)s when this amendment was drafted and is now %(now)s.")
        % {
            "what": what(key, names, legs),
            "then": value_text(key, amendment.baseline.get(key), names),
            "now": value_text(key, current.get(key), names),
        }
        for key in moved
    ]
