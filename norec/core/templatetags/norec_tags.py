"""Template helpers of the core: any registered state's label and colour (norec.core.states),
machine-readable dates for <time datetime>, and amounts of money."""

from django import template

from norec.core import dates, limits, states
from norec.core.money import format_money
from norec.core.timeline import render_timeline

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
    return dates.iso(value)


@register.filter
def long_date(value) -> str:
    """`{{ item.due_on|long_date }}`: as `|date:"DATE_FORMAT"`, formatted once per date and language."""
    return dates.long_date(value)


@register.filter
def money(value, currency: str) -> str:
    """`{{ participant.allowance_amount|money:participant.allowance_currency }}`: "NOK 25,000.00"."""
    return format_money(value, currency) if value is not None else ""


@register.simple_tag
def timeline(events):
    """`{% timeline events %}`: the entries as norec.core.timeline renders them."""
    return render_timeline(events)


# What a hand-written <textarea> may hold, named as in norec.core.limits: {% max_length "comment" %}.
_TEXT_LIMITS = {"comment": limits.COMMENT_MAX_LENGTH, "long_text": limits.LONG_TEXT_MAX_LENGTH}


@register.simple_tag
def max_length(kind: str) -> int:
    return _TEXT_LIMITS[kind]
