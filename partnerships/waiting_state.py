"""What each case waits for, kept on the case (Partnership.waiting_for, waiting_since,
waiting_words), so the case list, the homes and the dashboard read a column instead of computing
it for every case on every request (with its dozen correlated subqueries and the sources' joins
over thousands of checklist items).

The rules stay where they are (partnerships.selectors.waiting: with_waiting, decide, and the
registered sources' owed); refresh_waiting applies them to some cases, or every open one, and
writes the result in a constant number of queries.

Kept fresh two ways:
- every change that can change a case's wait records an event on its timeline
  (partnerships.notifications.record_case_event), which calls waiting_changed(case): the case is
  refreshed at once, inside the change's transaction (which holds the case locked, so the state
  is never older than the change, and a rollback takes it back too), and once more when that
  transaction commits, for whatever the service changed after its last event;
- time passes (an item falls overdue at midnight, a round's planned end passes): a beat task
  refreshes every open case shortly after midnight (partnerships.tasks). So the wait of a case is
  exact after any change, and at most a day stale for the passage of time alone.
"""

import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.utils import timezone

from partnerships.events import CaseEvent
from partnerships.models import OPEN_PHASES, Partner, Partnership
from partnerships.selectors import waiting as waits

FIELDS = ("waiting_for", "waiting_since", "waiting_words", "waiting_refreshed_at")


def refresh_waiting(case_pks: Iterable[int] | None = None, today: date | None = None) -> int:
    """Compute and keep what the cases `case_pks` (None: every open case) wait for, as of `today`
    (the service's today by default). Five queries whatever the number of cases (none for an
    empty list): the cases with the rules' annotations, their partners, each source's owed, the
    update. Returns how many cases were refreshed."""
    today = today or timezone.localdate()
    cases = Partnership.objects.all()
    if case_pks is None:
        cases = cases.filter(phase__in=OPEN_PHASES)
    else:
        case_pks = list(case_pks)
        if not case_pks:
            return 0
        cases = cases.filter(pk__in=case_pks)
    values = list(
        waits.with_waiting(cases, today)
        .order_by("pk")
        .values(
            "pk",
            "phase",
            "due_for",
            "due_since",
            "report_submitted",
            "application_status",
            "has_agreement",
            "meeting_minutes",
        )
    )
    if not values:
        return 0
    flags: dict[int, list] = {value["pk"]: [] for value in values}
    partners = (
        Partner.objects.filter(partnership_id__in=flags)
        .annotate(**waits.partner_flags())
        .order_by("-is_coordinating", "organisation__name")
        .values_list("partnership_id", "organisation__name", "represented", "signed")
    )
    for case_pk, name, represented, signed in partners:
        flags[case_pk].append((name, represented, signed))
    owed = waits.owed_of(values, today)
    now = timezone.now()
    kept = []
    for value in values:
        who, words = waits.decide(value, flags[value["pk"]], owed.get(value["pk"], ()))
        kept.append(
            Partnership(
                pk=value["pk"],
                waiting_for=who,
                waiting_since=value["due_since"],
                waiting_words=words,
                waiting_refreshed_at=now,
            )
        )
    Partnership.objects.bulk_update(kept, FIELDS)
    return len(kept)


def refresh_demo_waiting(demo) -> None:
    """The demo's builder (the last): every case it made, refreshed once more."""
    refresh_waiting()


# The cases whose refresh waits for the end of a block that changes many (deferred_refresh): None
# outside one. Per thread, as Django's connections are.
_deferred = threading.local()


# Events that never change what a case waits for (a comment, a draft saved: they do not restart
# the wait): the refresh waits for the commit, and the change costs no query more.
WAIT_UNCHANGED = frozenset(
    {
        CaseEvent.COMMENT,
        CaseEvent.APPLICATION_DRAFT_SAVED,
        CaseEvent.APPLICATION_FIELD_RESTORED,
        CaseEvent.ADVISER_CHANGED,
    }
)


def waiting_changed(case: Partnership | int | Iterable[int], *, at_once: bool = True) -> None:
    """A change to `case` (or to the cases of an iterable of pks) may change what it waits for:
    refresh it now (`at_once`: inside the caller's transaction, which sees the change) and once
    more when that transaction commits (once per transaction, whatever the number of events)."""
    if isinstance(case, Partnership):
        pks = [case.pk]
    elif isinstance(case, int):
        pks = [case]
    else:
        pks = list(case)
    deferred = getattr(_deferred, "cases", None)
    if deferred is not None:
        deferred.update(pks)
        return
    if at_once or not connection.in_atomic_block:
        refresh_waiting(pks)
    if connection.in_atomic_block:
        pending = next((f for _s, f, _r in connection.run_on_commit if isinstance(f, _RefreshOnCommit)), None)
        if pending is None:
            transaction.on_commit(_RefreshOnCommit(pks))
        else:  # one refresh after the commit, for every case the transaction changed
            pending.pks.update(pks)


class _RefreshOnCommit:
    """A callable for on_commit that says which cases it refreshes, so that a transaction queues one
    (a callback of a rolled-back savepoint is gone from the list, and a new one is queued; cases
    noted in one that outlives the savepoint are refreshed anyway, which is always right)."""

    def __init__(self, pks):
        self.pks = set(pks)

    def __call__(self):
        refresh_waiting(sorted(self.pks))


@contextmanager
def deferred_refresh():
    """Inside the block, changes only note their cases; they are refreshed together at its end
    (the caseload builder and the demo make thousands of changes: one refresh for all, not one
    per event)."""
    if getattr(_deferred, "cases", None) is not None:  # nested: the outer block refreshes
        yield
        return
    _deferred.cases = set()
    try:
        yield
        pks = _deferred.cases
    finally:
        _deferred.cases = None
    refresh_waiting(sorted(pks))


def refresh_never_refreshed(*, apps=None, **kwargs) -> None:
    """After `migrate`: the cases whose wait was never computed (made before it was kept, or by a
    data migration), so no list shows "Nobody" until the first nightly refresh. Skipped when the
    database is migrated to a state without the columns."""
    if apps is not None:
        try:
            apps.get_model("partnerships", "Partnership")._meta.get_field("waiting_refreshed_at")
        except (LookupError, FieldDoesNotExist):  # no such model or column in the state migrated to
            return
    pks = list(Partnership.objects.filter(waiting_refreshed_at__isnull=True).values_list("pk", flat=True))
    if pks:
        refresh_waiting(pks)
