"""The rounds list and its downloads: one row per round with its case, dates, participants per
direction (planned, and recruited as count_participants counts them) and its participants'
checklist progress, every column joined or counted in one SQL query."""

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchanges.models import RECRUITED, ChecklistItem, ExchangeRound, ItemStatus, Participant, RoundState
from exchanges.selectors.participant_list import leg_direction
from norec.core.dates import long_date
from norec.core.listing import Column, Sorting, SortOrder
from partnerships.models import RECRUITED_ANNOTATIONS, Partner, Partnership, Phase, RoundDirection, participant_counts
from partnerships.models.round_participants import DIRECTION_FIELDS

CASE = "agreement__partnership"

SORTING = Sorting(
    [
        Column("case", _("Partnership"), (f"{CASE}__name", "number")),
        Column("start", _("Period"), ("planned_start", f"{CASE}__name")),
        Column("state", _("State"), ("state", "planned_start")),
    ],
    default="case",
)


def rounds_for(user, *, scope: str) -> QuerySet[ExchangeRound]:
    """The rounds of the cases `user` may see: an adviser's own cases ("mine") or every case
    ("all"); a partner contact's organisations' cases."""
    if user.is_adviser:
        rounds = ExchangeRound.objects.all()
        return rounds.filter(**{f"{CASE}__adviser": user}) if scope == "mine" else rounds
    return ExchangeRound.objects.filter(**{f"{CASE}__in": Partnership.objects.visible_to(user)})


def countries_of(rounds: QuerySet[ExchangeRound]) -> list[str]:
    """The countries of the rounds' partner organisations, for the country filter (one query)."""
    partners = Partner.objects.filter(partnership__agreement__rounds__in=rounds)
    return sorted(set(partners.order_by().values_list("organisation__country", flat=True).distinct()))


def filter_rounds(rounds: QuerySet, *, state: str = "", phase: str = "", year: int | None = None, country: str = ""):
    """The list's filters; an empty value does not filter."""
    if state:
        rounds = rounds.filter(state=state)
    if phase:
        rounds = rounds.filter(**{f"{CASE}__phase": phase})
    if year:
        rounds = rounds.annotate(start_year=ExtractYear("planned_start")).filter(start_year=year)
    if country:
        partners = Partner.objects.filter(partnership=OuterRef(CASE), organisation__country=country)
        rounds = rounds.filter(Exists(partners))
    return rounds


def _counted(queryset, group: str) -> Coalesce:
    """The number of `queryset`'s rows (filtered by OuterRef("pk")), grouped by the round they count for."""
    counted = queryset.order_by().values(group).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _recruited(direction: RoundDirection) -> Coalesce:
    """The round's recruited participants going `direction` (as selectors.with_recruited_counts counts them)."""
    recruited = Participant.objects.filter(leg__exchange_round=OuterRef("pk"), status__in=RECRUITED)
    return _counted(recruited.annotate(direction=leg_direction()).filter(direction=direction), "leg__exchange_round")


def _items(**lookups) -> Coalesce:
    items = ChecklistItem.objects.filter(participant__leg__exchange_round=OuterRef("pk"), **lookups)
    return _counted(items, "participant__leg__exchange_round")


def round_values(rounds: QuerySet, sort: SortOrder) -> QuerySet:
    """The filtered rounds' columns as values, in the chosen order (paginate this, or iterate it)."""
    return (
        rounds.annotate(
            **{name: _recruited(direction) for direction, name in RECRUITED_ANNOTATIONS.items()},
            items_done=_items(status=ItemStatus.DONE),
            items_applicable=_items(status__in=(ItemStatus.OPEN, ItemStatus.DONE)),
        )
        .order_by(*sort.order_by)
        .values(
            "pk",
            "number",
            "state",
            "planned_start",
            "planned_end",
            f"{CASE}_id",
            f"{CASE}__name",
            f"{CASE}__phase",
            *DIRECTION_FIELDS.values(),
            *RECRUITED_ANNOTATIONS.values(),
            "items_done",
            "items_applicable",
        )
    )


def counts_of(value: dict):
    """The round's participants by direction (partnerships' ParticipantCounts), from its values."""
    planned = {direction: value[field] for direction, field in DIRECTION_FIELDS.items()}
    recruited = {direction: value[name] for direction, name in RECRUITED_ANNOTATIONS.items()}
    return participant_counts(planned, recruited)


def page_rows(values) -> list[dict]:
    """What the page's table prints of each round (no query, one reverse() per page)."""
    states = {choice.value: str(choice.label) for choice in RoundState}
    phases = {choice.value: str(choice.label) for choice in Phase}
    round_url = reverse("exchanges:round_detail", args=[987654321, 98765]).replace("987654321", "{case}")
    round_url = round_url.replace("98765", "{number}")
    case_url = reverse("partnerships:case_detail", args=[987654321]).replace("987654321", "{case}")
    rows = []
    for value in values:
        counts = counts_of(value)
        case_pk = value[f"{CASE}_id"]
        rows.append(
            {
                "case": value[f"{CASE}__name"],
                "case_url": case_url.format(case=case_pk),
                "phase": phases.get(value[f"{CASE}__phase"], ""),
                "number": value["number"],
                "url": round_url.format(case=case_pk, number=value["number"]),
                "state": value["state"],
                "state_label": states.get(value["state"], ""),
                "start": value["planned_start"],
                "start_display": long_date(value["planned_start"]),
                "end": value["planned_end"],
                "end_display": long_date(value["planned_end"]),
                "planned": counts.planned_text(),
                "recruited": counts.recruited_text(),
                "done": value["items_done"],
                "applicable": value["items_applicable"],
            }
        )
    return rows


def export_rows(values, chunk_size: int = 500):
    """The download's rows, one per round, read from a server-side cursor a chunk at a time."""
    states = {choice.value: str(choice.label) for choice in RoundState}
    phases = {choice.value: str(choice.label) for choice in Phase}
    for value in values.iterator(chunk_size=chunk_size):
        yield [
            value[f"{CASE}__name"],
            phases.get(value[f"{CASE}__phase"], ""),
            value["number"],
            states.get(value["state"], ""),
            value["planned_start"],
            value["planned_end"],
            *(
                cell
                for direction in RoundDirection
                for cell in (value[DIRECTION_FIELDS[direction]], value[RECRUITED_ANNOTATIONS[direction]])
            ),
            value["items_done"],
            value["items_applicable"],
        ]
