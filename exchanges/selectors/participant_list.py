"""The participant list (the adviser's participants page) and its downloads: one row per
participant, every column joined or counted in one SQL query, so a page is one query and a
download streams from one cursor.

Where a participant is now ("situation") is told in SQL as the round page tells it: taking part
and the round in exchange with their leg's departure come is abroad (as the "abroad now" panel
and the early-return rule read it); taking part before that has not left yet."""

from datetime import date

from django.db import models
from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from exchanges.models import ChecklistItem, ItemStatus, Participant, ParticipantStatus, RoundState, months_after
from norec.core.dates import long_date
from norec.core.listing import Column, Sorting, SortOrder
from partnerships.models import NORTH_COUNTRIES, Partnership, RoundDirection
from partnerships.selectors.lists import url_pattern

CASE = "leg__exchange_round__agreement__partnership"


class Situation(models.TextChoices):
    NOT_LEFT = "not_left", _("Not left yet")
    ABROAD = "abroad", _("Abroad")
    RETURNED = "returned", _("Returned")
    RETURNED_EARLY = "returned_early", _("Returned early")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def situation(today: date) -> Case:
    abroad = Q(
        status=ParticipantStatus.ACTIVE,
        leg__exchange_round__state=RoundState.IN_EXCHANGE,
        leg__departure__lte=today,
    )
    return Case(
        When(abroad, then=Value(Situation.ABROAD)),
        When(status=ParticipantStatus.ACTIVE, then=Value(Situation.NOT_LEFT)),
        When(status=ParticipantStatus.COMPLETED, then=Value(Situation.RETURNED)),
        When(status=ParticipantStatus.RETURNED_EARLY, then=Value(Situation.RETURNED_EARLY)),
        default=Value(Situation.WITHDRAWN),
        output_field=models.CharField(),
    )


def leg_direction() -> Case:
    """The leg's direction from its organisations' countries, as ExchangeLeg.direction tells it
    ("" for north → north, which is never funded)."""
    home_north = Q(leg__home_organisation__country__in=NORTH_COUNTRIES)
    host_north = Q(leg__host_organisation__country__in=NORTH_COUNTRIES)
    return Case(
        When(home_north & ~host_north, then=Value(RoundDirection.NORTH_SOUTH)),
        When(~home_north & host_north, then=Value(RoundDirection.SOUTH_NORTH)),
        When(~home_north & ~host_north, then=Value(RoundDirection.SOUTH_SOUTH)),
        default=Value(""),
        output_field=models.CharField(),
    )


