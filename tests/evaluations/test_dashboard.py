"""The province dashboard: its figures are scoring's, its filter is validated, it stays cheap."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import series
from evaluations.models import Series
from evaluations.reports import calibration, charts, dashboard, progress
from evaluations.series import lead_units
from indicators import scoring
from skpd.roles import Role
from tests.evaluations.reports_world import build_world, make_viewers
from tests.factories import make_framework, make_unit, make_user

BASIC_TRACES = {"bar", "scatter", "pie"}


def _figure(response, figure_id):
    match = re.search(rf'<script id="{figure_id}" type="application/json">(.*?)</script>', response.text, re.S)
    assert match, f"figure {figure_id} missing from the page"
    return json.loads(match.group(1))


def _id(value):
    """Two decimals, Indonesian style, as the page shows them."""
    return f"{Decimal(value):.2f}".replace(".", ",")


@pytest.fixture
def viewers(db):
    return make_viewers()


@pytest.fixture
def after_deadline(monkeypatch):
    monkeypatch.setattr(series, "today", lambda: date(2026, 7, 1))


# --- figures equal scoring ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_figures_equal_scoring_compute(client, viewers):
    world = build_world(units=3, years=3)
    period = world.periods[-2]  # 2025, final
    expected = scoring.compute(world.framework.structure(), world.final_levels[period.pk])
    assert expected.index is not None
    client.force_login(viewers["executive"])

    response = client.get(reverse("reports:dashboard"), {"periode": period.year, "seri": "final"})

    assert response.status_code == 200
    data = response.context["data"]
    assert data.index == expected.index
    assert data.predicate.name == expected.predicate.name
    assert {d.number: d.value for d in data.domains} == expected.domains
    assert {a.number: a.value for a in data.aspects} == expected.aspects
    assert f'<p class="big-number" id="index-value">{_id(expected.index)}</p>' in response.text
    bullet = _figure(response, "fig-bullet")
    assert bullet["data"][0]["x"] == [float(expected.index)]
    aspects = _figure(response, "fig-aspects")
    assert aspects["data"][0]["x"] == [float(expected.aspects[n]) for n in sorted(expected.aspects)]
    domains = _figure(response, "fig-domains")
    assert domains["data"][0]["x"] == [float(expected.domains[n]) for n in sorted(expected.domains)]


@pytest.mark.django_db
def test_incomplete_series_shows_provisional_floor_and_says_so(client, viewers):
    world = build_world(units=2, years=1)
    period = world.current  # open: one lead answer is a draft without a level
    levels = {number: level for number, level in _proposed(world, period).items() if level is not None}
    exact = scoring.compute(world.framework.structure(), levels)
    floor = scoring.compute(world.framework.structure(), levels, floor_missing=True)
    assert exact.index is None and floor.provisional
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:dashboard"), {"periode": period.year, "seri": "proposed"})

    assert response.context["data"].index == floor.index
    assert response.context["data"].is_provisional
    assert "batas bawah" in response.text
    assert "1 indikator belum dinilai" in response.text


def _proposed(world, period):
    from evaluations.models import Answer

    return dict(Answer.objects.filter(period=period, is_lead=True).values_list("indicator__number", "proposed_level"))


@pytest.mark.django_db
def test_default_period_and_series_are_the_newest_scored_and_most_official(client, viewers):
    world = build_world(units=2, years=2)
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"))

    data = response.context["data"]
    assert data.period == world.current  # 2026, open (not the summary-only 2020)
    assert data.series == Series.VERIFIED  # no final levels yet in 2026; verified answers exist
    assert '<option value="2026" selected>' in response.text


# --- trend, levers, unit progress ------------------------------------------------------------------


@pytest.mark.django_db
def test_trend_has_summary_years_final_years_target_and_national_average(client, viewers):
    world = build_world(units=2, years=3)
    client.force_login(viewers["executive"])

    response = client.get(reverse("reports:dashboard"))

    points = {p.year: p for p in response.context["data"].trend}
    assert points[2020].source == "summary" and points[2020].index == Decimal("2.100")
    for period in world.periods[:-1]:
        final = scoring.compute(world.framework.structure(), world.final_levels[period.pk]).index
        assert points[period.year].index == final
    assert points[2026].index is None
    trend = _figure(response, "fig-trend")
    names = [trace.get("name") for trace in trend["data"]]
    # the last trace (no name, no legend) draws the province's value labels above every line
    assert names == ["Provinsi", "ilustrasi", "Target", "Rata-rata nasional", "Sangat Baik 3,50", None]
    province, legend, target, national, _threshold, labels = trend["data"]
    assert labels["mode"] == "markers+text" and labels["text"] == province["text"]
    assert province["marker"]["symbol"][0] == "circle-open"  # the summary-only year
    assert legend["marker"]["symbol"] == "diamond"  # the other years are illustrative: so marked
    assert set(province["marker"]["symbol"][1:]) == {"diamond"}
    assert target["y"][-1] == 3.0
    national_years = dict(zip(national["x"], national["y"], strict=True))
    assert national_years[2020] == 2.26 and national_years[2024] == 3.12
    assert national["marker"]["symbol"][national["x"].index(2020)] == "x"  # older framework
    assert "kerangka lama 2018" in response.text


@pytest.mark.django_db
def test_levers_rank_by_points_to_level_five_with_lead_unit(client, viewers):
    world = build_world(units=3, years=2)
    period = world.periods[0]
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:dashboard"), {"periode": period.year, "seri": "final"})

    levels = world.final_levels[period.pk]
    weights = {i.number: i.weight for i in world.indicators}
    levers = response.context["data"].levers
    potentials = [lever.potential for lever in levers]
    assert potentials == sorted(potentials, reverse=True)
    for lever in levers:
        assert lever.potential == weights[lever.number] * (5 - levels[lever.number]) / 100
        assert lever.lead == world.leads[(period.pk, lever.number)].display_name
    best = levers[0]
    assert best.potential == max(weights[n] * (5 - level) / 100 for n, level in levels.items())


@pytest.mark.django_db
def test_unit_progress_counts_statuses_and_overdue_after_the_deadline(client, viewers, after_deadline):
    build_world(units=2, years=1)
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"), {"periode": 2026})

    rows = {row.unit: row for row in response.context["data"].units}
    # UNIT00 leads indicators 1, 3, 5 (verified, returned, verified) and contributes to 2, 4 (submitted).
    first = rows["Unit00"]
    assert (first.assigned, first.leads, first.verified, first.returned, first.submitted) == (5, 3, 2, 1, 2)
    assert first.overdue == 1  # the returned answer, after 30 June
    # UNIT01 leads 2 (submitted) and 4 (draft), contributes to 1, 3, 5 (submitted).
    second = rows["Unit01"]
    assert (second.assigned, second.draft, second.submitted, second.overdue) == (5, 1, 4, 1)
    units = _figure(response, "fig-units")
    assert [trace["name"] for trace in units["data"]] == [
        "Terverifikasi",
        "Diajukan",
        "Dikembalikan",
        "Draf",
        "Belum mulai",
    ]
    assert "Unit00 ⚠" in units["data"][0]["y"]
    assert 'class="row-warn"' in response.text


def _straightforward_progress(period, on):
    """unit_progress counted the obvious way: every assignment, the status of its unit's answer."""
    from evaluations.models import Answer, Assignment

    statuses = {(a.unit_id, a.indicator_id): a.status for a in Answer.objects.filter(period=period)}
    past_due = period.self_assessment_due is not None and on > period.self_assessment_due
    rows = {}
    for assignment in Assignment.objects.filter(period=period).select_related("unit"):
        unit = assignment.unit
        row = rows.setdefault(unit.pk, progress.UnitProgress(unit_pk=unit.pk, unit=unit.short_name or unit.name))
        row.assigned += 1
        row.leads += assignment.role == Assignment.Role.LEAD
        status = statuses.get((unit.pk, assignment.indicator_id), "not_started")
        setattr(row, status, getattr(row, status) + 1)
        row.overdue += past_due and status in ("not_started", "draft", "returned")
    return sorted(rows.values(), key=lambda r: r.unit.lower())


