"""Report pages: a unit's page, an indicator's page, calibration, the governor's brief (and its one A4 page)."""

import contextlib
import os
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import series as scores
from evaluations.models import Answer, Period, Series
from evaluations.reports import indicator as indicator_report
from evaluations.reports import progress
from indicators.models import Indicator
from skpd.roles import Role
from tests.evaluations.reports_world import build_world, make_viewers
from tests.factories import (
    make_answer,
    make_assignment,
    make_framework,
    make_period,
    make_stage_result,
    make_unit,
    make_user,
)


@pytest.fixture
def viewers(db):
    return make_viewers()


@pytest.fixture
def after_deadline(monkeypatch):
    monkeypatch.setattr(scores, "today", lambda: date(2026, 7, 1))


def _id(value, places=2):
    return f"{Decimal(value):.{places}f}".replace(".", ",")


# --- unit page ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unit_page_sums_the_index_points_of_the_indicators_it_leads(client, viewers, after_deadline):
    world = build_world(units=2, years=1)
    unit = world.units[0]
    period = world.current
    levels = scores.series_levels(period, Series.VERIFIED)
    led = [i for i in world.indicators if world.leads[(period.pk, i.number)] == unit]
    contribution = sum(i.weight * levels[i.number] / 100 for i in led if i.number in levels)
    headroom = sum(i.weight * (5 - levels[i.number]) / 100 for i in led if i.number in levels)
    assert contribution > 0 and any(i.number not in levels for i in led)  # one led answer is not verified
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:unit_detail", args=[unit.pk]), {"periode": 2026, "seri": "verified"})

    assert response.status_code == 200
    report = response.context["report"]
    assert report.contribution == contribution
    assert report.headroom == headroom
    assert report.missing == 1
    assert f'<dd id="unit-contribution">{_id(contribution)}</dd>' in response.text
    assert f'<dd id="unit-headroom">{_id(headroom)}</dd>' in response.text
    assert len(report.rows) == len(world.indicators)  # leads 3, contributes to 2
    assert {r.role for r in report.rows} == {"lead", "contributor"}
    assert "30 Juni 2026" in response.text  # the deadline, Indonesian date
    assert report.overdue == 1 and "terlambat" in response.text


