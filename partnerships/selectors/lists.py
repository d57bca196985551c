"""Reads of the list pages (the case list, the organisation list, and the case rows of the home
pages): each page's rows in a fixed number of queries, built in one pass into plain rows that
hold what the template prints, so a row costs no query, no reverse() and no translation lookup.

Rows are plain values, not model instances: a list page showed 50 cases as some 300 instances
with lazy labels resolved per cell, which was most of its rendering time."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django_countries import countries

from norec.core.models import AuditEvent, User
from norec.core.roles import Role
from norec.core.states import state_colour
from partnerships.models import OPEN_PHASES, OrganisationKind, Partner, PartnerOrganisation, Partnership, Phase
from partnerships.selectors import waiting as waits

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
    waiting: waits.Waiting | None = None  # what the case waits for, from whom, since when
    waiting_cell: str = ""  # the same, as the list cell prints it


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


def advisers_to_choose() -> QuerySet:
    """The advisers a list or a dashboard may be narrowed to: the active ones, and one who has left
    but still holds an open case (so the head of programme finds those cases and gives them on)."""
    holding = Partnership.objects.filter(adviser=OuterRef("pk"), phase__in=OPEN_PHASES)
    advisers = User.objects.filter(role=Role.ADVISER).filter(Q(is_active=True) | Exists(holding))
    return advisers.order_by("full_name", "email")


def countries_in(cases: QuerySet) -> list[str]:
    """The countries of the organisations in `cases`, for the country filter."""
    organisations = PartnerOrganisation.objects.filter(memberships__partnership__in=cases)
    return list(organisations.order_by().values_list("country", flat=True).distinct())


# What case_rows reads of a case's kept waiting state (partnerships.waiting_state).
WAITING_VALUES = ("waiting_for", "waiting_since", "waiting_words")


def case_list_rows(cases: QuerySet, *, sort: str = "") -> QuerySet:
    """The case list's columns as values, in the chosen order (waits.SORTS; paginate this, then
    pass the page to case_rows)."""
    last_event = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Partnership), subject_id=OuterRef("pk")
    ).order_by("-created_at")
    cases = waits.sort_cases(cases, sort)
    return cases.annotate(changed=Subquery(last_event.values("created_at")[:1])).values(
        "pk", "name", "phase", "adviser__full_name", "changed", *WAITING_VALUES
    )


def recent_case_rows(
    cases: QuerySet, *, limit: int, adviser_first: bool = False, partners_first: bool = False
) -> list[CaseRow]:
    """The home pages' cases, their last change being `updated_at`: the most recently updated
    first, or what waits for the adviser (`adviser_first`) or the partners (`partners_first`)
    first, the longest waiting first."""
    if adviser_first or partners_first:
        cases = waits.waiting_first(cases, waits.WaitingFor.ADVISER if adviser_first else waits.WaitingFor.PARTNERS)
    else:
        cases = cases.order_by("-updated_at", "pk")
    values = cases.values("pk", "name", "phase", "adviser__full_name", "updated_at", *WAITING_VALUES)
    return case_rows([{**row, "changed": row.pop("updated_at")} for row in values[:limit]])


def case_rows(values) -> list[CaseRow]:
    """Rows from case values (pk, name, phase, adviser__full_name, changed, and WAITING_VALUES),
    with their partners: one query."""
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
    dates = _DateFormats()
    for row in rows.values():
        if row.changed:
            row.changed_iso, row.changed_display = dates(row.changed)
    partners = Partner.objects.filter(partnership_id__in=rows).values_list(
        "partnership_id", "organisation__name", "organisation__country", "is_coordinating"
    )
    country_names = country_names_once()
    for case_pk, name, country, is_coordinating in partners.order_by("-is_coordinating", "organisation__name"):
        rows[case_pk].partners.append(f"{name} ({country_names(country)})")
        if is_coordinating:
            rows[case_pk].coordinating = name
    texts = waits.WaitingTexts()
    for value in values:
        row = rows[value["pk"]]
        row.waiting = texts.waiting(value["waiting_for"], value["waiting_words"])
        if row.waiting and row.waiting.since:
            row.waiting.since_iso, row.waiting.since_display = dates(row.waiting.since)
        row.waiting_cell = waits.cell(row.waiting, texts)
    return list(rows.values())


NO_DATE = "\u2013"  # an en dash


def case_table_rows(rows: list[CaseRow]) -> list[SafeString]:
    """The case list's table rows, each one string: written out here, not by the template, as
    the other list cells are (their lookups per cell were most of the page's time)."""
    label = {
        "name": gettext("Name"),
        "partners": gettext("Partners"),
        "phase": gettext("Phase"),
        "waiting": gettext("Waiting for"),
        "adviser": gettext("Programme adviser"),
        "changed": gettext("Last change"),
    }
    coordinating = format_html(' <span class="coordinating">({})</span>', gettext("coordinating"))
    return [
        format_html(
            '<th scope="row" data-label="{}"><a class="ds-link" href="{}">{}</a></th>'
            '<td data-label="{}"><ul class="plain-list">{}</ul></td>'
            '<td data-label="{}"><span class="ds-tag" data-color="{}">{}</span></td>'
            '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>',
            label["name"],
            row.url,
            row.name,
            label["partners"],
            format_html_join(
                "",
                "<li>{}{}</li>",
                (
                    (partner, coordinating if index == 0 and row.coordinating else "")
                    for index, partner in enumerate(row.partners)
                ),
            ),
            label["phase"],
            row.phase_colour,
            row.phase_label,
            label["waiting"],
            row.waiting_cell,
            label["adviser"],
            row.adviser,
            label["changed"],
            format_html('<time datetime="{}">{}</time>', row.changed_iso, row.changed_display)
            if row.changed
            else NO_DATE,
        )
        for row in rows
    ]


class _DateFormats:
    """A moment as (<time datetime>, the reader's date): one date format per day on the page, not per row."""

    def __init__(self):
        self.dates: dict = {}

    def __call__(self, moment: datetime) -> tuple[str, str]:
        local = timezone.localtime(moment).replace(microsecond=0)  # a valid HTML <time datetime>
        if local.date() not in self.dates:
            self.dates[local.date()] = date_format(local, "DATE_FORMAT")
        return local.isoformat(), self.dates[local.date()]


def organisation_rows(organisations) -> list[OrganisationRow]:
    """Rows from organisation values (pk, name, country, kind), with their contacts: one query."""
    url = url_pattern("partnerships:organisation_detail")
    kinds = {kind.value: str(kind.label) for kind in OrganisationKind}
    country_names = country_names_once()
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


def country_names_once():
    """A country's name in the active language, looked up once per code and page."""
    names: dict[str, str] = {}

    def name(code: str) -> str:
        if code not in names:
            names[code] = str(countries.name(code)) or code
        return names[code]

    return name
