"""What higher apps tell the partnership case, registered in their AppConfig.ready().

The case may leave the exchange phase only when the exchange is finished, and may complete only
when its follow-up is, and what "finished" means belongs to the apps that run the exchange
(exchanges: every round done; every round reported). Each registers gates: functions
`case -> reasons it is not finished` ([] = finished for it).

What a case waits for during its exchange belongs to those apps as well: each registers a
WaitingSource, which the case list and the homes read (partnerships.selectors.waiting).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from partnerships.words import register_messages

ExchangeGate = Callable[[object], Iterable]

_exchange_gates: list[ExchangeGate] = []


def register_exchange_gate(gate: ExchangeGate) -> None:
    if gate not in _exchange_gates:
        _exchange_gates.append(gate)


def exchange_unfinished_reasons(case) -> list[str]:
    """Why the case's exchange is not finished, from every registered gate ([] = finished).

    With no gate registered nobody can tell, so the answer is no, with a reason, never a silent yes."""
    if not _exchange_gates:
        return [str(_("Nothing is set up to tell whether the exchange is finished."))]
    return [str(reason) for gate in _exchange_gates for reason in gate(case)]


_follow_up_gates: list[ExchangeGate] = []


def register_follow_up_gate(gate: ExchangeGate) -> None:
    if gate not in _follow_up_gates:
        _follow_up_gates.append(gate)


def follow_up_unfinished_reasons(case) -> list[str]:
    """Why the case's follow-up is not finished, from every registered gate ([] = finished)."""
    return [str(reason) for gate in _follow_up_gates for reason in gate(case)]


# --- What an open case waits for, besides its own documents ------------------------------------
# The case list says what each case waits for, from whom and since when, and sorts by it
# (partnerships.selectors.waiting). During the exchange what it waits for belongs to the apps that
# run it (exchanges: overdue checklist items, round reports, rounds to mark done), so each
# registers a source. A source answers in SQL for the list's sort, and in words for a page of
# cases at once, so a list page costs one query per source, never one per row.


@dataclass(frozen=True)
class Owed:
    """One thing a case waits for, said for its list row: who owes it (a WaitingFor value:
    "adviser", "partners" or "participants"), what, as words in no language (partnerships.words:
    the case keeps them, and each reader reads them in hers), and since when (an aware datetime: a
    due date is its midnight where the service is)."""

    party: str
    words: list
    since: datetime | None = None


@dataclass(frozen=True)
class WaitingSource:
    """`adviser_since(today)` and `others_since(today)`: SQL expressions over a Partnership row
    (OuterRef("pk")), each the moment the case began to wait, because of one thing of this app,
    for the adviser, or for the partners and their participants (NULL when it does not); the list
    sorts by the earliest. `owed(case_pks, today)`: who owes what in each of those cases, {case
    pk: [Owed, ...]}, in one query: the row's words, and which of the partners or the participants
    it waits for. `messages`: the messages its words name, by key (partnerships.words)."""

    adviser_since: Callable[[date], list]
    others_since: Callable[[date], list]
    owed: Callable[[list[int], date], dict[int, list[Owed]]]
    messages: dict = field(default_factory=dict)


_waiting_sources: list[WaitingSource] = []


def register_waiting_source(source: WaitingSource) -> None:
    if source not in _waiting_sources:
        register_messages(source.messages)
        _waiting_sources.append(source)


def waiting_sources() -> list[WaitingSource]:
    return list(_waiting_sources)
