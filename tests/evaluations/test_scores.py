"""The scores read API: which level each series holds, and the index scoring.compute gives it."""

from decimal import Decimal

import pytest

from evaluations import series as scores
from evaluations.models import Series
from indicators import scoring
from tests.factories import make_answer, make_framework, make_period, make_stage_result, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    period = make_period()
    period.ind = {i.number: i for i in period.framework.indicators.all()}
    period.unit = make_unit("KOMINFO")
    return period


def test_proposed_reads_lead_answers_and_skips_missing_levels(period):
    other = make_unit("BAPPEDA")
    make_answer(period, period.ind[1], period.unit, proposed_level=3)
    make_answer(period, period.ind[2], period.unit, proposed_level=None)
    make_answer(period, period.ind[1], other, is_lead=False, proposed_level=5)  # a contributor's answer
    assert scores.series_levels(period, Series.PROPOSED) == {1: 3}


def test_verified_reads_only_verified_answers(period):
    make_answer(period, period.ind[1], period.unit, status="verified", proposed_level=4, verified_level=3)
    make_answer(period, period.ind[2], period.unit, status="returned", proposed_level=4, verified_level=2)
    assert scores.series_levels(period, Series.VERIFIED) == {1: 3}


def test_stage_series_read_stage_results(period):
    make_stage_result(period, period.ind[1], 2, stage="dokumen")
    make_stage_result(period, period.ind[1], 3, stage="final")
    make_stage_result(period, period.ind[4], 4, stage="final")
    assert scores.series_levels(period, Series.DOKUMEN) == {1: 2}
    assert scores.series_levels(period, Series.FINAL) == {1: 3, 4: 4}
    assert scores.series_levels(period, Series.VISITASI) == {}


def test_verified_index_equals_compute_on_same_levels(period):
    levels = {1: 3, 2: 4, 3: 2, 4: 5, 5: 1}
    for number, level in levels.items():
        make_answer(period, period.ind[number], period.unit, status="verified", proposed_level=5, verified_level=level)
    result = scores.period_scores(period, Series.VERIFIED)
    expected = scoring.compute(period.framework.structure(), levels)
    assert result == expected
    # by hand: (3×20 + 4×20 + 2×30 + 5×15 + 1×15) / 100
    assert result.index == Decimal("2.9")
    assert result.predicate.name == "Baik"
    assert result.missing == ()


def test_missing_levels_are_missing_not_zero(period):
    make_stage_result(period, period.ind[1], 4)
    result = scores.period_scores(period, Series.FINAL)
    assert result.missing == (2, 3, 4, 5)
    assert result.index is None  # not 0.8, which is what counting missing as 0 would give
    assert result.aspects[1] is None and result.aspects[3] is None


def test_scores_by_series_in_bounded_queries(period, django_assert_max_num_queries):
    make_answer(period, period.ind[1], period.unit, status="verified", proposed_level=4, verified_level=3)
    for number in range(1, 6):
        make_stage_result(period, period.ind[number], 3)
    period.framework.structure()  # cached on the framework instance
    with django_assert_max_num_queries(2):
        results = scores.scores_by_series(period)
    assert set(results) == set(Series)
    assert results[Series.FINAL].index == Decimal("3")
    assert results[Series.PROPOSED].missing == (2, 3, 4, 5)


def test_trend_uses_final_results_and_summaries(django_assert_max_num_queries):
    framework = make_framework()
    old = make_period(framework, year=2020, status="final", is_summary_only=True, summary_index=Decimal("2.26"))
    old.summary_domains.create(domain_number=1, index=Decimal("2.1"))
    done = make_period(framework, year=2021, status="final")
    empty = make_period(framework, year=2022, status="open")
    for indicator in framework.indicators.all():
        make_stage_result(done, indicator, 2)
    periods = [empty, done, old]
    with django_assert_max_num_queries(2 + 4):  # stage results, summary domains, one structure (4)
        rows = scores.trend(periods)
    assert [(p.year, index, source) for p, index, _pred, source in rows] == [
        (2020, Decimal("2.26"), "summary"),
        (2021, Decimal("2"), "final"),
        (2022, None, "final"),
    ]
    assert rows[0][2].name == "Cukup" and rows[1][2].name == "Cukup" and rows[2][2] is None
    summaries = scores.trend_summaries(periods)
    assert summaries[0].domains == {1: Decimal("2.1")}
    assert summaries[2].missing == 5


