"""The no-dead-ends property of one object of a registered state machine (norec.core.machines).

From a state that is not final, some person (the case's adviser, its partner contacts, its
participants) must be offered a step on the machine's pages that succeeds when pressed and moves
the machine on: into a later state (not an exit such as "withdrawn", not a correction back), or
nearer to one (fewer of the reasons that keep its next transition from being taken), or moves on
one of the parts it waits on (a case its application, its rounds). A step may need another first
(a report is submitted, then accepted), so the walk looks two presses deep; each press happens
inside a savepoint that is rolled back, so the object is left as it was.

When nobody can move it on, it must be waiting for a date or for another party, and its pages
must say so: every sentence of the machine's `waits(obj)` is shown to someone, or each of its
parts waits so."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import translation

from norec.core.machines import StateMachine, parts_of, reasons_by_transition, remaining_reasons
from tests.machines.walk import Form, page_text, press, read_page, steps_on

DEPTH = 2
PRESSES_OF_A_KIND = 3


@dataclass
class Verdict:
    ok: bool
    how: str = ""
    tried: list[str] = field(default_factory=list)

    def explain(self, machine: StateMachine, obj) -> str:
        tried = "\n  ".join(self.tried) or "(no step was offered to anyone)"
        return (
            f"{machine.name} {obj!r} (pk {obj.pk}) is stuck in “{machine.state(obj)}”: "
            f"{self.how}\nsteps tried:\n  {tried}"
        )


def _reload(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


@dataclass(frozen=True)
class Standing:
    """Where a machine stands: its state, and how many reasons keep it from each next state."""

    machine: StateMachine
    obj: object
    state: str
    reasons: dict

    @classmethod
    def of(cls, machine, obj):
        counts = {name: len(reasons) for name, reasons in reasons_by_transition(machine, obj).items()}
        return cls(machine, obj, machine.state(obj), counts)

    def moved_on(self) -> bool:
        """Into a later state, or nearer to one: fewer reasons keep one of its next transitions."""
        after = _reload(self.obj)
        state = self.machine.state(after)
        if state != self.state:
            return state not in self.machine.exits and (self.state, state) not in self.machine.backward
        now = reasons_by_transition(self.machine, after)
        return any(len(now.get(name, [])) < count for name, count in self.reasons.items())


def all_parts(machine: StateMachine, obj) -> list[tuple[StateMachine, object]]:
    """Its parts, and theirs (a case's rounds, and the rounds' reports)."""
    found = []
    for part_machine, part in parts_of(machine, obj):
        found.append((part_machine, part))
        found.extend(all_parts(part_machine, part))
    return found


def _part_keys(machine: StateMachine, obj) -> set[tuple]:
    return {(part_machine.name, part.pk) for part_machine, part in all_parts(machine, obj)}


def standings(machine: StateMachine, obj) -> list[Standing]:
    """The machine's own standing and its parts', as they are now."""
    parts = all_parts(machine, obj)
    return [Standing.of(machine, obj), *(Standing.of(part_machine, part) for part_machine, part in parts)]


class Walker:
    def __init__(self, machine: StateMachine, obj):
        self.machine = machine
        self.clients: dict[int, tuple[object, Client]] = {}
        people = [*machine.people(obj)]
        for part_machine, part in all_parts(machine, obj):
            people.extend(part_machine.people(part))
        for person in people:
            if person is not None and person.pk not in self.clients:
                client = Client()
                client.force_login(person)
                self.clients[person.pk] = (person, client)
        self.tried: list[str] = []

    def pages(self, obj) -> list[str]:
        pages = list(self.machine.pages(obj))
        for part_machine, part in all_parts(self.machine, obj):
            pages.extend(page for page in part_machine.pages(part) if page not in pages)
        return pages

    def offered(self, obj) -> list[tuple[object, Client, Form]]:
        pages = self.pages(obj)
        return [(person, client, form) for person, client in self.clients.values() for form in steps_on(client, pages)]

    def search(self, obj, before: list[Standing], depth: int) -> list[str] | None:
        self.depth = max(getattr(self, "depth", 0), depth)
        parts_before = _part_keys(self.machine, obj)
        pressed_names: Counter = Counter()
        for person, client, form in self.offered(obj):
            # Ticking one checklist item tells as much as ticking twenty: a few of a kind will do.
            kind = (person.pk, form.url_name)
            if pressed_names[kind] >= PRESSES_OF_A_KIND:
                continue
            pressed_names[kind] += 1
            savepoint = transaction.savepoint()
            try:
                pressed = press(client, form)
                outcome = "done" if pressed.done else f"not done ({pressed.status}: {'; '.join(pressed.errors)})"
                self.tried.append(f"{'  ' * (self.depth - depth)}{person}: {form.describe()} → {outcome}")
                if not pressed.done:
                    continue
                step = f"{person} pressed {form.describe()}"
                if any(standing.moved_on() for standing in before):
                    return [step]
                after = _reload(obj)
                made = [
                    Standing.of(part_machine, part)
                    for part_machine, part in all_parts(self.machine, after)
                    if (part_machine.name, part.pk) not in parts_before
                ]
                # Two presses only where the first made something to act on (a report to accept).
                if depth > 1 and made:
                    rest = self.search(after, [*before, *made], depth - 1)
                    if rest:
                        return [step, *rest]
            finally:
                transaction.savepoint_rollback(savepoint)
        return None

    def shown(self, machine: StateMachine, obj) -> tuple[bool, str]:
        """Whether `obj` waits for a date or a party, and its pages say so."""
        sentences = [str(sentence) for sentence in machine.waits(obj)]
        if not sentences:
            reasons = remaining_reasons(machine, obj)
            return False, f"nobody can move it on, and it waits for no date or party; still needed: {reasons}"
        shown = set()
        for person, client in self.clients.values():
            with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
                said = [str(sentence) for sentence in machine.waits(obj)]  # in the reader's language
            for url in machine.pages(obj):
                status, parser = read_page(client, url)
                if status == 200:
                    text = page_text(parser)
                    shown.update(number for number, sentence in enumerate(said) if sentence in text)
        missing = [sentence for number, sentence in enumerate(sentences) if number not in shown]
        if missing:
            return False, f"it waits, but no page says for what: {missing}"
        return True, f"waits: {sentences}"

    def waits(self, obj) -> tuple[bool, str]:
        own, how = self.shown(self.machine, obj)
        parts = parts_of(self.machine, obj)
        if own or not parts:
            return own, how
        verdicts = [(part_machine.name, *self.shown(part_machine, part)) for part_machine, part in parts]
        return all(ok for _name, ok, _how in verdicts), f"its parts: {verdicts}"


def check_no_dead_end(machine: StateMachine, obj) -> Verdict:
    obj = _reload(obj)
    walker = Walker(machine, obj)
    before = standings(machine, obj)
    path = None
    with transaction.atomic():  # every press is rolled back to here
        # One press first, everywhere; two only where one is not enough (most states need one).
        for depth in range(1, DEPTH + 1):
            path = walker.search(obj, before, depth)
            if path:
                break
    if path:
        return Verdict(True, " then ".join(path), walker.tried)
    waiting, how = walker.waits(obj)
    return Verdict(waiting, how, walker.tried)
