"""Template helpers of the partnership pages: state labels and the colour of their tags."""

from django import template

from partnerships import models

register = template.Library()

# A tag's colour only supports its text (which always names the state), never replaces it.
_STATE_COLOURS = {
    models.Phase.PRE_STUDY: "info",
    models.Phase.APPLICATION: "accent",
    models.Phase.EXCHANGE: "success",
    models.Phase.FOLLOW_UP: "warning",
    models.Phase.COMPLETED: "success",
    models.Phase.WITHDRAWN: "neutral",
    models.Phase.DECLINED: "danger",
    models.Phase.TERMINATED: "danger",
    models.ApplicationStatus.DRAFT: "neutral",
    models.ApplicationStatus.SUBMITTED: "info",
    models.ApplicationStatus.RETURNED: "warning",
    models.ApplicationStatus.APPROVED: "success",
    models.FinalReportStatus.ACCEPTED: "success",
}


@register.filter
def state_label(value) -> str:
    """The label of a stored phase or application status, as the timeline keeps raw values."""
    return models.state_label(str(value)) if value else ""


@register.filter
def state_colour(value) -> str:
    return _STATE_COLOURS.get(str(value), "neutral")


@register.filter
def amount(value) -> str:
    """A budget amount with its currency, e.g. "NOK 850,000.00"; empty when not given."""
    return models.format_amount(value) if value is not None else ""
