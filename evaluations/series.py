"""The one read model: what every page, export, brief and plan means by a series, a lead unit and
"overdue". A rule that two pages share is a function here (or a constant both forms of it read), and
nowhere else.

Series. A *series* (``evaluations.models.Series``) is "indicator number → level" for one period:

- proposed: the lead unit's answer, its proposed level, whatever the answer's status (a draft's
  level is the unit's current proposal); answers without a level are missing;
- verified: the lead unit's answer, its verified level, only once the answer is *verified* (a
  level a reviewer noted when returning an answer is not in the series);
- dokumen / interviu / visitasi / final: the recorded ``StageResult`` of that stage.

``answer_levels`` is that rule for one lead answer; every reader of answers goes through it.
``indicators.scoring.compute`` turns a series into index, domain and aspect values and a predicate.
Missing levels stay missing: they are never counted as 0. ``live_scores`` adds the *floor* of an
incomplete series (missing levels at level 1): ``SeriesScore.shown`` is what a headline shows, and
every table beside it shows the same.

Lead unit. The lead unit of an indicator in a period is the unit with its ``LEAD`` assignment
(``lead_units``). ``Answer.is_lead`` mirrors it for the fast partial index ``answer_lead``; the
assignment and answer services keep it in sync. Years imported without assignments borrow the
newest assignment of the same framework (``latest_leads``), and say which year it is.

Overdue. An indicator's work is overdue when the period is still running (open or in review), its
self-assessment deadline has passed, and the unit's answer is still open for work (not started, a
draft, or returned). ``is_overdue`` and ``overdue_answers_q`` are the two forms of that rule.

Default series. A page without a chosen series shows the most official one that has any level:
final, then the external stages (visitasi, interviu, dokumen), verified, proposed; an officer
looking at a running period sees the proposed series (``default_series``).

Summary-only periods (years before the portal) have no levels, only a published index and maybe
domain indices: ``trend_summaries`` reads those as the year's final value.

Official result. The headline of the dashboard and the brief is the latest official result
(``latest_official``): the newest *final* period whose value is whole (every final level recorded,
or a summary-only year's published index). A period still running is shown as progress, never
headlined with a predicate.

Deadlines. ``days_left`` counts whole days to a date (negative once passed); ``stage_deadlines``
lists a period's dated stages, each done or not, the one rule the dashboard, the work list and the
review queue show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Subquery, prefetch_related_objects
from django.utils import timezone

from evaluations.models import Answer, Assignment, Period, PublishedResult, Series, StageResult
from indicators import scoring
from skpd import permissions

STAGE_SERIES = {
    Series.DOKUMEN: StageResult.Stage.DOKUMEN,
    Series.INTERVIU: StageResult.Stage.INTERVIU,
    Series.VISITASI: StageResult.Stage.VISITASI,
    Series.FINAL: StageResult.Stage.FINAL,
}
ANSWER_SERIES = (Series.PROPOSED, Series.VERIFIED)
# Most official first: the order a page picks its default series in.
DEFAULT_SERIES_ORDER = (
    Series.FINAL,
    Series.VISITASI,
    Series.INTERVIU,
    Series.DOKUMEN,
    Series.VERIFIED,
    Series.PROPOSED,
)

NOT_STARTED = "not_started"  # an assignment without an answer
# Answer statuses (and NOT_STARTED) whose work is still the unit's to do.
OPEN_FOR_WORK = (NOT_STARTED, Answer.Status.DRAFT, Answer.Status.RETURNED)
# Period statuses in which unfinished work can still be late (later it is simply not done).
RUNNING = (Period.Status.OPEN, Period.Status.IN_REVIEW)


def today():
    return timezone.localdate()


# --- the framework's structure ------------------------------------------------------------------------


def structure_of(period):
    """The period's framework as ``scoring.Structure``, cached on the framework object (the one cache).

    Periods that share one ``Framework`` instance (``share_frameworks``) read it once."""
    return period.framework.structure()


def share_frameworks(periods):
    """Make periods of the same framework share one ``Framework`` object, so its structure (cached on
    the instance) is read once per request, not once per period. Returns the periods."""
    shared = {}
    for period in periods:
        period.framework = shared.setdefault(period.framework_id, period.framework)
    return periods


# --- the series rule ---------------------------------------------------------------------------------


def answer_levels(proposed_level, verified_level, status):
    """``(proposed, verified)`` levels one lead answer gives its two series (None where it gives none)."""
    verified = verified_level if status == Answer.Status.VERIFIED else None
    return proposed_level, verified


def _add_answer(levels, number, proposed_level, verified_level, status):
    proposed, verified = answer_levels(proposed_level, verified_level, status)
    if proposed is not None:
        levels[Series.PROPOSED][number] = proposed
    if verified is not None:
        levels[Series.VERIFIED][number] = verified


def _empty_levels():
    return {s: {} for s in Series}


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
        levels = _empty_levels()
        for row in _lead_answer_rows(period):
            _add_answer(levels, *row)
        return levels[series]
    stage = STAGE_SERIES[series]
    return dict(
        StageResult.objects.filter(period=period, stage=stage).order_by().values_list("indicator__number", "level")
    )


def all_series_levels(period) -> dict[str, dict[int, int]]:
    """Every series' levels in two queries: one for answers, one for stage results."""
    levels = _empty_levels()
    for row in _lead_answer_rows(period):
        _add_answer(levels, *row)
    for number, stage, level in (
        StageResult.objects.filter(period=period).order_by().values_list("indicator__number", "stage", "level")
    ):
        levels[Series(stage)][number] = level
    return levels