@pytest.mark.django_db
@pytest.mark.parametrize("on", [date(2026, 6, 1), date(2026, 7, 1)], ids=["before-deadline", "after-deadline"])
def test_unit_progress_aggregates_equal_a_straightforward_count(on):
    from evaluations.models import Answer
    from tests.factories import make_answer

    world = build_world(units=4, years=2)
    period = world.current
    # Not started: two of UNIT01's answers are gone. Not counted: an answer without an assignment.
    Answer.objects.filter(pk__in=Answer.objects.filter(period=period, unit=world.units[1]).values("pk")[:2]).delete()
    stray = make_unit("LIAR", name="Unit Tanpa Tugas")
    make_answer(period, world.indicators[0], stray, is_lead=False, status="submitted")

    rows, leads = progress.progress_by_unit(period, on=on), lead_units(period)

    assert rows == _straightforward_progress(period, on)
    assert sum(row.not_started for row in rows) == 2
    assert "Unit Tanpa Tugas" not in {row.unit for row in rows}
    assert {n: (lead.unit_id, lead.name) for n, lead in leads.items()} == {
        n: (world.leads[(period.pk, n)].pk, world.leads[(period.pk, n)].display_name) for n in range(1, 6)
    }
    for past in world.periods[:-1]:  # a final year: everything verified
        assert progress.progress_by_unit(past, on=on) == _straightforward_progress(past, on)


