"""The round page: its legs with their participants, and the matrix of participants by checklist
items.

Four queries whatever the number of participants. The page has a row per participant and a cell
per participant and item (800 for 40 people), so the items are read as plain values and each
row's markup is made here once, with every label translated once per page: rendered through
template tags, the rows were most of the page's time.
"""

from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from exchanges.models import ChecklistItem, ExchangeLeg, ExchangeRound, ItemStatus, Participant, ParticipantStatus
from norec.core.states import state_colour

# What the page shows of each participant: their record holds much more (passport name, dates,
# allowance, contacts …) that 40 people would cost to load for nothing.
PEOPLE_ON_THE_PAGE = Participant.objects.only("pk", "leg_id", "full_name", "status")
NO_ITEM = "\u2013"  # an en dash in a cell: the participant has no such item


def round_page(exchange_round: ExchangeRound, *, today: date) -> dict:
    legs = list(
        ExchangeLeg.objects.filter(exchange_round=exchange_round)
        .select_related("home_organisation", "host_organisation")
        .prefetch_related(Prefetch("participant_set", queryset=PEOPLE_ON_THE_PAGE.order_by("full_name")))
    )
    titles, items_of = _checklist_values(exchange_round)
    # Every cell is one of a few: each kind's markup is made (and translated) once per page.
    labels = {status: status.label for status in ItemStatus} | {"overdue": gettext("Overdue"), "none": NO_ITEM}
    cells = {
        kind: format_html('<td class="matrix-cell matrix-cell--{}">{}</td>', kind, label)
        for kind, label in labels.items()
    }
    status_labels = {status: str(status.label) for status in ParticipantStatus}
    rows = []
    for leg in legs:
        leg.exchange_round = exchange_round
        people = []
        for participant in leg.participant_set.all():
            participant.leg = leg
            link = reverse("exchanges:participant_detail", args=[participant.pk])
            people.append(
                (link, participant.full_name, state_colour(participant.status), status_labels[participant.status])
            )
            rows.append(_matrix_row(participant, link, titles, items_of.get(participant.pk, {}), cells, today))
        leg.people_html = format_html_join(
            "",
            '<li><a class="ds-link" href="{}">{}</a> <span class="ds-tag" data-color="{}">{}</span></li>',
            people,
        )
    return {"legs": legs, "rows": rows, "titles": [gettext(title) for title in titles]}


def _checklist_values(exchange_round) -> tuple[list[str], dict[int, dict[str, tuple]]]:
    """The item titles in checklist order, and each participant's (status, due date) per title."""
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
    return list(columns), items_of


def _matrix_row(participant, link, titles, items, cells, today) -> SafeString:
    kinds, done, overdue = [], 0, 0
    for title in titles:
        status, due_on = items.get(title, (None, None))
        if status is None:
            kinds.append("none")
        elif status == ItemStatus.OPEN and due_on < today:
            kinds.append("overdue")
            overdue += 1
        else:
            kinds.append(status)
            done += status != ItemStatus.OPEN
    progress = f"{done}/{len(items)}"
    if overdue:
        progress = format_html(
            "{} · <strong>{}</strong>",
            progress,
            ngettext("%(count)s overdue", "%(count)s overdue", overdue) % {"count": overdue},
        )
    return format_html(
        '<th scope="row"><a class="ds-link" href="{}">{}</a></th><td>{}</td>{}',
        link,
        participant.full_name,
        progress,
        mark_safe("".join(cells[kind] for kind in kinds)),  # noqa: S308  (each cell made by format_html)
    )
