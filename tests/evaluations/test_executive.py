"""Issue 13's executive views: the latest official result as the headline (never a predicate next to
the floor of an incomplete series), the open cycle as progress with its lowest and highest possible
values, units ranked by index points held back, the "since last week" panel, days left to each stage.

Every expected number is worked out by hand in the comments, from the mini framework's weights
(indicators 1–5 at 20, 20, 30, 15, 15)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse

from evaluations import series
from evaluations.answers import services
from evaluations.models import Answer, Period, PeriodIndicator, Series
from evaluations.reports import dashboard, held_back, recent
from evaluations.series import PeriodSummary
from indicators import scoring
from tests.evaluations.reports_world import build_world, make_viewers
from tests.factories import make_answer, make_answering_world

W = {1: Decimal("20"), 2: Decimal("20"), 3: Decimal("30"), 4: Decimal("15"), 5: Decimal("15")}


def _structure():
    """The mini framework by hand: aspect 1 = 1, 2; aspect 2 = 3; aspect 3 = 4, 5."""
    aspect_of = {1: 1, 2: 1, 3: 2, 4: 3, 5: 3}
    return scoring.Structure(
        indicators=tuple(scoring.IndicatorSpec(n, W[n], aspect_of[n]) for n in W),
        aspects=(
            scoring.AspectSpec(1, Decimal("40"), 1),
            scoring.AspectSpec(2, Decimal("30"), 2),
            scoring.AspectSpec(3, Decimal("30"), 2),
        ),
        domains=(scoring.DomainSpec(1, Decimal("40")), scoring.DomainSpec(2, Decimal("60"))),
        bands=(
            scoring.BandSpec("Kurang", Decimal("1.00"), Decimal("1.80")),
            scoring.BandSpec("Cukup", Decimal("1.80"), Decimal("2.60")),
            scoring.BandSpec("Baik", Decimal("2.60"), Decimal("3.50")),
            scoring.BandSpec("Sangat Baik", Decimal("3.50"), Decimal("4.20")),
            scoring.BandSpec("Memuaskan", Decimal("4.20"), None),
        ),
    )


# --- pure arithmetic ----------------------------------------------------------------------------------


def test_bounds_count_the_unassessed_at_level_one_and_at_their_feasible_cap():
    bounds = scoring.index_bounds(_structure(), {1: 3, 3: 4}, caps={2: 3})
    # lowest:  3×20 + 1×20 + 4×30 + 1×15 + 1×15 = 230 → 2.30
    # highest: 3×20 + 3×20 (cap) + 4×30 + 5×15 + 5×15 = 390 → 3.90
    assert (bounds.assessed, bounds.total) == (2, 5)
    assert bounds.lowest == Decimal("2.30") and bounds.highest == Decimal("3.90")
    assert bounds.index is None and not bounds.complete


def test_bounds_of_a_whole_series_are_its_index():
    levels = {1: 3, 2: 3, 3: 4, 4: 2, 5: 5}  # 60 + 60 + 120 + 30 + 75 = 345 → 3.45
    bounds = scoring.index_bounds(_structure(), levels, caps={5: 3})  # a cap never lowers an assessed level
    assert bounds.complete and bounds.index == bounds.lowest == bounds.highest == Decimal("3.45")


def test_held_back_points_by_indicator_and_by_unit_by_hand():
    structure = _structure()
    levels = {1: 3, 3: 4, 4: 5, 5: 2}  # 2 unassessed: counts as level 1
    feasible = {1: 4, 2: 5, 3: 4, 4: 5, 5: 5}  # caps 1→4, 3→4, the rest level 5
    points = scoring.held_back(structure, levels, feasible)
    # 1: (4−3)×20/100 = 0.20; 2: (5−1)×20/100 = 0.80; 3: at its cap 0; 4: at 5 0; 5: (5−2)×15/100 = 0.45
    assert points == {1: Decimal("0.20"), 2: Decimal("0.80"), 3: 0, 4: 0, 5: Decimal("0.45")}
    rows = scoring.held_back_by(points, {1: "A", 2: "A", 3: "B", 4: "B", 5: "B"})
    assert rows == [("A", Decimal("1.00"), (1, 2)), ("B", Decimal("0.45"), (3, 4, 5))]

    level_three = scoring.held_back(structure, levels, dict.fromkeys(W, 3))
    # 1: at 3 → 0; 2: (3−1)×0.20 = 0.40; 3: at 4, above target → 0 (never negative); 4: 0; 5: (3−2)×0.15
    assert level_three == {1: 0, 2: Decimal("0.40"), 3: 0, 4: 0, 5: Decimal("0.15")}
    # An indicator without an owner (no lead) is left out of the ranking.
    assert scoring.held_back_by(level_three, {2: "A"}) == [("A", Decimal("0.40"), (2,))]


def test_level_change_effect_counts_a_missing_level_as_one():
    assert scoring.level_change_effect(Decimal("2.5"), None, 3) == Decimal("0.05")
    assert scoring.level_change_effect(Decimal("2.5"), 4, 2) == Decimal("-0.05")
    assert scoring.level_change_effect(Decimal("20"), 3, None) == Decimal("-0.40")


# --- series: days left, stage deadlines, the latest official result ---------------------------------


def test_days_left_is_negative_once_the_date_has_passed():
    due = date(2026, 4, 30)
    assert series.days_left(due, date(2026, 4, 27)) == 3
    assert series.days_left(due, due) == 0
    assert series.days_left(due, date(2026, 5, 2)) == -2
    assert series.days_left(None, due) is None


def test_stage_deadlines_say_which_stages_are_done_and_which_are_late():
    period = Period(
        year=2026,
        status=Period.Status.IN_REVIEW,
        self_assessment_due=date(2026, 4, 30),
        verification_due=date(2026, 5, 31),
        document_review_date=date(2026, 5, 20),
        final_date=None,
    )
    rows = {d.key: d for d in series.stage_deadlines(period, recorded=[], on=date(2026, 6, 3))}
    assert set(rows) == {"self_assessment", "verification", "dokumen"}  # no date, no row
    assert rows["self_assessment"].done  # the period is in review: the self-assessment is over
    assert not rows["verification"].done and rows["verification"].days_left == -3 and rows["verification"].late
    assert rows["dokumen"].late
    recorded = series.stage_deadlines(period, recorded=[Series.DOKUMEN], on=date(2026, 6, 3))
    assert next(d for d in recorded if d.key == "dokumen").done
    only = series.stage_deadlines(period, on=date(2026, 6, 3), only=series.INTERNAL_STAGES)
    assert [d.key for d in only] == ["self_assessment", "verification"]


def _summary(year, status, index):
    return PeriodSummary(Period(year=year, status=status), index, None, "final")


def test_latest_official_is_the_newest_final_period_with_a_whole_result_up_to_the_year():
    final = Period.Status.FINAL
    rows = [
        _summary(2023, final, Decimal("2.69")),
        _summary(2024, final, Decimal("2.97")),
        _summary(2025, Period.Status.CLOSED, Decimal("3.21")),  # closed: not yet official
        _summary(2026, final, None),  # final levels incomplete: no result
    ]
    assert series.latest_official(rows).year == 2024
    assert series.latest_official(rows, year=2023).year == 2023
    assert series.latest_official(rows, year=2022) is None


# --- the headline of an incomplete period -------------------------------------------------------------


@pytest.fixture
def viewers(db):
    return make_viewers()


def _final_index(world, period):
    return scoring.compute(world.framework.structure(), world.series("final", period)).index


@pytest.mark.django_db
def test_headline_of_an_incomplete_period_is_the_latest_official_result(client, viewers):
    world = build_world(units=2, years=2)
    last, current = world.periods[-2], world.periods[-1]  # 2025 final, 2026 open (a draft without a level)
    official = _final_index(world, last)
    bands = dashboard.bands_of(world.framework.structure())
    client.force_login(viewers["executive"])

    page = client.get(reverse("reports:dashboard"))

    data = page.context["data"]
    assert data.period == current and data.official.year == 2025 and data.official.index == official
    shown = scoring.display_index(official, bands).replace(".", ",")
    assert f'<p class="big-number" id="official-index">{shown}</p>' in page.text
    assert "Hasil resmi terakhir: 2025" in page.text
    # The headline comes before the series card and its floor value.
    assert page.text.index('id="official-index"') < page.text.index('id="index-value"')
    # Gap to the current target from the official result's exact value.
    assert data.official.to_target == max(Decimal(0), current.target_index - official)
    # The open cycle is progress: proposed 4 of 5 with its range, no predicate for its floor.
    proposed = data.progress.proposed.bounds
    levels = world.series("proposed", current)
    assert proposed.assessed == len(levels) == 4
    assert proposed.lowest == scoring.compute(world.framework.structure(), levels, floor_missing=True).index
    assert "Terendah mungkin" in page.text and "Tertinggi mungkin" in page.text
    floor_page = client.get(reverse("reports:dashboard"), {"periode": 2026, "seri": "proposed"})
    floor = floor_page.context["data"]
    assert floor.is_provisional and floor.to_target is None and floor.to_sangat_baik is None
    assert 'id="no-predicate"' in floor_page.text
    card = floor_page.text[floor_page.text.index('id="h-index"') : floor_page.text.index('id="h-trend"')]
    assert "predicate-badge" not in card  # no predicate next to a floor value
    assert not re.search(r"\*</span></td><td>(Kurang|Cukup|Baik|Sangat Baik|Memuaskan)<", floor_page.text)


@pytest.mark.django_db
def test_brief_headlines_the_official_result_and_keeps_unassessed_out_of_the_levers(client, viewers):
    world = build_world(units=2, years=2)
    last, current = world.periods[-2], world.periods[-1]
    official = _final_index(world, last)
    bands = dashboard.bands_of(world.framework.structure())
    client.force_login(viewers["executive"])

    page = client.get(reverse("reports:brief"), {"periode": 2026, "seri": "proposed"})

    brief = page.context["brief"]
    shown = scoring.display_index(official, bands).replace(".", ",")
    assert f'<p class="big-number" id="brief-index">{shown}</p>' in page.text
    assert "Hasil resmi terakhir: 2025" in page.text
    levels = world.series("proposed", current)
    unassessed = sorted({world.indicators[i].number for i in range(5)} - set(levels))
    assert unassessed and [t.number for t in brief.to_do] == unassessed
    assert brief.levers and all(lever.current is not None for lever in brief.levers)
    assert not {lever.number for lever in brief.levers} & set(unassessed)
    assert "Masih harus dinilai" in page.text
    assert page.context["bullet_figure"]["data"][0]["x"] == [float(official)]


@pytest.mark.django_db
def test_an_official_period_is_its_own_headline_without_progress(client, viewers):
    world = build_world(units=2, years=2)
    client.force_login(viewers["executive"])
    page = client.get(reverse("reports:dashboard"), {"periode": 2025})
    data = page.context["data"]
    assert data.official.period == world.periods[-2] and data.progress is None
    assert 'id="cycle-progress"' not in page.text


# --- units ranked by index points held back ------------------------------------------------------------


def _ranking_world():
    """Unit A leads 1–3, unit B 4 and 5; verified 1 at 3, 3 at 4, 4 at 5, 5 at 2; 2 not assessed.
    Caps: 1 → 4, 3 → 4."""
    world = make_answering_world(self_assessment_due=date(2026, 4, 30))
    period, ind = world.period, world.indicators
    for number, unit, level in [(1, world.unit_a, 3), (3, world.unit_a, 4), (4, world.unit_b, 5), (5, world.unit_b, 2)]:
        make_answer(period, ind[number], unit, status="verified", proposed_level=level, verified_level=level)
    for number, cap in [(1, 4), (3, 4)]:
        PeriodIndicator.objects.create(period=period, indicator=ind[number], feasible_max=cap)
    return world


@pytest.mark.django_db
def test_ranking_by_points_held_back_by_hand(client):
    world = _ranking_world()
    client.force_login(world.executive)
    url = reverse("reports:held_back")

    page = client.get(url, {"periode": 2026, "seri": "verified"})
    # Feasible max: A = 0.20 + 0.80 + 0 = 1.00; B = 0 + 0.45 = 0.45.
    rows = [(r.unit_id, r.points, r.numbers, r.unassessed) for r in page.context["rows"]]
    assert rows == [
        (world.unit_a.pk, Decimal("1.00"), (1, 2), 1),
        (world.unit_b.pk, Decimal("0.45"), (5,), 0),
    ]
    assert "1,000" in page.text and "0,450" in page.text
    assert "tingkat 1" in page.text  # the page says how unassessed indicators count

    level_three = client.get(url, {"periode": 2026, "seri": "verified", "target": "3"})
    assert [(r.unit_id, r.points) for r in level_three.context["rows"]] == [
        (world.unit_a.pk, Decimal("0.40")),
        (world.unit_b.pk, Decimal("0.15")),
    ]

    dash = client.get(reverse("reports:dashboard"), {"periode": 2026, "seri": "verified"})
    assert [r.points for r in dash.context["data"].held_back_shown] == [Decimal("1.00"), Decimal("0.45")]
    assert 'id="held-back"' in dash.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "label"), [({"target": "9"}, "Target"), ({"target": "tinggi"}, "Target"), ({"seri": "x"}, "Seri")]
)
def test_ranking_with_an_invalid_filter_is_400_with_a_message(client, params, label):
    world = _ranking_world()
    client.force_login(world.executive)
    page = client.get(reverse("reports:held_back"), params)
    assert page.status_code == 400
    assert "Filter tidak valid" in page.text and f"<li>{label}: " in page.text


@pytest.mark.django_db
@pytest.mark.parametrize(("units", "years"), [(2, 2), (6, 5)])
def test_ranking_query_count_does_not_grow_with_data(client, viewers, django_assert_num_queries, units, years):
    build_world(units=units, years=years)
    client.force_login(viewers["executive"])
    url = reverse("reports:held_back")
    client.get(url)
    with django_assert_num_queries(RANKING_QUERIES):
        page = client.get(url, {"target": "4"})
    assert page.status_code == 200


# session, user, groups; periods; answers and stage levels; the structure (indicators, aspects,
# domains, bands); leads; caps; the navigation's profile and unread-notification count.
RANKING_QUERIES = 14


# --- since last week ---------------------------------------------------------------------------------


def _history_world():
    """A week of work on a hand-built history (each step through the services):

    - 1 (unit A, weight 20): drafted at 3 and submitted ten days ago, verified at 2 today;
    - 2 (unit A, weight 20): drafted at 4, submitted, returned today;
    - 4 (unit B, weight 15): drafted at 2 today; unit A's contribution to 4 drafted at 5.
    """
    world = make_answering_world(self_assessment_due=date(2026, 4, 30))
    period, ind = world.period, world.indicators
    a, b, reviewer = world.officer_a, world.officer_b, world.reviewer

    def drafted(officer, number, unit, level):
        answer = services.get_or_create_answer(officer, period, ind[number], unit)
        return services.save_draft(officer, answer, proposed_level=level, explanation="Fakta.", base_version=1)

    one = drafted(a, 1, world.unit_a, 3)
    services.submit_answer(a, one, confirm_no_evidence=True)
    Answer.history.model.objects.filter(id=one.pk).update(history_date=F("history_date") - timedelta(days=10))
    services.verify_answer(reviewer, one, verified_level=2, note="Kriteria tingkat 3 belum terpenuhi; bukti menyusul.")
    two = drafted(a, 2, world.unit_a, 4)
    services.submit_answer(a, two, confirm_no_evidence=True)
    services.return_answer(reviewer, two, note="Lengkapi bukti")
    drafted(b, 4, world.unit_b, 2)
    drafted(a, 4, world.unit_a, 5)
    return world


@pytest.mark.django_db
def test_since_last_week_counts_each_change_and_its_effect_on_the_index(client):
    world = _history_world()

    changes = recent.recent_changes(world.period)

    kinds = sorted((c.kind, c.number, c.is_lead, c.effect_proposed, c.effect_verified) for c in changes.changes)
    assert kinds == [
        # 2 drafted at 4: proposed (4−1)×0.20; 4 drafted at 2 by its lead: (2−1)×0.15; the contribution: none.
        ("level", 2, True, Decimal("0.60"), 0),
        ("level", 4, False, 0, 0),
        ("level", 4, True, Decimal("0.15"), 0),
        ("returned", 2, True, 0, 0),
        ("submitted", 2, True, 0, 0),
        # 1 verified at 2: verified (2−1)×0.20; its draft and submission were ten days ago.
        ("verified", 1, True, 0, Decimal("0.20")),
    ]
    assert changes.effect_proposed == Decimal("0.75") and changes.effect_verified == Decimal("0.20")
    counts = {str(label): count for label, count in changes.counts}
    assert counts == {"Diajukan": 1, "Dikembalikan": 1, "Diverifikasi": 1, "Tingkat berubah": 3}

    # A week later nothing is left in the window.
    later = recent.recent_changes(world.period, now=changes.since + timedelta(days=15))
    assert later.changes == []

    client.force_login(world.executive)
    page = client.get(reverse("reports:dashboard"))
    assert "Sejak minggu lalu" in page.text
    assert "usulan 0,75, terverifikasi 0,20" in page.text


def test_classify_reads_status_moves_first_then_level_moves():
    assert recent.classify(None, ("draft", None, None)) is None
    assert recent.classify(None, ("draft", 3, None)) == recent.LEVEL
    assert recent.classify(("draft", 3, None), ("submitted", 3, None)) == recent.SUBMITTED
    assert recent.classify(("submitted", 3, None), ("verified", 3, 3)) == recent.VERIFIED
    assert recent.classify(("verified", 3, 3), ("returned", 3, 2)) == recent.RETURNED
    assert recent.classify(("draft", 3, None), ("draft", 3, None)) is None


# --- days left on the dashboard, the work list and the review queue ---------------------------------


@pytest.mark.django_db
def test_days_left_on_dashboard_worklist_and_queue(client, monkeypatch):
    monkeypatch.setattr(series, "today", lambda: date(2026, 5, 3))
    world = make_answering_world(self_assessment_due=date(2026, 4, 30), verification_due=date(2026, 5, 10))

    client.force_login(world.executive)
    page = client.get(reverse("reports:dashboard"))
    deadlines = {d.key: d.days_left for d in page.context["data"].deadlines}
    assert deadlines == {"self_assessment": -3, "verification": 7}
    assert "terlambat 3 hari" in page.text and "7 hari lagi" in page.text

    client.force_login(world.officer_a)
    worklist = client.get(reverse("evaluations:worklist"))
    assert worklist.context["days_left"] == -3 and "terlambat 3 hari" in worklist.text

    client.force_login(world.reviewer)
    queue = client.get(reverse("periods:review_queue"))
    assert "terlambat 3 hari" in queue.text and "7 hari lagi" in queue.text
    assert held_back.FEASIBLE == "layak"
