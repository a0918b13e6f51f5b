"""The brief's charts as static SVG for print (evaluations/reports/static_charts.py): no plotly.js needed."""

import re

import pytest
from django.urls import reverse

from evaluations.reports.static_charts import figure_svg
from tests.factories import answers_reports, make_world, role_users

FIGURE = {
    "data": [
        {
            "type": "bar",
            "x": [2.5],
            "y": ["Final"],
            "orientation": "h",
            "width": [0.3],
            "text": ["2,50"],
            "marker": {"color": "#123456"},
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": [2021, 2022, 2023, 2024],
            "y": [2.1, None, 2.7, 3.0],
            "mode": "lines+markers+text",
            "name": "Provinsi <b>x</b>",
            "text": ["2,10", "", "2,70", "3,00"],
            "line": {"color": "#0b5394"},
            "marker": {"symbol": ["circle", "circle", "diamond", "circle"], "size": 10},
        },
    ],
    "layout": {
        "height": 230,
        "separators": ",.",
        "margin": {"l": 10, "r": 10, "t": 30, "b": 40},
        "shapes": [
            {
                "type": "rect",
                "layer": "below",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": 1,
                "y1": 2,
                "fillcolor": "#b00020",
                "opacity": 0.1,
            },
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": 3.5,
                "y1": 3.5,
                "line": {"color": "#1d2733", "dash": "dash"},
            },
        ],
        "annotations": [{"x": 1, "y": 3.5, "xref": "paper", "yref": "y", "text": "Sangat <Baik> 3,50"}],
        "xaxis": {"range": [2020.5, 2024.5], "dtick": 1, "tickformat": "d"},
        "yaxis": {"range": [1, 5], "dtick": 0.5, "tickformat": ".1f"},
    },
}


def test_the_svg_has_the_figures_marks_in_its_own_height_with_text_escaped():
    svg = str(figure_svg(FIGURE, label="Tren <indeks>"))
    assert svg.startswith('<svg class="chart-static" viewBox="0 0 680 230" role="img" aria-label="Tren &lt;indeks&gt;"')
    assert svg.count("<rect") == 2  # the band and the bar
    assert 'stroke-dasharray="6 4"' in svg  # the dashed line shape
    # The gap at 2022 breaks the line: one segment of two points, no path through the missing year.
    assert len(re.findall(r'<path d="M[^"]*"[^>]*fill="none"', svg)) == 1
    assert ">2,70<" in svg and ">2,10<" in svg and ">2022<" in svg  # point labels and year ticks
    assert ">4,5<" in svg  # y ticks with the decimal comma
    assert "Sangat &lt;Baik&gt; 3,50" in svg and "Provinsi &lt;b&gt;x&lt;/b&gt;" in svg
    assert "<b>" not in svg


@pytest.mark.django_db
def test_the_brief_carries_a_print_copy_of_each_chart(client):
    world = make_world(units=3, years=2, users=role_users(), answers=answers_reports)
    client.force_login(world.users["executive"])
    html = client.get(reverse("reports:brief"), {"periode": world.period.year}).content.decode()
    copies = re.findall(r'<div class="chart-print" aria-hidden="true"><svg class="chart-static"', html)
    assert len(copies) == 2
    assert html.count('data-figure="fig-brief-') == 2  # the interactive charts are still there for the screen
