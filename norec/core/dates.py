"""Dates as machines read them, and as people do."""

import functools
from datetime import date, datetime

from django.db import NotSupportedError
from django.db.models import DateField, Func
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


class YearsAfter(Func):
    """SQL for the date `years` whole years after a date expression, as dateutil's relativedelta
    adds them (29 February gives 28 February in a year without one), so a query tells an age the
    way the models do: someone is N at a date when it is on or after YearsAfter(born, N)."""

    output_field = DateField()

    def __init__(self, expression, years: int, **extra):
        super().__init__(expression, **extra)
        self.years = int(years)  # written into the SQL: an int, never text

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST(({sql}) + make_interval(years => {self.years}) AS date)", params

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"YearsAfter has no SQL for {connection.vendor}")
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return self.sqlite_sql(sql, params, self.years)

    @staticmethod
    def sqlite_sql(sql: str, params, years: int) -> tuple[str, list]:
        """SQLite's date() rolls 29 February over into March: the last day of the month bounds it."""
        shift = f"'{int(years):+d} years'"
        return (
            f"min(date({sql}, {shift}), date({sql}, 'start of month', {shift}, '+1 month', '-1 day'))",
            [*params, *params],
        )


class MonthsAfter(Func):
    """SQL for the date a number of months (an expression: a column) after a date expression, as
    dateutil's relativedelta adds them on PostgreSQL (31 January plus a month is 28 or 29 February);
    SQLite, the demo's, rolls such a day over into March."""

    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        (day, day_params), (months, months_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"CAST(({day}) + make_interval(months => ({months})::integer) AS date)", [*day_params, *months_params]

    def as_sqlite(self, compiler, connection, **extra_context):
        (day, day_params), (months, months_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"date({day}, '+' || ({months}) || ' months')", [*day_params, *months_params]

    def as_sql(self, compiler, connection, **extra_context):
        # The project runs on PostgreSQL and, for the demo, SQLite (above): no other database is supported.
        raise NotSupportedError(f"MonthsAfter: PostgreSQL and SQLite only, not {connection.vendor}")
