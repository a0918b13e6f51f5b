"""The province dashboard and the governor's brief: one period and series, the index and its
predicate, the trend over the years, domains and aspects against target, the levers, unit progress.

Each ``build_*`` function reads what its page needs in a fixed number of queries, whatever the
number of indicators, units, answers or periods (the query-count tests pin it), and returns a
plain dataclass; the series, leads and overdue rule are ``evaluations.series``'s and the arithmetic
``indicators.scoring``'s, so the numbers here are the same as everywhere else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, partial

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations import reference_data
from evaluations.models import Answer, Period, Series
from evaluations.planning.services import feasible_caps
from evaluations.reports import charts, held_back, progress, recent
from evaluations.reports.progress import (
    STATUS_LABELS,
    UnitProgress,
    needing_attention,
    progress_by_unit,
    unit_totals,
)
from evaluations.series import (
    all_series_levels,
    default_series,
    final_figure,
    is_past_due,
    latest_official,
    leads_with_fallback,
    live_scores,
    national_average,
    peers_of,
    published_results,
    ranks_by_year,
    share_frameworks,
    stage_deadlines,
    structure_of,
    trend_summaries,
)
from evaluations.transition.reads import estimate_trend_points
from indicators import scoring
from indicators.models import Crosswalk
from indicators.scoring import LEVEL_MAX as TOP_LEVEL

LEVER_COUNT = 10
BRIEF_LEVER_COUNT = 5

SOURCE_LABELS = {
    "final": gettext_lazy("hasil akhir"),
    "summary": gettext_lazy("nilai ringkasan"),
}


def _specs(collection):
    """Structure members may be dicts keyed by number or plain sequences: iterate the specs."""
    return list(collection.values()) if isinstance(collection, dict) else list(collection)


# --- periods and choices ----------------------------------------------------------------------------


def periods_for_reports(*, onward_crosswalks=False):
    """Every period, newest first, with its framework (one query); the selector and the trend use it.

    Periods of one framework share one ``Framework`` object, so its scoring structure (cached on
    the instance) is read once per request, not once per period. With ``onward_crosswalks`` (the
    pages whose trend draws the estimate series) each also says whether a crosswalk leads from its
    framework (``has_onward_crosswalk``, an ``EXISTS``), so the estimate needs no query without one.
    """
    periods = Period.objects.with_framework().order_by("-year")
    if onward_crosswalks:
        onward = Crosswalk.objects.filter(from_framework_id=OuterRef("framework_id"))
        periods = periods.annotate(has_onward_crosswalk=Exists(onward))
    return share_frameworks(list(periods))


def default_period(periods):
    """The newest period with levels that is past its draft; else the newest with levels; else None."""
    scored = [p for p in periods if not p.is_summary_only]
    for period in scored:
        if period.status != Period.Status.DRAFT:
            return period
    return scored[0] if scored else None


# --- rows the pages show ------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    year: int
    index: Decimal | None
    target: Decimal | None
    source: str
    framework: str
    illustrative: bool
    predicate: object | None = None
    period_pk: int | None = None
    national: Decimal | None = None
    national_note: str = ""
    bands: tuple = ()  # its own framework's predicate bands: its colour and decimals on the trend
    rank: object | None = None  # series.YearRank: its place among the peers recorded that year
    figure: object | None = None  # series.FinalFigure: a recorded final against today's computation

    @property
    def recomputed_differs(self):
        """The recorded final index (shown) differs from the one computed today (``series.final_figure``)."""
        return self.figure is not None and self.figure.differs

    @property
    def source_label(self):
        if self.index is None:
            return _("belum ada hasil akhir")
        return SOURCE_LABELS.get(self.source, self.source)


@dataclass
class Lever:
    """An indicator whose rise adds most: index points from its current level up to level 5."""

    indicator_pk: int | None
    number: int
    label: str
    current: int | None
    gain_per_step: Decimal
    potential: Decimal
    lead: str = ""
    lead_pk: int | None = None
    lead_year: int | None = None  # set when the lead is borrowed from another period (see latest_leads)


@dataclass
class Part:
    """A domain or aspect with its index in the chosen series."""

    number: int
    name: str
    weight: Decimal
    value: Decimal | None
    domain: int | None = None
    target: Decimal | None = None

    @property
    def gap(self):
        """Value minus target: negative is below target."""
        if self.value is None or self.target is None:
            return None
        return self.value - self.target


@dataclass
class Official:
    """The headline: the latest official result (``series.latest_official``), up to the chosen year.

    Gaps are from its exact value to the chosen period's target, the province's current aim."""

    summary: object  # series.PeriodSummary
    bands: list
    target: Decimal | None
    target_year: int

    period = property(lambda self: self.summary.period)
    year = property(lambda self: self.summary.year)
    index = property(lambda self: self.summary.index)
    predicate = property(lambda self: self.summary.predicate)

    @property
    def index_places(self):
        return scoring.index_places(self.index, self.bands)

    @property
    def to_target(self):
        return None if self.target is None else max(Decimal("0"), self.target - self.index)

    @property
    def to_sangat_baik(self):
        return max(Decimal("0"), reference_data.SANGAT_BAIK - self.index)


@dataclass
class SeriesProgress:
    """One series of a period still being assessed: how many indicators have a level and the
    lowest and highest index it can still end in (``scoring.index_bounds``)."""

    series: str
    bounds: object  # scoring.Bounds
    predicate: object | None = None  # only once the series is complete

    @property
    def label(self):
        return Series(self.series).label


@dataclass
class CycleProgress:
    period: Period
    rows: list[SeriesProgress]
    bands: list

    @property
    def total(self):
        return self.rows[0].bounds.total if self.rows else 0

    def row(self, series):
        return next((r for r in self.rows if r.series == series), None)

    @property
    def verified(self):
        return self.row(Series.VERIFIED)

    @property
    def proposed(self):
        return self.row(Series.PROPOSED)


PROGRESS_ORDER = (Series.PROPOSED, Series.VERIFIED, Series.DOKUMEN, Series.INTERVIU, Series.VISITASI, Series.FINAL)


def cycle_progress(period, structure, all_levels, caps):
    """Every series of ``period`` worth following: proposed and verified always, the external
    stages once they have a level (no query)."""
    rows = []
    for series in PROGRESS_ORDER:
        levels = all_levels.get(series) or {}
        if series not in (Series.PROPOSED, Series.VERIFIED) and not levels:
            continue
        bounds = scoring.index_bounds(structure, levels, caps)
        predicate = scoring.predicate_for(structure, bounds.index) if bounds.complete else None
        rows.append(SeriesProgress(series, bounds, predicate))
    return CycleProgress(period, rows, bands_of(structure))


@dataclass
class DashboardData:
    period: Period
    series: str
    score: object  # series.SeriesScore of the chosen series
    scores: dict  # {series: SeriesScore} of every series, for the small comparison table
    bands: list
    target: Decimal | None
    trend: list[TrendPoint]
    national: list
    domains: list[Part]
    aspects: list[Part]
    levers: list[Lever]
    units: list[UnitProgress]
    due: date | None
    past_due: bool = False
    peers: list = field(default_factory=list)  # series.Peer rows chosen for the trend (``?pembanding=``)
    ranks: list = field(default_factory=list)  # series.YearRank: the province among the recorded peers
    # More lines for the trend (charts.TrendSeries), e.g. an estimate on another framework: drawn as
    # their own traces, never joined to the province's line.
    extra_series: list = field(
        default_factory=list
    )  # series.is_past_due: running, and the self-assessment deadline has passed
    levels: dict = field(default_factory=dict)
    estimates: list = field(default_factory=list)  # transition.reads.EstimatePoint: the dotted "perkiraan" series
    official: Official | None = None  # the headline: the latest official result up to this period
    progress: CycleProgress | None = None  # this period while it is not that official result
    deadlines: list = field(default_factory=list)  # series.StageDeadline of each dated stage
    names: dict = field(default_factory=dict)  # {number: (pk, display name)}
    leads: dict = field(default_factory=dict)  # {number: series.Lead}
    # Read when a page shows them (the dashboard does, the brief does not): held_back.UnitHeldBack
    # rows, most first, and recent.RecentChanges of the last 7 days.
    held_back_of: Callable[[], list] | None = None
    recent_of: Callable[[], object] | None = None

    @cached_property
    def held_back(self):
        return self.held_back_of() if self.held_back_of else []

    @cached_property
    def recent(self):
        return self.recent_of() if self.recent_of else None

    @property
    def held_back_shown(self):
        return self.held_back[: held_back.DASHBOARD_ROWS]

    @property
    def series_label(self):
        return Series(self.series).label

    @property
    def final_figure(self):
        """The recorded final against today's computation (``series.final_figure``) while the final
        series is shown; the page flags a difference."""
        if self.series != Series.FINAL or Series.FINAL not in self.scores:
            return None
        return final_figure(self.period, self.scores[Series.FINAL])

    @property
    def final_not_published(self):
        """The "Hasil akhir" series of a period not yet final: shown with a "belum final" mark."""
        return self.series == Series.FINAL and self.period.status != Period.Status.FINAL

    # The chosen series' score: ``result`` (missing levels left missing), ``provisional`` (its floor
    # while incomplete), ``shown`` (what the headline and the series table show), ``index``,
    # ``predicate`` and ``is_provisional`` of what is shown.
    result = property(lambda self: self.score.result)
    provisional = property(lambda self: self.score.floor)
    shown = property(lambda self: self.score.shown)
    index = property(lambda self: self.score.index)
    predicate = property(lambda self: self.score.predicate)
    is_provisional = property(lambda self: self.score.is_provisional)

    @property
    def index_places(self):
        """Decimals the shown index (and so its gaps) is written with: scoring.index_places."""
        return scoring.index_places(self.index, self.bands)

    # Gaps only from a whole series' exact value, never from the floor of an incomplete one.
    @property
    def to_target(self):
        if self.index is None or self.target is None or self.is_provisional:
            return None
        return max(Decimal("0"), self.target - self.index)

    @property
    def to_sangat_baik(self):
        if self.index is None or self.is_provisional:
            return None
        return max(Decimal("0"), reference_data.SANGAT_BAIK - self.index)

    @property
    def series_rows(self):
        """``(label, key, SeriesScore)`` per series: the same shown value as the headline."""
        return [(Series(s).label, s, self.scores[s]) for s in Series if s in self.scores]

    @property
    def any_provisional(self):
        return any(score.is_provisional for score in self.scores.values())

    @property
    def overdue_units(self):
        return [u for u in self.units if u.overdue]

    @property
    def units_limited(self):
        """True when the dashboard shows only the units needing attention most, not all of them."""
        return len(self.units) > progress.UNITS_SHOW_ALL

    @cached_property
    def units_shown(self):
        """Every unit (by name) up to progress.UNITS_SHOW_ALL; above that the progress.UNITS_ATTENTION needing attention most."""
        if not self.units_limited:
            return self.units
        return needing_attention(self.units, count=progress.UNITS_ATTENTION)

    @cached_property
    def unit_totals(self):
        return unit_totals(self.units)

    def trend_figure(self, height=320):
        """The trend (dashboard and brief): the province, the national average, chosen peers, and
        the dotted Pemdi estimate of SPBE years, each its own trace."""
        return charts.add_estimate_trace(
            charts.trend(
                self.trend,
                national=self.national,
                bands=self.bands,
                peers=charts.peer_series(self.peers),
                extra=self.extra_series,
                height=height,
            ),
            self.estimates,
        )

    def figures(self):
        domain_rows = [(f"{d.number}. {d.name}", d.value) for d in self.domains]
        aspect_rows = [(f"{a.number}. {a.name}", a.value) for a in self.aspects]
        return {
            "bullet": charts.bullet(self.index, self.bands, target=self.target, label=self.series_label),
            "trend": self.trend_figure(),
            "domains": charts.values_vs_target(domain_rows, self.bands, target=self.target) if domain_rows else None,
            "aspects": charts.values_vs_target(aspect_rows, self.bands, target=self.target),
            "levers": charts.levers(self.levers) if self.levers else None,
            "units": charts.progress_bars(self.units_shown, STATUS_LABELS) if self.units else None,
        }


# --- building blocks ----------------------------------------------------------------------------------


def bands_of(structure):
    return sorted(_specs(structure.bands), key=lambda band: band.lower)


def parts(structure, result, target=None):
    domains = [
        Part(d.number, d.display_name, d.weight, result.domains.get(d.number), target=target)
        for d in sorted(_specs(structure.domains), key=lambda d: d.number)
    ]
    aspects = [
        Part(a.number, a.display_name, a.weight, result.aspects.get(a.number), a.domain, target=target)
        for a in sorted(_specs(structure.aspects), key=lambda a: a.number)
    ]
    return domains, aspects


def levers(structure, levels, names, leads, *, count=LEVER_COUNT, assessed_only=False):
    """The indicators whose rise to level 5 adds most to the index (gain per step × headroom).

    ``leads``: ``{indicator number: series.Lead}``. A missing level counts from level 1,
    the lowest a scored indicator can have, so an unanswered heavy indicator still shows up;
    ``assessed_only`` leaves those out (the brief lists them as work still to do instead).
    """
    rows = []
    for gain in scoring.gains(structure, levels):
        current = gain.current
        if assessed_only and current is None:
            continue
        headroom = TOP_LEVEL - (current if current is not None else 1)
        pk, name = names.get(gain.indicator, (None, str(gain.indicator)))
        lead = leads.get(gain.indicator)
        rows.append(
            Lever(
                indicator_pk=pk,
                number=gain.indicator,
                label=f"{gain.indicator}. {name}",
                current=current,
                gain_per_step=gain.gain_per_step,
                potential=gain.gain_per_step * headroom,
                lead=lead.name if lead else "",
                lead_pk=lead.unit_id if lead else None,
                lead_year=lead.year if lead else None,
            )
        )
    rows.sort(key=lambda r: (-r.potential, r.number))
    return rows[:count]


def trend_points(periods, results=None, summaries=None):
    """Every period's official value, oldest first: final levels where known, summary-only years'
    published index; with each period's target, its framework's bands and the national average of
    that year (``results``: the recorded published results, ``series.published_results``)."""
    if results is None:
        results = published_results()
    national = {p.year: p for p in national_average(results)}
    points = []
    for summary in trend_summaries(periods) if summaries is None else summaries:
        period = summary.period
        reference = national.get(period.year)
        points.append(
            TrendPoint(
                year=period.year,
                index=summary.index,
                target=period.target_index,
                source=summary.source,
                framework=period.framework.short_name or period.framework.code,
                illustrative=period.is_illustrative,
                predicate=summary.predicate,
                period_pk=period.pk,
                national=reference.index if reference else None,
                national_note=str(reference.note) if reference else "",
                bands=tuple(bands_of(structure_of(period))),
                figure=summary.figure,
            )
        )
    return points


# --- the province dashboard --------------------------------------------------------------------------


def official_of(period, summaries):
    """The headline of ``period``'s pages: ``series.latest_official`` up to its year (no query)."""
    summary = latest_official(summaries, year=period.year)
    if summary is None:
        return None
    return Official(summary, bands_of(structure_of(summary.period)), period.target_index, period.year)


