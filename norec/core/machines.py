"""Every state machine of the service, registered by the app that owns it, so that one check can
walk them all (tests/machines/test_no_dead_ends.py): from every state that is not final, some
person must be offered a next step on a page they can reach, or the page must name the date or
the party the machine waits for.

An app registers each machine in its `AppConfig.ready()` with `register_machine(...)`; a model
with a django-fsm field that is not registered fails that check, so a new machine cannot be
forgotten. The core knows nothing of the apps: it keeps what they tell it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class StateMachine:
    """What the no-dead-ends check needs to know of one machine.

    - `states`: its states (`TextChoices`); `final`: those it never leaves; `exits`: states that
      abandon it (withdrawn, terminated …): reaching one is not the next step the check looks for.
    - `state(obj)`: its current state (an FSM field, or worked out, as for an agreement's signatures).
    - `pages(obj)`: the URLs where its next steps are offered, in the order a person would look.
    - `people(obj)`: who might act on it (the case's adviser, its contacts, its participants).
    - `backward`: (from, to) pairs of corrections (a departure recorded by mistake): not progress.
    - `waits(obj)`: when no one can act yet, the sentences its pages show naming the date or the
      party it waits for ([] when it waits for nothing: then someone must be able to act).
    - `reasons(obj)`: what keeps it from moving on, for a machine that is not a django-fsm field
      (the others' reasons are read from their transitions' conditions).
    """

    name: str
    model: type[models.Model]
    states: type[models.TextChoices]
    state: Callable[[models.Model], str]
    pages: Callable[[models.Model], list[str]]
    people: Callable[[models.Model], Iterable]
    final: frozenset = field(default_factory=frozenset)
    exits: frozenset = field(default_factory=frozenset)
    backward: frozenset = field(default_factory=frozenset)
    waits: Callable[[models.Model], list[str]] = lambda obj: []
    reasons: Callable[[models.Model], list[str]] | None = None

    @property
    def open_states(self) -> list[str]:
        return [value for value in self.states.values if value not in self.final]


_machines: dict[str, StateMachine] = {}
# name -> functions obj -> [(machine, part)]: the machines a machine moves on through (a case through
# its application, its agreement's signatures, its rounds), given by the apps that own the parts.
_parts: dict[str, list[Callable]] = {}


def register_machine(machine: StateMachine) -> StateMachine:
    """Register (or, on a second `ready()`, replace) a machine under its name."""
    unknown = (set(machine.final) | set(machine.exits)) - set(machine.states.values)
    if unknown:
        raise ValueError(f"{machine.name}: unknown states {sorted(unknown)}")
    _machines[machine.name] = machine
    return machine


def register_parts(name: str, parts: Callable[[models.Model], list]) -> None:
    """`parts(obj)` gives (machine, object) pairs that `obj` of machine `name` waits on: when one
    of them moves on, so does `obj` (the case's exchange moves on as its rounds do)."""
    if parts not in _parts.setdefault(name, []):
        _parts[name].append(parts)


def parts_of(machine: StateMachine, obj) -> list[tuple[StateMachine, models.Model]]:
    return [part for parts in _parts.get(machine.name, []) for part in parts(obj)]


def machines() -> list[StateMachine]:
    return list(_machines.values())


def machine_named(name: str) -> StateMachine:
    return _machines[name]


# --- What a machine still needs: read from its transitions' declarations -----------------------


def forward_transitions(machine: StateMachine, obj) -> list:
    """The transitions declared from `obj`'s state that move it on: not into an exit, not back."""
    from django_fsm import FSMFieldMixin

    from norec.core.fsm import ANY_OTHER_STATE, ANY_STATE

    state = machine.state(obj)
    found = []
    for model_field in obj._meta.fields:
        if not isinstance(model_field, FSMFieldMixin):
            continue
        for declared in getattr(obj, f"get_all_{model_field.name}_transitions")():
            if declared.source not in (state, ANY_STATE, ANY_OTHER_STATE):
                continue
            if declared.target in machine.exits or (state, declared.target) in machine.backward:
                continue
            found.append(declared)
    return found


def reasons_by_transition(machine: StateMachine, obj) -> dict[str, list[str]]:
    """For each forward transition from `obj`'s state, what keeps it from being taken, in
    sentences ([] = it can be taken now by whoever may). A machine without django-fsm transitions
    says so itself, as one."""
    if machine.reasons is not None:
        return {"": [str(reason) for reason in machine.reasons(obj)]}
    from norec.core.fsm import Condition

    found = {}
    for declared in forward_transitions(machine, obj):
        reasons = []
        for condition in declared.conditions:
            if isinstance(condition, Condition):
                reasons.extend(condition.reasons(obj))
            elif not condition(obj):
                reasons.append(condition.__name__)
        found[declared.name] = reasons
    return found


def remaining_reasons(machine: StateMachine, obj) -> list[str]:
    """What keeps the nearest forward transition from being taken ([] = one can be taken now)."""
    return min(reasons_by_transition(machine, obj).values(), key=len, default=[])