@pytest.mark.django_db
def test_officer_sees_own_unit_page_not_another(client):
    world = build_world(units=2, years=1)
    own, other = world.units
    client.force_login(make_user("petugas", password=None, role=Role.OFFICER, unit=own))

    assert client.get(reverse("reports:unit_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("reports:unit_detail", args=[other.pk])).status_code == 403


@pytest.mark.django_db
def test_unit_page_rejects_a_bad_series(client, viewers):
    world = build_world(units=2, years=1)
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:unit_detail", args=[world.units[0].pk]), {"seri": "x"})

    assert response.status_code == 400
    assert "Seri:" in response.text


# --- indicator page ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_indicator_page_shows_criteria_history_by_series_and_evidence(client, viewers):
    world = build_world(units=2, years=3)
    indicator = world.indicators[0]
    client.force_login(viewers["executive"])

    response = client.get(reverse("reports:indicator_detail", args=[indicator.pk]), {"periode": 2025})

    assert response.status_code == 200
    assert "Kriteria 1.5" in response.text
    report = response.context["report"]
    assert report.years == [2024, 2025, 2026]  # not the summary-only 2020
    history = {key: levels for key, _label, levels in report.history_rows}
    finals = [world.final_levels[p.pk].get(indicator.number) for p in world.periods]
    assert history["final"] == finals
    assert history["proposed"][-1] is not None
    figure = response.context["figure"]
    assert {trace["name"] for trace in figure["data"]} >= {"Usulan SKPD", "Hasil akhir"}
    evidence = Answer.objects.get(period__year=2025, indicator=indicator, is_lead=True).evidence.get()
    assert f'href="{reverse("evaluations:evidence_download", args=[evidence.pk])}"' in response.text


@pytest.mark.django_db
def test_indicator_page_for_officers_of_assigned_units_only_with_their_visible_evidence(client):
    world = build_world(units=3, years=1)
    indicator = world.indicators[0]  # led by UNIT00, UNIT01 and UNIT02 contribute
    url = reverse("reports:indicator_detail", args=[indicator.pk])
    lead_officer = make_user("petugas-lead", password=None, role=Role.OFFICER, unit=world.units[0])
    contributor = make_user("petugas-kontributor", password=None, role=Role.OFFICER, unit=world.units[1])
    outsider = make_user("petugas-luar", password=None, role=Role.OFFICER, unit=make_unit("LUAR"))

    client.force_login(lead_officer)
    assert "Bukti 1" in client.get(url).text
    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Bukti 1" not in response.text  # the lead's evidence is not the contributor's to see
    client.force_login(outsider)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_indicator_page_pages_the_answers_lead_first_with_their_evidence_only(client, viewers, monkeypatch):
    monkeypatch.setattr(indicator_report, "ANSWERS_PER_PAGE", 2)
    world = build_world(units=3, years=1)
    indicator = world.indicators[0]  # led by UNIT00; UNIT01, UNIT02 contribute
    Answer.objects.get(period=world.current, indicator=indicator, unit=world.units[2]).evidence.create(
        title="Bukti kontributor", url="https://contoh.go.id/kontributor"
    )
    client.force_login(viewers["admin"])
    url = reverse("reports:indicator_detail", args=[indicator.pk])

    first = client.get(url, {"periode": 2026})
    second = client.get(url, {"periode": 2026, "halaman": 2})

    assert [a.unit.code for a in first.context["answers"]] == ["UNIT00", "UNIT01"]
    assert first.context["answers"][0].is_lead
    assert [a.unit.code for a in second.context["answers"]] == ["UNIT02"]
    assert "Bukti 1" in first.text and "Bukti kontributor" not in first.text
    assert "Bukti kontributor" in second.text and "Bukti 1" not in second.text
    assert "Jawaban 1–2 dari 3" in first.text
    assert "?periode=2026&amp;halaman=2#h-answers" in first.text


@pytest.mark.django_db
def test_indicator_page_names_contributors_only_up_to_the_threshold(client, viewers, monkeypatch):
    world = build_world(units=3, years=1)
    client.force_login(viewers["admin"])
    url = reverse("reports:indicator_detail", args=[world.indicators[0].pk])
    assert "Kontributor: <a" in client.get(url, {"periode": 2026}).text

    monkeypatch.setattr(progress, "UNITS_SHOW_ALL", 1)
    response = client.get(url, {"periode": 2026})

    assert "Kontributor: <a" not in response.text
    assert "2 perangkat daerah kontributor" in response.text


@pytest.mark.django_db
def test_indicator_page_gives_a_contributing_officer_only_their_own_answer(client):
    world = build_world(units=3, years=1)
    indicator = world.indicators[0]
    client.force_login(make_user("petugas-kontributor", password=None, role=Role.OFFICER, unit=world.units[1]))

    response = client.get(reverse("reports:indicator_detail", args=[indicator.pk]), {"periode": 2026})

    assert [a.unit.code for a in response.context["answers"]] == ["UNIT01"]
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_indicator_page_respects_reviewer_aspect_scope(client):
    world = build_world(units=2, years=1)
    indicator = world.indicators[0]
    other_aspect = Indicator.objects.get(framework=world.framework, number=3).aspect
    client.force_login(make_user("reviewer-2", password=None, role=Role.REVIEWER, aspects=[other_aspect]))

    assert client.get(reverse("reports:indicator_detail", args=[indicator.pk])).status_code == 403


# --- calibration -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_calibration_puts_the_unit_that_keeps_over_claiming_first(client, viewers):
    framework = make_framework()
    indicators = list(Indicator.objects.filter(framework=framework).order_by("number"))
    honest, boastful = make_unit("JUJUR", "Dinas Jujur"), make_unit("TINGGI", "Dinas Tinggi")
    for year in (2024, 2025):
        period = make_period(framework, year=year, status=Period.Status.FINAL)
        for indicator in indicators:
            unit = boastful if indicator.number in (1, 2) else honest
            make_assignment(period, indicator, unit)
            proposed, final = (5, 2) if unit == boastful else (3, 3)
            make_answer(period, indicator, unit, status="verified", proposed_level=proposed, verified_level=final + 1)
            make_stage_result(period, indicator, final)
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:calibration"))

    assert response.status_code == 200
    units = response.context["data"].units
    assert [u.label for u in units] == ["Tinggi", "Jujur"]
    assert units[0].gap_final == Decimal(3) and units[0].gap_verified == Decimal(2)
    assert units[1].gap_final == Decimal(0)
    table = response.text[response.text.index('id="calibration-units"') :]
    assert table.index("Tinggi") < table.index("Jujur")
    row = next(r for r in response.context["data"].indicators if r.number == 1)
    assert [(c.proposed, c.verified, c.final) for c in row.cells_in_order] == [(5, 3, 2), (5, 3, 2)]
    assert "5 / 3 / 2" in response.text
    figure = response.context["figure"]
    assert figure["data"][1]["x"][0] == 3.0  # proposed − final of the first unit


# --- governor's brief --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_brief_has_index_levers_units_behind_and_missing_evidence(client, viewers, after_deadline):
    world = build_world(units=3, years=3)
    client.force_login(viewers["executive"])

    response = client.get(reverse("reports:brief"), {"periode": 2025, "seri": "final"})

    assert response.status_code == 200
    brief = response.context["brief"]
    expected = scores.period_scores(world.periods[1], Series.FINAL)
    assert f'<p class="big-number" id="brief-index">{_id(expected.index)}</p>' in response.text
    assert expected.predicate.name in response.text
    assert len(brief.data.levers) == 5
    assert "Lima pengungkit terbesar" in response.text
    assert brief.missing_evidence_total == 0  # 2025: every lead answer has evidence

    response = client.get(reverse("reports:brief"), {"periode": 2026})
    brief = response.context["brief"]
    assert [m.number for m in brief.missing_evidence] == [4]  # the draft lead answer of indicator 4
    assert "Bukti dukung belum ada (1 jawaban penanggung jawab)" in response.text
    assert brief.past_due and "Perangkat daerah terlambat" in response.text
    assert {u.unit for u in brief.behind} == {u.unit for u in brief.data.units if u.overdue}
    assert f'href="{reverse("reports:brief")}"' in response.text  # nav link for executives


@pytest.mark.django_db
def test_brief_is_not_for_officers(client):
    build_world(units=2, years=1)
    client.force_login(make_user("petugas", password=None, role=Role.OFFICER))
    assert client.get(reverse("reports:brief")).status_code == 403


# --- query counts: the same at two data sizes ---------------------------------------------------------

# Each includes the navigation's unread-notification count (one query).
REPORT_QUERIES = {
    "unit": 11,
    "indicator": 14,
    "calibration": 8,
    "brief": 20,  # incl. the published results and the feasible caps (not the week's history: the brief does not show it)
}


def _report_url(name, world):
    if name == "unit":
        return reverse("reports:unit_detail", args=[world.units[0].pk]) + "?periode=2026"
    if name == "indicator":
        return reverse("reports:indicator_detail", args=[world.indicators[0].pk]) + "?periode=2026"
    if name == "calibration":
        return reverse("reports:calibration")
    return reverse("reports:brief") + "?periode=2026"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REPORT_QUERIES))
