"""Every chart as the server's static SVG (evaluations/reports/static_charts.py): what a chart page
shows before plotly.js loads, and what prints if it never does. Positions are percent of the plot
area (x from the left, y from the top), so each assertion below is the figure's own geometry."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.planning import charts as planning_charts
from evaluations.reports import charts
from evaluations.reports.static_charts import figure_svg
from tests.factories import answers_reports, make_world, role_users

TREND = {
    "data": [
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
        {"type": "scatter", "x": [None], "y": [None], "mode": "lines", "name": "Target", "line": {"color": "#6a1b9a"}},
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


def svg_of(figure):
    return str(figure_svg(figure, key="t"))


def rects(svg, colour):
    return re.findall(rf'<rect x="([\d.]+)%" y="([\d.]+)%" width="([\d.]+)%" height="([\d.]+)%" fill="{colour}"', svg)


def test_the_svg_box_has_the_figures_height_and_plotlys_margins_with_text_escaped():
    svg = svg_of(TREND)
    assert svg.startswith('<div class="chart-static" aria-hidden="true" style="height:230px">')
    assert '<div class="chart-plot" style="padding:30px 10px 40px 10px">' in svg
    # the band 1–2 of the y range 1–5 across the plot: the bottom quarter
    assert '<rect x="0%" y="75%" width="100%" height="25%" fill="#b00020" opacity="0.1"/>' in svg
    assert 'y1="37.5%"' in svg and 'stroke-dasharray="9 9"' in svg  # 3,50 dashed at plotly's dash length
    # The gap at 2022 breaks the line: one segment, 2023 → 2024, never through the missing year.
    plot = svg.split("chart-legend")[0]
    assert re.findall(r'<line x1="([\d.]+)%"[^>]*stroke="#0b5394"', plot) == ["62.5"]
    assert (
        ">2,70<" in svg and ">2,10<" in svg and ">2,50<" not in svg and ">2022<" in svg
    )  # point labels and year ticks
    assert ">4,5<" in svg  # y ticks with the decimal comma
    assert "Sangat &lt;Baik&gt; 3,50" in svg and "Provinsi &lt;b&gt;x&lt;/b&gt;" in svg
    assert "<b>" not in svg
    assert svg.count('<path d="M0,') == 1  # the one diamond marker


def test_tick_labels_follow_the_pages_separators():
    english = svg_of({**TREND, "layout": {**TREND["layout"], "separators": ".,"}})
    assert ">4.5<" in english and ">4,5<" not in english


def test_vertical_grouped_bars_sit_side_by_side_in_their_category():
    figure = {
        "data": [
            {"type": "bar", "x": ["2021", "2022"], "y": [2, 4], "name": "Usulan", "marker": {"color": "#e67e22"}},
            {"type": "bar", "x": ["2021", "2022"], "y": [3, None], "name": "Final", "marker": {"color": "#1e7b34"}},
        ],
        "layout": {"height": 300, "barmode": "group", "xaxis": {"type": "category"}, "yaxis": {"range": [0, 5]}},
    }
    svg = svg_of(figure)
    # x spans -0.5..1.5; a group of two takes 0.8 of a category, 0.4 each; y spans 0..5
    assert rects(svg, "#e67e22") == [("5", "60", "20", "40"), ("55", "20", "20", "80")]
    assert rects(svg, "#1e7b34") == [("25", "40", "20", "60")]  # no bar where the value is missing
    assert ">2021<" in svg and ">2022<" in svg  # category tick labels
    legend = re.search(r'<div class="chart-legend[^>]*>(.*)</div>', svg).group(1)
    assert re.findall(r"</svg>([^<]+)</span>", legend) == ["Usulan", "Final"]
    assert 'fill="#e67e22"' in legend  # a bar's legend swatch in its colour


def test_stacked_horizontal_bars_stack_and_their_legend_reads_like_the_stack():
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [1, 2],
                "y": ["A", "B"],
                "name": "one",
                "marker": {"color": "#111111"},
            },
            {
                "type": "bar",
                "orientation": "h",
                "x": [3, 1],
                "y": ["A", "B"],
                "name": "two",
                "marker": {"color": "#222222"},
            },
        ],
        "layout": {"height": 200, "barmode": "stack", "xaxis": {"range": [0, 5]}, "yaxis": {"autorange": "reversed"}},
    }
    svg = svg_of(figure)
    # A is the first category, at the top (reversed); "two" starts where "one" ends
    assert rects(svg, "#111111") == [("0", "5", "20", "40"), ("0", "55", "40", "40")]
    assert rects(svg, "#222222") == [("20", "5", "60", "40"), ("40", "55", "20", "40")]
    assert re.findall(r"</svg>([^<]+)</span>", svg) == ["two", "one"]


def test_automatic_ranges_include_zero_for_bars_and_the_stacks_total():
    figure = {
        "data": [
            {"type": "bar", "orientation": "h", "x": [1, 1], "y": ["A", "B"], "marker": {"color": "#111111"}},
            {"type": "bar", "orientation": "h", "x": [3, 0], "y": ["A", "B"], "marker": {"color": "#222222"}},
        ],
        "layout": {"height": 200, "barmode": "stack"},
    }
    svg = svg_of(figure)
    # total 4 at A, padded 5 % at the far end: the range is 0–4.2
    assert [r[0:3:2] for r in rects(svg, "#222222")][0] == ("23.81", "71.43")


def test_a_hidden_axis_draws_no_ticks_and_a_bar_is_clipped_to_the_range():
    figure = charts.bullet(2.5, [], target=None, label="Indeks")
    svg = svg_of(figure)
    assert figure["layout"]["yaxis"]["visible"] is False
    assert ">Indeks<" not in svg  # the hidden y axis's category label
    # the x range starts at 1, so the bar from 0 starts at the plot's left edge
    assert rects(svg, "#1d2733")[0][0] == "0"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_builder_draws(language):
    with translation.override(language):
        figures = [
            charts.values_vs_target([("Satu", 2.5), ("Dua", None)], [], target=3),
            charts.levels_by_series([2024, 2025], [("final", "Final", [2, 3])], illustrative_years=[2024]),
            charts.calibration_gaps([type("R", (), {"label": "A", "gap_verified": 0.5, "gap_final": -0.2})()]),
            planning_charts.delta_bars([("Domain 1", 2, 2.5), ("Domain 2", 3, 2.8)]),
        ]
    hatched = svg_of(figures[1])
    assert '<pattern id="t-hatch-0"' in hatched and 'fill="url(#t-hatch-0)"' in hatched  # illustrative year
    delta = svg_of(figures[3])
    assert ("+0,50" if language == "id" else "+0.50") in delta
    assert all("<rect" in svg_of(f) for f in figures)


@pytest.mark.django_db
def test_every_chart_of_the_brief_holds_its_svg_and_there_is_no_separate_print_copy(client):
    world = make_world(units=3, years=2, users=role_users(), answers=answers_reports)
    client.force_login(world.users["executive"])
    html = client.get(reverse("reports:brief"), {"periode": world.period.year}).content.decode()
    inside = re.findall(r'data-figure="fig-brief-[a-z]+"[^>]*><div class="chart-static"', html)
    assert len(inside) == 2
    assert "chart-print" not in html


def test_static_svg_filter_keeps_recent_drawings_and_redraws_a_changed_figure(monkeypatch):
    from evaluations.templatetags import chart_tags

    drawn = []

    def counting(figure, *, key="chart"):
        drawn.append(key)
        return f"<svg>{figure['layout']['height']}</svg>"

    monkeypatch.setattr(chart_tags, "figure_svg", counting)
    monkeypatch.setattr(chart_tags, "_svg_cache", chart_tags.OrderedDict())
    monkeypatch.setattr(chart_tags, "SVG_CACHE_SIZE", 2)
    figure = {"data": [], "layout": {"height": 200}}
    assert chart_tags.static_svg(figure, "a") == "<svg>200</svg>"
    assert chart_tags.static_svg({"data": [], "layout": {"height": 200}}, "a") == "<svg>200</svg>"
    assert drawn == ["a"]  # an equal figure (as the next request builds it): drawn once
    assert chart_tags.static_svg({"data": [], "layout": {"height": 300}}, "a") == "<svg>300</svg>"
    assert chart_tags.static_svg(figure, "b") == "<svg>200</svg>"  # another chart id: its own ids
    assert drawn == ["a", "a", "b"]
    assert len(chart_tags._svg_cache) == 2  # bounded: the oldest went
    chart_tags.static_svg(figure, "a")
    assert drawn == ["a", "a", "b", "a"]


@pytest.mark.parametrize(
    "figure",
    [
        TREND,
        {"data": [{"type": "bar", "name": "<b>A & B</b>", "x": [1.5, None], "y": ["x>y", "z"]}], "layout": {}},
        {"layout": {"title": {"text": "Tren 'indeks' \"kutip\" </script>"}}, "data": []},
    ],
)
def test_figure_json_script_is_djangos_json_script(figure):
    from django.utils.html import json_script

    from evaluations.templatetags.chart_tags import figure_json_script

    assert figure_json_script(figure, "fig-x") == json_script(figure, "fig-x")
