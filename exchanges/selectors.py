"""The read queries of the exchanges app's pages, so templates never query."""

from datetime import date

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


def round_page(exchange_round: ExchangeRound, *, today: date) -> dict:
    """The round's legs and participants, and the matrix of participants by checklist items: three
    queries whatever the number of participants. The matrix has a cell per participant and item
    (800 for 40 people), so its items are read as plain values and each cell's markup is made here
    once, with the labels translated once per page."""
    legs = list(
        ExchangeLeg.objects.filter(exchange_round=exchange_round)
        .select_related("home_organisation", "host_organisation")
        .prefetch_related(Prefetch("participant_set", queryset=Participant.objects.order_by("full_name")))
    )
    items_of: dict[int, dict[str, tuple]] = {}
    columns: dict[str, None] = {}
    values = (
        ChecklistItem.objects.filter(participant__leg__exchange_round=exchange_round)
        .order_by("position", "pk")
        .values_list("participant_id", "title", "status", "due_on")
    )
    for participant_id, title, status, due_on in values:
        columns.setdefault(title)
        items_of.setdefault(participant_id, {})[title] = (status, due_on)
    titles = list(columns)
    labels = {status: escape(status.label) for status in ItemStatus}
    overdue_label = escape(gettext("Overdue"))
    rows = []
    for leg in legs:
        leg.exchange_round = exchange_round
        for participant in leg.participant_set.all():
            participant.leg = leg
            items = items_of.get(participant.pk, {})
            cells, done, overdue = [], 0, 0
            for title in titles:
                status, due_on = items.get(title, (None, None))
                if status is None:
                    kind, text = "none", "\u2013"  # an en dash: no such item for this participant
                elif status == ItemStatus.OPEN and due_on < today:
                    kind, text = "overdue", overdue_label
                    overdue += 1
                else:
                    kind, text = status, labels[status]
                    done += status != ItemStatus.OPEN
                cells.append(f'<td class="matrix-cell matrix-cell--{kind}">{text}</td>')
            rows.append(
                {
                    "participant": participant,
                    "done": done,
                    "total": len(items),
                    "overdue": overdue,
                    "cells_html": mark_safe("".join(cells)),  # noqa: S308  (every part escaped above)
                }
            )
    return {"legs": legs, "rows": rows, "titles": [gettext(title) for title in titles]}


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
