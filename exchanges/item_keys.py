"""Stable keys for checklist items that other apps complete or reopen (training's "Enrolled in
Training 1", say): found by key, never by title, which advisers may edit or translate.

An app registers the keys it acts on (its AppConfig.ready()); an adviser may give a registered key
to an item of a checklist template (at most once per template), and each participant's copy of
the item carries it."""

from django.utils.functional import Promise

_keys: dict[str, Promise | str] = {}


def register_item_key(key: str, label: Promise | str) -> None:
    """`key` (a slug) names items an app completes or reopens; `label` says so to advisers."""
    _keys[key] = label


def item_key_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((key, str(label)) for key, label in sorted(_keys.items()))]


def registered_item_keys() -> set[str]:
    return set(_keys)