@pytest.mark.django_db
def test_many_units_dashboard_shows_those_needing_attention_and_links_to_all(client, viewers, monkeypatch):
    monkeypatch.setattr(series, "today", lambda: date(2026, 7, 1))
    monkeypatch.setattr(progress, "UNITS_SHOW_ALL", 2)
    monkeypatch.setattr(progress, "UNITS_ATTENTION", 1)
    world = build_world(units=3, years=1)
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"), {"periode": 2026})

    data = response.context["data"]
    assert len(data.units) == 3 and data.units_limited
    worst = max(data.units, key=lambda r: (r.overdue + r.returned + r.not_started, -ord(r.unit[-1])))
    assert [row.unit for row in data.units_shown] == [worst.unit]
    chart = _figure(response, "fig-units")
    assert chart["data"][0]["y"] == [f"{worst.unit} ⚠" if worst.overdue else worst.unit]
    table = response.text[response.text.index('class="compact units-table"') :]
    table = table[: table.index("</table>")]
    shown = {u.display_name for u in world.units if u.display_name in table}
    assert shown == {worst.unit}
    assert data.unit_totals.assigned == 15  # the totals row still counts every unit
    link = reverse("reports:unit_progress") + "?periode=2026"
    assert f'href="{link}">Lihat semua 3 perangkat daerah</a>' in response.text


@pytest.mark.django_db
def test_few_units_dashboard_shows_them_all_by_name(client, viewers):
    build_world(units=3, years=1)
    client.force_login(viewers["admin"])

    data = client.get(reverse("reports:dashboard"), {"periode": 2026}).context["data"]

    assert not data.units_limited
    assert [row.unit for row in data.units_shown] == ["Unit00", "Unit01", "Unit02"]


@pytest.mark.django_db
def test_unit_progress_page_lists_every_unit_fifty_a_page(client, viewers, monkeypatch):
    monkeypatch.setattr(progress, "UNITS_PER_PAGE", 2)
    build_world(units=3, years=1)
    client.force_login(viewers["executive"])
    url = reverse("reports:unit_progress")

    first = client.get(url, {"periode": 2026})
    second = client.get(url, {"periode": 2026, "halaman": 2})

    assert first.status_code == second.status_code == 200
    assert [r.unit for r in first.context["page"].object_list] == ["Unit00", "Unit01"]
    assert [r.unit for r in second.context["page"].object_list] == ["Unit02"]
    assert first.context["totals"].assigned == 15
    assert "Halaman 1 dari 2" in first.text and "?periode=2026&amp;halaman=2" in first.text
    assert client.get(url, {"periode": 2026, "halaman": "x"}).context["page"].number == 1
    assert client.get(url, {"periode": "1999"}).status_code == 400
    assert progress.UNITS_PER_PAGE == 2 and progress.UNITS_SHOW_ALL == 50


@pytest.mark.django_db
def test_unit_progress_page_is_for_dashboard_roles(client):
    world = build_world(units=2, years=1)
    client.force_login(make_user("petugas", password=None, role=Role.OFFICER, unit=world.units[0]))

    assert client.get(reverse("reports:unit_progress")).status_code == 403


