"""Stable keys for checklist items that other apps complete or reopen (training's "Enrolled in
Training 1", say): found by key, never by title, which advisers may edit or translate.

An app registers the keys it acts on (its AppConfig.ready()); an adviser may give a registered key
to an item of a checklist template (at most once per template), and each participant's copy of
the item carries it."""

from collections.abc import Callable

from django.utils.functional import Promise

_keys: dict[str, Promise | str] = {}
_due_from: dict[str, Callable[[], str]] = {}


def register_item_key(key: str, label: Promise | str, *, due_from: Callable[[], str] | None = None) -> None:
    """`key` (a slug) names items an app completes, reopens or reads; `label` says so to advisers.
    `due_from()`, when given, says which date ("departure" or "return") the items' deadline follows,
    whatever the template says: a rule Norec sets (training: the e-learning's deadline)."""
    _keys[key] = label
    if due_from is not None:
        _due_from[key] = due_from


def due_from_for(key: str) -> str | None:
    """The date a keyed item's deadline follows by the registering app's rule, or None (the template's)."""
    rule = _due_from.get(key)
    return rule() if rule is not None else None


def item_key_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((key, str(label)) for key, label in sorted(_keys.items()))]


def registered_item_keys() -> set[str]:
    return set(_keys)
