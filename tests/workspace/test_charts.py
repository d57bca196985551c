"""The core's SVG charts: named and described for assistive technology, escaped, with the same
numbers in their table as in their picture."""

import re

import pytest
from django.template.loader import render_to_string

from norec.core.charts import Series, bar_chart, column_chart, line_chart


def test_bar_chart_is_an_image_with_a_title_a_description_and_its_values():
    chart = bar_chart(
        "c1",
        title="Cases per phase",
        categories=["Pre-study", "Exchange"],
        series=[Series("Cases", (3, 7))],
        category_heading="Phase",
    )
    svg = str(chart.svg)
    assert '<svg class="chart__image" role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Cases per phase</title>' in svg
    assert '<desc id="c1-desc">Pre-study: 3; Exchange: 7.</desc>' in svg
    # Each bar's value is printed beside it, and the longer bar is the larger value.
    assert re.findall(r">(\d+)</text>", svg) == ["3", "7"]
    widths = [float(w) for w in re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] < widths[1]
    assert 'viewBox="0 0 ' in svg and 'width="100%"' in svg


def test_labels_are_escaped():
    chart = bar_chart(
        "c2",
        title="<b>x</b>",
        categories=["<script>alert(1)</script>"],
        series=[Series("S", (1,))],
        category_heading="C",
    )
    assert "<script>" not in str(chart.svg) and "&lt;script&gt;" in str(chart.svg)
    assert "<b>" not in str(chart.svg)


def test_the_table_holds_the_same_numbers_as_the_picture():
    chart = column_chart(
        "c3",
        title="Participants per direction",
        categories=[2025, 2026],
        series=[Series("north → south", (1, 4)), Series("south → north", (2, 0))],
        category_heading="Year",
    )
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert "<caption>Participants per direction</caption>" in html
    assert '<th scope="col">Year</th><th scope="col">north → south</th><th scope="col">south → north</th>' in html
    assert '<tr><th scope="row">2025</th><td>1</td><td>2</td></tr>' in html
    assert '<tr><th scope="row">2026</th><td>4</td><td>0</td></tr>' in html
    # Two series: two patterns, so they differ without colour, and a legend naming both.
    assert 'id="c3-p0"' in html and 'id="c3-p1"' in html
    assert ">north → south</text>" in html and ">south → north</text>" in html


def test_line_chart_marks_today_and_says_the_highest():
    chart = line_chart(
        "c4",
        title="Abroad",
        categories=["Jan", "Feb", "Mar"],
        series=Series("Abroad", (1, 5, 2)),
        category_heading="Month",
        marker=2,
        marker_label="Now",
        label_every=1,
    )
    assert chart.description == "Abroad from Jan to Mar; highest 5 in Feb. Mar: 2."
    assert ">Now</text>" in str(chart.svg) and 'stroke-dasharray="4 3"' in str(chart.svg)
    assert chart.rows == [("Jan", (1,)), ("Feb", (5,)), ("Mar", (2,))]


def test_an_empty_chart_says_so():
    chart = bar_chart("c5", title="T", categories=["A"], series=[Series("S", (0,))], category_heading="C")
    assert chart.is_empty
    assert "Nothing to show yet." in render_to_string("includes/chart.html", {"chart": chart})


def test_a_series_must_fit_its_categories():
    with pytest.raises(ValueError):
        bar_chart("c6", title="T", categories=["A", "B"], series=[Series("S", (1,))], category_heading="C")
