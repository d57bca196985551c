"""The main menu. Apps register their entries in `AppConfig.ready()`; the core shows those the
signed-in person may use, in the registered order."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class MenuEntry:
    label: object  # a lazy translation
    url_name: str
    order: int
    visible_to: Callable[[object], bool]


_entries: dict[str, MenuEntry] = {}
# Every page shows the menu: reverse each entry once per URLconf and script prefix, not per request.
_urls: dict[tuple[str, str | None, str], str] = {}


def register_menu_entry(label, url_name: str, *, order: int, visible_to: Callable[[object], bool]) -> None:
    _entries[url_name] = MenuEntry(label, url_name, order, visible_to)
    _urls.clear()


def menu_for(user, current_path: str) -> list[dict]:
    items = []
    for entry in sorted(_entries.values(), key=lambda entry: entry.order):
        if not entry.visible_to(user):
            continue
        url = _url(entry.url_name)
        current = current_path == url or (url != "/" and current_path.startswith(url))
        items.append({"label": entry.label, "url": url, "current": current})
    return items


def _url(url_name: str) -> str:
    key = (url_name, get_urlconf(), get_script_prefix())
    if key not in _urls:
        _urls[key] = reverse(url_name)
    return _urls[key]


# The pages of a person's account (email, password, two-factor …): apps add theirs (a calendar feed).
_account_pages: dict[str, object] = {}


def register_account_page(label, url_name: str) -> None:
    _account_pages[url_name] = label


def account_pages() -> list[dict]:
    return [{"label": label, "url": _url(url_name)} for url_name, label in _account_pages.items()]
