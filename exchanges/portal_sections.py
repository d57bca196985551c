"""Sections of the participant's own page (the portal) that higher apps add in their
AppConfig.ready(): a template and a function `(participant, user) -> dict | None` building its
context (None: nothing to show). Training shows the participant's courses this way."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PortalSection:
    template_name: str
    context: Callable[[object, object], dict | None]
    order: int


_sections: list[PortalSection] = []


def register_portal_section(template_name: str, context: Callable[[object, object], dict | None], *, order: int):
    if all(section.template_name != template_name for section in _sections):
        _sections.append(PortalSection(template_name, context, order))


def portal_sections(participant, user) -> list[tuple[str, dict]]:
    rendered = []
    for section in sorted(_sections, key=lambda section: section.order):
        context = section.context(participant, user)
        if context is not None:
            rendered.append((section.template_name, context))
    return rendered
