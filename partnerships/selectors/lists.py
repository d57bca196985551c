"""Reads of the list pages (the case list, the organisation list, and the case rows of the home
pages): each page's rows in a fixed number of queries, built in one pass into plain rows that
hold what the template prints, so a row costs no query, no reverse() and no translation lookup.

Rows are plain values, not model instances: a list page showed 50 cases as some 300 instances
with lazy labels resolved per cell, which was most of its rendering time."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_countries import countries

from norec.core.models import AuditEvent
from norec.core.states import state_colour
from partnerships.models import OrganisationKind, Partner, PartnerOrganisation, Partnership, Phase

# A pk no real row has, to turn one reverse() into a pattern for every row of a page.
_PK_PLACEHOLDER = 987654321987


def url_pattern(url_name: str) -> str:
    """`reverse(url_name, args=[pk])` for any pk, as a format string: one reverse() per page."""
    return reverse(url_name, args=[_PK_PLACEHOLDER]).replace(str(_PK_PLACEHOLDER), "{}")


@dataclass
class CaseRow:
    pk: int
    name: str
    url: str
    phase: str
    phase_label: str
    phase_colour: str
    adviser: str
    changed: datetime | None
    partners: list[str] = field(default_factory=list)  # "Name (Country)", coordinating partner first
    coordinating: str = ""

    changed_iso: str = ""  # the <time datetime=…> of `changed`, in local time
    changed_display: str = ""  # `changed` as the reader's language writes a date


@dataclass
class OrganisationRow:
    pk: int
    name: str
    url: str
    country: str
    kind: str
    contacts: list[str] = field(default_factory=list)


def filter_cases(cases: QuerySet, *, phase: str = "", country: str = "", adviser=None) -> QuerySet:
    """The case list's filters; an empty value does not filter."""
    if phase:
        cases = cases.filter(phase=phase)
    if country:
        cases = cases.filter(Exists(Partner.objects.filter(partnership=OuterRef("pk"), organisation__country=country)))
    if adviser:
        cases = cases.filter(adviser=adviser)
    return cases


def countries_in(cases: QuerySet) -> list[str]:
    """The countries of the organisations in `cases`, for the country filter."""
    organisations = PartnerOrganisation.objects.filter(memberships__partnership__in=cases)
    return list(organisations.order_by().values_list("country", flat=True).distinct())


def case_list_rows(cases: QuerySet) -> QuerySet:
    """The case list's columns as values (paginate this, then pass the page to case_rows)."""
    last_event = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Partnership), subject_id=OuterRef("pk")
    ).order_by("-created_at")
    return cases.annotate(changed=Subquery(last_event.values("created_at")[:1])).values(
        "pk", "name", "phase", "adviser__full_name", "changed"
    )


def recent_case_rows(cases: QuerySet, *, limit: int) -> list[CaseRow]:
    """The home pages' cases: the most recently updated first, their last change being `updated_at`."""
    values = cases.order_by("-updated_at", "pk").values("pk", "name", "phase", "adviser__full_name", "updated_at")
    return case_rows([{**row, "changed": row.pop("updated_at")} for row in values[:limit]])


def case_rows(values) -> list[CaseRow]:
    """Rows from case values (pk, name, phase, adviser__full_name, changed), with their partners: one query."""
    url = url_pattern("partnerships:case_detail")
    labels = {phase.value: str(phase.label) for phase in Phase}
    colours = {phase.value: state_colour(phase) for phase in Phase}
    rows = {
        value["pk"]: CaseRow(
            pk=value["pk"],
            name=value["name"],
            url=url.format(value["pk"]),
            phase=value["phase"],
            phase_label=labels.get(value["phase"], value["phase"]),
            phase_colour=colours.get(value["phase"], "neutral"),
            adviser=value["adviser__full_name"],
            changed=value["changed"],
        )
        for value in values
    }
    dates: dict = {}  # one date format per day on the page, not per row
    for row in rows.values():
        if row.changed:
            local = timezone.localtime(row.changed)
            row.changed_iso = local.replace(microsecond=0).isoformat()
            if local.date() not in dates:
                dates[local.date()] = date_format(local, "DATE_FORMAT")
            row.changed_display = dates[local.date()]
    partners = Partner.objects.filter(partnership_id__in=rows).values_list(
        "partnership_id", "organisation__name", "organisation__country", "is_coordinating"
    )
    country_names = _country_names()
    for case_pk, name, country, is_coordinating in partners.order_by("-is_coordinating", "organisation__name"):
        rows[case_pk].partners.append(f"{name} ({country_names(country)})")
        if is_coordinating:
            rows[case_pk].coordinating = name
    return list(rows.values())


def organisation_rows(organisations) -> list[OrganisationRow]:
    """Rows from organisation values (pk, name, country, kind), with their contacts: one query."""
    url = url_pattern("partnerships:organisation_detail")
    kinds = {kind.value: str(kind.label) for kind in OrganisationKind}
    country_names = _country_names()
    rows = {
        value["pk"]: OrganisationRow(
            pk=value["pk"],
            name=value["name"],
            url=url.format(value["pk"]),
            country=country_names(value["country"]),
            kind=kinds.get(value["kind"], value["kind"]),
        )
        for value in organisations
    }
    contacts = PartnerOrganisation.contacts.through.objects.filter(partnerorganisation_id__in=rows)
    for organisation_pk, name in contacts.order_by("user__full_name").values_list(
        "partnerorganisation_id", "user__full_name"
    ):
        rows[organisation_pk].contacts.append(name)
    return list(rows.values())


def organisation_list_rows(organisations: QuerySet) -> QuerySet:
    """The organisation list's columns as values (paginate this, then pass the page to organisation_rows)."""
    return organisations.values("pk", "name", "country", "kind")


def _country_names():
    """A country's name in the active language, looked up once per code and page."""
    names: dict[str, str] = {}

    def name(code: str) -> str:
        if code not in names:
            names[code] = str(countries.name(code)) or code
        return names[code]

    return name
