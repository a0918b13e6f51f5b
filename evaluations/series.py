"""The read API for a period's scores: which level each indicator has in a series, and its index.

A *series* (``evaluations.models.Series``) is "indicator number → level" for one period:

- proposed: the lead unit's answer, its proposed level (answers without a level are missing);
- verified: the lead unit's answer, its verified level, once the answer is verified;
- dokumen / interviu / visitasi / final: the recorded ``StageResult`` of that stage.

``indicators.scoring.compute`` turns a series into index, domain and aspect values and a
predicate. Missing levels stay missing: they are never counted as 0.

Summary-only periods (years before the portal) have no levels, only a published index and maybe
domain indices: ``trend`` reads those as the year's final value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import prefetch_related_objects

from evaluations.models import Answer, Period, Series, StageResult
from indicators import scoring

STAGE_SERIES = {
    Series.DOKUMEN: StageResult.Stage.DOKUMEN,
    Series.INTERVIU: StageResult.Stage.INTERVIU,
    Series.VISITASI: StageResult.Stage.VISITASI,
    Series.FINAL: StageResult.Stage.FINAL,
}
ANSWER_SERIES = (Series.PROPOSED, Series.VERIFIED)


def structure_of(period):
    """The framework's scoring structure, cached on the period object for this request."""
    cached = getattr(period, "_scoring_structure", None)
    if cached is None:
        cached = period.framework.structure()
        period._scoring_structure = cached
    return cached


_structure = structure_of  # the name other modules first used


def _answer_levels(rows):
    """From ``(number, proposed, verified, status)`` rows of lead answers: the two answer series."""
    proposed, verified = {}, {}
    for number, proposed_level, verified_level, status in rows:
        if proposed_level is not None:
            proposed[number] = proposed_level
        if status == Answer.Status.VERIFIED and verified_level is not None:
            verified[number] = verified_level
    return {Series.PROPOSED: proposed, Series.VERIFIED: verified}


def _lead_answer_rows(period):
    """``(number, proposed, verified, status)`` of the period's lead answers, in one query on the
    partial index ``answer_lead`` and without the default ordering's joins and sort.

    When the framework's id → number map is already at hand (``structure()`` has run, as on every
    page that computes an index) the query reads ``indicator_id`` and needs no join; otherwise it
    joins the indicator for its number rather than spend a query on the map.
    """
    rows = Answer.objects.filter(period=period, is_lead=True).order_by()
    number_of = period.framework.cached_number_by_indicator_id()
    if number_of is None:
        return list(rows.values_list("indicator__number", "proposed_level", "verified_level", "status"))
    # An answer always belongs to an indicator of its period's framework; skip one that does not.
    return [
        (number_of[indicator_id], *rest)
        for indicator_id, *rest in rows.values_list("indicator_id", "proposed_level", "verified_level", "status")
        if indicator_id in number_of
    ]


def series_levels(period, series) -> dict[int, int]:
    """``{indicator number: level}`` of one series in one period (one query)."""
    series = Series(series)
    if series in ANSWER_SERIES:
        return _answer_levels(_lead_answer_rows(period))[series]
    stage = STAGE_SERIES[series]
    return dict(
        StageResult.objects.filter(period=period, stage=stage).order_by().values_list("indicator__number", "level")
    )


def all_series_levels(period) -> dict[str, dict[int, int]]:
    """Every series' levels in two queries: one for answers, one for stage results."""
    levels = {s: {} for s in Series}
    levels.update(_answer_levels(_lead_answer_rows(period)))
    for number, stage, level in (
        StageResult.objects.filter(period=period).order_by().values_list("indicator__number", "stage", "level")
    ):
        levels[Series(stage)][number] = level
    return levels


def period_scores(period, series):
    """The ``scoring.IndexResult`` of one series (missing levels stay missing)."""
    structure = _structure(period)  # first: its id map spares the levels query a join
    return scoring.compute(structure, series_levels(period, series))


def scores_by_series(period) -> dict[str, object]:
    """``{series: IndexResult}`` for every series, in a bounded number of queries."""
    structure = _structure(period)
    return {series: scoring.compute(structure, levels) for series, levels in all_series_levels(period).items()}


def live_scores(period) -> dict[str, tuple]:
    """``{series: (result, floor)}`` for a period in progress, from the same two queries.

    ``floor`` is the index with every missing level counted at level 1 (``provisional``): the least
    the series can end at. It is None when nothing is missing or nothing is recorded yet.
    """
    structure = _structure(period)
    out = {}
    for series, levels in all_series_levels(period).items():
        result = scoring.compute(structure, levels)
        floor = scoring.compute(structure, levels, floor_missing=True) if levels and result.missing else None
        out[series] = (result, floor)
    return out


# --- trends across years --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    """One year's official value for trend charts: the final series, or a summary-only year's figures."""

    period: Period
    index: Decimal | None
    predicate: object | None  # scoring.Predicate
    source: str  # "final" or "summary"
    domains: dict[int, Decimal | None] = field(default_factory=dict)
    missing: int = 0

    @property
    def year(self):
        return self.period.year


def summary_of(period, *, final_levels=None) -> PeriodSummary:
    structure = _structure(period)
    if period.is_summary_only:
        index = period.summary_index
        domains = {d.domain_number: d.index for d in period.summary_domains.all()}
        predicate = scoring.predicate_for(structure, index) if index is not None else None
        return PeriodSummary(period, index, predicate, "summary", domains)
    if final_levels is None:
        final_levels = series_levels(period, Series.FINAL)
    result = scoring.compute(structure, final_levels)
    return PeriodSummary(period, result.index, result.predicate, "final", dict(result.domains), len(result.missing))


def trend(periods):
    """``[(period, index, predicate, source)]`` oldest first; index is None for a year without results."""
    return [(s.period, s.index, s.predicate, s.source) for s in trend_summaries(periods)]


def trend_summaries(periods) -> list[PeriodSummary]:
    """Every year's ``PeriodSummary``, oldest first.

    Queries: one for the final stage results of all periods, one for summary domain values, plus
    one structure read per framework.
    """
    periods = sorted(periods, key=lambda p: p.year)

    prefetch_related_objects([p for p in periods if p.is_summary_only], "summary_domains")
    ids = [p.pk for p in periods if not p.is_summary_only]
    finals = {pk: {} for pk in ids}
    for period_id, number, level in (
        StageResult.objects.filter(period_id__in=ids, stage=StageResult.Stage.FINAL)
        .order_by()
        .values_list("period_id", "indicator__number", "level")
    ):
        finals[period_id][number] = level
    structures = {}
    out = []
    for period in periods:
        if period.framework_id not in structures:
            structures[period.framework_id] = _structure(period)
        period._scoring_structure = structures[period.framework_id]
        out.append(summary_of(period, final_levels=finals.get(period.pk)))
    return out
