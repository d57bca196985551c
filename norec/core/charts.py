"""Charts drawn on the server as accessible SVG: no JavaScript, nothing to load.

A chart is built from its numbers (categories, and one or more series of values per category) and
carries both its drawing and those numbers, so the template (templates/includes/chart.html) shows
the picture and, beside it, a real table with the same numbers for whoever cannot see it. The
picture is one image to assistive technology (`role="img"`, named by its `<title>`, described by
its `<desc>`); its meaning is never told by colour alone: each bar carries its value, each series
has its own pattern and a legend, and the line chart's points are labelled.

The SVG is built with format_html (every label escaped) rather than a template: a chart has dozens
of elements, and a template loop per element costs more than the page's queries. It scales with
its container (a viewBox and width 100 %), so it never makes a phone's page scroll sideways."""

from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Fixed hexes, each at least 5:1 against white (WCAG asks 3:1 of graphics): blue, rust, green.
SERIES_COLOURS = ("#0062ba", "#b23e00", "#1a7f37", "#6b3fa0")
# Each series also has a pattern of its own (solid, stripes, dots, cross-hatch), so two series
# differ without colour too.
PATTERNS = ("solid", "stripes", "dots", "cross")
WIDTH = 480  # the viewBox's width; the drawing scales to the page's width
FONT = 14
BAR = 20  # a bar's thickness
GAP = 8


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its numbers. `rows` pair each category with its values, for the table."""

    chart_id: str
    title: str
    description: str
    category_heading: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    svg: SafeString

    @property
    def rows(self) -> list[tuple[str, tuple[int, ...]]]:
        return [
            (category, tuple(series.values[index] for series in self.series))
            for index, category in enumerate(self.categories)
        ]

    @property
    def is_empty(self) -> bool:
        return not any(value for series in self.series for value in series.values)


def bar_chart(chart_id: str, *, title: str, categories, series, category_heading: str, description: str = "") -> Chart:
    """Horizontal bars, grouped by category when there are several series: each category's label
    above its bars (so long names need no margin), each bar's value at its end."""
    categories, series = tuple(str(c) for c in categories), _checked(categories, series)
    description = description or _describe(categories, series)
    top = _legend_height(series)
    group = FONT + 6 + len(series) * (BAR + 2) + GAP
    height = top + len(categories) * group + GAP
    scale = _scale(series)
    room = WIDTH - 56  # the value's place after the longest bar
    parts = [_legend(chart_id, series)]
    for index, category in enumerate(categories):
        y = top + index * group
        parts.append(_text(0, y + FONT, category, weight="600"))
        for number, one in enumerate(series):
            value = one.values[index]
            bar_y = y + FONT + 6 + number * (BAR + 2)
            length = round(room * value / scale) if scale else 0
            parts.append(_bar(chart_id, number, 0, bar_y, max(length, 1 if value else 0), BAR))
            parts.append(_text(length + 6, bar_y + BAR - 5, str(value)))
    return _chart(chart_id, title, description, category_heading, categories, series, height, parts)


def column_chart(
    chart_id: str, *, title: str, categories, series, category_heading: str, description: str = ""
) -> Chart:
    """Vertical bars (columns) grouped by category, for a few categories such as years: each
    column's value above it, the category below the group."""
    categories, series = tuple(str(c) for c in categories), _checked(categories, series)
    description = description or _describe(categories, series)
    top = _legend_height(series) + FONT + 4
    plot = 180
    base = top + plot
    height = base + FONT + 12
    slot = WIDTH / max(len(categories), 1)
    column = min(40, (slot - GAP * 2) / max(len(series), 1))
    scale = _scale(series)
    parts = [_legend(chart_id, series), _line(0, base, WIDTH, base)]
    for index, category in enumerate(categories):
        left = index * slot + (slot - column * len(series)) / 2
        for number, one in enumerate(series):
            value = one.values[index]
            size = round(plot * value / scale) if scale else 0
            x = left + number * column
            parts.append(_bar(chart_id, number, x + 1, base - size, column - 2, size))
            parts.append(_text(x + column / 2, base - size - 4, str(value), anchor="middle"))
        parts.append(_text(index * slot + slot / 2, base + FONT + 6, category, anchor="middle", weight="600"))
    return _chart(chart_id, title, description, category_heading, categories, series, height, parts)


def line_chart(
    chart_id: str,
    *,
    title: str,
    categories,
    series: Series,
    category_heading: str,
    marker: int | None = None,
    marker_label: str = "",
    label_every: int = 3,
    description: str = "",
) -> Chart:
    """One series over time as an area under a line, each point marked, every `label_every`th
    category named below and the highest and the marked point's values printed. `marker` is the
    index of a category drawn as a dashed vertical line with `marker_label` (today, say)."""
    categories, (series,) = tuple(str(c) for c in categories), _checked(categories, [series])
    description = description or _describe_line(categories, series, marker)
    top, plot, left = FONT + 8, 160, 8
    base = top + plot
    height = base + FONT + 12
    step = (WIDTH - 2 * left) / max(len(categories) - 1, 1)
    scale = _scale([series])
    points = [
        (left + index * step, base - (plot * value / scale if scale else 0))
        for index, value in enumerate(series.values)
    ]
    colour = SERIES_COLOURS[0]
    parts = [_line(0, base, WIDTH, base)]
    if points:
        outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        area = f"{points[0][0]:.1f},{base} {outline} {points[-1][0]:.1f},{base}"
        parts.append(format_html('<polygon points="{}" fill="{}" fill-opacity="0.15"></polygon>', area, colour))
        parts.append(
            format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"></polyline>', outline, colour)
        )
        parts.append(
            format_html_join(
                "", '<circle cx="{}" cy="{}" r="3" fill="{}"></circle>', ((_n(x), _n(y), colour) for x, y in points)
            )
        )
        highest = max(range(len(points)), key=lambda index: series.values[index])
        for index in {highest, marker} - {None}:
            if 0 <= index < len(points):
                x, y = points[index]
                parts.append(_text(x, max(y - 6, FONT), str(series.values[index]), anchor="middle", weight="600"))
    for index, category in enumerate(categories):
        if index % label_every == 0:
            # The first label starts at its point and the last ends at it: centred, they were cut at the edges.
            anchor = "start" if index == 0 else "end" if index == len(categories) - 1 else "middle"
            parts.append(_text(left + index * step, base + FONT + 6, category, anchor=anchor, size=12))
    if marker is not None and 0 <= marker < len(categories):
        x = left + marker * step
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-dasharray="4 3"></line>',
                _n(x),
                top - 4,
                _n(x),
                base,
            )
        )
        parts.append(_text(x + 4, FONT, marker_label, size=12))
    return _chart(chart_id, title, description, category_heading, categories, (series,), height, parts)


