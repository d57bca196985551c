"""What the service accepts as input: how long a text may be, which dates make sense, what an amount
of money looks like. One place, so that every form, model, service and database constraint says
the same, and a page never has to show (or an email carry) what nobody meant to type.

Forms say the limit before anything is sent (`maxlength`, a date picker's `min` and `max`) and
refuse more with a clear message at the field; models carry the same validators, and the database
a CHECK, so nothing that bypasses a form can store what would break a page."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Length, Substr
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from norec.core.dates import long_date

# --- Texts --------------------------------------------------------------------------------------
# A comment, a reason, the adviser's remarks: a few paragraphs (about 600 words).
COMMENT_MAX_LENGTH = 4_000
# A considered text: goals, how the partners cooperate, a participant's duties, a follow-up plan.
LONG_TEXT_MAX_LENGTH = 20_000
# A report's text (the documents themselves are uploaded).
REPORT_MAX_LENGTH = 50_000
# What a service records on a timeline: a comment or reason with a few words around it.
RECORDED_TEXT_MAX_LENGTH = LONG_TEXT_MAX_LENGTH


def limited_text(verbose_name, *, max_length: int, **options) -> models.TextField:
    """A TextField with a maximum length: its forms get `maxlength`, and full_clean() checks it
    (Django checks the length of a CharField only). Pair it with `max_length_check` in the Meta."""
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **options)


def max_length_check(field: str, max_length: int, *, name: str) -> models.CheckConstraint:
    """The database's own refusal of a longer text in `field`."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), max_length), name=name)


def check_length(text: str, max_length: int) -> str:
    """A service's check of a text that may not have come through a form."""
    if len(text) > max_length:
        raise ValidationError(
            _("Write at most %(limit)s characters (this has %(length)s).")
            % {
                "limit": number_format(max_length, force_grouping=True),
                "length": number_format(len(text), force_grouping=True),
            },
            code="max_length",
        )
    return text


# --- Dates --------------------------------------------------------------------------------------
# No date of the programme (a seminar, a meeting, a round, a return) lies outside these years; the
# model and the database hold every stored date to them, so no page has to count from the year 1.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
# What people type now lies closer to today (BoundedDateField's years_back and years_ahead).
YEARS_BACK = 5
YEARS_AHEAD = 10
# Participants are adults of working age (DOMAIN: 18 to 35 as a rule); nobody alive was born before.
EARLIEST_BIRTH_DATE = date(1940, 1, 1)


def _resolve(bound):
    return bound() if callable(bound) else bound


def date_range_message(earliest: date, latest: date) -> str:
    return _("Enter a date from %(earliest)s to %(latest)s.") % {
        "earliest": long_date(earliest),
        "latest": long_date(latest),
    }


@deconstructible
class DateRangeValidator:
    """A date from `earliest` to `latest` (each a date, or a callable such as timezone.localdate),
    refused in words ("Enter a date from 1 January 1940 to 5 December 2026.")."""

    def __init__(self, earliest=EARLIEST_DATE, latest=LATEST_DATE):
        self.earliest, self.latest = earliest, latest

    def __call__(self, value):
        earliest, latest = _resolve(self.earliest), _resolve(self.latest)
        if value is not None and not earliest <= value <= latest:
            raise ValidationError(date_range_message(earliest, latest), code="date_range")

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and (self.earliest, self.latest) == (other.earliest, other.latest)


def programme_date_validators() -> list:
    return [DateRangeValidator(EARLIEST_DATE, LATEST_DATE)]


def birth_date_validators() -> list:
    return [DateRangeValidator(EARLIEST_BIRTH_DATE, timezone.localdate)]