def levels_by_period(period_ids, *, indicator=None, chunk=None) -> dict[int, dict[str, dict[int, int]]]:
    """``{period id: {series: {number: level}}}`` for many periods in two queries (every period listed
    gets an entry). ``indicator``: only that indicator's levels. ``chunk``: stream rows in chunks."""
    period_ids = list(period_ids)
    levels = {pk: _empty_levels() for pk in period_ids}
    answers = Answer.objects.filter(period_id__in=period_ids, is_lead=True).order_by()
    stages = StageResult.objects.filter(period_id__in=period_ids).order_by()
    if indicator is not None:
        answers, stages = answers.filter(indicator=indicator), stages.filter(indicator=indicator)
    answers = answers.values_list("period_id", "indicator__number", "proposed_level", "verified_level", "status")
    stages = stages.values_list("period_id", "stage", "indicator__number", "level")
    if chunk:
        answers, stages = answers.iterator(chunk), stages.iterator(chunk)
    for period_id, *row in answers:
        _add_answer(levels[period_id], *row)
    for period_id, stage, number, level in stages:
        levels[period_id][Series(stage)][number] = level
    return levels


# --- scores --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesScore:
    """A series' ``scoring.IndexResult`` and, while it is incomplete, its floor (missing at level 1)."""

    result: object  # scoring.IndexResult
    floor: object | None = None  # scoring.IndexResult, or None when nothing is missing or nothing recorded

    @property
    def shown(self):
        """What a page shows: the index when complete, else the floor (marked provisional)."""
        return self.floor if self.result.index is None and self.floor is not None else self.result

    @property
    def is_provisional(self):
        return self.floor is not None and self.shown is self.floor

    @property
    def index(self):
        return self.shown.index

    @property
    def predicate(self):
        return self.shown.predicate

    # ``(result, floor)`` unpacking, as templates and older callers read it.
    def __iter__(self):
        return iter((self.result, self.floor))


def score(structure, levels) -> SeriesScore:
    """The ``SeriesScore`` of one series' levels (pure: no query)."""
    result = scoring.compute(structure, levels)
    floor = scoring.compute(structure, levels, floor_missing=True) if levels and result.missing else None
    return SeriesScore(result, floor)


def period_scores(period, series):
    """The ``scoring.IndexResult`` of one series (missing levels stay missing)."""
    structure = structure_of(period)  # first: its id map spares the levels query a join
    return scoring.compute(structure, series_levels(period, series))