# --- pieces -------------------------------------------------------------------------------------


def _checked(categories, series) -> tuple[Series, ...]:
    series = tuple(series)
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"Series {one.label!r} has {len(one.values)} values for {len(categories)} categories")
    return series


def _scale(series) -> int:
    return max((value for one in series for value in one.values), default=0)


def _legend_height(series) -> int:
    return FONT + 12 if len(series) > 1 else 0


def _legend(chart_id: str, series) -> SafeString:
    """Patterns (in <defs>) and, for several series, a legend: a swatch and a name each."""
    defs = format_html_join("", "{}", ((_pattern(chart_id, number),) for number in range(len(series))))
    parts = [format_html("<defs>{}</defs>", defs)]
    if len(series) > 1:
        x = 0
        for number, one in enumerate(series):
            parts.append(_bar(chart_id, number, x, 2, 16, 16))
            parts.append(_text(x + 22, FONT + 2, one.label))
            x += 22 + 8 * len(one.label) + 20
    return format_html_join("", "{}", ((part,) for part in parts))


def _pattern(chart_id: str, number: int) -> SafeString:
    colour, kind = SERIES_COLOURS[number % len(SERIES_COLOURS)], PATTERNS[number % len(PATTERNS)]
    marks = {
        "solid": '<rect width="8" height="8" fill="{colour}"></rect>',
        "stripes": '<rect width="8" height="8" fill="#ffffff"></rect>'
        '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" stroke-width="3"></path>',
        "dots": '<rect width="8" height="8" fill="#ffffff"></rect>'
        '<circle cx="4" cy="4" r="2.5" fill="{colour}"></circle>',
        "cross": '<rect width="8" height="8" fill="#ffffff"></rect>'
        '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{colour}" stroke-width="2"></path>',
    }[kind]
    return format_html(
        '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse">{}</pattern>',
        f"{chart_id}-p{number}",
        format_html(marks, colour=colour),
    )


def _bar(chart_id: str, number: int, x, y, width, height) -> SafeString:
    # The outline in the series' colour keeps a patterned bar's edge at full contrast.
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-p{})" stroke="{}"></rect>',
        _n(x),
        _n(y),
        _n(max(width, 0)),
        _n(max(height, 0)),
        chart_id,
        number,
        SERIES_COLOURS[number % len(SERIES_COLOURS)],
    )


def _n(number) -> str:
    """A coordinate: at most one decimal, none when whole ("12", "12.5")."""
    return f"{number:.1f}".removesuffix(".0")


def _line(x1, y1, x2, y2) -> SafeString:
    return format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"></line>', x1, y1, x2, y2)


def _text(x, y, text: str, *, anchor: str = "start", weight: str = "400", size: int = FONT) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-weight="{}" font-size="{}" fill="currentColor">{}</text>',
        _n(x),
        _n(y),
        anchor,
        weight,
        size,
        text,
    )


def _chart(chart_id, title, description, category_heading, categories, series, height, parts) -> Chart:
    svg = format_html(
        '<svg class="chart__image" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        width=WIDTH + 40,  # room for the longest bar's value
        height=round(height),
        title=title,
        desc=description,
        body=mark_safe("".join(parts)),  # noqa: S308 - each part was built with format_html
    )
    return Chart(chart_id, str(title), str(description), str(category_heading), categories, series, svg)


def _describe(categories, series) -> str:
    """ "Pre-study: 3; Application: 2." or, with several series, "2025: north → south 2, …"."""
    if not categories:
        return _("No data.")
    if len(series) == 1:
        items = [f"{category}: {value}" for category, value in zip(categories, series[0].values, strict=True)]
    else:
        items = [
            f"{category}: " + ", ".join(f"{one.label} {one.values[index]}" for one in series)
            for index, category in enumerate(categories)
        ]
    return "; ".join(items) + "."


def _describe_line(categories, series: Series, marker: int | None) -> str:
    if not categories:
        return _("No data.")
    values = series.values
    highest = max(range(len(values)), key=lambda index: values[index])
    text = _("%(series)s from %(first)s to %(last)s; highest %(value)s in %(when)s.") % {
        "series": series.label,
        "first": categories[0],
        "last": categories[-1],
        "value": values[highest],
        "when": categories[highest],
    }
    if marker is not None and 0 <= marker < len(values):
        text += " " + _("%(when)s: %(value)s.") % {"when": categories[marker], "value": values[marker]}
    changes = sum(1 for before, after in pairwise(values) if before != after)
    return (
        text
        if changes
        else _("%(series)s: %(value)s throughout, from %(first)s to %(last)s.")
        % {
            "series": series.label,
            "value": values[0],
            "first": categories[0],
            "last": categories[-1],
        }
    )
