"""Saved plans keep their baseline: steps "indicator i from a to b" read against today's levels
(done, overtaken, partly, still to do; never a downgrade), the index at save, plans compared side by
side, plans saved before baselines (migration 0008), and the query counts of the plan pages."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import audit
from evaluations.answers import services as answers
from evaluations.errors import InvalidInput
from evaluations.models import ActionPlan, Answer, Period
from evaluations.planning import services as planning
from indicators import scoring
from skpd.roles import Role
from tests.evaluations.planning_world import planning_world
from tests.factories import make_answer, make_assignment, make_framework, make_period, make_unit, make_user

D = Decimal


# --- the arithmetic, without a database ---------------------------------------------------------------


def _structure():
    """Weights 20, 20, 30, 15, 15 in one aspect; bands Kurang < 2.6 ≤ Cukup < 3.5 ≤ Sangat Baik."""
    return scoring.Structure(
        indicators=tuple(
            scoring.IndicatorSpec(number=n, weight=D(w), aspect=1)
            for n, w in {1: "20", 2: "20", 3: "30", 4: "15", 5: "15"}.items()
        ),
        aspects=(scoring.AspectSpec(number=1, weight=D(100), domain=None),),
        bands=(
            scoring.BandSpec("Kurang", D("1"), D("2.6")),
            scoring.BandSpec("Cukup", D("2.6"), D("3.5")),
            scoring.BandSpec("Sangat Baik", D("3.5"), None),
        ),
    )


def test_steps_start_at_the_baseline_level_missing_counted_at_1_or_unknown_without_a_baseline():
    assert scoring.plan_steps({3: 4, 5: 2}, {3: 3, 5: None}) == (
        scoring.PlanStep(3, 3, 4),
        scoring.PlanStep(5, 1, 2),
    )
    assert scoring.plan_steps({3: 4}, None) == (scoring.PlanStep(3, None, 4),)
    assert scoring.PlanStep(3, 1, 4).size == 3 and scoring.PlanStep(3, None, 4).size is None


@pytest.mark.parametrize(
    ("step", "today", "state", "remaining", "target"),
    [
        (scoring.PlanStep(1, 2, 4), 2, scoring.STEP_TODO, 2, 4),
        (scoring.PlanStep(1, 2, 4), 1, scoring.STEP_TODO, 3, 4),  # fell below the baseline: more to do
        (scoring.PlanStep(1, 2, 4), 3, scoring.STEP_PARTLY, 1, 4),
        (scoring.PlanStep(1, 2, 4), 4, scoring.STEP_DONE, 0, 4),
        (scoring.PlanStep(1, 2, 4), 5, scoring.STEP_OVERTAKEN, 0, 5),  # stays at 5, never "5 → 4"
        (scoring.PlanStep(1, None, 4), 3, scoring.STEP_TODO, 1, 4),  # no baseline: no "partly"
        (scoring.PlanStep(1, None, 3), 5, scoring.STEP_OVERTAKEN, 0, 5),
    ],
)
def test_each_step_state_against_todays_level(step, today, state, remaining, target):
    progress = scoring.plan_progress(_structure(), {1: today, 2: 1, 3: 1, 4: 1, 5: 1}, [step])
    (row,) = progress.steps
    assert (row.state, row.remaining, row.target, row.current) == (state, remaining, target, today)
    assert progress.reached.index >= progress.base.index


def test_progress_applies_only_the_remaining_steps_and_never_lowers_an_indicator():
    structure = _structure()
    steps = scoring.plan_steps({1: 3, 3: 4, 5: 2}, {1: 2, 2: 2, 3: 3, 4: 1, 5: None})
    # Today: indicator 1 went to 5 (past the plan), 3 unchanged, 5 still not assessed.
    progress = scoring.plan_progress(structure, {1: 5, 2: 2, 3: 3, 4: 1}, steps)
    assert [r.state for r in progress.steps] == [scoring.STEP_OVERTAKEN, scoring.STEP_TODO, scoring.STEP_TODO]
    # base (5·20 + 2·20 + 3·30 + 1·15 + 1·15)/100 = 2.60; reached: 3 → 4, 5 → 2: + 0.30 + 0.15 = 3.05
    assert progress.base.index == D("2.6") and progress.base.provisional
    assert progress.reached.index == D("3.05") and progress.gain == D("0.45")
    assert (progress.cost, progress.remaining, progress.done_count) == (3, 2, 1)
    with pytest.raises(ValueError, match="indikator 9"):
        scoring.plan_progress(structure, {}, [scoring.PlanStep(9, 1, 2)])


# --- a hand-built world: a period in review, levels verified after the plans were saved --------------


@pytest.fixture
def review(db):
    """Mini framework in review. Verified: 1 → 3, 2 → 2, 3 → 3; indicator 4 submitted (proposed 2),
    5 unanswered. The verified series' index counting missing at 1: (60 + 40 + 90 + 15 + 15)/100 = 2.20."""
    framework = make_framework()
    period = make_period(framework, status=Period.Status.IN_REVIEW)
    unit = make_unit("DISKOMINFO")
    indicators = {i.number: i for i in framework.indicators.all()}
    answers_by_number = {}
    for number, verified in {1: 3, 2: 2, 3: 3, 4: None}.items():
        make_assignment(period, indicators[number], unit)
        answers_by_number[number] = make_answer(
            period,
            indicators[number],
            unit,
            status="verified" if verified else "submitted",
            proposed_level=verified or 2,
            verified_level=verified,
        )
    period.answers_by_number = answers_by_number
    period.reviewer = make_user("reviewer", password=None, role=Role.REVIEWER)
    return period


