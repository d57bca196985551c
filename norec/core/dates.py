"""Dates as machines read them, and as people do."""

import functools
from datetime import date, datetime

from django.utils import formats, timezone, translation


def iso(value) -> str:
    """A date or datetime for `<time datetime="…">`: ISO 8601, local time, whole seconds (the HTML
    spec allows at most milliseconds, and `|date:"c"` prints microseconds)."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


def long_date(value) -> str:
    """A calendar date as the active language writes it (DATE_FORMAT: "3 December 2026",
    "3. desember 2026"); "" for none. The same dates fill a page (due dates, departures), and
    Django's formatter is slow enough to show: each date is formatted once per language."""
    if not isinstance(value, date):
        return ""
    if isinstance(value, datetime):  # a moment: its day where the reader is
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return _long_date(value, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _long_date(value: date, language: str) -> str:  # `language`: the cache key; the format reads it
    return formats.date_format(value, "DATE_FORMAT")