def scores_by_series(period) -> dict[str, object]:
    """``{series: IndexResult}`` for every series, in a bounded number of queries."""
    structure = structure_of(period)
    return {series: scoring.compute(structure, levels) for series, levels in all_series_levels(period).items()}


def live_scores(period, *, all_levels=None) -> dict[str, SeriesScore]:
    """``{series: SeriesScore}`` for a period in progress, from the same two queries (or from
    ``all_levels`` already read)."""
    structure = structure_of(period)
    if all_levels is None:
        all_levels = all_series_levels(period)
    return {series: score(structure, levels) for series, levels in all_levels.items()}


def default_series(all_levels, *, period=None, viewer=None) -> Series:
    """The series a page shows when none is chosen.

    An officer looking at a period that is still running sees the proposed series: their units'
    work in progress, the only levels they can change (the verified one is mostly empty then).
    Everyone else, and officers once the period is over, see the most official series with any
    level (``DEFAULT_SERIES_ORDER``); proposed when none has.

    The final series is the official result only once the period is closed or final
    (``periods.services``: the final result is recorded after the self-assessment is closed): for a
    period still running, final levels recorded anyway (older data) are not the default."""
    if viewer is not None and period is not None and period.status in RUNNING and permissions.is_officer(viewer):
        return Series.PROPOSED
    for series in DEFAULT_SERIES_ORDER:
        if series == Series.FINAL and period is not None and not final_is_official(period):
            continue
        if all_levels.get(series):
            return series
    return Series.PROPOSED


def final_is_official(period) -> bool:
    """Whether the period's final series can stand as its official result (closed or final)."""
    return period.status in (Period.Status.CLOSED, Period.Status.FINAL)


def default_series_of(period) -> Series:
    return default_series(all_series_levels(period), period=period)


@dataclass(frozen=True)
class LastYear:
    """Last year's final series: the previous period's id and year, and ``{number: final level}``."""

    period_id: int
    year: int
    levels: dict[int, int]


def previous_final(period) -> LastYear | None:
    """ "Last year's final level" of each indicator, in one query.

    The previous period is the one of the latest earlier year. ``None`` when there is none, when it is
    on another framework (indicator numbers mean other things there), or when it has no final levels."""
    latest_earlier = Period.objects.filter(year__lt=period.year).order_by("-year").values("pk")[:1]
    rows = list(
        StageResult.objects.filter(
            period_id=Subquery(latest_earlier),
            period__framework_id=period.framework_id,
            stage=StageResult.Stage.FINAL,
        )
        .order_by()
        .values_list("period_id", "period__year", "indicator__number", "level")
    )
    if not rows:
        return None
    period_id, year = rows[0][0], rows[0][1]
    return LastYear(period_id=period_id, year=year, levels={number: level for _p, _y, number, level in rows})


# --- lead units ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    """The unit leading an indicator; ``year`` is set when borrowed from another period."""

    unit_id: int
    name: str
    year: int | None = None

    @property
    def display_name(self):
        """The name a page shows, as ``Unit.display_name`` (templates read either)."""
        return self.name


def lead_units(period) -> dict[int, Lead]:
    """``{indicator number: Lead}`` of the period's lead assignments (one query)."""
    return {
        number: Lead(unit_id, short_name or name)
        for number, unit_id, name, short_name in Assignment.objects.filter(period=period, role=Assignment.Role.LEAD)
        .order_by()
        .values_list("indicator__number", "unit_id", "unit__name", "unit__short_name")
    }


def lead_unit_id(period, indicator):
    """The id of the unit leading ``indicator`` in ``period``, or None (one query)."""
    return (
        Assignment.objects.filter(period=period, indicator=indicator, role=Assignment.Role.LEAD)
        .values_list("unit_id", flat=True)
        .first()
    )


