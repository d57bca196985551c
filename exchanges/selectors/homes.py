"""The exchange part of a partner contact's home: what waits for their organisations (the places
left to recruit on the legs they send on, the checklist items they are responsible for, overdue
first, and the round reports due) and their
participants by round, each with their overdue items and the next item due.

Four queries whatever the number of rounds and participants (none beyond the first when no case
of theirs has a round under way): the rounds, the places left on their legs, the participants, the
items. Rows are plain values
with their links and labels made here, so the template only prints them."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from exchanges.models import (
    MONTHS_TO_REPORT,
    REPORTED_STATES,
    TAKING_PART,
    ChecklistItem,
    ExchangeLeg,
    ExchangeRound,
    ItemStatus,
    Participant,
    ParticipantStatus,
    ReportKind,
    Responsible,
    RoundState,
)
from exchanges.selectors.waiting import OWING, report_status
from norec.core.states import state_colour
from partnerships.models import Partnership, Phase
from partnerships.selectors.lists import url_pattern

HOME_PARTICIPANTS = 60  # beyond these, the round pages list them
HOME_ITEMS = 20  # beyond these, the participants' pages
DAYS_AHEAD = 30  # items due within this many days wait for them too, after the overdue ones


@dataclass
class ParticipantRow:
    name: str
    url: str
    status: str
    status_label: str
    status_colour: str
    home: str
    host: str
    overdue: int
    next_title: str = ""
    next_due: date | None = None


@dataclass
class RoundRow:
    pk: int
    case_name: str
    number: int
    url: str
    state_label: str
    state_colour: str
    participants: list[ParticipantRow] = field(default_factory=list)


@dataclass
class ItemRow:
    title: str
    participant: str
    url: str  # the item on the participant's page
    due_on: date
    overdue: bool
    responsible: str
    round: str  # "Partnership name, round 1"


@dataclass
class ReportRow:
    kind_label: str
    round: str
    url: str
    due_on: date
    overdue: bool


@dataclass
class PlaceRow:
    text: str  # "Recruit 1 participant for Mulago → Lusaka"
    round: str
    url: str  # the round page's legs


@dataclass
class ContactExchanges:
    rounds: list[RoundRow] = field(default_factory=list)
    places: list[PlaceRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)
    more_participants: bool = False
    more_items: bool = False
    days_ahead: int = DAYS_AHEAD

    # The home says what is overdue first, then what comes (places to fill, reports and items due soon).
    @property
    def overdue(self) -> list:
        return [report for report in self.reports if report.overdue] + [item for item in self.items if item.overdue]

    @property
    def coming(self) -> list:
        return [report for report in self.reports if not report.overdue] + [
            item for item in self.items if not item.overdue
        ]


def contact_exchanges(user, organisation_ids: list[int], *, today: date) -> ContactExchanges:
    """The rounds under way of `user`'s cases, and what in them waits for `organisation_ids` (the
    organisations `user` is a contact of)."""
    found = ContactExchanges()
    cases = Partnership.objects.visible_to(user).filter(phase__in=(Phase.EXCHANGE, Phase.FOLLOW_UP))
    rounds = list(
        ExchangeRound.objects.filter(agreement__partnership__in=cases)
        .exclude(state__in=REPORTED_STATES)
        .annotate(**{f"report_{kind}": report_status(kind) for kind in ReportKind})
        .values(
            "pk",
            "number",
            "state",
            "planned_end",
            "agreement__partnership_id",
            "agreement__partnership__name",
            *(f"report_{kind}" for kind in ReportKind),
        )
        .order_by("agreement__partnership__name", "agreement__partnership_id", "number")
    )
    if not rounds:
        return found
    state_labels = {state.value: str(state.label) for state in RoundState}
    by_pk = {}
    for value in rounds:
        url = reverse("exchanges:round_detail", args=[value["agreement__partnership_id"], value["number"]])
        row = RoundRow(
            pk=value["pk"],
            case_name=value["agreement__partnership__name"],
            number=value["number"],
            url=url,
            state_label=state_labels.get(value["state"], value["state"]),
            state_colour=state_colour(RoundState(value["state"])),
        )
        by_pk[row.pk] = row
        found.rounds.append(row)
        found.reports.extend(_reports_due(value, row, today))
    mine = Q(leg__home_organisation_id__in=organisation_ids) | Q(leg__host_organisation_id__in=organisation_ids)
    participants = _participants(list(by_pk), mine, today)
    found.more_participants = len(participants) > HOME_PARTICIPANTS
    for participant in participants[:HOME_PARTICIPANTS]:
        by_pk[participant.pop("round_pk")].participants.append(ParticipantRow(**participant))
    found.places = _places_to_fill(by_pk, organisation_ids)
    items = _items(list(by_pk), organisation_ids, today)
    found.more_items = len(items) > HOME_ITEMS
    found.items = [_item_row(value, by_pk, today) for value in items[:HOME_ITEMS]]
    return found


def _reports_due(value: dict, row: RoundRow, today: date) -> list[ReportRow]:
    """The round's reports to submit: in its follow-up, each kind not submitted (or returned)."""
    if value["state"] != RoundState.FOLLOW_UP:
        return []
    reports = []
    for kind in ReportKind:
        if value[f"report_{kind}"] is None:
            due_on = value["planned_end"] + relativedelta(months=MONTHS_TO_REPORT[kind])  # as report_due_on
            reports.append(
                ReportRow(str(kind.label), _round_name(row), f"{row.url}#reports", due_on, overdue=due_on < today)
            )
    return reports


