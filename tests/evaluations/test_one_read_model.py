"""Every page means the same thing by the same word: a property test over random worlds.

For one period and series, the dashboard, the governor's brief, the unit pages, the indicator pages,
the Excel workbook, the CSV and the what-if baseline must give identical index, domain and aspect
values, and the dashboard, the unit pages and the officer's work list identical overdue counts and
lead units. Each reads through ``evaluations.series``; this test is what keeps it so.

Plus the two regressions that showed the rule written twice: the dashboard's "index per series"
table showed "–" beside a headline of 1,63, and the work list and the dashboard disagreed on what
is overdue.
"""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaluations import series as read_model
from evaluations.answers.views import _worklist_rows
from evaluations.models import Answer, Period, Series
from evaluations.planning.services import planning_base, simulate
from evaluations.reports import exports
from evaluations.reports.dashboard import build_brief, build_dashboard, periods_for_reports
from evaluations.reports.indicator import build_indicator_report
from evaluations.reports.progress import progress_by_unit
from evaluations.reports.unit import build_unit_report
from indicators import scoring
from indicators.models import Indicator
from skpd.roles import Role
from tests.factories import (
    make_answer,
    make_assignment,
    make_framework,
    make_period,
    make_stage_result,
    make_unit,
    make_user,
)

TODAY = date(2026, 7, 1)
LEVEL = st.integers(min_value=1, max_value=5)
ANSWER = st.one_of(
    st.none(),  # no answer yet
    st.tuples(
        st.sampled_from(["draft", "submitted", "returned", "verified"]),
        st.one_of(st.none(), LEVEL),  # proposed level
        st.one_of(st.none(), LEVEL),  # verified level (counts only once verified)
    ),
)


@st.composite
def worlds(draw):
    units = draw(st.integers(min_value=1, max_value=3))
    indicators = []
    for _number in range(1, 6):
        lead = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=units - 1)))
        contributors = draw(st.sets(st.integers(min_value=0, max_value=units - 1), max_size=units))
        contributors.discard(lead)
        answers = {unit: draw(ANSWER) for unit in ([lead] if lead is not None else []) + sorted(contributors)}
        stages = {stage: draw(st.one_of(st.none(), LEVEL)) for stage in ("dokumen", "interviu", "visitasi", "final")}
        indicators.append({"lead": lead, "contributors": contributors, "answers": answers, "stages": stages})
    return {
        "units": units,
        "indicators": indicators,
        "status": draw(st.sampled_from(["open", "in_review", "closed"])),
        "due_offset": draw(st.sampled_from([-10, 10, None])),  # deadline 10 days ago, in 10 days, none
        "series": draw(st.sampled_from(list(Series))),
    }


def build(spec):
    framework = make_framework()
    due = TODAY + timedelta(days=spec["due_offset"]) if spec["due_offset"] is not None else None
    period = make_period(framework, status=spec["status"], self_assessment_due=due)
    units = [make_unit(f"U{i}", name=f"Unit {i}") for i in range(spec["units"])]
    indicators = {i.number: i for i in Indicator.objects.filter(framework=framework).select_related("aspect")}
    for number, ind in enumerate(spec["indicators"], 1):
        indicator = indicators[number]
        if ind["lead"] is not None:
            make_assignment(period, indicator, units[ind["lead"]])
        for unit in ind["contributors"]:
            make_assignment(period, indicator, units[unit], role="contributor")
        for unit, answer in ind["answers"].items():
            if answer is None:
                continue
            status, proposed, verified = answer
            make_answer(
                period,
                indicator,
                units[unit],
                is_lead=unit == ind["lead"],
                status=status,
                proposed_level=proposed,
                verified_level=verified,
            )
        for stage, level in ind["stages"].items():
            if level is not None:
                make_stage_result(period, indicator, level, stage=stage)
    period = Period.objects.with_framework().get(pk=period.pk)
    return period, units, indicators


def values(result):
    """Index, domains and aspects of an ``IndexResult``, rounded as every page shows them."""
    return (
        scoring.rounded(result.index),
        {n: scoring.rounded(v) for n, v in result.domains.items()},
        {n: scoring.rounded(v) for n, v in result.aspects.items()},
    )


def _number(text):
    return Decimal(text) if text not in ("", None) else None