UNIT_PROGRESS_QUERIES = 8  # incl. the navigation's unread-notification count (the lead units are no longer read: the page does not show them)


@pytest.mark.django_db
@pytest.mark.parametrize(("units", "years"), [(2, 2), (6, 5)])
def test_unit_progress_page_query_count_does_not_grow_with_data(
    client, viewers, django_assert_num_queries, units, years
):
    build_world(units=units, years=years)
    client.force_login(viewers["admin"])
    url = reverse("reports:unit_progress")
    client.get(url)

    with django_assert_num_queries(UNIT_PROGRESS_QUERIES):
        response = client.get(url, {"periode": 2026, "halaman": 1})
    assert response.status_code == 200


@pytest.mark.django_db
def test_no_overdue_before_the_deadline(client, viewers, monkeypatch):
    monkeypatch.setattr(series, "today", lambda: date(2026, 6, 1))
    build_world(units=2, years=1)
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"), {"periode": 2026})

    assert all(row.overdue == 0 for row in response.context["data"].units)


# --- filter, fragment, roles --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [({"periode": "1999"}, "Periode"), ({"periode": "dua ribu"}, "Periode"), ({"seri": "tebakan"}, "Seri")],
)
def test_invalid_filter_is_400_with_a_message(client, viewers, params, field):
    build_world(units=2, years=1)
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:dashboard"), params)

    assert response.status_code == 400
    assert "Filter tidak valid" in response.text
    assert f"{field}:" in response.text
    assert 'id="fig-bullet"' not in response.text


@pytest.mark.django_db
def test_summary_only_year_is_not_a_choice(client, viewers):
    build_world(units=2, years=1)
    client.force_login(viewers["reviewer"])

    assert client.get(reverse("reports:dashboard"), {"periode": 2020}).status_code == 400


@pytest.mark.django_db
def test_htmx_request_gets_the_report_fragment_only(client, viewers):
    build_world(units=2, years=2)
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:dashboard"), {"periode": 2025}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="report"')
    assert "<html" not in response.text
    assert 'id="fig-trend"' in response.text


@pytest.mark.django_db
def test_home_page_is_the_dashboard_for_executives(client, viewers):
    build_world(units=2, years=1)
    client.force_login(viewers["executive"])

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Dasbor Indeks SPBE Provinsi" in response.text


@pytest.mark.django_db
def test_officers_get_403(client):
    build_world(units=2, years=1)
    client.force_login(make_user("petugas", role=Role.OFFICER))

    assert client.get(reverse("reports:dashboard")).status_code == 403


@pytest.mark.django_db
def test_without_periods_the_dashboard_says_so(client, viewers):
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"))

    assert response.status_code == 200
    assert "Belum ada periode penilaian" in response.text


@pytest.mark.django_db
def test_nav_shows_report_links_to_dashboard_roles_only(client, viewers):
    build_world(units=2, years=1)
    client.force_login(viewers["executive"])
    page = client.get(reverse("reports:dashboard")).text
    assert f'href="{reverse("reports:calibration")}"' in page
    assert f'href="{reverse("reports:brief")}"' in page


# --- query counts: the same at two data sizes ---------------------------------------------------------

DASHBOARD_QUERIES = (
    20  # incl. the navigation's unread count, the published results, the feasible caps and the week's
    # history; the framework's structure (4, with the indicator names) counted cold, as the first
    # request after a framework change (tests/conftest.py). No crosswalk leads from the framework, so
    # the "perkiraan" series needs no query (test_transition.py).
)


@pytest.mark.django_db
@pytest.mark.parametrize(("units", "years"), [(2, 2), (6, 5)])
def test_dashboard_query_count_does_not_grow_with_data(client, viewers, django_assert_num_queries, units, years):
    build_world(units=units, years=years)
    client.force_login(viewers["reviewer"])
    url = reverse("reports:dashboard")
    client.get(url)  # warm the session and user caches like a signed-in browser would

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url, {"seri": "verified"})
    assert response.status_code == 200


# --- charts (pure) -----------------------------------------------------------------------------------


NATIONAL_AVERAGE = [
    series.PeerPoint(2020, Decimal("2.26"), "kerangka lama 2018 (35 indikator, 3 domain)"),
    series.PeerPoint(2024, Decimal("3.12")),
]