def build_dashboard(
    period, periods, *, series=None, lever_count=LEVER_COUNT, on=None, now=None, results=None, peers=()
):
    """Everything the dashboard shows for one period and series, in a bounded number of queries.

    ``results``: the published results (read here when not given); ``peers``: the bodies whose
    lines the trend draws beside the national average."""
    if results is None:
        results = published_results()
    structure = structure_of(period)
    all_levels = all_series_levels(period)
    scores = live_scores(period, all_levels=all_levels)
    series = Series(series) if series else default_series(all_levels, period=period)
    score = scores[series]
    levels = all_levels[series]
    # An incomplete series has no index; the pages then show its floor (missing levels counted at
    # level 1) and say so: the domains and aspects too, so they add up to the headline.
    domains, aspects = parts(structure, score.shown, period.target_index)
    summaries = trend_summaries(periods)
    points = trend_points(periods, results, summaries)
    years = [p.year for p in points]
    ranks = ranks_by_year({p.year: p.index for p in points}, results)
    by_year = {row.year: row for row in ranks}
    for point in points:
        point.rank = by_year.get(point.year)
    units = progress_by_unit(period, on=on)
    leads = leads_with_fallback(period, indicator_count=len(structure.indicators))
    caps = feasible_caps(period)
    official = official_of(period, summaries)
    names = period.framework.indicator_names()
    return DashboardData(
        period=period,
        series=series,
        score=score,
        scores=scores,
        bands=bands_of(structure),
        target=period.target_index,
        trend=points,
        national=national_average(results, years),
        domains=domains,
        aspects=aspects,
        levers=levers(structure, levels, names, leads, count=lever_count),
        units=units,
        due=period.self_assessment_due,
        past_due=is_past_due(period, on),
        levels=levels,
        estimates=estimate_trend_points(periods),
        peers=[peer for peer in peers_of(results) if peer.body in set(peers)],
        ranks=ranks,
        official=official,
        progress=None
        if official is not None and official.period.pk == period.pk
        else cycle_progress(period, structure, all_levels, caps),
        deadlines=stage_deadlines(period, recorded=[s for s, found in all_levels.items() if found], on=on),
        held_back_of=partial(held_back.ranking, period, levels, leads, caps=caps),
        recent_of=partial(recent.recent_changes, period, now=now),
        names=names,
        leads=leads,
    )


