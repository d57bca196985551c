"""Dates are written one way, in the reader's language: "1. august 2027" in bokmål, "1 August 2027"
in English; never the US month-first forms ("08/01/2027") that Django's English defaults use,
neither shown nor read from what people type."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, translation

AUGUST_FIRST = date(2027, 8, 1)
ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [("nb", "1. august 2027", "01.08.2027"), ("en", "1 August 2027", "1 Aug 2027")],
)
def test_dates_in_each_language(language, long, short):
    with translation.override(language):
        assert formats.date_format(AUGUST_FIRST, "DATE_FORMAT") == long
        assert formats.date_format(AUGUST_FIRST, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(datetime(2027, 8, 1, 14, 2), "DATETIME_FORMAT").endswith("14:02")


def test_english_does_not_read_month_first_dates():
    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("2027-08-01") == AUGUST_FIRST
        assert field.clean("01.08.2027") == AUGUST_FIRST
        with pytest.raises(forms.ValidationError):
            field.clean("08/01/2027")


def our_files(pattern: str):
    for folder in ("templates", "norec", "partnerships", "exchanges", "training", "amendments", "workspace"):
        for path in (ROOT / folder).rglob(pattern):
            if "migrations" not in path.parts and "formats" not in path.parts:
                yield path


def test_templates_name_formats_instead_of_spelling_them_out():
    """Only the named formats (DATE_FORMAT, ...) which the format modules define per language; for
    `<time datetime>` the `iso` filter."""
    spelled = re.compile(r"""\|date:(?!["'](SHORT_)?DATE(TIME)?_FORMAT["'])""")
    found = [f"{path.relative_to(ROOT)}" for path in our_files("*.html") if spelled.search(path.read_text())]
    assert not found, f"templates with a hand-written date format: {found}"


def test_python_formats_dates_through_django_formats():
    found = [f"{path.relative_to(ROOT)}" for path in our_files("*.py") if "strftime(" in path.read_text()]
    assert not found, f"strftime in {found}: use django.utils.formats.date_format"
