"""The trend across a change of framework (issue 14, deliverable 5): one chart, a break at the change
(no line joins an SPBE year to a Pemdi year), each point coloured by its own framework's band with
its framework on hover, band backgrounds only behind their own framework's years, labels that do
not overlap at 360 px or 1366 px (estimated here; measured in tests/browser/test_trend_layout.py),
and a hook for further series (an estimate) drawn as their own traces."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.reports import charts, dashboard
from evaluations.series import PeerPoint
from indicators import scoring
from skpd.roles import Role
from tests.factories import make_period, make_stage_result, make_user

D = Decimal

SPBE_BANDS = (
    scoring.BandSpec("Kurang", D("1.00"), D("1.80"), "#b00020"),
    scoring.BandSpec("Cukup", D("1.80"), D("2.60"), "#e67e22"),
    scoring.BandSpec("Baik", D("2.60"), D("3.50"), "#f1c40f"),
    scoring.BandSpec("Sangat Baik", D("3.50"), D("4.20"), "#27ae60"),
    scoring.BandSpec("Memuaskan", D("4.20"), None, "#1e5aa8"),
)
PEMDI_BANDS = (
    scoring.BandSpec("Merintis", D("1.00"), D("1.50"), "#a50026"),
    scoring.BandSpec("Membangun", D("1.50"), D("2.50"), "#f46d43"),
    scoring.BandSpec("Berkembang", D("2.50"), D("3.50"), "#fee08b"),
    scoring.BandSpec("Melembaga", D("3.50"), D("4.00"), "#66bd63"),
    scoring.BandSpec("Unggul", D("4.00"), None, "#1a9850"),
)


def point(year, index, framework="SPBE 2020", bands=SPBE_BANDS, *, illustrative=False, source="final"):
    return dashboard.TrendPoint(
        year, None if index is None else D(index), D("3.50"), source, framework, illustrative, bands=bands
    )


def mixed_points():
    return [
        point(2020, "2.10", source="summary"),
        point(2021, "2.35"),
        point(2022, "2.54"),
        point(2023, "2.69"),
        point(2024, "2.95", illustrative=True),
        point(2025, "3.21", illustrative=True),
        point(2026, "2.54", "Pemdi 2026", PEMDI_BANDS, illustrative=True),
        point(2027, "3.495", "Pemdi 2026", PEMDI_BANDS, illustrative=True),
    ]


NATIONAL = [PeerPoint(y, D(v)) for y, v in ((2021, "2.24"), (2022, "2.34"), (2023, "2.79"), (2024, "3.12"))]


def figure(points=None, **kwargs):
    # The selected period is the Pemdi one: its bands are the page's ``bands``.
    return charts.trend(points or mixed_points(), national=NATIONAL, bands=PEMDI_BANDS, **kwargs)


def province(fig):
    return fig["data"][0]


def test_one_chart_with_a_break_no_line_joins_the_two_frameworks():
    fig = figure()
    line = province(fig)
    assert line["x"] == [2020, 2021, 2022, 2023, 2024, 2025, 2025.5, 2026, 2027]
    assert line["y"][6] is None and line["connectgaps"] is False  # the gap between 2025 and 2026
    breaks = [s for s in fig["layout"]["shapes"] if s["type"] == "line" and s["x0"] == 2025.5]
    assert len(breaks) == 1 and breaks[0]["line"]["dash"] == "dot"
    assert "Kerangka baru: Pemdi 2026" in [a["text"] for a in fig["layout"]["annotations"]]
    target = next(t for t in fig["data"] if t.get("name") == "Target")
    assert target["y"][6] is None  # the target's steps do not cross the change either


def test_each_point_has_its_own_frameworks_band_colour_and_framework_on_hover():
    line = province(figure())
    colours = dict(zip(line["x"], line["marker"]["color"], strict=True))
    # 2.54 is "Cukup" on SPBE 2020 (from 1.80) but "Berkembang" on Pemdi (from 2.50)
    assert colours[2022] == "#e67e22" and colours[2026] == "#fee08b"
    assert colours[2025] == "#f1c40f"  # 3.21: SPBE's Baik
    hover = dict(zip(line["x"], line["customdata"], strict=True))
    assert "kerangka SPBE 2020" in hover[2022] and "kerangka Pemdi 2026" in hover[2026]
    assert "data ilustrasi" in hover[2026]
    texts = dict(zip(line["x"], line["text"], strict=True))
    assert texts[2027] == "3,495"  # the boundary rule with Pemdi's bands: "3,50" would claim Melembaga


def test_illustrative_points_keep_their_marker_and_legend_entry():
    fig = figure()
    symbols = dict(zip(province(fig)["x"], province(fig)["marker"]["symbol"], strict=True))
    assert symbols[2020] == "circle-open" and symbols[2023] == "circle" and symbols[2026] == "diamond"
    assert "ilustrasi" in [t.get("name") for t in fig["data"]]


def test_band_backgrounds_only_behind_their_own_frameworks_years():
    rects = [s for s in figure()["layout"]["shapes"] if s["type"] == "rect"]
    spbe = {b.colour for b in SPBE_BANDS}
    pemdi = {b.colour for b in PEMDI_BANDS}
    spbe_rects = [r for r in rects if r["fillcolor"] in spbe]
    pemdi_rects = [r for r in rects if r["fillcolor"] in pemdi]
    assert len(spbe_rects) == len(pemdi_rects) == 5
    assert all((r["xref"], r["x0"], r["x1"]) == ("x", 2019.5, 2025.5) for r in spbe_rects)
    assert all((r["xref"], r["x0"], r["x1"]) == ("x", 2025.5, 2027.5) for r in pemdi_rects)
    # each framework's own bounds: SPBE's Baik 2.60–3.50, Pemdi's Berkembang 2.50–3.50
    assert {(r["y0"], r["y1"]) for r in spbe_rects if r["fillcolor"] == "#f1c40f"} == {(2.6, 3.5)}
    assert {(r["y0"], r["y1"]) for r in pemdi_rects if r["fillcolor"] == "#fee08b"} == {(2.5, 3.5)}


def test_one_framework_draws_its_bands_behind_its_years_only():
    rects = [s for s in figure([point(2024, "2.9"), point(2025, "3.1")])["layout"]["shapes"] if s["type"] == "rect"]
    assert {(r["x0"], r["x1"]) for r in rects} == {(2023.5, 2025.5)}


def test_extra_series_hook_draws_its_own_dotted_trace_never_joined_to_the_province():
    estimate = charts.TrendSeries(
        name="perkiraan Pemdi",
        points=((2024, D("2.81"), "cakupan 85%"), (2025, D("3.02"))),
        dash="dot",
        symbol="circle-open",
        bands=PEMDI_BANDS,
        hover_note="perkiraan",
    )
    fig = figure(extra=[estimate])
    trace = next(t for t in fig["data"] if t.get("name") == "perkiraan Pemdi")
    assert trace["line"]["dash"] == "dot" and trace["x"] == [2024, 2025]
    assert trace["customdata"] == ["cakupan 85%", "perkiraan"]
    assert trace["text"] == ["2,81", "3,02"]
    assert province(fig)["x"][-1] == 2027  # the province's line is unchanged


# --- labels: no overlap at 360 px or 1366 px ---------------------------------------------------------


def _label_boxes(fig, width):
    """Estimated boxes (left, right, bottom, top in px) of the province's value labels and the
    annotations, with the same geometry the chart module assumes."""
    layout = fig["layout"]
    x0, x1 = layout["xaxis"]["range"]
    plot_w = charts.plot_width(width)
    legend = charts.LEGEND_LINE_PX * charts.LEGEND_LINES_IN_BASE  # stacked below the plot on a phone
    plot_h = max(layout["height"] - layout["margin"]["t"] - layout["margin"]["b"] - legend, 60)
    line = province(fig)
    boxes = []
    for x, y, text, where in zip(line["x"], line["y"], line["text"], line["textposition"], strict=True):
        if y is None or not text:
            continue
        cx = (x - x0) / (x1 - x0) * plot_w
        cy = (y - 1) / 4 * plot_h
        half = charts.text_width(text) / 2
        gap = charts.MARKER_PX / 2 + 2
        bottom, top = (cy + gap, cy + gap + charts.TREND_LABEL_FONT + 2)
        if where.startswith("bottom"):
            bottom, top = cy - gap - charts.TREND_LABEL_FONT - 2, cy - gap
        boxes.append((f"{x}:{text}", cx - half, cx + half, bottom, top))
    for note in layout.get("annotations", []):
        cx = (note["x"] - x0) / (x1 - x0) * plot_w
        w = charts.text_width(note["text"])
        left = {"left": cx, "right": cx - w, "center": cx - w / 2}[note["xanchor"]]
        boxes.append((note["text"], left, left + w, plot_h, plot_h + charts.TREND_LABEL_FONT + 2))
        assert left >= -charts.TREND_Y_AXIS_PX and left + w <= plot_w + layout["margin"]["r"], (width, note["text"])
    return boxes


def _overlaps(boxes):
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]:
                found.append((a[0], b[0]))
    return found


@pytest.mark.parametrize("width", charts.TREND_WIDTHS)
@pytest.mark.parametrize(
    "values",
    [
        ["2.10", "2.35", "2.54", "2.69", "2.95", "3.21", "2.54", "3.495"],
        ["2.69", "2.70", "2.71", "2.72", "2.73", "2.74", "2.75", "2.76"],  # flat: neighbours collide
        ["3.40", "3.45", "3.49", "3.495", "3.4951", "3.50", "3.51", "3.52"],  # long labels
    ],
)
def test_labels_do_not_overlap(width, values):
    points = [
        point(year, value, *(("Pemdi 2026", PEMDI_BANDS) if year >= 2026 else ()))
        for year, value in zip(range(2020, 2028), values, strict=True)
    ]
    for height in (320, 230):  # the dashboard's and the brief's
        fig = figure(points, height=height)
        assert _overlaps(_label_boxes(fig, width)) == []


def test_flat_neighbours_alternate_above_and_below():
    points = [point(year, "2.70") for year in range(2018, 2028)]
    positions = province(figure(points))["textposition"]
    assert positions[:4] == ["top center", "bottom center", "top center", "bottom center"]


# --- on the dashboard ----------------------------------------------------------------------------------


@pytest.fixture
def pemdi():
    from indicators.loader import load_file, shipped_files

    path = next(p for p in shipped_files() if p.name == "pemdi-2026.json")
    return load_file(path).framework


@pytest.mark.django_db
def test_the_dashboard_trend_of_a_pemdi_period_keeps_spbe_years_on_spbe_bands(client, pemdi, spbe_2020):
    old = make_period(spbe_2020, year=2025, status="final")
    for indicator in spbe_2020.indicators.all():
        make_stage_result(old, indicator, 3 if indicator.number % 2 else 2)  # about 2.5: SPBE Cukup, Pemdi Berkembang
    period = make_period(pemdi, year=2026, status="final")
    for indicator in pemdi.indicators.all():
        make_stage_result(period, indicator, 3)
    client.force_login(make_user("admin", role=Role.ADMIN))

    response = client.get(reverse("reports:dashboard"), {"periode": 2026})

    assert response.status_code == 200
    points = {p.year: p for p in response.context["data"].trend}
    assert points[2025].bands[1].lower == D("1.80") and points[2026].bands[1].lower == D("1.50")
    line = response.context["figures"]["trend"]["data"][0]
    assert line["x"] == [2025, 2025.5, 2026] and line["y"][1] is None
    index_2025 = points[2025].index
    assert D("2.50") <= index_2025 < D("2.60")
    assert line["marker"]["color"][0] == charts.band_colour(points[2025].bands, index_2025)
    assert charts.band_colour(points[2025].bands, index_2025) != charts.band_colour(points[2026].bands, index_2025)