# --- governor's brief --------------------------------------------------------------------------------


@dataclass
class MissingEvidence:
    number: int
    indicator: str
    unit: str
    status_label: str


@dataclass
class ToDo:
    """An indicator with no level yet in the brief's series: work still to do, and who does it."""

    number: int
    indicator: str
    lead: str


@dataclass
class Brief:
    data: DashboardData
    missing_evidence: list[MissingEvidence]
    missing_evidence_total: int
    levers: list[Lever] = field(default_factory=list)  # assessed indicators only
    to_do: list[ToDo] = field(default_factory=list)  # the unassessed ones

    @cached_property
    def to_do_by_unit(self):
        """``[(lead unit, count)]`` of the work still to do, most first (no lead: "")."""
        counts = {}
        for item in self.to_do:
            counts[item.lead] = counts.get(item.lead, 0) + 1
        return sorted(counts.items(), key=lambda row: (-row[1], row[0]))

    @property
    def to_do_units_shown(self):
        return self.to_do_by_unit[:TO_DO_UNITS_SHOWN]

    @property
    def to_do_units_more(self):
        return max(0, len(self.to_do_by_unit) - TO_DO_UNITS_SHOWN)

    @property
    def past_due(self):
        return self.data.past_due

    @property
    def behind(self):
        """Units behind schedule: overdue work once the deadline has passed, else unfinished work."""
        if self.past_due:
            rows = [u for u in self.data.units if u.overdue]
            return sorted(rows, key=lambda u: (-u.overdue, u.unit.lower()))
        rows = [u for u in self.data.units if u.remaining]
        return sorted(rows, key=lambda u: (-u.remaining, u.unit.lower()))

    @property
    def behind_shown(self):
        return self.behind[:BEHIND_SHOWN]

    @property
    def behind_hidden(self):
        return max(0, len(self.behind) - BEHIND_SHOWN)

    @property
    def missing_evidence_more(self):
        return self.missing_evidence_total - len(self.missing_evidence)


