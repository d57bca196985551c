"""Sections of the case page that higher apps add, registered in their AppConfig.ready().

A section is a template and a function `(case, user) -> dict | None` that builds its context (its
reads are its app's selectors; None means "nothing to show on this case"). The case page renders
the sections in `order`, each template seeing the page's context plus its own as `section`. Each
section is listed in the page's contents under `title` (linking to `#anchor`); when its context holds
an "action" (a label), "What you can do" offers that label as a link to the section, and it offers
each of its "links" (SectionLink: what the reader owes elsewhere, a round page, say) as well."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseSection:
    template_name: str
    context: Callable[[object, object], dict | None]
    order: int
    anchor: str
    title: str


@dataclass(frozen=True)
class SectionLink:
    """An entry of "What you can do" that leads out of the case page: a sentence and its address."""

    label: str
    url: str


@dataclass(frozen=True)
class RenderedSection:
    template_name: str
    context: dict
    anchor: str
    title: str

    @property
    def action(self) -> str:
        return self.context.get("action", "")

    @property
    def links(self) -> list[SectionLink]:
        return self.context.get("links", [])


_sections: list[CaseSection] = []


def register_case_section(
    template_name: str, context: Callable[[object, object], dict | None], *, order: int, anchor: str, title: str
) -> None:
    if all(section.template_name != template_name for section in _sections):
        _sections.append(CaseSection(template_name, context, order, anchor, title))


def case_sections(case, user) -> list[RenderedSection]:
    """The sections to show `user` on `case`, in order, with their contexts built."""
    rendered = []
    for section in sorted(_sections, key=lambda section: section.order):
        context = section.context(case, user)
        if context is not None:
            rendered.append(RenderedSection(section.template_name, context, section.anchor, section.title))
    return rendered
