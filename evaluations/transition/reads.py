"""Reads of the framework transition, each in a fixed number of queries.

- ``related_answers(answer)``: for an answer in a period carried over from another framework, the
  source period's answers to the indicators the crosswalk relates to it (unit, proposed / verified /
  final level, explanation, evidence). Whoever may open the answer page sees them: they are the
  material for the same work, and the page itself is already permission-checked.
- ``estimates_by_period(periods)``: each period's final series read as an estimated position on
  the framework its crosswalk leads to (``scoring.estimate``), for the trend's dotted series.
- ``transition(period)``: the "Transisi ke Pemdi" page's rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from evaluations.models import Answer, Evidence, Period, Series, StageResult
from evaluations.series import answer_levels, levels_by_period, share_frameworks
from indicators import scoring
from indicators.crosswalk import map_between
from indicators.models import Crosswalk, Framework, Indicator


@dataclass
class RelatedAnswer:
    answer: Answer
    proposed: int | None
    verified: int | None
    evidence: list


@dataclass
class RelatedIndicator:
    indicator: Indicator
    relation: str
    note: str
    final: int | None
    answers: list = field(default_factory=list)

    @property
    def is_primary(self):
        return self.relation == "primary"


@dataclass
class Related:
    source: Period | None = None
    crosswalk: Crosswalk | None = None
    indicators: list = field(default_factory=list)  # RelatedIndicator, primary first

    def __bool__(self):
        return self.source is not None


def source_period(period):
    """The period a carry-over across frameworks linked ``period`` to, or None."""
    source = period.carried_from if period.carried_from_id else None
    if source is None or source.framework_id == period.framework_id:
        return None
    return source


def related_answers(answer) -> Related:
    """The source period's answers related to ``answer``'s indicator through the crosswalk (six queries)."""
    period = answer.period
    source = source_period(period)
    if source is None:
        return Related()
    mapping = map_between(source.framework_id, period.framework_id)
    links = mapping.sources_of(answer.indicator.number)
    related = Related(source=source, crosswalk=mapping.crosswalk)
    if not links:
        return related
    numbers = [number for number, _relation, _note in links]
    indicators = {i.number: i for i in Indicator.objects.filter(framework_id=source.framework_id, number__in=numbers)}
    finals = dict(
        StageResult.objects.filter(period=source, stage=StageResult.Stage.FINAL, indicator__number__in=numbers)
        .order_by()
        .values_list("indicator__number", "level")
    )
    answers = defaultdict(list)
    for old in (
        Answer.objects.filter(period=source, indicator__number__in=numbers)
        .select_related("unit", "indicator")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("file").order_by("id")))
        .order_by("-is_lead", "unit__name")
    ):
        proposed, verified = answer_levels(old.proposed_level, old.verified_level, old.status)
        answers[old.indicator.number].append(RelatedAnswer(old, proposed, verified, list(old.evidence.all())))
    for number, relation, note in links:
        if number in indicators:
            related.indicators.append(
                RelatedIndicator(indicators[number], relation, note, finals.get(number), answers.get(number, []))
            )
    return related


# --- the estimate ---------------------------------------------------------------------------------


def _latest_crosswalks(framework_ids):
    """``{from framework id: Crosswalk}``: for each framework the newest crosswalk leading from it
    (the newest target framework, then the newest version), one query."""
    found = {}
    for crosswalk in (
        Crosswalk.objects.filter(from_framework_id__in=set(framework_ids))
        .select_related("to_framework")
        .order_by("-to_framework__valid_from_year", "-to_framework_id", "-version")
    ):
        found.setdefault(crosswalk.from_framework_id, crosswalk)
    return found


def _primaries_of(crosswalk_ids):
    """``{crosswalk id: {target number: (source numbers)}}`` of primary rows, one query."""
    out = defaultdict(lambda: defaultdict(list))
    for crosswalk_id, to_number, from_number in (
        Crosswalk.objects.filter(pk__in=crosswalk_ids, rows__relation="primary")
        .order_by("rows__from_indicator__number")
        .values_list("pk", "rows__to_indicator__number", "rows__from_indicator__number")
    ):
        out[crosswalk_id][to_number].append(from_number)
    return {pk: {to: tuple(sources) for to, sources in targets.items()} for pk, targets in out.items()}


def estimated_levels(periods, *, series=Series.FINAL):
    """``{period id: {number: level}}``: the levels an estimate reads (the final series by default), one query."""
    levels = defaultdict(dict)
    if Series(series) == Series.FINAL:
        for period_id, number, level in (
            StageResult.objects.filter(period__in=periods, stage=StageResult.Stage.FINAL)
            .order_by()
            .values_list("period_id", "indicator__number", "level")
        ):
            levels[period_id][number] = level
    else:
        for period_id, by_series in levels_by_period([p.pk for p in periods]).items():
            levels[period_id] = by_series[Series(series)]
    return levels


def shown_target(from_framework_id, candidate_id):
    """The framework whose estimate the pages show for periods of ``from_framework_id`` once a
    crosswalk to ``candidate_id`` exists (the same choice as ``_latest_crosswalks``), one query."""
    targets = set(
        Crosswalk.objects.filter(from_framework_id=from_framework_id).values_list("to_framework_id", flat=True)
    )
    targets.add(candidate_id)
    return (
        Framework.objects.filter(pk__in=targets)
        .order_by("-valid_from_year", "-id")
        .values_list("pk", flat=True)
        .first()
    )


@dataclass(frozen=True)
class PeriodEstimate:
    period: Period
    framework: Framework  # the framework estimated on
    crosswalk: Crosswalk
    estimate: scoring.Estimate


def estimates_by_period(periods, *, series=Series.FINAL) -> dict[int, PeriodEstimate]:
    """``{period id: PeriodEstimate}`` for each scored period whose framework has a crosswalk to
    another, from the period's ``series`` levels (final by default: what the trend shows).
    Queries: crosswalks, primary rows, levels, and one structure read per framework involved."""
    # A period loaded with ``has_onward_crosswalk`` (``reports.dashboard.periods_for_reports``) that
    # has none needs no query; any other is looked up.
    periods = [p for p in periods if not p.is_summary_only and getattr(p, "has_onward_crosswalk", True)]
    if not periods:
        return {}
    crosswalks = _latest_crosswalks(p.framework_id for p in periods)
    periods = [p for p in periods if p.framework_id in crosswalks]
    if not periods:
        return {}
    primaries = _primaries_of([c.pk for c in crosswalks.values()])
    levels = estimated_levels(periods, series=series)
    share_frameworks(periods)
    targets = {c.to_framework_id: c.to_framework for c in crosswalks.values()}
    out = {}
    for period in periods:
        crosswalk = crosswalks[period.framework_id]
        target = targets[crosswalk.to_framework_id]
        out[period.pk] = PeriodEstimate(
            period,
            target,
            crosswalk,
            scoring.estimate(
                period.framework.structure(), levels[period.pk], primaries.get(crosswalk.pk, {}), target.structure()
            ),
        )
    return out


# --- the "Transisi ke Pemdi" page ------------------------------------------------------------------


@dataclass
class Counterpart:
    indicator: Indicator
    relation: str
    final: int | None
    final_year: int | None


@dataclass
class TransitionRow:
    indicator: Indicator
    counterparts: list
    estimate: Decimal | None
    lead: object | None  # skpd Unit proposed as lead
    contributors: list

    @property
    def is_new_work(self):
        return not self.counterparts


@dataclass
class Transition:
    period: Period
    target: Framework | None
    crosswalk: Crosswalk | None
    rows: list = field(default_factory=list)
    estimate: scoring.Estimate | None = None
    assignments_from: Period | None = None

    @property
    def new_work(self):
        return [row for row in self.rows if row.is_new_work]

    @property
    def coverage_percent(self):
        return self.estimate.coverage * 100 if self.estimate else None


def transition(period) -> Transition:
    """Per indicator of the framework ``period``'s crosswalk leads to: its counterparts with their
    last final level (the newest period of ``period``'s framework up to its year that has one), the
    estimate from those levels, the proposed lead unit and contributors, and the new work."""
    from evaluations.assignments.services import previous_period, propose_from
    from skpd.models import Unit

    crosswalk = _latest_crosswalks([period.framework_id]).get(period.framework_id)
    if crosswalk is None:
        return Transition(period, None, None)
    target = crosswalk.to_framework
    mapping = map_between(period.framework_id, target.pk)
    sources = {i.number: i for i in Indicator.objects.filter(framework_id=period.framework_id)}
    last_final, last_year = {}, {}
    for number, level, year in (
        StageResult.objects.filter(
            period__framework_id=period.framework_id, period__year__lte=period.year, stage=StageResult.Stage.FINAL
        )
        .order_by("-period__year")
        .values_list("indicator__number", "level", "period__year")
    ):
        if number not in last_final:
            last_final[number], last_year[number] = level, year
    guess = scoring.estimate(period.framework.structure(), last_final, mapping.primaries(), target.structure())
    # Whose work each new indicator becomes: the proposal from the newest period with assignments
    # up to this one (this one included).
    assignments_from = period if period.assignments.exists() else previous_period(period)
    plan = {}
    if assignments_from is not None:
        plan = propose_from(assignments_from, target.pk).plan
    units = Unit.objects.in_bulk({u for lead, others in plan.values() for u in {lead, *others}})
    result = Transition(period, target, crosswalk, estimate=guess, assignments_from=assignments_from)
    for indicator in Indicator.objects.filter(framework=target).order_by("number"):
        counterparts = [
            Counterpart(sources[number], relation, last_final.get(number), last_year.get(number))
            for number, relation, _note in mapping.sources_of(indicator.number)
            if number in sources
        ]
        lead, others = plan.get(indicator.number, (None, set()))
        result.rows.append(
            TransitionRow(
                indicator,
                counterparts,
                guess.indicators.get(indicator.number),
                units.get(lead),
                sorted((units[u] for u in others if u in units), key=str),
            )
        )
    return result


@dataclass(frozen=True)
class EstimatePoint:
    """One year of the trend's dotted "perkiraan" series (``reports.charts.add_estimate_trace``)."""

    year: int
    index: Decimal | None
    coverage: Decimal
    framework: str  # the short name of the framework estimated on


def estimate_trend_points(periods) -> list[EstimatePoint]:
    """The final series of every period with a crosswalk onward, as estimated positions, oldest first."""
    estimates = estimates_by_period(periods)
    return [
        EstimatePoint(e.period.year, e.estimate.index, e.estimate.coverage, e.framework.short_name or e.framework.code)
        for e in sorted(estimates.values(), key=lambda e: e.period.year)
        if e.estimate.index is not None
    ]