@pytest.mark.parametrize(("units", "years"), [(2, 2), (6, 5)])
def test_report_query_count_does_not_grow_with_data(client, viewers, django_assert_num_queries, name, units, years):
    world = build_world(units=units, years=years)
    client.force_login(viewers["admin"])
    url = _report_url(name, world)
    client.get(url)

    with django_assert_num_queries(REPORT_QUERIES[name]):
        response = client.get(url)
    assert response.status_code == 200


# --- the brief prints on one A4 page -----------------------------------------------------------------


def _count_pages(pdf_bytes):
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf_bytes))


@pytest.mark.browser
def test_brief_prints_on_one_a4_page(transactional_db, live_server, tmp_path, monkeypatch):
    """Headless Chromium prints the brief (with its charts drawn) to PDF: exactly one A4 page."""
    from tests.browser.support import CHROMIUM, LAUNCH_ARGS, draw_every_chart, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setattr(scores, "today", lambda: date(2026, 7, 1))
    world = build_world(units=12, years=5)
    # A long tail of lead answers without evidence and units behind: the page must still fit.
    for number in range(1, 6):
        Answer.objects.filter(
            period=world.current, indicator__number=number, is_lead=True
        ).first().evidence.all().delete()
    executive = make_user("pimpinan-cetak", password=None, role=Role.EXECUTIVE)
    from django.test import Client

    client = Client()
    client.force_login(executive)
    session = client.cookies["sessionid"].value
    url = f"{live_server.url}{reverse('reports:brief')}?periode=2026"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(locale="id-ID")
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        response = page.goto(url, wait_until="load")
        assert response.status == 200
        draw_every_chart(page)  # drawn when in view: scrolled to, as a reader would
        assert page.locator(".chart[data-figure]:has(.main-svg)").count() == 2
        html = page.content()
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        browser.close()
    (tmp_path / "brief.pdf").write_bytes(pdf)
    assert "Ringkasan untuk Gubernur" in html
    assert re.search(r'id="brief-index">\d,\d\d<', html)  # Indonesian number format
    pages = _count_pages(pdf)
    assert pages == 1, f"the brief printed on {pages} A4 pages (saved in {tmp_path / 'brief.pdf'})"

    # The same page through chromium's own --print-to-pdf (the check the issue names), from a saved
    # copy whose static files point at the live server.
    saved = tmp_path / "brief.html"
    saved.write_text(
        html.replace('href="/static/', f'href="{live_server.url}/static/').replace(
            'src="/static/', f'src="{live_server.url}/static/'
        )
    )
    target = tmp_path / "brief-cli.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            *LAUNCH_ARGS,
            "--no-pdf-header-footer",
            "--virtual-time-budget=10000",
            f"--print-to-pdf={target}",
            saved.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    cli_pages = _count_pages(target.read_bytes())
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        cli_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert "595.276 x 841.89" in info or "A4" in info
    if os.environ.get("SPBE_KEEP_BRIEF_PDF"):
        shutil.copy(target, os.environ["SPBE_KEEP_BRIEF_PDF"])
    assert cli_pages == 1, f"chromium --print-to-pdf printed the brief on {cli_pages} pages"


