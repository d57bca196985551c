"""What the case list's downloads hold: one row per case, as the list is filtered. Two queries
whatever the number of cases (the cases, then their partners in force)."""

from collections import defaultdict

from django.db.models import QuerySet

from partnerships.models import Partner, Phase
from partnerships.selectors.lists import country_names_once


def case_export_rows(cases: QuerySet) -> list[list]:
    """[name, phase, adviser, partners, countries, coordinating partner, opened, agreement from, until]."""
    values = list(
        cases.order_by("name", "pk").values(
            "pk",
            "name",
            "phase",
            "adviser__full_name",
            "created_at",
            "agreement__period_start",
            "agreement__period_end",
        )
    )
    partners: dict[int, list[dict]] = defaultdict(list)
    for partner in (
        Partner.objects.current()
        .filter(partnership_id__in=[value["pk"] for value in values])
        .order_by("-is_coordinating", "organisation__name")
        .values("partnership_id", "is_coordinating", "organisation__name", "organisation__country")
    ):
        partners[partner["partnership_id"]].append(partner)
    phases = {phase.value: str(phase.label) for phase in Phase}
    country_name = country_names_once()
    rows = []
    for value in values:
        members = partners[value["pk"]]
        coordinating = next((p["organisation__name"] for p in members if p["is_coordinating"]), "")
        country_names = sorted({country_name(p["organisation__country"]) for p in members})
        rows.append(
            [
                value["name"],
                phases.get(value["phase"], value["phase"]),
                value["adviser__full_name"],
                "; ".join(p["organisation__name"] for p in members),
                "; ".join(country_names),
                coordinating,
                value["created_at"],
                value["agreement__period_start"],
                value["agreement__period_end"],
            ]
        )
    return rows