# What fits on the one printed page; the rest is counted ("dan 12 lainnya").
BEHIND_SHOWN = 6
MISSING_EVIDENCE_SHOWN = 6
TO_DO_UNITS_SHOWN = 3


def build_brief(period, periods, *, series=None, on=None, now=None, results=None, peers=()):
    """The dashboard's figures plus lead answers with no evidence (one query more). Its five levers
    are assessed indicators; the unassessed ones are listed apart as work still to do."""
    data = build_dashboard(
        period, periods, series=series, lever_count=BRIEF_LEVER_COUNT, on=on, now=now, results=results, peers=peers
    )
    structure = structure_of(period)
    brief_levers = levers(structure, data.levels, data.names, data.leads, count=BRIEF_LEVER_COUNT, assessed_only=True)
    to_do = [
        ToDo(n, data.names.get(n, (None, str(n)))[1], data.leads[n].name if n in data.leads else "")
        for n in structure.numbers
        if n not in data.levels
    ]
    missing = list(
        Answer.objects.filter(period=period, is_lead=True)
        .annotate(evidence_count=Count("evidence"))
        .filter(evidence_count=0)
        .values_list(
            "indicator__number", "indicator__name", "indicator__short_name", "unit__name", "unit__short_name", "status"
        )
        .order_by("indicator__number")
    )
    status_choices = dict(Answer.Status.choices)
    rows = [
        MissingEvidence(number, short or name, unit_short or unit_name, status_choices.get(status, status))
        for number, name, short, unit_name, unit_short, status in missing
    ]
    return Brief(
        data=data,
        missing_evidence=rows[:MISSING_EVIDENCE_SHOWN],
        missing_evidence_total=len(rows),
        levers=brief_levers,
        to_do=sorted(to_do, key=lambda t: t.number),
    )