def _bands():
    return [
        scoring.BandSpec("Kurang", Decimal("1.00"), Decimal("1.80"), "#b00020"),
        scoring.BandSpec("Cukup", Decimal("1.80"), Decimal("2.60"), "#e67e22"),
        scoring.BandSpec("Baik", Decimal("2.60"), Decimal("3.50"), "#f1c40f"),
        scoring.BandSpec("Sangat Baik", Decimal("3.50"), Decimal("4.20"), "#27ae60"),
        scoring.BandSpec("Memuaskan", Decimal("4.20"), None, "#1e5aa8"),
    ]


def test_bullet_marks_threshold_target_ambition_and_bands():
    figure = charts.bullet(Decimal("2.69"), _bands(), target=Decimal("3.20"))

    assert {trace["type"] for trace in figure["data"]} <= BASIC_TRACES
    assert figure["data"][0]["x"] == [2.69]
    assert figure["layout"]["separators"] == ",."
    shapes = figure["layout"]["shapes"]
    band_rects = [s for s in shapes if s["type"] == "rect" and s.get("fillcolor") in {b.colour for b in _bands()}]
    assert [(r["x0"], r["fillcolor"]) for r in band_rects][:2] == [(1.0, "#b00020"), (1.8, "#e67e22")]
    ambition = [s for s in shapes if s["type"] == "rect" and (s["x0"], s["x1"]) == (3.0, 3.5)]
    assert len(ambition) == 1
    lines = {(s["x0"], s["line"].get("dash", "solid")) for s in shapes if s["type"] == "line"}
    assert (3.5, "solid") in lines and (3.2, "dash") in lines
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert "Sangat Baik 3,50" in texts and "Target 3,20" in texts
    assert any("Ambisi provinsi 3,00–3,50" in text for text in texts)


def test_bullet_without_index_says_so():
    figure = charts.bullet(None, _bands())
    assert "Belum ada nilai" in [a["text"] for a in figure["layout"]["annotations"]]


def test_trend_marks_a_change_of_framework():
    points = [
        dashboard.TrendPoint(2025, Decimal("2.9"), Decimal("3.0"), "final", "SPBE 2020", False),
        dashboard.TrendPoint(2026, Decimal("3.1"), Decimal("3.5"), "final", "PEMDI 2026", True),
    ]
    figure = charts.trend(points, national=NATIONAL_AVERAGE, bands=_bands())

    assert {trace["type"] for trace in figure["data"]} <= BASIC_TRACES
    assert "Kerangka baru: PEMDI 2026" in [a["text"] for a in figure["layout"]["annotations"]]
    assert any(s["type"] == "line" and s["x0"] == 2025.5 for s in figure["layout"]["shapes"])
    assert figure["data"][0]["x"] == [2025, 2025.5, 2026]  # a gap: no line joins the two frameworks
    assert figure["data"][0]["y"][1] is None
    assert "data ilustrasi" in figure["data"][0]["customdata"][2]


def test_every_chart_uses_only_basic_bundle_traces_and_indonesian_separators():
    bands = _bands()
    row = progress.UnitProgress(unit_pk=1, unit="Dinas", assigned=3, draft=1, verified=2, overdue=1)
    lever = dashboard.Lever(1, 1, "1. Ind", 2, Decimal("0.2"), Decimal("0.6"), "Dinas", 1)
    gap = calibration.CalibrationUnit(unit_pk=1, label="Dinas")
    gap.add(4, 3, 2)
    figures = [
        charts.bullet(Decimal("3"), bands),
        charts.trend([], national=NATIONAL_AVERAGE),
        charts.values_vs_target([("A", Decimal("2.5")), ("B", None)], bands, target=Decimal("3")),
        charts.levers([lever]),
        charts.progress_bars([row], progress.STATUS_LABELS),
        charts.levels_by_series([2025, 2026], [("final", "Hasil akhir", [3, None])]),
        charts.calibration_gaps([gap]),
    ]
    for figure in figures:
        assert {trace["type"] for trace in figure["data"]} <= BASIC_TRACES
        assert figure["layout"]["separators"] == ",."
        assert "width" not in figure["layout"]  # responsive


