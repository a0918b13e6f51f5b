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


def test_unit_progress_on_the_bench_dataset_counts_every_assignment(db):
    """The dashboard's unit_progress (database aggregates) on the bench dataset: every assignment
    counted once, deleted answers as not started, overdue after the deadline."""
    from datetime import date

    from evaluations.reports.progress import progress_by_unit
    from evaluations.series import lead_units

    built = dataset.build("tiny", shipped_framework=False)
    open_period = built.period_ids[built.open_year]
    gone = Answer.objects.filter(period_id=open_period, unit_id=built.unit_ids[0])
    Answer.objects.filter(pk__in=list(gone.values_list("pk", flat=True)[:5])).delete()
    for year in (built.final_year, built.open_year):
        period = Period.objects.with_framework().get(year=year)
        rows, leads = progress_by_unit(period, on=date(year, 12, 31)), lead_units(period)
        assignments = Assignment.objects.filter(period=period)
        assert sum(row.assigned for row in rows) == assignments.count()
        assert sum(row.leads for row in rows) == len(leads) == assignments.filter(role="lead").count()
        answered = Answer.objects.filter(period=period).count()
        assert sum(row.assigned - row.not_started for row in rows) == answered
    assert sum(row.not_started for row in rows) == 5
    assert sum(row.overdue for row in rows) == sum(row.not_started + row.draft + row.returned for row in rows)