def _plans(period):
    """Plan A: 3 → 4 and 4 from 1 (not yet verified) → 3; plan B: 1 → 5 and 5 from 1 → 2."""
    a = planning.save_action_plan(
        period.reviewer, period, name="Rencana A", base_series="verified", levels={3: 4, 4: 3}
    )
    b = planning.save_action_plan(
        period.reviewer, period, name="Rencana B", base_series="verified", levels={1: 5, 5: 2}
    )
    return a, b


def _verify_4_at_4(period):
    answer = Answer.objects.get(pk=period.answers_by_number[4].pk)
    answers.verify_answer(
        period.reviewer, answer, verified_level=4, note="Diverifikasi dari dokumen yang diperiksa langsung."
    )


def test_save_records_the_baseline_exactly_and_leaves_a_history_event(review):
    a, b = _plans(review)
    assert a.baseline_levels == {"1": 3, "2": 2, "3": 3, "4": None, "5": None}
    # at save: 2.20; A: + 1·0.30 + 2·0.15 = 2.80; B: + 2·0.20 + 1·0.15 = 2.75
    assert (a.baseline_index, a.planned_index, b.planned_index) == (D("2.2"), D("2.8"), D("2.75"))
    assert [(s.indicator, s.from_level, s.to_level) for s in a.steps()] == [(3, 3, 4), (4, 1, 3)]
    record = a.history.get()
    assert record.history_user == review.reviewer
    assert record.history_change_reason == audit.event(audit.PLAN_SAVED, steps=3, index="2.20")
    assert audit.display(record.history_change_reason) == (
        "Rencana aksi disimpan: 3 langkah tingkat, indeks saat disimpan 2,20"
    )


def test_a_plan_only_raises_levels(review):
    with pytest.raises(InvalidInput, match="Indikator 1: tingkat rencana 2 di bawah tingkat dasar 3"):
        planning.save_action_plan(review.reviewer, review, name="X", base_series="verified", levels={1: 2, 3: 5})
    with pytest.raises(InvalidInput, match="belum mengubah"):  # at the baseline's level: no step
        planning.save_action_plan(review.reviewer, review, name="X", base_series="verified", levels={1: 3})
    assert not ActionPlan.objects.exists()


def test_saving_a_scenario_that_lowers_a_level_is_a_400_naming_it(client, review):
    client.force_login(review.reviewer)
    levels = {"level_1": 2, "level_2": 2, "level_3": 5, "level_4": 1, "level_5": 1}
    response = client.post(
        reverse("planning:plan_save"), {"periode": review.year, "seri": "verified", "name": "Turun", **levels}
    )
    assert response.status_code == 400
    assert "Rencana aksi hanya menaikkan tingkat. Indikator 1: tingkat rencana 2 di bawah tingkat dasar 3." in (
        response.text
    )
    assert not ActionPlan.objects.exists()