def date_range_check(field: str, *, name: str, earliest: date = EARLIEST_DATE) -> models.CheckConstraint:
    """The database's refusal of a date outside the programme's years (NULL passes)."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__range": (earliest, LATEST_DATE)}), name=name)


class BoundedDateField(forms.DateField):
    """A date field with a range: fixed (`earliest`, `latest`) or moving with today (`years_back`,
    `years_ahead`), never outside the programme's years. The date picker is given the range, and a
    date outside it is refused in words."""

    def __init__(self, *, earliest=None, latest=None, years_back=YEARS_BACK, years_ahead=YEARS_AHEAD, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        self.earliest, self.latest = earliest, latest
        self.years_back, self.years_ahead = years_back, years_ahead
        super().__init__(**kwargs)

    def set_bounds(self, earliest, latest) -> None:
        self.earliest, self.latest = earliest, latest
        self.widget.attrs.update(self.widget_attrs(self.widget))

    def __deepcopy__(self, memo):
        # Each form gets its own copy of the field: its date picker's range is today's, not the
        # range of the day the process started (widget_attrs runs only when a field is made).
        copy = super().__deepcopy__(memo)
        copy.widget.attrs.update(copy.widget_attrs(copy.widget))
        return copy

    def bounds(self) -> tuple[date, date]:
        today = timezone.localdate()
        earliest = _resolve(self.earliest) or max(EARLIEST_DATE, today - relativedelta(years=self.years_back))
        latest = _resolve(self.latest) or min(LATEST_DATE, today + relativedelta(years=self.years_ahead))
        return earliest, latest

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        earliest, latest = self.bounds()
        return {**attrs, "min": earliest.isoformat(), "max": latest.isoformat()}

    def validate(self, value):
        super().validate(value)
        DateRangeValidator(*self.bounds())(value)


def date_of_birth_field(**kwargs) -> BoundedDateField:
    return BoundedDateField(earliest=EARLIEST_BIRTH_DATE, latest=timezone.localdate, **kwargs)


# --- Amounts ------------------------------------------------------------------------------------
# Kroner and øre: never negative, at most two decimals, at most ten digits before the decimal mark
# (the models' DecimalField(max_digits=12, decimal_places=2)).
AMOUNT_MAX_DIGITS = 12
AMOUNT_DECIMAL_PLACES = 2
AMOUNT_FORM_OPTIONS = {"max_digits": AMOUNT_MAX_DIGITS, "decimal_places": AMOUNT_DECIMAL_PLACES, "min_value": 0}


def check_amount(amount: Decimal | int | None, *, label) -> Decimal | None:
    """A service's check of an amount that may not have come through a form ("Budget: …"); a whole
    number given as an int is read as the Decimal it is."""
    if amount is None:
        return None
    amount = Decimal(amount) if isinstance(amount, int) else amount
    if amount < 0:
        raise ValidationError(_("%(label)s cannot be negative.") % {"label": label}, code="min_value")
    if amount != amount.quantize(Decimal(1).scaleb(-AMOUNT_DECIMAL_PLACES)):
        raise ValidationError(
            _("%(label)s has more than two decimals (%(amount)s).") % {"label": label, "amount": amount},
            code="decimal_places",
        )
    if amount >= Decimal(10) ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES):
        raise ValidationError(_("%(label)s is too large.") % {"label": label}, code="max_digits")
    return amount


def not_negative_check(field: str, *, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": 0}), name=name)


# --- Rows stored before the limits ---------------------------------------------------------------


def fit_existing_rows(model: str, *, texts: dict | None = None, dates: dict | None = None, amounts=()):
    """A RunPython function for the migration that adds these limits to `model` ("app.Model"): rows
    stored before are brought within them, so the database constraints can be added. A text is cut
    (ending in "…"), a date moved to the nearest bound, a negative amount set to 0. `texts` maps a
    field to its maximum length, `dates` a field to its (earliest, latest)."""

    def forwards(apps, schema_editor):
        rows = apps.get_model(model).objects
        for field, limit in (texts or {}).items():
            too_long = rows.alias(length=Length(field)).filter(length__gt=limit)
            too_long.update(**{field: Concat(Substr(field, 1, limit - 1), Value("…"))})
        for field, (earliest, latest) in (dates or {}).items():
            rows.filter(**{f"{field}__lt": earliest}).update(**{field: earliest})
            rows.filter(**{f"{field}__gt": latest}).update(**{field: latest})
        for field in amounts:
            rows.filter(**{f"{field}__lt": 0}).update(**{field: 0})

    return forwards
