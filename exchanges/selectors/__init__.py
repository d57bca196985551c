"""The read queries of the exchanges app's pages, so templates never query."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window, prefetch_related_objects
from django.utils.translation import gettext

from exchanges.models import (
    RECRUITED,
    TAKING_PART,
    UNFINISHED_STATES,
    ChecklistItem,
    ChecklistPhase,
    ExchangeRound,
    ItemStatus,
    Participant,
    ParticipantStatus,
    Responsible,
    RoundState,
)
from norec.core import thumbnails
from norec.core.models import User
from partnerships.models import NORTH_COUNTRIES, RECRUITED_ANNOTATIONS, Agreement, RoundDirection


def _legs_going(direction: RoundDirection) -> Q:
    """The legs going `direction`, told by their organisations' countries as ExchangeLeg.direction
    tells them (a test holds the two to the same answers)."""
    home_north = Q(legs__home_organisation__country__in=NORTH_COUNTRIES)
    host_north = Q(legs__host_organisation__country__in=NORTH_COUNTRIES)
    return {
        RoundDirection.NORTH_SOUTH: home_north & ~host_north,
        RoundDirection.SOUTH_NORTH: ~home_north & host_north,
        RoundDirection.SOUTH_SOUTH: ~home_north & ~host_north,
    }[direction]


def with_recruited_counts(rounds: QuerySet[ExchangeRound]) -> QuerySet[ExchangeRound]:
    """The rounds with their recruited participants counted per direction in the same query: the
    active participants of their legs. partnerships' `count_participants(round)` reads them beside
    the planned numbers; every page and PDF that summarises a round counts through the two."""
    active = Q(legs__participant_set__status__in=RECRUITED)  # an exchange done or cut short still counts
    return rounds.annotate(
        **{
            name: Count("legs__participant_set", filter=active & _legs_going(direction))
            for direction, name in RECRUITED_ANNOTATIONS.items()
        }
    )


def rounds_of_agreement(agreement: Agreement) -> list[ExchangeRound]:
    """The agreement's rounds in order, each pointing at the given agreement (and so at its case,
    which the permission checks read) instead of loading it again. Loaded onto the agreement
    once: a page that asks again (its rounds, then whether they are finished) asks no more."""
    rounds = with_recruited_counts(ExchangeRound.objects.order_by("number"))
    prefetch_related_objects([agreement], Prefetch("rounds", queryset=rounds))
    rounds = list(agreement.rounds.all())
    for exchange_round in rounds:
        exchange_round.agreement = agreement
    return rounds


def unfinished_rounds(agreement: Agreement) -> list[ExchangeRound]:
    """For reading (pages, the case's exchange gate): from the rounds loaded onto `agreement`."""
    return [round_ for round_ in rounds_of_agreement(agreement) if round_.state in UNFINISHED_STATES]


def has_unfinished_rounds(agreement: Agreement) -> bool:
    """For a service that has just changed a round: asked of the database, never of loaded rounds."""
    return ExchangeRound.objects.filter(agreement=agreement, state__in=UNFINISHED_STATES).exists()


# --- Legs, participants and checklists (the round page: selectors/round_page.py) -----------------


def participant_page(participant: Participant, *, today: date, for_the_participant: bool = False) -> dict:
    """The participant's checklist by phase and what is due next; `for_the_participant`: read by the
    participant, whose own items are "You"'s (responsible_label)."""
    items = list(participant.checklist.order_by("position", "pk").select_related("completed_by"))
    labels = {choice.value: str(choice.label) for choice in Responsible}
    if for_the_participant:
        labels[Responsible.PARTICIPANT] = gettext("You")
    for item in items:
        item.participant = participant
        item.has_thumbnail = thumbnails.can_preview(item.document.name)
        item.responsible_label = labels[item.responsible]
    return {"items_by_phase": _by_phase(items), "next_items": _next_items(items, today), "today": today}


def _by_phase(items) -> list[tuple]:
    return [(phase, [item for item in items if item.phase == phase]) for phase in ChecklistPhase]


THIS_WEEK_DAYS = 7  # "this week": due today or in the six days after


def _next_items(items, today: date, limit: int = 5) -> dict:
    """The open items by when they are due, as of `today` (the reader's date): overdue (before
    today), this week (today and the six days after), later (the first `limit`, and how many more)."""
    open_items = sorted(
        (item for item in items if item.status == ItemStatus.OPEN), key=lambda item: (item.due_on, item.position)
    )
    week_end = today + timedelta(days=THIS_WEEK_DAYS)
    later = [item for item in open_items if item.due_on >= week_end]
    return {
        "overdue": [item for item in open_items if item.due_on < today],
        "this_week": [item for item in open_items if today <= item.due_on < week_end],
        "later": later[:limit],
        "later_more": len(later) - len(later[:limit]),
    }


def item_with_key(participant: Participant, key: str) -> ChecklistItem | None:
    """The participant's checklist item with a stable key (exchanges.item_keys), if their
    checklist has one (a template without the item gives none)."""
    return participant.checklist.filter(key=key).order_by("position", "pk").first()


def participation_of(user) -> Participant | None:
    """The participant record of a participant's account (one per account), with everything the
    portal shows."""
    try:
        return Participant.objects.select_related(
            "leg__home_organisation",
            "leg__host_organisation",
            "leg__exchange_round__agreement__partnership__adviser",
            "follow_up_plan_by",
        ).get(user=user)  # get(): no ordering to compute for the one row
    except Participant.DoesNotExist:
        return None


def contacts_of(*organisations) -> dict[int, list]:
    """The active partner contacts of each organisation (by its id), by name: one query."""
    found: dict[int, list] = {organisation.pk: [] for organisation in organisations}
    people = (
        User.objects.filter(organisations__in=organisations, is_active=True)
        .annotate(organisation_id=F("organisations__id"))
        .order_by("full_name", "pk")
        .only("full_name", "email")
    )
    for person in people:
        found[person.organisation_id].append(person)
    return found


CASELOAD_ROWS = 20


def caseload_participants(adviser, *, today: date, limit: int = CASELOAD_ROWS) -> dict:
    """Across the adviser's caseload: the overdue checklist items (oldest first), the participants
    abroad now and the ages to decide, each list cut at `limit` with its full count; five queries."""
    mine = {"participant__leg__exchange_round__agreement__partnership__adviser": adviser}
    overdue = ChecklistItem.objects.filter(
        **mine, status=ItemStatus.OPEN, due_on__lt=today, participant__status__in=TAKING_PART
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
        "age_decisions": age_decisions(adviser, limit=limit),
    }


def age_decisions(adviser, *, limit: int) -> dict:
    """The participants of the adviser's caseload whose age at departure is outside the main rule
    and waits for her decision (Participant.awaiting_age_decision): those taking part in a round
    not yet done, the first `limit` by departure, and how many in all, in one query (a window
    counts them all before the limit)."""
    waiting = Participant.objects.filter(
        Participant.awaiting_age_decision(),
        leg__exchange_round__agreement__partnership__adviser=adviser,
        leg__exchange_round__state__in=UNFINISHED_STATES,
        status=ParticipantStatus.ACTIVE,
    )
    rows = list(
        waiting.select_related("leg__exchange_round__agreement__partnership")
        .annotate(total=Window(Count("pk")))
        .order_by("leg__departure", "full_name", "pk")[:limit]
    )
    low, high = settings.NOREC_PARTICIPANT_AGE_RANGE
    return {"participants": rows, "count": rows[0].total if rows else 0, "low": low, "high": high}


from exchanges.selectors.round_page import round_page  # noqa: E402  (it uses the selectors above)

__all__ = [
    "age_decisions",
    "caseload_participants",
    "contacts_of",
    "has_unfinished_rounds",
    "item_with_key",
    "participant_page",
    "participation_of",
    "round_page",
    "rounds_of_agreement",
    "unfinished_rounds",
    "with_recruited_counts",
]