def test_a_plan_overtaken_by_verification_shows_the_step_done_never_a_downgrade(client, review):
    a, _b = _plans(review)
    _verify_4_at_4(review)  # the plan asked 1 → 3; verification put it at 4

    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))
    page = client.get(reverse("planning:plan_detail", args=[a.pk])).text

    step = page.split('id="step-4"')[1].split("</tr>")[0]
    assert 'class="step-overtaken"' in page and "1 → 3" in step
    assert '<td class="num step-today">4</td>' in step and "Terlampaui" in step
    assert "4 → 3" not in page and "−" not in page.split('id="h-values"')[1]
    # The value at save is kept; today's base (60 + 40 + 90 + 60 + 15)/100 = 2.65; the remaining step
    # 3 → 4 adds 0.30: 2.95 (indicator 4 stays at 4, not back to the plan's 3).
    assert '<dd id="index-at-save">2,20' in page
    assert '<dd id="index-today">2,65' in page
    assert '<strong id="index-reached">2,95</strong>' in page
    reading = planning.read_plans([a])[0]
    assert reading.progress.reached.index >= reading.progress.base.index
    assert [r.state for r in reading.steps] == [scoring.STEP_TODO, scoring.STEP_OVERTAKEN]
    # Opened in the simulator: today's base with the remaining steps, indicator 4 at 4.
    assert '<input type="hidden" name="level_4" value="4">' in page
    assert '<input type="hidden" name="level_3" value="4">' in page
    simulated = client.post(
        reverse("planning:whatif"),
        {
            "periode": review.year,
            "seri": "verified",
            "level_1": 3,
            "level_2": 2,
            "level_3": 4,
            "level_4": 4,
            "level_5": 1,
        },
    ).text
    assert '<span class="big-number" id="index-after">2,95</span>' in simulated
    assert "Indikator 4: tingkat" not in simulated  # no change listed for 4, certainly no 4 → 3


def test_compare_page_arithmetic(client, review):
    a, b = _plans(review)
    _verify_4_at_4(review)
    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))

    response = client.get(reverse("planning:plan_compare"), {"rencana": [a.pk, b.pk]})

    assert response.status_code == 200
    text = response.text

    def cells(row):
        body = text.split(f'<tr id="{row}">')[1].split("</tr>")[0]
        return [cell.split(">", 1)[1].split("<")[0] for cell in body.split("<td")[1:]]

    assert cells("row-steps") == ["2", "2"]
    assert cells("row-done") == ["1", "0"]  # A's step 4 overtaken
    assert cells("row-cost") == ["3", "3"]  # A: (4−3) + (3−1); B: (5−3) + (2−1)
    assert cells("row-remaining") == ["1", "3"]  # A: 4 − 3; B: (5 − 3) + (2 − 1)
    assert cells("row-at-save") == ["2,20", "2,20"]
    assert cells("row-planned") == ["2,80", "2,75"]
    assert cells("row-today") == ["2,65", "2,65"]
    # A: 2.65 + 0.30 = 2.95; B: 2.65 + 2·0.20 + 1·0.15 = 3.20
    assert cells("row-reached") == ["2,95", "3,20"]
    assert cells("row-predicate") == ["Baik", "Baik"]
    row4 = text.split('id="compare-indicator-4"')[1].split("</tr>")[0]
    assert "1 → 3" in row4 and "Terlampaui" in row4 and "–" in row4  # B has no step on 4
    assert "4 → 3" not in text
    # The plan list offers the comparison and shows the same numbers.
    listing = client.get(reverse("planning:plan_list"), {"periode": review.year}).text
    assert 'name="rencana"' in listing and "Bandingkan rencana terpilih" in listing
    assert '<td class="num plan-reached">2,95</td>' in listing and '<td class="num plan-reached">3,20</td>' in listing


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Pilih paling sedikit dua rencana untuk dibandingkan."),
        ("?rencana={a}", "Pilih paling sedikit dua rencana untuk dibandingkan."),
        ("?rencana={a}&rencana={a}", "Pilih paling sedikit dua rencana untuk dibandingkan."),
        ("?rencana={a}&rencana=abc", "abc bukan nomor rencana."),
        ("?rencana={a}&rencana=-1", "-1 bukan nomor rencana."),
        ("?rencana={a}&rencana=99999", "Rencana 99999 tidak ditemukan."),
        (
            "?rencana={a}&rencana={other}",
            "Rencana yang dibandingkan harus dari periode yang sama (dipilih: 2025, 2026).",
        ),
        ("?" + "&".join(f"rencana={n}" for n in range(1, 8)), "Paling banyak 6 rencana dapat dibandingkan sekaligus."),
    ],
)
def test_bad_compare_input_is_a_400_with_a_message(client, review, query, message):
    a, _b = _plans(review)
    earlier = make_period(review.framework, year=2025, status=Period.Status.OPEN)
    other = ActionPlan.objects.create(period=earlier, name="Lain", levels={"1": 4})
    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))

    response = client.get(reverse("planning:plan_compare") + query.format(a=a.pk, other=other.pk))

    assert response.status_code == 400
    assert message in response.text
    assert "Rencana:" in response.text  # names the field


