"""A round's budget (C02) and its accounts (C04), by the programme's budget lines.

Participant activities may take at most a share (10 %) of the participant-related costs; the
share is a setting (NOREC_ACTIVITY_CAP_PERCENT) because Norec may change it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from norec.core.limits import not_negative_check
from partnerships.models import format_amount


class BudgetLine(models.TextChoices):
    HOUSING = "housing", _("Housing and utilities")
    INSURANCE = "insurance", _("Travel and health insurance")
    ALLOWANCE = "allowance", _("Monthly allowance")
    TRAVEL = "travel", _("Travel")
    ACTIVITIES = "activities", _("Participant activities")
    START_UP = "start_up", _("Start-up grant (passport, visa, vaccines)")
    PARTNER_MEETING = "partner_meeting", _("Partner meeting")
    ADMINISTRATION = "administration", _("Administration grant")


# The costs that follow the participants; activities are capped as a share of these.
PARTICIPANT_RELATED = (
    BudgetLine.HOUSING,
    BudgetLine.INSURANCE,
    BudgetLine.ALLOWANCE,
    BudgetLine.TRAVEL,
    BudgetLine.ACTIVITIES,
    BudgetLine.START_UP,
)


class RoundBudgetLine(models.Model):
    exchange_round = models.ForeignKey("exchanges.ExchangeRound", on_delete=models.CASCADE, related_name="budget_lines")
    line = models.CharField(_("budget line"), max_length=20, choices=BudgetLine.choices)
    planned = models.DecimalField(
        _("planned (NOK)"), max_digits=12, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    actual = models.DecimalField(
        _("actual (NOK)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("round budget line")
        verbose_name_plural = _("round budget lines")
        constraints = [
            models.UniqueConstraint(fields=["exchange_round", "line"], name="round_budget_line_once"),
            not_negative_check("planned", name="round_budget_line_planned_not_negative"),
            not_negative_check("actual", name="round_budget_line_actual_not_negative"),
        ]

    def __str__(self):
        return self.get_line_display()

    @property
    def difference(self) -> Decimal | None:
        return None if self.actual is None else self.actual - self.planned


def activity_cap_reasons(amounts: dict[str, Decimal], *, column: str = "planned") -> list[str]:
    """Why the activities line breaks the cap ([] when within it). `amounts` maps line → amount."""
    percent = Decimal(settings.NOREC_ACTIVITY_CAP_PERCENT)
    related = sum((amounts.get(line, Decimal(0)) or Decimal(0) for line in PARTICIPANT_RELATED), Decimal(0))
    activities = amounts.get(BudgetLine.ACTIVITIES, Decimal(0)) or Decimal(0)
    cap = (related * percent / 100).quantize(Decimal("0.01"))
    if activities > cap:
        return [
            str(
                _(
                    "Participant activities (%(activities)s) may be at most %(percent)s %% of the "
                    "participant-related costs (%(cap)s)."
                )
                % {"activities": activities, "percent": percent, "cap": cap}
            )
        ]
    return []


def round_budget_reasons(amounts: dict[str, Decimal], *, budget: Decimal, number: int) -> list[str]:
    """Why the lines of round `number`'s budget (C02) exceed the budget the collaboration agreement
    gives the round ([] when within it): a larger round is an amendment, not a budget line."""
    total = sum((amount or Decimal(0) for amount in amounts.values()), Decimal(0))
    if total <= budget:
        return []
    return [
        str(
            _(
                "The budget lines add up to %(total)s, more than the %(budget)s the collaboration agreement gives "
                "round %(number)s. Lower the lines, or ask your programme adviser about an amendment."
            )
            % {"total": format_amount(total), "budget": format_amount(budget), "number": number}
        )
    ]
