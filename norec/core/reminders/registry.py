"""The kinds of reminder, registered by the apps that own their data.

A kind's `find(window)` answers, for the days of the window, who must be reminded of what: a few
set-based queries whatever the number of items (never one per item). Its `describe(details)` turns
what was stored into a line of the digest, in the reader's language, long after it was found."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings


@dataclass(frozen=True)
class Due:
    """One reminder found: `subject` names the thing ("checklistitem:41"), `url` its page (a path),
    `details` what the line says (strings, numbers and ISO dates: stored as JSON)."""

    recipient_id: int
    subject: str
    url: str
    due_on: date | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """The days a sweep answers for: after `since`, up to and including `today`. Usually one day; after
    the beat was down, the days it missed (so nothing falls between two sweeps), each reminder once."""

    since: date
    today: date

    @property
    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range(1, (self.today - self.since).days + 1)]

    def anchors_ahead(self, offsets: Iterable[int]) -> set[date]:
        """The dates `offset` days ahead of a day of the window: what is due in 14 or 3 days."""
        return {day + timedelta(days=offset) for day in self.days for offset in offsets}

    def anchors_behind(self, *, first: int, every: int, until: int) -> set[date]:
        """The dates that lay `first`, `first + every`, … (up to `until`) days behind a day of the window:
        overdue since yesterday and then weekly, waiting 14 days and then weekly."""
        return {day - timedelta(days=behind) for day in self.days for behind in range(first, until + 1, every)}

    def still_ahead(self, anchors: set[date]) -> set[date]:
        """Those of `anchors` not yet passed today: a catch-up does not remind of 'due soon' when it is overdue."""
        return {anchor for anchor in anchors if anchor >= self.today}


@dataclass(frozen=True)
class ReminderKind:
    """`name` is stored on each row; `label` heads its lines in a digest and names it in the settings.
    A `mandatory` kind (something overdue) cannot be turned off. `roles`: who may receive it (the
    settings page offers a person only the kinds of their role). `order`: its place in a digest."""

    name: str
    label: object
    find: Callable[[Window], Iterable[Due]]
    describe: Callable[[dict], str]
    roles: frozenset[str]
    mandatory: bool = False
    order: int = 50


_kinds: dict[str, ReminderKind] = {}


def register_reminder_kind(kind: ReminderKind) -> ReminderKind:
    """Register (or, on a second `ready()`, replace) a kind under its name."""
    _kinds[kind.name] = kind
    return kind


def reminder_kinds() -> list[ReminderKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))


def kind_named(name: str) -> ReminderKind | None:
    return _kinds.get(name)


def optional_kinds_for(role: str) -> list[ReminderKind]:
    return [kind for kind in reminder_kinds() if not kind.mandatory and role in kind.roles]


def offsets(name: str) -> dict:
    """A kind's timing from the settings (REMINDER_TIMING), e.g. {"days_before": [14, 3]}."""
    return settings.REMINDER_TIMING[name]
