"""The case's state diagram as inline SVG, drawn from the FSM declaration itself.

Edges come from the @transition methods on Partnership, so the picture cannot drift from what
the code allows. Only the placement of the boxes is decided here: the normal course on the top
row, the ways out below, each under the phases it can be reached from.
"""

import functools
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerships.models import EXIT_PHASES, MAIN_PHASES, Partnership, Phase

BOX_WIDTH, BOX_HEIGHT = 124, 40
COLUMN = BOX_WIDTH + 44  # box plus the gap its arrow crosses
MARGIN = 16
MAIN_ROW_Y, EXIT_ROW_Y = MARGIN, MARGIN + BOX_HEIGHT + 90


@dataclass(frozen=True)
class Edge:
    name: str
    label: str
    source: str
    target: str


def phase_edges() -> list[Edge]:
    """Every (source, target) pair a Partnership transition declares, in declaration order."""
    field = Partnership._meta.get_field("phase")
    return [
        Edge(
            name=declared.name,
            label=str(declared.custom.get("label", declared.name)),
            source=str(declared.source),
            target=str(declared.target),
        )
        for declared in field.get_all_transitions(Partnership)
    ]


def _positions(edges: list[Edge]) -> dict[str, tuple[float, float]]:
    positions = {str(phase): (MARGIN + index * COLUMN, MAIN_ROW_Y) for index, phase in enumerate(MAIN_PHASES)}
    # An exit sits under the middle of the phases that lead to it, pushed right if that spot is taken.
    wanted = []
    for phase in EXIT_PHASES:
        sources = [positions[e.source][0] for e in edges if e.target == phase and e.source in positions]
        wanted.append((sum(sources) / len(sources) if sources else MARGIN, str(phase)))
    next_free = MARGIN
    for x, phase in sorted(wanted):
        x = max(x, next_free)
        positions[phase] = (x, EXIT_ROW_Y)
        next_free = x + COLUMN
    return positions


def _edge_line(edge: Edge, positions, offsets) -> tuple[float, float, float, float]:
    sx, sy = positions[edge.source]
    tx, ty = positions[edge.target]
    if sy == ty:  # along the row: from the right side of one box to the left side of the next
        return sx + BOX_WIDTH, sy + BOX_HEIGHT / 2, tx - 3, ty + BOX_HEIGHT / 2
    # down to an exit: leave from the bottom, spread out when several edges leave one box
    index, count = offsets[(edge.source, edge.target)]
    start_x = sx + BOX_WIDTH * (index + 1) / (count + 1)
    return start_x, sy + BOX_HEIGHT, tx + BOX_WIDTH / 2, ty - 3


def case_state_diagram(case: Partnership | None = None) -> SafeString:
    """An accessible SVG of the phases and transitions, with the case's current phase highlighted.

    role="img" with a title and description for screen readers, plus a visible-on-demand list of
    every transition as the text alternative. It depends only on the phase and the language (the
    transitions are declared in code), so each pair is drawn once per process."""
    return _diagram(case.phase if case is not None else None, get_language())


@functools.lru_cache(maxsize=64)
def _diagram(current: str | None, language: str) -> SafeString:
    edges = phase_edges()
    positions = _positions(edges)

    leaving = {}
    for edge in edges:
        if positions[edge.source][1] != positions[edge.target][1]:
            leaving.setdefault(edge.source, []).append(edge.target)
    offsets = {
        (source, target): (index, len(targets))
        for source, targets in leaving.items()
        for index, target in enumerate(targets)
    }

    width = max(x for x, _y in positions.values()) + BOX_WIDTH + MARGIN
    height = EXIT_ROW_Y + BOX_HEIGHT + MARGIN
    current_label = Phase(current).label if current else ""
    title = _("Phases of a partnership case")
    description = (
        _("Current phase: %(phase)s.") % {"phase": current_label} if current else _("The phases a case can go through.")
    )

    edge_markup = format_html_join(
        "\n",
        '<g class="fsm-edge" data-transition="{}" data-source="{}" data-target="{}"><title>{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="1.4" '
        'marker-end="url(#fsm-arrow)"/></g>',
        (
            (edge.name, edge.source, edge.target, _edge_title(edge), *_edge_line(edge, positions, offsets))
            for edge in edges
        ),
    )
    box_markup = format_html_join(
        "\n",
        '<g class="fsm-phase{}" data-phase="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="6" '
        'fill="{}" stroke="currentColor" stroke-width="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central" font-weight="{}">{}</text></g>',
        (
            (
                " fsm-phase--current" if phase == current else "",
                phase,
                x,
                y,
                BOX_WIDTH,
                BOX_HEIGHT,
                "#cfe3f7" if phase == current else "#ffffff",
                3 if phase == current else 1,
                x + BOX_WIDTH / 2,
                y + BOX_HEIGHT / 2,
                700 if phase == current else 400,
                Phase(phase).label,
            )
            for phase, (x, y) in positions.items()
        ),
    )
    svg = format_html(
        '<svg class="fsm-diagram" role="img" aria-labelledby="fsm-title fsm-desc" viewBox="0 0 {} {}" '
        'width="{}" font-family="inherit" font-size="13" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="fsm-title">{}</title><desc id="fsm-desc">{}</desc>'
        '<defs><marker id="fsm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>'
        "{}{}</svg>",
        width,
        height,
        width,
        title,
        description,
        edge_markup,
        box_markup,
    )
    return format_html(
        '<figure class="fsm-figure">{}<figcaption><details><summary>{}</summary><p>{}</p><ul>{}</ul>'
        "</details></figcaption></figure>",
        svg,
        _("The phases as text"),
        description,
        format_html_join("", "<li>{}</li>", ((_edge_title(edge),) for edge in edges)),
    )


def _edge_title(edge: Edge) -> str:
    return _("%(action)s: from %(source)s to %(target)s") % {
        "action": edge.label,
        "source": Phase(edge.source).label,
        "target": Phase(edge.target).label,
    }
