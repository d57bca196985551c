"""Read queries of the amendments app: what a person may see, the adviser's queue, and the
current values an amendment compares itself with."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from amendments.models import OPEN_STATES, Amendment, AmendmentKind, AmendmentState
from amendments.snapshot import agreement_values, round_values
from norec.core.listing import Column, Sorting
from partnerships.models import Partnership


def current_values(amendment: Amendment) -> dict:
    """Today's values of what the amendment is about: the agreement (B03) or its round (C05)."""
    if amendment.kind == AmendmentKind.C05:
        return round_values(amendment.exchange_round)
    return agreement_values(amendment.partnership.agreement)


def today_with(case: Partnership, kind: str, changes: dict, exchange_round=None) -> dict:
    """Today's values of the agreement (B03) or round (C05) with `changes` laid over them (a value of
    None removes its key): a proposal as the form makes it, for the demo and the tests."""
    proposal = current_values(Amendment(partnership=case, kind=kind, exchange_round=exchange_round))
    for key, value in changes.items():
        if value is None:
            proposal.pop(key, None)
        else:
            proposal[key] = value
    return proposal


def visible_amendments(user):
    """The amendments of the cases `user` may see (advisers: all; contacts: their cases'; others: none)."""
    return Amendment.objects.filter(partnership__in=Partnership.objects.visible_to(user))


def get_amendment_for_user(user, pk: int) -> Amendment:
    """The amendment if the user may see its case; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(
        visible_amendments(user).select_related(
            "partnership__adviser", "partnership__agreement", "exchange_round", "created_by", "decided_by"
        ),
        pk=pk,
    )


def amendment_events(amendment: Amendment):
    """The amendment's own entries of its case's timeline, newest first, as timeline rows."""
    from norec.core.audit import events_for
    from norec.core.timeline import timeline_rows

    events = events_for(amendment.partnership).filter(data__amendment=amendment.pk)
    return timeline_rows(events.order_by("-created_at", "-pk"))[:50]


def case_amendments(case: Partnership) -> list[Amendment]:
    return list(
        case.amendments.select_related("exchange_round", "created_by", "decided_by")
        .annotate(document_count=Count("documents"))
        .order_by("-created_at", "-pk")
    )


QUEUE_SORTING = Sorting(
    [
        Column("reference", _("Amendment"), ("kind", "pk")),
        Column("case", _("Partnership"), ("partnership__name",)),
        Column("submitted", _("Submitted"), ("submitted_at",)),
        Column("adviser", _("Adviser"), ("partnership__adviser__full_name",)),
    ],
    default="submitted",  # the longest waiting first
)


def adviser_queue(user, *, who: str = "", kind: str = "", state: str = "", order_by=("submitted_at", "pk")):
    """The amendments of the adviser's own cases (or every case, `who="all"`), of one form and
    state if asked, in the list's order (the oldest submitted first by default)."""
    found = Amendment.objects.all()
    if who != "all":
        found = found.filter(partnership__adviser=user)
    if kind:
        found = found.filter(kind=kind)
    if state:
        found = found.filter(state=state)
    return found.select_related("partnership__adviser", "exchange_round").order_by(*order_by)


def open_amendment_for(case: Partnership, *, kind: str, exchange_round=None) -> Amendment | None:
    found = case.amendments.filter(kind=kind, state__in=OPEN_STATES)
    if exchange_round is not None:
        found = found.filter(exchange_round=exchange_round)
    return found.first()


def amendments_to_finish(user, *, limit: int = 20) -> list[Amendment]:
    """A partner contact's open amendments the partners still hold: drafts and those returned for
    revision, the returned first (the adviser waits for them), then the oldest draft."""
    if not (user.is_authenticated and user.is_partner_contact):
        return []
    held = visible_amendments(user).filter(state__in=(AmendmentState.RETURNED, AmendmentState.DRAFT))
    return list(
        held.select_related("partnership", "exchange_round")
        .annotate(returned_first=Q(state=AmendmentState.RETURNED))
        .order_by("-returned_first", "created_at", "pk")[:limit]
    )