def latest_leads(period) -> dict[int, Lead]:
    """``{number: Lead}``: each indicator's lead in the newest period of the same framework that
    assigns one (one query), with that period's year. Past periods imported without assignments
    still get someone to act on, and the page says which year's assignment it is."""
    found = {}
    for number, unit_id, name, short_name, year in (
        Assignment.objects.filter(role=Assignment.Role.LEAD, period__framework_id=period.framework_id)
        .order_by("-period__year")
        .values_list("indicator__number", "unit_id", "unit__name", "unit__short_name", "period__year")
    ):
        found.setdefault(number, Lead(unit_id, short_name or name, year))
    return found


def leads_with_fallback(period, *, own=None, indicator_count=None) -> dict[int, Lead]:
    """The period's leads, completed from ``latest_leads`` where it assigns none (one or two queries)."""
    own = lead_units(period) if own is None else own
    if indicator_count is None or len(own) < indicator_count:
        return {**latest_leads(period), **own}
    return own


# --- overdue -------------------------------------------------------------------------------------------


def is_past_due(period, on: date | None = None) -> bool:
    """The period is running and its self-assessment deadline has passed."""
    on = on or today()
    due = period.self_assessment_due
    return period.status in RUNNING and due is not None and on > due


def days_left(due: date | None, on: date | None = None) -> int | None:
    """Whole days from ``on`` (today in WITA) to ``due``: 0 on the day itself, negative once it has
    passed (a page shows that as "terlambat N hari"); None without a date."""
    if due is None:
        return None
    return (due - (on or today())).days


# The dated stages of a period, in their order: (key, date field, label, done once). ``done once`` is
# the period statuses in which the stage is over, or a series whose recorded levels mark it done.
_FINISHED_SELF = (Period.Status.IN_REVIEW, Period.Status.CLOSED, Period.Status.FINAL)
_FINISHED_REVIEW = (Period.Status.CLOSED, Period.Status.FINAL)
STAGE_DATES = (
    ("self_assessment", "self_assessment_due", _FINISHED_SELF),
    ("verification", "verification_due", _FINISHED_REVIEW),
    ("dokumen", "document_review_date", Series.DOKUMEN),
    ("interviu", "interview_date", Series.INTERVIU),
    ("visitasi", "visit_date", Series.VISITASI),
    ("final", "final_date", (Period.Status.FINAL,)),
)


@dataclass(frozen=True)
class StageDeadline:
    """One stage's date in a period and the days left to it (``days_left``; negative: late)."""

    key: str
    field: str
    due: date
    days_left: int
    done: bool

    @property
    def label(self):
        return Period._meta.get_field(self.field).verbose_name

    @property
    def late(self):
        return not self.done and self.days_left < 0


# The stages the portal's own people work to: officers to the first, reviewers to both.
INTERNAL_STAGES = ("self_assessment", "verification")


def stage_deadlines(period, *, recorded=None, on: date | None = None, only=None) -> list[StageDeadline]:
    """The period's stage dates that are set, with the days left to each (no query).

    A stage is done once the period has moved past it (self-assessment once in review, internal
    verification once closed, the final result once final) or, for an external stage, once its
    results are recorded (``recorded``: the series with any level, e.g. from ``all_series_levels``).
    A stage not done whose date has passed is late by ``-days_left`` days."""
    recorded = set(recorded or ())
    rows = []
    for key, field_name, done_when in STAGE_DATES:
        if only is not None and key not in only:
            continue
        due = getattr(period, field_name)
        if due is None:
            continue
        done = done_when in recorded if isinstance(done_when, str) else period.status in done_when
        rows.append(StageDeadline(key, field_name, due, days_left(due, on), done))
    return rows


def is_overdue(period, status, on: date | None = None) -> bool:
    """Is an assignment whose answer has ``status`` (None or ``NOT_STARTED``: no answer) overdue?"""
    return is_past_due(period, on) and (status or NOT_STARTED) in OPEN_FOR_WORK


def overdue_answers_q(on: date | None = None, prefix="") -> Q:
    """The same rule as a filter on answers (``prefix`` e.g. ``"answer__"``): an existing answer that
    is open for work in a running period past its deadline."""
    on = on or today()
    return Q(
        **{
            f"{prefix}status__in": [s for s in OPEN_FOR_WORK if s != NOT_STARTED],
            f"{prefix}period__status__in": list(RUNNING),
            f"{prefix}period__self_assessment_due__lt": on,
        }
    )