# --- plans saved before baselines were kept -------------------------------------------------------------

migration = importlib.import_module("evaluations.migrations.0008_plan_baseline")


def test_migration_keeps_an_old_plans_levels_and_records_its_baseline_as_unknown(client, review):
    # A plan as stored before 0008: target levels only (4 → 3 here, below today's verified 4 later).
    old = ActionPlan.objects.create(period=review, name="Rencana lama", base_series="verified", levels={"4": 3, "3": 4})
    ActionPlan.history.all().delete()  # before 0008 plans had no history
    migration.record_unknown_baselines(apps, None)

    old.refresh_from_db()
    assert (old.levels, old.baseline_levels, old.baseline_index) == ({"4": 3, "3": 4}, None, None)
    record = old.history.get()
    assert record.history_change_reason == audit.event(audit.PLAN_WITHOUT_BASELINE)
    assert record.history_date == old.created_at
    _verify_4_at_4(review)

    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))
    page = client.get(reverse("planning:plan_detail", args=[old.pk])).text
    assert 'id="baseline-unknown"' in page and "tidak diketahui" in page
    step = page.split('id="step-4"')[1].split("</tr>")[0]
    assert "? → 3" in step and "Terlampaui" in step and "4 → 3" not in page
    # today 2.65; the remaining step 3 → 4: 2.95
    assert '<strong id="index-reached">2,95</strong>' in page

    migration.remove_unknown_baseline_records(apps, None)
    assert not old.history.exists()
    assert ActionPlan.objects.get(pk=old.pk).levels == {"4": 3, "3": 4}


# --- query counts: the same at two data sizes ------------------------------------------------------------


def _saved_plans(world, count):
    admin = world.users["admin"]
    numbers = sorted(world.indicators)
    raisable = [n for n in numbers if world.proposed.get(n, 1) < 5]
    plans = []
    for p in range(count):
        chosen = raisable[p % len(raisable) : p % len(raisable) + 3] or raisable[:1]
        plans.append(
            planning.save_action_plan(
                admin, world.period, name=f"Rencana dasar {p}", base_series="proposed", levels=dict.fromkeys(chosen, 5)
            )
        )
    return plans


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["plan_list", "plan_detail", "plan_compare"])
def test_plan_pages_query_count_does_not_grow_with_data(client, view):
    small = planning_world(indicators=5, units=2, plans=1, year=2025)
    large = planning_world(indicators=40, units=9, plans=6, year=2026, evidence_per_answer=3)
    counts = []
    for world, saved, compared in ((small, 2, 2), (large, 12, 6)):
        plans = _saved_plans(world, saved)
        client.force_login(world.users["reviewer"])
        if view == "plan_list":
            url = reverse("planning:plan_list") + f"?periode={world.period.year}"
        elif view == "plan_detail":
            url = reverse("planning:plan_detail", args=[plans[-1].pk])
        else:
            url = reverse("planning:plan_compare") + "?" + "&".join(f"rencana={p.pk}" for p in plans[:compared])
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 15, counts
