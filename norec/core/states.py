"""States of every state machine, as the core shows them: one label and one colour each.

Apps declare their states as `TextChoices` and give each a Designsystemet colour with the
`@coloured` decorator, which also registers them here, so the timeline (which keeps raw stored
values) and every tag can show any app's states without the core importing that app. A colour
only supports a tag's text, which always names the state.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models

COLOURS = ("neutral", "info", "accent", "success", "warning", "danger")

_registered: list[type[models.TextChoices]] = []
_colours: dict[type, dict[str, str]] = {}
# Stored value -> its member, the first registered machine's where machines share a value (their
# labels and colours must agree then). Filled once at registration: looking up a state on a page
# with hundreds of them must not walk every machine's choices each time.
_members: dict[str, models.Choices] = {}


def coloured(colours: dict[str, str]):
    """Class decorator for a states `TextChoices`: every member gets exactly one colour.

    The members gain a `colour` attribute (`Phase.EXCHANGE.colour`)."""

    def register(choices: type[models.TextChoices]) -> type[models.TextChoices]:
        missing = set(choices.values) - set(colours)
        unknown = set(colours) - set(choices.values)
        wrong = {value: colour for value, colour in colours.items() if colour not in COLOURS}
        if missing or unknown or wrong:
            raise ImproperlyConfigured(
                f"{choices.__name__}: colours missing for {sorted(missing)}, unknown states {sorted(unknown)}, "
                f"unknown colours {wrong}"
            )
        _colours[choices] = {str(value): colour for value, colour in colours.items()}
        choices.colour = property(lambda member: _colours[type(member)][member.value])
        if choices not in _registered:
            _registered.append(choices)
            for member in choices:
                _members.setdefault(str(member.value), member)
        return choices

    return register


def _member(value):
    if isinstance(value, models.Choices):
        return value
    return _members.get(str(value)) if value is not None else None


def state_label(value) -> str:
    """The label of a stored state value of any registered machine (the raw value if unknown)."""
    member = _member(value)
    return str(member.label) if member is not None else str(value or "")


def state_colour(value) -> str:
    member = _member(value)
    return member.colour if member is not None and type(member) in _colours else "neutral"
