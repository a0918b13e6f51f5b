"""plotly.js only where a chart is drawn, and only named there (loaded on the first interaction); the vendored bundle is the one its checksum names;
chart containers have their final height before any script runs; static files are also Brotli."""

import hashlib
import html as html_module
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import answers_reports, make_answering_world, make_user, make_world, role_users

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
BUNDLE = "plotly-portal-4.1.1.min.js"
PLOTLY_META = re.compile(r'<meta name="portal-plotly" content="/static/vendor/plotly-portal-4\.1\.1\.min\.js">')


def test_the_vendored_plotly_is_the_pinned_build_its_checksum_names():
    bundles = sorted(p.name for p in VENDOR.glob("plotly*.js"))
    assert bundles == [BUNDLE]
    recorded = (VENDOR / f"{BUNDLE}.sha256").read_text().split()
    assert recorded == [hashlib.sha256((VENDOR / BUNDLE).read_bytes()).hexdigest(), BUNDLE]
    pinned = json.loads((ROOT / "tools" / "plotly-bundle" / "package.json").read_text())["dependencies"]
    assert pinned["plotly.js"] == "4.1.1"  # the version in the file's name
    assert "v4.1.1" in (VENDOR / BUNDLE).read_text()[:300]


def test_brotli_is_installed_so_collectstatic_writes_br_files():
    from whitenoise.compress import Compressor

    assert Compressor(quiet=True).use_brotli


@pytest.fixture
def world(db):
    return make_world(units=3, years=2, users=role_users(), answers=answers_reports)


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_no_plotly(client, pages):
    for user, url in pages:
        html = _get(client, user, url)
        assert "plotly" not in html.lower(), f"{url} references plotly.js but draws no chart"
        assert "data-figure" not in html


@pytest.mark.django_db
def test_the_officers_pages_load_no_plotly(client):
    world = make_answering_world(units=("BAPPEDA", "BKD"))
    _assert_no_plotly(
        client,
        [
            (world.officer_a, reverse("evaluations:worklist")),
            (world.officer_a, reverse("evaluations:answer", args=[world.period.pk, 1])),
        ],
    )


@pytest.mark.django_db
def test_pages_without_charts_load_no_plotly(client, world):
    period = world.period
    admin_user = make_user("root", password=None, is_superuser=True, is_staff=True)
    _assert_no_plotly(
        client,
        [
            (world.users["reviewer"], reverse("periods:review_queue")),
            (world.users["executive"], reverse("reports:unit_detail", args=[world.units[0].pk])),
            (admin_user, reverse("admin:index")),
            (admin_user, reverse("admin:evaluations_answer_changelist")),
            (admin_user, reverse("admin:evaluations_period_change", args=[period.pk])),
        ],
    )


@pytest.mark.django_db
def test_chart_pages_name_plotly_without_loading_it_and_hold_each_chart_as_svg_of_its_height(client, world):
    """The first paint needs no plotly.js: no <script> loads it; the page names it once (for
    portal.js to load on the first interaction) and every chart container already holds the
    server's SVG of its figure, at the figure's height."""
    year = world.period.year
    executive = world.users["executive"]
    indicator = world.indicators[min(world.indicators)]
    pages = [
        reverse("reports:dashboard") + f"?periode={year}",
        reverse("reports:brief") + f"?periode={year}",
        reverse("reports:indicator_detail", args=[indicator.pk]) + f"?periode={year}",
        reverse("reports:calibration"),
        reverse("planning:whatif") + f"?periode={year}&seri=proposed",
    ]
    for url in pages:
        html = _get(client, executive, url)
        assert len(PLOTLY_META.findall(html)) == 1, f"{url}: expected plotly.js named once"
        assert not re.search(r"<script[^>]*plotly", html), f"{url}: plotly.js loaded with the page"
        charts = re.findall(
            r'<div class="chart[^"]*" data-figure="([^"]+)" style="min-height: (\d+)px" role="img" aria-label="[^"]*">'
            r'<div class="chart-static" aria-hidden="true" style="height:(\d+)px">(.*?)</div></div>',
            html,
            re.S,
        )
        assert charts and len(charts) == html.count("data-figure="), f"{url}: a chart without its SVG"
        for figure_id, height, svg_height, svg in charts:
            source = re.search(rf'id="{figure_id}"[^>]*>(.*?)</(?:script|div)>', html, re.S).group(1)
            figure = json.loads(html_module.unescape(source))
            assert int(height) == int(svg_height) == figure["layout"]["height"], f"{url} {figure_id}"
            marks = svg.count("<rect") + svg.count("<line")
            assert "<svg" in svg and marks and "<text" in svg, f"{url} {figure_id}: an empty SVG"
