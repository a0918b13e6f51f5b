"""The benchmark's dataset builder at a tiny size, so ``make bench`` cannot rot unnoticed."""

from bench import dataset
from evaluations.models import Answer, Assignment, Evidence, Period, StageResult
from skpd.models import Unit


def test_tiny_dataset_has_every_unit_answer_every_indicator(db):
    built = dataset.build("tiny", shipped_framework=False)

    indicators = 47
    units, periods = dataset.SIZES["tiny"].units, dataset.SIZES["tiny"].periods
    assert Answer.objects.count() == units * indicators * periods
    # One lead answer per indicator and period: the instansi's answer.
    assert Answer.objects.filter(is_lead=True).count() == indicators * periods
    assert Assignment.objects.filter(role="lead").count() == indicators * periods
    # 1.75 evidence rows per answer on average, on a few shared files.
    assert units * indicators * periods * 1.5 < Evidence.objects.count() < units * indicators * periods * 2
    assert Evidence.objects.exclude(file=None).values("file").distinct().count() == dataset.SHARED_FILES
    # The last year is open, the one before in review, the others final with every stage recorded.
    statuses = dict(Period.objects.values_list("year", "status"))
    assert statuses[built.open_year] == Period.Status.OPEN
    assert statuses[built.review_year] == Period.Status.IN_REVIEW
    assert statuses[built.final_year] == Period.Status.FINAL
    final = built.period_ids[built.final_year]
    assert StageResult.objects.filter(period_id=final).count() == indicators * 4
    assert not Answer.objects.filter(period_id=final).exclude(status=Answer.Status.VERIFIED).exists()
    assert built.counts["answers"] == Answer.objects.count()


def test_rows_created_after_the_bulk_load_get_fresh_ids(db):
    dataset.build("tiny", shipped_framework=False)
    answer = Answer.objects.order_by("pk").first()
    unit = Unit.objects.create(code="BARU", name="Unit Baru")
    new = Answer.objects.create(period=answer.period, indicator=answer.indicator, unit=unit, is_lead=False)
    evidence = Evidence.objects.create(answer=new, title="Baru", url="https://contoh.go.id/baru")
    assert new.pk > Answer.objects.exclude(pk=new.pk).order_by("-pk").first().pk
    assert evidence.pk > Evidence.objects.exclude(pk=evidence.pk).order_by("-pk").first().pk


def test_aggregated_unit_progress_matches_the_dashboards_own(db):
    """bench.alternatives proposes a faster unit_progress: it must count exactly what the dashboard counts."""
    from datetime import date

    from bench.alternatives import unit_progress_aggregated
    from evaluations import dashboards

    built = dataset.build("tiny", shipped_framework=False)
    # Some assignments not started yet: their answers do not exist.
    gone = Answer.objects.filter(period_id=built.period_ids[built.open_year], unit_id=built.unit_ids[0])
    Answer.objects.filter(pk__in=list(gone.values_list("pk", flat=True)[:5])).delete()
    for year in (built.final_year, built.open_year):
        period = Period.objects.with_framework().get(year=year)
        on = date(year, 12, 31)  # past the self-assessment deadline: overdue counts too
        expected = dashboards.unit_progress(period, on=on)
        assert unit_progress_aggregated(period, on=on) == expected
    assert sum(row.not_started for row in expected[0]) == 5
