"""Template helpers of the core: any registered state's label and colour (norec.core.states), and
machine-readable dates for <time datetime>."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from norec.core import states

register = template.Library()


@register.filter
def state_label(value) -> str:
    """The label of a stored state of any app's state machine (timelines keep raw values)."""
    return states.state_label(value) if value else ""


@register.filter
def state_colour(value) -> str:
    return states.state_colour(value)


@register.filter
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
