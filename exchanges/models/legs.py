"""The legs of an exchange round: who goes from which organisation to which, for how long.

A round is usually mutual: legs run in both directions at the same time. The direction of a leg
is read from the two organisations' countries, never typed, so it cannot disagree with them. A
leg lies within its round's planned period, and takes as many participants as it plans, plus the
extra places the adviser accepted."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from exchanges.models.participants import TAKING_PART
from partnerships.models import RoundDirection


class ExchangeMonths(models.IntegerChoices):
    """How long participants are exchanged (Norec: 6, 12 or 18 months)."""

    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")
    EIGHTEEN = 18, _("18 months")


def direction_between(home, host) -> RoundDirection | None:
    """north→south, south→north or south→south from the organisations' countries; None for
    north→north, which the programme does not fund."""
    if home.is_north:
        return None if host.is_north else RoundDirection.NORTH_SOUTH
    return RoundDirection.SOUTH_NORTH if host.is_north else RoundDirection.SOUTH_SOUTH


def months_after(day: date, months: int) -> date:
    """`day` plus `months`, or the last day there is: a date stored before legs were bounded
    (9999-12-31) must not make every page that shows its return fail."""
    try:
        return day + relativedelta(months=months)
    except (OverflowError, ValueError):
        return date.max


def leg_period_errors(exchange_round, departure: date | None, months: int | None) -> dict[str, str]:
    """Why a leg leaving on `departure` for `months` months does not fit in the round's planned
    period, by field ({} when it fits)."""
    if departure is None:
        return {}
    period = {
        "number": exchange_round.number,
        "start": date_format(exchange_round.planned_start, "DATE_FORMAT"),
        "end": date_format(exchange_round.planned_end, "DATE_FORMAT"),
    }
    if not exchange_round.planned_start <= departure <= exchange_round.planned_end:
        return {
            "departure": str(
                _("Round %(number)s runs from %(start)s to %(end)s: a leg leaves within that period.") % period
            )
        }
    if months and months_after(departure, months) > exchange_round.planned_end:
        return {
            "months": str(
                _(
                    "A leg of %(months)s months leaving on %(departure)s returns on %(return)s, after round "
                    "%(number)s ends (%(end)s): leave earlier or choose a shorter exchange."
                )
                % {
                    **period,
                    "months": months,
                    "departure": date_format(departure, "DATE_FORMAT"),
                    "return": date_format(months_after(departure, months), "DATE_FORMAT"),
                }
            )
        }
    return {}


class ExchangeLeg(models.Model):
    exchange_round = models.ForeignKey(
        "exchanges.ExchangeRound", on_delete=models.CASCADE, related_name="legs", verbose_name=_("round")
    )
    home_organisation = models.ForeignKey(
        "partnerships.PartnerOrganisation",
        on_delete=models.PROTECT,
        related_name="legs_sending",
        verbose_name=_("home organisation"),
    )
    host_organisation = models.ForeignKey(
        "partnerships.PartnerOrganisation",
        on_delete=models.PROTECT,
        related_name="legs_hosting",
        verbose_name=_("host organisation"),
    )
    participants = models.PositiveSmallIntegerField(_("number of participants"))
    # Places beyond the planned number that the case's adviser accepted, each with a recorded reason.
    extra_places = models.PositiveSmallIntegerField(_("extra places accepted"), default=0)
    months = models.PositiveSmallIntegerField(_("length of the exchange"), choices=ExchangeMonths.choices)
    departure = models.DateField(_("departure"))
    # Empty: the participants return `months` after the departure. Set by an approved round agreement
    # amendment (C05) that moved the return to another day.
    returns_on = models.DateField(_("return agreed by amendment"), null=True, blank=True)

    class Meta:
        verbose_name = _("exchange leg")
        verbose_name_plural = _("exchange legs")
        ordering = ["exchange_round", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(home_organisation=models.F("host_organisation")),
                name="exchange_leg_two_organisations",
            ),
            models.CheckConstraint(condition=models.Q(participants__gte=1), name="exchange_leg_has_participants"),
        ]

    def __str__(self):
        return f"{self.home_organisation.name} → {self.host_organisation.name}"

    @property
    def direction(self) -> RoundDirection | None:
        return direction_between(self.home_organisation, self.host_organisation)

    def get_direction_display(self) -> str:
        direction = self.direction
        return str(direction.label) if direction else ""

    @property
    def return_date(self) -> date:
        return self.returns_on or months_after(self.departure, self.months)

    @property
    def length_display(self) -> str:
        """ "12 months", or the length an amendment agreed ("14 months and 3 days" reads as its dates)."""
        if self.returns_on is None:
            return self.get_months_display()
        delta = relativedelta(self.returns_on, self.departure)
        months = delta.years * 12 + delta.months
        if delta.days:
            return str(_("%(months)s months and %(days)s days") % {"months": months, "days": delta.days})
        return str(_("%(months)s months") % {"months": months})

    @property
    def places(self) -> int:
        """How many may take part: the planned number and the extra places the adviser accepted."""
        return self.participants + self.extra_places

    def active_count(self) -> int:
        """Participants taking part (from the participants loaded with the leg, if they were)."""
        return sum(1 for participant in self.participant_set.all() if participant.status in TAKING_PART)

    def clean(self):
        errors = {}
        if self.home_organisation_id and self.host_organisation_id:
            if self.home_organisation_id == self.host_organisation_id:
                errors["host_organisation"] = _("The host organisation must be another partner than the home one.")
            elif self.direction is None:
                errors["host_organisation"] = _("An exchange between two Norwegian organisations is not funded.")
        if self.exchange_round_id and self.months in ExchangeMonths.values:
            errors.update(leg_period_errors(self.exchange_round, self.departure, self.months))
        if errors:
            raise ValidationError(errors)
