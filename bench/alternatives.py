"""Measured alternatives for the slowest building blocks at national size, for their owners to adopt.

``python -m bench.alternatives`` (in the environment ``bench.run`` gives its children, or with
``DATABASE_URL`` pointing at a bench database) times the application's function and the
alternative on the same period, and checks that both give the same result.

- ``unit_progress``: ``evaluations.dashboards.unit_progress`` reads every assignment and every
  answer of the period into Python (2 × 28,200 rows at national size) to count answers per unit
  and status. The same counts come from two GROUP BY queries (about 3,000 rows back) and the
  lead units from a third query of 47 rows.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from bench.run import OUT, _setup_django


def unit_progress_aggregated(period, *, on=None):
    """Same result as ``dashboards.unit_progress(period, on=on)``, counted by the database.

    Three small queries: assignments per unit (600 rows at national size), answers per unit and
    status among assigned pairs (an EXISTS, which PostgreSQL runs as one hash semi-join; at most
    600 × 4 rows), and the 47 lead units. Unanswered assignments are the difference.
    """
    from django.db.models import Count, Exists, OuterRef, Q

    from evaluations.dashboards import UnitProgress, today
    from evaluations.models import Answer, Assignment

    on = on or today()
    past_due = period.self_assessment_due is not None and on > period.self_assessment_due
    rows = {}
    for unit_id, name, short_name, assigned, leads in (
        Assignment.objects.filter(period=period)
        .values("unit_id", "unit__name", "unit__short_name")
        .annotate(assigned=Count("pk"), leads=Count("pk", filter=Q(role=Assignment.Role.LEAD)))
        .values_list("unit_id", "unit__name", "unit__short_name", "assigned", "leads")
        .order_by()
    ):
        rows[unit_id] = UnitProgress(
            unit_pk=unit_id, unit=short_name or name, assigned=assigned, leads=leads, not_started=assigned
        )
    assigned_pair = Assignment.objects.filter(
        period_id=OuterRef("period_id"), indicator_id=OuterRef("indicator_id"), unit_id=OuterRef("unit_id")
    )
    for unit_id, status, n in (
        Answer.objects.filter(period=period)
        .filter(Exists(assigned_pair))
        .values("unit_id", "status")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "status", "n")
        .order_by()
    ):
        row = rows[unit_id]
        setattr(row, status, getattr(row, status) + n)
        row.not_started -= n
    if past_due:
        for row in rows.values():
            row.overdue = row.not_started + row.draft + row.returned
    leads = {
        number: (unit_id, rows[unit_id].unit)
        for number, unit_id in Assignment.objects.filter(period=period, role=Assignment.Role.LEAD).values_list(
            "indicator__number", "unit_id"
        )
    }
    return sorted(rows.values(), key=lambda r: r.unit.lower()), leads


def _timed(fn, repeats=10):
    fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return value, statistics.median(samples)


def _peak(fn):
    """Peak Python memory (bytes, tracemalloc) while ``fn`` runs."""
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(size="national"):
    _setup_django()
    compare(size)
    return 0


def compare(size):
    """Time and peak memory of ``dashboards.unit_progress`` and the aggregated one; same result?"""
    from evaluations import dashboards
    from evaluations.models import Period

    built = json.loads((OUT / f"built-{size}.json").read_text())
    periods = {int(year): pk for year, pk in built["period_ids"].items()}
    results = {}
    for label, year in (("final", max(periods) - 2), ("open", max(periods))):
        period = Period.objects.with_framework().get(pk=periods[year])
        current, current_ms = _timed(lambda period=period: dashboards.unit_progress(period))
        proposed, proposed_ms = _timed(lambda period=period: unit_progress_aggregated(period))
        same = current == proposed
        current_peak = _peak(lambda period=period: dashboards.unit_progress(period))
        proposed_peak = _peak(lambda period=period: unit_progress_aggregated(period))
        results[label] = {
            "current_ms": current_ms,
            "aggregated_ms": proposed_ms,
            "current_peak_bytes": current_peak,
            "aggregated_peak_bytes": proposed_peak,
            "same_result": same,
        }
        print(
            f"unit_progress ({size}, {label} year {year}): current {current_ms:.1f} ms / "
            f"{current_peak / 1e6:.1f} MB peak, aggregated {proposed_ms:.1f} ms / {proposed_peak / 1e6:.1f} MB peak, "
            f"same result: {same}"
        )
    (OUT / f"alternatives-{size}.json").write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:2] or ["national"])))
