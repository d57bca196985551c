"""The legs of an exchange round: who goes from which organisation to which, for how long.

A round is usually mutual: legs run in both directions at the same time. The direction of a leg
is read from the two organisations' countries, never typed, so it cannot disagree with them."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    months = models.PositiveSmallIntegerField(_("length of the exchange"), choices=ExchangeMonths.choices)
    departure = models.DateField(_("departure"))

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
        return self.departure + relativedelta(months=self.months)

    def clean(self):
        errors = {}
        if self.home_organisation_id and self.host_organisation_id:
            if self.home_organisation_id == self.host_organisation_id:
                errors["host_organisation"] = _("The host organisation must be another partner than the home one.")
            elif self.direction is None:
                errors["host_organisation"] = _("An exchange between two Norwegian organisations is not funded.")
        if errors:
            raise ValidationError(errors)