# --- trends across years -------------------------------------------------------------------------------


RECORDED_PLACES = Decimal("0.000001")  # Period.final_index keeps six decimals: every SPBE index exactly


def stored_index(value):
    """An index as ``Period.final_index`` stores it (six decimals), None stays None."""
    return None if value is None else value.quantize(RECORDED_PLACES)


@dataclass(frozen=True)
class FinalFigure:
    """A period's official final index: as recorded, and as computed today from its final levels.

    ``recorded`` is ``Period.final_index``, kept as it was when the final results were entered (or
    just before a framework change); ``computed`` comes from the final levels with the framework as
    loaded now. The rule: a page shows the recorded value; when the computed one differs at all (any
    difference at the six decimals the record keeps, which hold every SPBE index exactly: a
    recorded official figure has no tolerance), it shows both and flags it ("tercatat 3,47;
    dihitung ulang 3,39 setelah perubahan kerangka")."""

    recorded: Decimal | None
    computed: Decimal | None

    @property
    def shown(self):
        return self.recorded if self.recorded is not None else self.computed

    @property
    def differs(self) -> bool:
        return self.recorded is not None and stored_index(self.computed) != self.recorded

    @property
    def difference(self):
        if not self.differs or self.computed is None:
            return None
        return self.computed - self.recorded


def final_figure(period, computed) -> FinalFigure:
    """The one rule for a recorded final index against today's computation (no query).

    ``computed``: the final series' index (a ``Decimal``, an ``IndexResult`` or a ``SeriesScore``:
    the complete result is compared, never a floor)."""
    result = getattr(computed, "result", computed)
    value = getattr(result, "index", result)
    return FinalFigure(recorded=getattr(period, "final_index", None), computed=value)


@dataclass(frozen=True)
class PeriodSummary:
    """One year's official value for trend charts: the final series, or a summary-only year's figures.

    A final recorded as an index (``Period.final_index``) is the year's value as recorded;
    ``figure`` compares it with the index computed from the levels today (``final_figure``)."""

    period: Period
    index: Decimal | None
    predicate: object | None  # scoring.Predicate
    source: str  # "final" or "summary"
    domains: dict[int, Decimal | None] = field(default_factory=dict)
    missing: int = 0
    figure: FinalFigure | None = None

    @property
    def year(self):
        return self.period.year


def summary_of(period, *, final_levels=None) -> PeriodSummary:
    structure = structure_of(period)
    if period.is_summary_only:
        index = period.summary_index
        domains = {d.domain_number: d.index for d in period.summary_domains.all()}
        predicate = scoring.predicate_for(structure, index) if index is not None else None
        return PeriodSummary(period, index, predicate, "summary", domains)
    if final_levels is None:
        final_levels = series_levels(period, Series.FINAL)
    result = scoring.compute(structure, final_levels)
    figure = final_figure(period, result)
    index = figure.shown
    predicate = result.predicate if index == result.index else scoring.predicate_for(structure, index)
    return PeriodSummary(period, index, predicate, "final", dict(result.domains), len(result.missing), figure=figure)


def trend(periods):
    """``[(period, index, predicate, source)]`` oldest first; index is None for a year without results."""
    return [(s.period, s.index, s.predicate, s.source) for s in trend_summaries(periods)]


def trend_summaries(periods) -> list[PeriodSummary]:
    """Every year's ``PeriodSummary``, oldest first.

    Queries: one for the final stage results of all periods, one for summary domain values, plus
    one structure read per framework.
    """
    periods = share_frameworks(sorted(periods, key=lambda p: p.year))
    prefetch_related_objects([p for p in periods if p.is_summary_only], "summary_domains")
    ids = [p.pk for p in periods if not p.is_summary_only]
    finals = defaultdict(dict)
    for period_id, number, level in (
        StageResult.objects.filter(period_id__in=ids, stage=StageResult.Stage.FINAL)
        .order_by()
        .values_list("period_id", "indicator__number", "level")
    ):
        finals[period_id][number] = level
    return [summary_of(period, final_levels=finals.get(period.pk, {})) for period in periods]


