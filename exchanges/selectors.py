"""The read queries of the exchanges app's pages, so templates never query."""

from datetime import date

from django.db.models import Prefetch

from exchanges.models import (
    UNFINISHED_STATES,
    ChecklistItem,
    ChecklistPhase,
    ExchangeLeg,
    ExchangeRound,
    ItemStatus,
    Participant,
    ParticipantStatus,
    RoundState,
)
from partnerships.models import Agreement


def rounds_of_agreement(agreement: Agreement) -> list[ExchangeRound]:
    """The agreement's rounds in order, one query, each pointing at the given agreement (and so at
    its case, which the permission checks read) instead of loading it again."""
    rounds = list(ExchangeRound.objects.filter(agreement=agreement).order_by("number"))
    for exchange_round in rounds:
        exchange_round.agreement = agreement
    return rounds


def unfinished_rounds(agreement: Agreement) -> list[ExchangeRound]:
    return list(ExchangeRound.objects.filter(agreement=agreement, state__in=UNFINISHED_STATES).order_by("number"))


# --- Legs, participants and checklists ---------------------------------------------------------


def _items_prefetch():
    return Prefetch("checklist", queryset=ChecklistItem.objects.order_by("position", "pk"))


def round_page(exchange_round: ExchangeRound, *, today: date) -> dict:
    """The round's legs and participants with their checklists, and the matrix of participants by items:
    four queries whatever the number of participants."""
    legs = list(
        ExchangeLeg.objects.filter(exchange_round=exchange_round)
        .select_related("home_organisation", "host_organisation")
        .prefetch_related(
            Prefetch(
                "participant_set",
                queryset=Participant.objects.order_by("full_name").prefetch_related(_items_prefetch()),
            )
        )
    )
    columns: dict[str, None] = {}
    rows = []
    for leg in legs:
        leg.exchange_round = exchange_round
        for participant in leg.participant_set.all():
            participant.leg = leg
            items = {item.title: item for item in participant.checklist.all()}
            for title in items:
                columns.setdefault(title)
            open_items = [item for item in items.values() if item.status == ItemStatus.OPEN]
            rows.append(
                {
                    "participant": participant,
                    "items": items,
                    "done": sum(1 for item in items.values() if item.status != ItemStatus.OPEN),
                    "total": len(items),
                    "overdue": sum(1 for item in open_items if item.due_on < today),
                }
            )
    titles = list(columns)
    for row in rows:
        row["cells"] = [
            {"title": title, "item": row["items"].get(title), "overdue": _overdue(row["items"].get(title), today)}
            for title in titles
        ]
    return {"legs": legs, "rows": rows, "titles": titles}


def _overdue(item, today: date) -> bool:
    return item is not None and item.is_overdue(today)


def participant_page(participant: Participant, *, today: date) -> dict:
    items = list(participant.checklist.order_by("position", "pk").select_related("completed_by"))
    for item in items:
        item.participant = participant
    return {"items_by_phase": _by_phase(items), "next_items": _next_items(items, today), "today": today}


def _by_phase(items) -> list[tuple]:
    return [(phase, [item for item in items if item.phase == phase]) for phase in ChecklistPhase]


def _next_items(items, today: date, limit: int = 5) -> dict:
    open_items = sorted((item for item in items if item.status == ItemStatus.OPEN), key=lambda item: item.due_on)
    return {
        "overdue": [item for item in open_items if item.due_on < today],
        "upcoming": [item for item in open_items if item.due_on >= today][:limit],
    }


def participation_of(user) -> Participant | None:
    """The participant record of a participant's account, with everything the portal shows."""
    return (
        Participant.objects.filter(user=user)
        .select_related(
            "leg__home_organisation", "leg__host_organisation", "leg__exchange_round__agreement__partnership__adviser"
        )
        .first()
    )


def contacts_of(organisation) -> list:
    return list(organisation.contacts.filter(is_active=True).order_by("full_name").only("full_name", "email"))


CASELOAD_ROWS = 20


def caseload_participants(adviser, *, today: date, limit: int = CASELOAD_ROWS) -> dict:
    """Across the adviser's caseload: the overdue checklist items (oldest first) and the
    participants abroad now, each list cut at `limit` with its full count; four queries."""
    mine = {"participant__leg__exchange_round__agreement__partnership__adviser": adviser}
    overdue = ChecklistItem.objects.filter(
        **mine, status=ItemStatus.OPEN, due_on__lt=today, participant__status=ParticipantStatus.ACTIVE
    )
    abroad = Participant.objects.filter(
        leg__exchange_round__agreement__partnership__adviser=adviser,
        leg__exchange_round__state=RoundState.IN_EXCHANGE,
        leg__departure__lte=today,
        status=ParticipantStatus.ACTIVE,
    )
    return {
        "overdue_items": list(
            overdue.select_related("participant__leg__exchange_round__agreement__partnership").order_by("due_on", "pk")[
                :limit
            ]
        ),
        "overdue_count": overdue.count(),
        "abroad": list(
            abroad.select_related("leg__host_organisation", "leg__exchange_round__agreement__partnership").order_by(
                "full_name"
            )[:limit]
        ),
        "abroad_count": abroad.count(),
    }