def _two(value):
    return Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else None


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=worlds())
def test_every_page_export_and_plan_agree_on_the_same_period_and_series(spec, monkeypatch, evidence_storage):
    monkeypatch.setattr(read_model, "today", lambda: TODAY)
    with transaction.atomic():
        _check_world(spec)
        transaction.set_rollback(True)


def _check_world(spec):
    period, units, indicators = build(spec)
    series = spec["series"]
    periods = periods_for_reports()
    score = read_model.live_scores(period)[series]
    shown = score.shown
    expected = values(shown)

    # The dashboard's headline, domains and aspects, and its series table; the brief is the same.
    data = build_dashboard(period, periods, series=series)
    assert values(data.shown) == expected
    assert ({d.number: scoring.rounded(d.value) for d in data.domains}) == expected[1]
    assert ({a.number: scoring.rounded(a.value) for a in data.aspects}) == expected[2]
    table = {key: row for _label, key, row in data.series_rows}
    assert values(table[series].shown) == expected
    brief = build_brief(period, periods, series=series)
    assert values(brief.data.shown) == expected

    # The indicator pages: each indicator's level in this series is the series' level.
    levels = read_model.series_levels(period, series)
    for number, indicator in indicators.items():
        report = build_indicator_report(indicator, periods, period)
        assert report.history.get(series, {}).get(period.year) == levels.get(number)

    # The unit pages: the lead rows' contributions add up to the index once the series is complete.
    lead_units = read_model.lead_units(period)
    contribution, leads_on_unit_pages, overdue_on_unit_pages = Decimal(0), {}, {}
    for unit in units:
        report = build_unit_report(period, unit, series=series)
        contribution += report.contribution
        for row in report.lead_rows:
            leads_on_unit_pages[row.indicator.number] = unit.pk
        overdue_on_unit_pages[unit.pk] = report.overdue
    if score.result.index is not None and len(lead_units) == 5 and len(levels) == 5:
        assert scoring.rounded(contribution) == expected[0]
    assert leads_on_unit_pages == {n: lead.unit_id for n, lead in lead_units.items()}

    # Overdue: the dashboard's unit rows, the unit pages and each officer's work list count alike.
    progress = {row.unit_pk: row.overdue for row in progress_by_unit(period)}
    worklists = {unit.pk: _worklist_rows(period, unit)["counts"]["overdue"] for unit in units}
    assert progress == {pk: overdue_on_unit_pages[pk] for pk in progress}
    assert {pk: worklists[pk] for pk in progress} == progress
    assert data.past_due == read_model.is_past_due(period, TODAY)
    if not read_model.is_past_due(period, TODAY):
        assert not any(progress.values())

    # Lead units: the dashboard's levers name the same lead as the assignments.
    for lever in data.levers:
        lead = lead_units.get(lever.number)
        assert lever.lead_pk == (lead.unit_id if lead else None) or lever.lead_year is not None

    # The Excel workbook's summary row of this series: the complete-series value, and the floor
    # (the pages' provisional value) in the table below it while the series is incomplete.
    viewer = make_user(f"exec-{period.pk}", password=None, role=Role.EXECUTIVE)
    book = load_workbook(exports.period_workbook(period, viewer), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Seri")
    row = next(r for r in rows[header_at + 1 :] if r and r[0] == str(series.label))
    assert _two(row[1]) == values(score.result)[0]
    assert row[3] == len(levels)
    if score.result.index is not None:
        assert _two(row[1]) == expected[0]
        assert [_two(v) for v in row[5:7]] == [expected[1][1], expected[1][2]]
        assert [_two(v) for v in row[7:10]] == [expected[2][n] for n in (1, 2, 3)]
    if score.is_provisional:
        floor_row = next(r for r in rows if r and r[0] == f"{series.label} ({exports.PROVISIONAL_LABEL})")
        assert _two(floor_row[1]) == expected[0]

    # The CSV: the same values where the series is complete; empty where it is not.
    text = "".join(exports.index_series_csv())
    csv_rows = [r for r in csv.DictReader(io.StringIO(text)) if r["tahun"] == str(period.year) and r["seri"] == series]
    if levels:
        by_level = {(r["tingkat"], r["nomor"]): _number(r["nilai"]) for r in csv_rows}
        assert by_level[("indeks", "")] == values(score.result)[0]
        if score.result.index is not None:
            assert {n: by_level[("domain", str(n))] for n in (1, 2)} == expected[1]
            assert {n: by_level[("aspek", str(n))] for n in (1, 2, 3)} == expected[2]
    else:
        assert csv_rows == []

    # The what-if baseline: the same levels; unassessed indicators at level 1, which is the floor.
    base = planning_base(period, series)
    assert base.current == levels
    assert {n: lead.unit_id for n, lead in base.leads.items()} == {n: lead.unit_id for n, lead in lead_units.items()}
    if levels:
        assert values(simulate(base).result.before) == expected
    else:
        assert shown.index is None and base.floored == set(indicators)


# --- regressions ------------------------------------------------------------------------------------


def _cell_text(html):
    return re.sub(r"<[^>]+>", "", html).strip()


@pytest.mark.django_db
def test_dashboard_series_table_shows_the_headline_value_of_an_incomplete_series(client):
    """The "index per series" table showed "–" for proposed and verified while the headline showed 1,63."""
    framework = make_framework()
    period = make_period(framework, status="open")
    unit = make_unit("BAPPEDA")
    one = Indicator.objects.get(framework=framework, number=1)
    make_assignment(period, one, unit)
    make_answer(period, one, unit, status="verified", proposed_level=4, verified_level=4)
    client.force_login(make_user("pimpinan", password=None, role=Role.EXECUTIVE))

    page = client.get(reverse("reports:dashboard"), {"periode": 2026, "seri": "proposed"}).text

    headline = _cell_text(re.search(r'id="index-value">(.*?)</p>', page, re.S).group(1))
    assert headline == "1,60"  # indicator 1 at 4, the other four counted at 1: (4×20 + 1×80) / 100
    table = re.search(r'class="compact series-table">(.*?)</table>', page, re.S).group(1)
    for label in ("Usulan SKPD", "Terverifikasi internal"):
        row = re.search(rf"<th scope=\"row\">{label}</th><td class=\"num\">(.*?)</td>", table, re.S).group(1)
        assert _cell_text(row).rstrip("*") == "1,60", label


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "overdue"), [("open", 1), ("in_review", 1), ("closed", 0)])
def test_work_list_and_dashboard_agree_on_what_is_overdue(client, monkeypatch, status, overdue):
    """The work list required the period to be open; the dashboard did not: now both use series.is_overdue."""
    monkeypatch.setattr(read_model, "today", lambda: TODAY)
    framework = make_framework()
    period = make_period(framework, status=status, self_assessment_due=TODAY - timedelta(days=1))
    unit = make_unit("BAPPEDA")
    one, two = Indicator.objects.filter(framework=framework, number__in=(1, 2)).order_by("number")
    make_assignment(period, one, unit)
    make_assignment(period, two, unit)
    make_answer(period, one, unit, status="draft", proposed_level=3)
    make_answer(period, two, unit, status="submitted", proposed_level=3)

    [row] = progress_by_unit(period)
    assert row.overdue == overdue
    assert _worklist_rows(period, unit)["counts"]["overdue"] == overdue
    assert build_unit_report(period, unit).overdue == overdue
    assert Answer.objects.filter(read_model.overdue_answers_q(TODAY)).count() == overdue


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "officer_sees"), [("open", Series.PROPOSED), ("closed", Series.VERIFIED)])
def test_default_series_is_the_officers_own_work_while_the_period_runs(status, officer_sees):
    """series.default_series: the most official series with levels, except an officer's view of a running period."""
    framework = make_framework()
    period = make_period(framework, status=status)
    unit = make_unit("BAPPEDA")
    one = Indicator.objects.get(framework=framework, number=1)
    make_assignment(period, one, unit)
    make_answer(period, one, unit, status="verified", proposed_level=4, verified_level=3)
    officer = make_user("op-bappeda", password=None, role=Role.OFFICER, unit=unit)
    reviewer = make_user("reviu", password=None, role=Role.REVIEWER)

    assert build_unit_report(period, unit, viewer=officer).series == officer_sees
    assert build_unit_report(period, unit, viewer=reviewer).series == Series.VERIFIED
    assert read_model.default_series_of(period) == Series.VERIFIED