@contextlib.contextmanager
def _executive_browser(live_server, monkeypatch, username, *, units, years):
    """A reports world on 1 July 2026 and chromium signed in as a new executive: ``(browser, page)``."""
    from tests.browser.support import CHROMIUM, LAUNCH_ARGS, require_browser

    require_browser()
    from django.test import Client
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setattr(scores, "today", lambda: date(2026, 7, 1))
    build_world(units=units, years=years)
    client = Client()
    client.force_login(make_user(username, password=None, role=Role.EXECUTIVE))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(locale="id-ID")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        yield browser, context.new_page()


@pytest.mark.browser
def test_brief_opened_only_to_print_needs_no_plotly(transactional_db, live_server, tmp_path, monkeypatch):
    """Opened and printed without any interaction, plotly.js never loads: the brief shows its numbers
    and its two charts as the server's SVG, in their containers, and prints them on one A4 page."""
    url = f"{live_server.url}{reverse('reports:brief')}?periode=2026"
    with _executive_browser(live_server, monkeypatch, "pimpinan-cetak", units=12, years=5) as (browser, page):
        plotly_requests = []
        page.on("request", lambda r: plotly_requests.append(r.url) if "plotly" in r.url else None)
        assert page.goto(url, wait_until="load").status == 200
        assert re.fullmatch(r"\d,\d\d", page.locator("#brief-index").inner_text().strip())
        statics = page.locator(".chart[data-figure] > .chart-static")
        assert statics.count() == 2
        page.emulate_media(media="print")
        for i in range(2):
            box = statics.nth(i).bounding_box()
            assert box and box["width"] > 100 and box["height"] > 40, f"print chart {i} not shown: {box}"
        assert statics.nth(1).locator("line").count() >= 4  # the trend's lines
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert page.evaluate("() => typeof window.Plotly") == "undefined"
        assert page.locator(".chart[data-figure] .main-svg").count() == 0  # plotly never ran
        browser.close()
    assert plotly_requests == []
    (tmp_path / "brief-no-script.pdf").write_bytes(pdf)
    assert _count_pages(pdf) == 1


@pytest.mark.browser
def test_charts_are_svg_until_the_first_interaction_then_plotly_draws_them(transactional_db, live_server, monkeypatch):
    """Before any interaction the dashboard's charts are the server's SVG and plotly.js is not even
    loaded; a mouse move loads it and each chart in view is drawn by plotly in the SVG's place, at
    the same height (nothing moves)."""
    with _executive_browser(live_server, monkeypatch, "pimpinan-grafik", units=4, years=3) as (browser, page):
        assert (
            page.goto(f"{live_server.url}{reverse('reports:dashboard')}?periode=2026", wait_until="load").status == 200
        )
        chart = page.locator(".chart[data-figure]").first
        chart.scroll_into_view_if_needed()  # no wheel, key or pointer event: no interaction yet
        still = chart.locator(".chart-static")
        assert still.is_visible()
        assert still.locator("rect").count() >= 1  # the bullet's bands and bar
        height = chart.bounding_box()["height"]
        page.wait_for_timeout(500)  # time enough for anything that would load by itself
        assert page.evaluate("() => typeof window.Plotly") == "undefined"

        page.mouse.move(30, 30)
        page.mouse.move(60, 60)
        page.wait_for_function("() => !!window.Plotly", timeout=10_000)
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
        assert chart.locator(".chart-static").count() == 0  # replaced, not doubled
        assert chart.bounding_box()["height"] == height
        browser.close()
