"""Template helpers of the core: any registered state's label and colour (norec.core.states)."""

from django import template

from norec.core import states

register = template.Library()


@register.filter
def state_label(value) -> str:
    """The label of a stored state of any app's state machine (timelines keep raw values)."""
    return states.state_label(value) if value else ""


@register.filter
def state_colour(value) -> str:
    return states.state_colour(value)