def test_band_colour_reads_lower_bounds_inclusively():
    bands = _bands()
    assert charts.band_colour(bands, Decimal("3.50")) == "#27ae60"
    assert charts.band_colour(bands, Decimal("3.4999")) == "#f1c40f"
    assert charts.band_colour(bands, None) == charts.MUTED


@pytest.mark.django_db
def test_framework_without_domains_has_no_domain_chart(client, viewers):
    framework = make_framework("tanpa-domain", with_domains=False)
    build_world(units=2, years=1, framework=framework)
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"))

    assert response.status_code == 200
    assert 'id="fig-domains"' not in response.text
    assert 'id="fig-aspects"' in response.text


@pytest.mark.django_db
def test_dashboard_links_to_planning_pages_for_the_shown_period(client, viewers):
    world = build_world(units=2, years=2)
    client.force_login(viewers["admin"])

    page = client.get(reverse("reports:dashboard"), {"periode": 2025, "seri": "final"}).text

    period = world.periods[0]
    assert f'href="{reverse("planning:whatif")}?periode=2025&amp;seri=final"' in page
    assert f'href="{reverse("planning:export_xlsx", args=[period.pk])}"' in page
    assert f'href="{reverse("reports:brief")}?periode=2025&amp;seri=final"' in page


@pytest.mark.django_db
def test_levers_of_a_period_without_assignments_name_the_latest_lead_and_its_year(client, viewers):
    world = build_world(units=2, years=2)
    past = world.periods[0]
    past.assignments.all().delete()
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"), {"periode": past.year, "seri": "final"})

    for lever in response.context["data"].levers:
        assert lever.lead == world.leads[(world.current.pk, lever.number)].display_name
        assert lever.lead_year == 2026
    assert "(penugasan 2026)" in response.text


# --- boundaries: 3.495 is Baik, and the page does not say "3,50" -------------------------------------

EDGE_LEVELS = (
    dict.fromkeys(range(1, 48), 3) | {32: 4, 33: 4, 11: 4, 12: 4, 21: 4, 22: 4} | dict.fromkeys(range(42, 48), 5)
)


@pytest.mark.django_db
def test_headline_just_below_sangat_baik_shows_three_decimals_and_the_exact_distance(client, viewers, spbe_2020):
    from tests.factories import make_period, make_stage_result

    assert scoring.compute(spbe_2020.structure(), EDGE_LEVELS).index == Decimal("3.495")
    period = make_period(spbe_2020, year=2025, status="final", target_index=Decimal("3.60"))
    indicators = {i.number: i for i in spbe_2020.indicators.all()}
    for number, level in EDGE_LEVELS.items():
        make_stage_result(period, indicators[number], level)
    client.force_login(viewers["executive"])

    response = client.get(reverse("reports:dashboard"), {"periode": 2025, "seri": "final"})

    assert response.status_code == 200
    data = response.context["data"]
    assert data.index == Decimal("3.495") and data.predicate.name == "Baik"
    assert data.to_sangat_baik == Decimal("0.005") and data.to_target == Decimal("0.105")
    assert '<p class="big-number" id="index-value">3,495</p>' in response.text
    assert "0,005 lagi ke Sangat Baik" in response.text
    assert "<dd>0,005</dd>" in response.text and "<dd>0,105</dd>" in response.text
    assert re.search(
        r'<tr class="current"><th scope="row">[^<]*</th><td class="num">3,495</td><td>Baik</td>', response.text
    )

    brief = client.get(reverse("reports:brief"), {"periode": 2025, "seri": "final"})
    assert '<p class="big-number" id="brief-index">3,495</p>' in brief.text
    assert "0,005 lagi ke Sangat Baik" in brief.text


@pytest.mark.django_db
def test_period_page_just_below_sangat_baik_shows_three_decimals(client, viewers, spbe_2020):
    from tests.factories import make_period, make_stage_result

    period = make_period(spbe_2020, year=2025, status="final")
    indicators = {i.number: i for i in spbe_2020.indicators.all()}
    for number, level in EDGE_LEVELS.items():
        make_stage_result(period, indicators[number], level)
    client.force_login(viewers["executive"])

    response = client.get(reverse("periods:detail", args=[period.pk]))

    assert response.status_code == 200
    assert '<td class="num">3,495</td>' in response.text
    assert "0,005 lagi ke Sangat Baik" in response.text
