"""Template helpers of the partnership pages (state labels and colours come from norec_tags)."""

from django import template

from partnerships import models

register = template.Library()


@register.filter
def amount(value) -> str:
    """A budget amount with its currency, e.g. "NOK 850,000.00"; empty when not given."""
    return models.format_amount(value) if value is not None else ""