def test_live_scores_give_a_floor_while_levels_are_missing(period):
    make_stage_result(period, period.ind[1], 4)
    result, floor = scores.live_scores(period)[Series.FINAL]
    assert result.index is None
    # indicator 1 at 4, the other four counted at 1: (4×20 + 1×80) / 100
    assert floor.index == Decimal("1.6") and floor.provisional
    empty = scores.live_scores(period)[Series.VISITASI]
    assert tuple(empty) == (scoring.compute(period.framework.structure(), {}), None)
    assert empty.index is None and not empty.is_provisional
    # What a page shows of the incomplete final series is its floor, marked provisional.
    final = scores.live_scores(period)[Series.FINAL]
    assert final.shown is final.floor and final.is_provisional and final.index == Decimal("1.6")


def test_verified_series_follows_the_answer_lifecycle(period):
    """Through the services: answer, submit, return, fix, resubmit, verify; the index follows."""
    from evaluations.answers import services
    from skpd.roles import Role
    from tests.factories import make_assignment, make_user

    officer = make_user("petugas", role=Role.OFFICER, unit=period.unit)
    reviewer = make_user("reviewer", role=Role.REVIEWER)
    proposed = {1: 4, 2: 3, 3: 3, 4: 2, 5: 2}
    answers = {}
    for number, level in proposed.items():
        make_assignment(period, period.ind[number], period.unit)
        answer = services.get_or_create_answer(officer, period, period.ind[number], period.unit)
        services.save_draft(
            officer,
            answer,
            proposed_level=level,
            explanation="Fakta, analisis, justifikasi.",
            base_version=answer.version,
        )
        answer.refresh_from_db()
        services.submit_answer(officer, answer, confirm_no_evidence=True)
        answers[number] = answer
    assert scores.period_scores(period, Series.VERIFIED).missing == (1, 2, 3, 4, 5)
    services.return_answer(reviewer, answers[1], note="Lengkapi bukti")
    answers[1].refresh_from_db()
    services.save_draft(
        officer, answers[1], proposed_level=4, explanation="Bukti dilengkapi.", base_version=answers[1].version
    )
    answers[1].refresh_from_db()
    services.submit_answer(officer, answers[1], confirm_no_evidence=True)
    verified = {1: 3, 2: 3, 3: 3, 4: 2, 5: 2}
    for number, level in verified.items():
        answers[number].refresh_from_db()
        services.verify_answer(reviewer, answers[number], verified_level=level, note="Sesuai bukti yang diperiksa.")
    result = scores.period_scores(period, Series.VERIFIED)
    assert result == scoring.compute(period.framework.structure(), verified)
    assert result.index == Decimal("2.7")  # (3×20 + 3×20 + 3×30 + 2×15 + 2×15) / 100
    assert scores.period_scores(period, Series.PROPOSED).index == Decimal("2.9")  # 4×20 + 3×20 + 3×30 + 2×15 + 2×15


def test_lead_levels_are_the_same_with_or_without_the_frameworks_id_map(period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluations.models import Period

    other = make_unit("BAPPEDA")
    make_answer(period, period.ind[1], period.unit, status="verified", proposed_level=4, verified_level=3)
    make_answer(period, period.ind[3], period.unit, proposed_level=2)
    make_answer(period, period.ind[1], other, is_lead=False, proposed_level=5)

    def answer_query(period):
        with CaptureQueriesContext(connection) as queries:
            levels = scores.all_series_levels(period)
        assert len(queries) == 2  # lead answers, stage results
        return levels, next(q["sql"] for q in queries if "evaluations_answer" in q["sql"])

    cold = Period.objects.select_related("framework").get(pk=period.pk)
    joined, cold_sql = answer_query(cold)  # no map yet: the indicator is joined for its number
    warm = Period.objects.select_related("framework").get(pk=period.pk)
    scores.structure_of(warm)
    mapped, warm_sql = answer_query(warm)
    assert "JOIN" in cold_sql and "JOIN" not in warm_sql
    assert joined == mapped
    assert mapped[Series.PROPOSED] == {1: 4, 3: 2} and mapped[Series.VERIFIED] == {1: 3}