def _places_to_fill(rounds: dict[int, RoundRow], organisation_ids: list[int]) -> list[PlaceRow]:
    """The places left on the legs that `organisation_ids` send on, in rounds still recruiting (in
    preparing, a place left by someone who withdrew): one query."""
    legs = (
        ExchangeLeg.objects.filter(
            exchange_round_id__in=list(rounds),
            home_organisation_id__in=organisation_ids,
            exchange_round__state__in=(RoundState.PLANNED, RoundState.RECRUITING, RoundState.PREPARING),
        )
        .annotate(taken=Count("participant_set", filter=Q(participant_set__status__in=TAKING_PART)))
        .values("exchange_round_id", "participants", "taken", "home_organisation__name", "host_organisation__name")
        .order_by("exchange_round__agreement__partnership__name", "exchange_round__number", "pk")
    )
    places = []
    for leg in legs:
        left = leg["participants"] - leg["taken"]
        if left > 0:
            row = rounds[leg["exchange_round_id"]]
            text = ngettext(
                "Recruit %(count)s participant for %(leg)s", "Recruit %(count)s participants for %(leg)s", left
            ) % {"count": left, "leg": f"{leg['home_organisation__name']} → {leg['host_organisation__name']}"}
            places.append(PlaceRow(text, _round_name(row), f"{row.url}#legs-heading"))
    return places


def _round_name(row: RoundRow) -> str:
    return gettext("%(case)s, round %(number)s") % {"case": row.case_name, "number": row.number}


def _participants(round_pks: list[int], mine: Q, today: date) -> list[dict]:
    """Their participants (sent or hosted by their organisations) of the rounds, with the number of
    overdue items and the next item due; one query, cut after HOME_PARTICIPANTS + 1."""
    upcoming = ChecklistItem.objects.filter(
        participant=OuterRef("pk"), status=ItemStatus.OPEN, due_on__gte=today
    ).order_by("due_on", "position", "pk")
    values = (
        Participant.objects.filter(mine, leg__exchange_round__in=round_pks)
        .exclude(status=ParticipantStatus.WITHDRAWN)
        .annotate(
            overdue_count=Count("checklist", filter=Q(checklist__status=ItemStatus.OPEN, checklist__due_on__lt=today)),
            next_item=Subquery(upcoming.values("title")[:1]),
            next_item_due=Subquery(upcoming.values("due_on")[:1]),
        )
        .values(
            "pk",
            "full_name",
            "status",
            "leg__exchange_round_id",
            "leg__home_organisation__name",
            "leg__host_organisation__name",
            "overdue_count",
            "next_item",
            "next_item_due",
        )
        .order_by("leg__exchange_round_id", "full_name", "pk")[: HOME_PARTICIPANTS + 1]
    )
    url = url_pattern("exchanges:participant_detail")
    labels = {status.value: str(status.label) for status in ParticipantStatus}
    return [
        {
            "round_pk": value["leg__exchange_round_id"],
            "name": value["full_name"],
            "url": url.format(value["pk"]),
            "status": value["status"],
            "status_label": labels.get(value["status"], value["status"]),
            "status_colour": state_colour(ParticipantStatus(value["status"])),
            "home": value["leg__home_organisation__name"],
            "host": value["leg__host_organisation__name"],
            "overdue": value["overdue_count"],
            "next_title": gettext(value["next_item"]) if value["next_item"] else "",
            "next_due": value["next_item_due"],
        }
        for value in values
    ]


def _items(round_pks: list[int], organisation_ids: list[int], today: date) -> list[dict]:
    """The open items their organisations answer for (as the sending or the host organisation),
    overdue or due within DAYS_AHEAD, the earliest first; one query, cut after HOME_ITEMS + 1."""
    theirs = Q(responsible=Responsible.SENDING, participant__leg__home_organisation_id__in=organisation_ids) | Q(
        responsible=Responsible.HOST, participant__leg__host_organisation_id__in=organisation_ids
    )
    return list(
        ChecklistItem.objects.filter(
            theirs,
            participant__leg__exchange_round__in=round_pks,
            participant__status__in=OWING,
            status=ItemStatus.OPEN,
            due_on__lte=today + timedelta(days=DAYS_AHEAD),
        )
        .values(
            "pk",
            "title",
            "due_on",
            "responsible",
            "participant_id",
            "participant__full_name",
            "participant__leg__exchange_round_id",
        )
        .order_by("due_on", "position", "pk")[: HOME_ITEMS + 1]
    )


def _item_row(value: dict, rounds: dict[int, RoundRow], today: date) -> ItemRow:
    url = reverse("exchanges:participant_detail", args=[value["participant_id"]])
    return ItemRow(
        title=gettext(value["title"]),
        participant=value["participant__full_name"],
        url=f"{url}#item-{value['pk']}",
        due_on=value["due_on"],
        overdue=value["due_on"] < today,
        responsible=str(Responsible(value["responsible"]).label),
        round=_round_name(rounds[value["participant__leg__exchange_round_id"]]),
    )
