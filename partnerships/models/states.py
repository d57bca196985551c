"""The states and choices of the partnership app: phases of a case, statuses of its documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from norec.core.money import format_money
from norec.core.states import coloured

BUDGET_CURRENCY = "NOK"  # Norec grants are made in Norwegian kroner


@coloured(
    {
        "pre_study": "info",
        "application": "accent",
        "exchange": "success",
        "follow_up": "warning",
        "completed": "success",
        "withdrawn": "neutral",
        "declined": "danger",
        "terminated": "danger",
    }
)
class Phase(models.TextChoices):
    PRE_STUDY = "pre_study", _("Pre-study")
    APPLICATION = "application", _("Application")
    EXCHANGE = "exchange", _("Exchange")
    FOLLOW_UP = "follow_up", _("Follow-up")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")
    TERMINATED = "terminated", _("Terminated")


# The order a case normally runs through, and the ways out of it. Used for layout (diagram) and
# for "is this case still open"; which moves are allowed is declared only by the transitions.
MAIN_PHASES = (Phase.PRE_STUDY, Phase.APPLICATION, Phase.EXCHANGE, Phase.FOLLOW_UP, Phase.COMPLETED)
EXIT_PHASES = (Phase.WITHDRAWN, Phase.DECLINED, Phase.TERMINATED)
# Final reports are written in follow-up: a case still before it has none (pages skip the query).
PHASES_BEFORE_REPORTS = (Phase.PRE_STUDY, Phase.APPLICATION, Phase.EXCHANGE)
OPEN_PHASES = (Phase.PRE_STUDY, Phase.APPLICATION, Phase.EXCHANGE, Phase.FOLLOW_UP)


@coloured({"draft": "neutral", "submitted": "info", "returned": "warning", "approved": "success", "declined": "danger"})
class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


EDITABLE_APPLICATION_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


class RoundDirection(models.TextChoices):
    NORTH_SOUTH = "north_south", _("North → south")
    SOUTH_NORTH = "south_north", _("South → north")
    SOUTH_SOUTH = "south_south", _("South → south")


class PartnershipDirection(models.TextChoices):
    # An en dash joins the two ends, as in Norec's own texts.
    NORTH_SOUTH = "north_south", _("North–south")  # noqa: RUF001
    SOUTH_SOUTH = "south_south", _("South–south")  # noqa: RUF001


class SignatureMethod(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmed in Norec Exchange")
    UPLOAD = "upload", _("Signed copy uploaded")


@coloured({"submitted": "info", "accepted": "success", "returned": "warning"})
class FinalReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


def format_amount(amount) -> str:
    return format_money(amount, BUDGET_CURRENCY)