def _items(**lookups) -> Coalesce:
    counted = (
        ChecklistItem.objects.filter(participant=OuterRef("pk"), **lookups)
        .order_by()
        .values("participant")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


# The list's sortable columns: key → order_by fields (the last one unique).
SORTING = Sorting(
    [
        Column("name", _("Name"), ("full_name",)),
        Column("case", _("Partnership"), (f"{CASE}__name", "leg__exchange_round__number", "full_name")),
        Column("departure", _("Departure"), ("leg__departure", "full_name"), descending_first=True),
        Column("status", _("Status"), ("situation", "full_name")),
    ],
    default="name",
)


def participants_for(user, *, scope: str) -> QuerySet[Participant]:
    """The participants of the adviser's caseload ("mine") or of every case ("all")."""
    participants = Participant.objects.all()
    if scope == "mine":
        participants = participants.filter(**{f"{CASE}__adviser": user})
    return participants


def cases_of(participants: QuerySet[Participant]) -> list[tuple[int, str]]:
    """The cases the participants are in, for the case filter (one query)."""
    cases = Partnership.objects.filter(agreement__rounds__legs__participant_set__in=participants)
    return list(cases.order_by("name", "pk").values_list("pk", "name").distinct())


def countries_of(participants: QuerySet[Participant]) -> list[str]:
    """The countries of the participants' sending and host organisations (one query)."""
    homes = participants.order_by().values_list("leg__home_organisation__country", flat=True)
    hosts = participants.order_by().values_list("leg__host_organisation__country", flat=True)
    return sorted(set(homes.union(hosts)))


def filter_participants(
    participants: QuerySet[Participant],
    *,
    today: date,
    case: str = "",
    round_state: str = "",
    direction: str = "",
    country: str = "",
    year: int | None = None,
    status: str = "",
) -> QuerySet:
    """The list's filters (an empty value does not filter), with the computed columns annotated."""
    participants = participants.annotate(situation=situation(today), direction=leg_direction())
    if case:
        participants = participants.filter(**{f"{CASE}_id": case})
    if round_state:
        participants = participants.filter(leg__exchange_round__state=round_state)
    if direction:
        participants = participants.filter(direction=direction)
    if country:
        participants = participants.filter(
            Q(leg__home_organisation__country=country) | Q(leg__host_organisation__country=country)
        )
    if year:
        participants = participants.annotate(departure_year=ExtractYear("leg__departure")).filter(departure_year=year)
    if status:
        participants = participants.filter(situation=status)
    return participants


ROW_VALUES = (
    "pk",
    "full_name",
    "leg__home_organisation__name",
    "leg__host_organisation__name",
    f"{CASE}_id",
    f"{CASE}__name",
    "leg__exchange_round__number",
    "leg__exchange_round__state",
    "direction",
    "leg__departure",
    "leg__months",
    "leg__returns_on",
    "situation",
    "items_done",
    "items_applicable",
)


def participant_values(participants: QuerySet, sort: SortOrder) -> QuerySet:
    """The filtered participants' columns as values, in the chosen order (paginate this, or iterate it)."""
    return (
        participants.annotate(
            items_done=_items(status=ItemStatus.DONE),
            items_applicable=_items(status__in=(ItemStatus.OPEN, ItemStatus.DONE)),
        )
        .order_by(*sort.order_by)
        .values(*ROW_VALUES)
    )


def return_of(value: dict) -> date:
    return value["leg__returns_on"] or months_after(value["leg__departure"], value["leg__months"])


class Labels:
    """Each choice's label looked up once per page or download, not per row."""

    def __init__(self):
        self.situation = {choice.value: str(choice.label) for choice in Situation}
        self.direction = {choice.value: str(choice.label) for choice in RoundDirection}
        self.round_state = {choice.value: str(choice.label) for choice in RoundState}


def page_rows(values) -> list[dict]:
    """What the page's table prints of each participant (no query, no reverse() per row)."""
    labels = Labels()
    participant_url = url_pattern("exchanges:participant_detail")
    case_url = url_pattern("partnerships:case_detail")
    rows = []
    for value in values:
        returns = return_of(value)
        rows.append(
            {
                "url": participant_url.format(value["pk"]),
                "name": value["full_name"],
                "home": value["leg__home_organisation__name"],
                "host": value["leg__host_organisation__name"],
                "case": value[f"{CASE}__name"],
                "case_url": case_url.format(value[f"{CASE}_id"]),
                "round": value["leg__exchange_round__number"],
                "round_state": labels.round_state.get(value["leg__exchange_round__state"], ""),
                "direction": labels.direction.get(value["direction"], ""),
                "departure": value["leg__departure"],
                "departure_display": long_date(value["leg__departure"]),
                "returns": returns,
                "returns_display": long_date(returns),
                "situation": value["situation"],
                "situation_label": labels.situation.get(value["situation"], ""),
                "done": value["items_done"],
                "applicable": value["items_applicable"],
            }
        )
    return rows


def export_rows(values, chunk_size: int = 500):
    """The download's rows, one per participant, read from a server-side cursor a chunk at a time."""
    labels = Labels()
    for value in values.iterator(chunk_size=chunk_size):
        yield [
            value["full_name"],
            value["leg__home_organisation__name"],
            value["leg__host_organisation__name"],
            value[f"{CASE}__name"],
            value["leg__exchange_round__number"],
            labels.direction.get(value["direction"], ""),
            value["leg__departure"],
            return_of(value),
            labels.situation.get(value["situation"], ""),
            value["items_done"],
            value["items_applicable"],
        ]