# --- published results of other governments (peers) and the national average ------------------------


@dataclass(frozen=True)
class PeerPoint:
    """One published value on a peer's (or the national average's) line."""

    year: int
    index: Decimal
    note: str = ""
    flagged: bool = False


@dataclass(frozen=True)
class Peer:
    """A government (or an average) with its published values, oldest first."""

    body: str
    kind: str
    points: tuple[PeerPoint, ...]

    def value_in(self, year):
        return next((p.index for p in self.points if p.year == year), None)

    def flagged_in(self, year):
        return any(p.flagged for p in self.points if p.year == year)


def published_results():
    """Every recorded published result, oldest year first (one query)."""
    return list(PublishedResult.objects.order_by("year", "body"))


def own_body():
    """The portal's own government as it is named in published results (``PORTAL_INSTANSI``)."""
    return settings.PORTAL_INSTANSI


def peers_of(results, *, kinds=None) -> list[Peer]:
    """``results`` grouped by body: averages first, then governments by name; the portal's own
    government is not its own peer. ``kinds`` limits the kinds."""
    grouped: dict[str, list] = defaultdict(list)
    kind_of = {}
    for result in results:
        if result.body == own_body() or result.value is None or (kinds and result.kind not in kinds):
            continue
        grouped[result.body].append(PeerPoint(result.year, result.value, result.note, result.flagged))
        kind_of[result.body] = result.kind
    averages = PublishedResult.AVERAGE_KINDS
    order = sorted(
        grouped,
        key=lambda body: (
            kind_of[body] not in averages,
            averages.index(kind_of[body]) if kind_of[body] in averages else 0,
            body,
        ),
    )
    return [Peer(body, kind_of[body], tuple(sorted(grouped[body], key=lambda p: p.year))) for body in order]


def national_average(results, years=None) -> list[PeerPoint]:
    """The national average's points (``PublishedResult.Kind.NATIONAL``), within ``years``' span when given."""
    points = [
        PeerPoint(r.year, r.value, r.note, r.flagged)
        for r in results
        if r.kind == PublishedResult.Kind.NATIONAL and r.value is not None
    ]
    if years:
        low, high = min(years), max(years)
        points = [p for p in points if low <= p.year <= high]
    return sorted(points, key=lambda p: p.year)


@dataclass(frozen=True)
class YearRank:
    """The province's place among the recorded peers (governments, not averages) of one year."""

    year: int
    index: Decimal | None
    rank: object | None  # scoring.Rank, None without a value of the province's own
    peers: tuple[tuple[str, Decimal, bool], ...]  # (body, value, flagged), highest first


def ranks_by_year(values_by_year, results) -> list[YearRank]:
    """Per year with a province value and at least one recorded peer: its rank (i of n)."""
    governments = peers_of(results)
    rows = []
    for year, value in sorted(values_by_year.items()):
        others = [
            (peer.body, peer.value_in(year), peer.flagged_in(year))
            for peer in governments
            if peer.kind not in PublishedResult.AVERAGE_KINDS and peer.value_in(year) is not None
        ]
        if value is None or not others:
            continue
        others.sort(key=lambda pair: (-pair[1], pair[0]))
        rows.append(YearRank(year, value, scoring.rank_among(value, [v for _b, v, _f in others]), tuple(others)))
    return rows


def latest_official(summaries, *, year: int | None = None) -> PeriodSummary | None:
    """The latest official result among ``trend_summaries``' rows, up to ``year`` when given.

    Official means published: the period is *final* and its value is whole (every final level
    recorded, or a summary-only year's published index). A closed period's final levels are not yet
    official (the pages mark them "belum final"), and an incomplete series is never a result.
    The dashboard and the brief both headline this one."""
    official = [
        s
        for s in summaries
        if s.period.status == Period.Status.FINAL and s.index is not None and (year is None or s.year <= year)
    ]
    return max(official, key=lambda s: s.year, default=None)
