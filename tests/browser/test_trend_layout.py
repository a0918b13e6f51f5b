"""The trend across a change of framework, drawn by the vendored plotly.js at 360 px and 1366 px:
the value labels and the change-of-framework label do not overlap one another and stay on screen.

The figure is the one ``charts.trend`` builds (SPBE 2020 years, then Pemdi 2026 years, the national
average, two peers and a dotted extra series); it is drawn on a blank page with the same plotly
config as ``static/js/portal.js``, so no portal or demo data is needed. Screenshots:
tests/screenshots/test_trend_layout/.
"""

from decimal import Decimal

import pytest

from evaluations.reports import charts
from evaluations.series import Peer, PeerPoint
from tests.browser import support
from tests.evaluations.test_trend_frameworks import NATIONAL, PEMDI_BANDS, mixed_points, point

support.require_browser()

pytestmark = pytest.mark.browser

PLOTLY = support.ROOT / "static" / "vendor" / "plotly-portal-4.1.1.min.js"
DRAW = """(figure) => {
  const node = document.getElementById("chart");
  return window.Plotly.newPlot(node, figure.data, figure.layout,
                                {responsive: true, displaylogo: false, displayModeBar: false}).then(() => true);
}"""
# Every drawn text of the value labels and annotations, with its box (page px).
BOXES = """() => Array.from(document.querySelectorAll("#chart .textpoint text, #chart .annotation-text"))
  .filter(el => el.textContent.trim())
  .map(el => { const r = el.getBoundingClientRect();
               return {text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""


def _overlaps(boxes):
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                found.append((a["text"], b["text"]))
    return found


def _figure(values=None):
    points = mixed_points()
    if values:
        points = [
            point(year, value, *(("Pemdi 2026", PEMDI_BANDS) if year >= 2026 else ()))
            for year, value in zip(range(2020, 2028), values, strict=True)
        ]
    peers = [
        Peer(
            "Pemerintah Provinsi Kalimantan Tengah",
            "provinsi",
            tuple(
                PeerPoint(y, Decimal(v))
                for y, v in ((2021, "1.00"), (2022, "1.90"), (2023, "2.75"), (2024, "2.87"), (2025, "3.41"))
            ),
        ),
        Peer(
            "Pemerintah Provinsi Kalimantan Timur",
            "provinsi",
            (PeerPoint(2023, Decimal("2.91")), PeerPoint(2024, Decimal("3.79"))),
        ),
    ]
    estimate = charts.TrendSeries("perkiraan Pemdi", ((2024, Decimal("2.81")), (2025, Decimal("3.02"))), dash="dot")
    return charts.trend(points, national=NATIONAL, bands=PEMDI_BANDS, peers=charts.peer_series(peers), extra=[estimate])


@pytest.mark.parametrize("width", charts.TREND_WIDTHS)
@pytest.mark.parametrize(
    "values",
    [None, ["2.69", "2.70", "2.71", "2.72", "2.73", "2.74", "2.75", "2.76"]],
    ids=["demo-like", "flat"],
)
def test_trend_labels_do_not_overlap_in_the_browser(chromium, width, values):
    context = chromium.new_context(viewport={"width": width, "height": 700}, locale="id-ID")
    try:
        page = context.new_page()
        page.set_content(
            f'<!doctype html><html><body style="margin:0"><div id="chart" style="width:{width}px"></div></body></html>'
        )
        page.add_script_tag(path=str(PLOTLY))
        assert page.evaluate(DRAW, _figure(values))
        boxes = page.evaluate(BOXES)
        shots = support.SCREENSHOTS / "test_trend_layout"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"trend-{width}-{'flat' if values else 'demo'}.png"), full_page=True)
    finally:
        context.close()
    texts = [box["text"] for box in boxes]
    assert "3,495" in texts or values, texts
    assert any(text.startswith("Kerangka baru") for text in texts), texts
    assert _overlaps(boxes) == []
    off_screen = [box["text"] for box in boxes if box["left"] < 0 or box["right"] > width]
    assert off_screen == []
