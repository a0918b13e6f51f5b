"""Read-side assembly for the province dashboard and the reports (unit, indicator, calibration, brief).

Each ``build_*`` function reads what its page needs in a fixed number of queries, whatever the
number of indicators, units, answers or periods (the query-count tests pin it), and returns a
plain dataclass; the arithmetic is ``indicators.scoring``'s and the series are
``evaluations.series``'s, so the numbers on these pages are the same as everywhere else.
Figures are built from these dataclasses by ``evaluations.reports.charts``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations import reference_data
from evaluations import series as scores
from evaluations.models import Answer, Assignment, Evidence, Period, Series, StageResult
from evaluations.reports import charts
from indicators import scoring
from indicators.models import Indicator

HUNDRED = Decimal("100")
TOP_LEVEL = 5
LEVER_COUNT = 10
BRIEF_LEVER_COUNT = 5
# The dashboard lists every unit up to this many (a province); above it (a national dataset of
# hundreds of units) only the UNITS_ATTENTION units needing attention most, with a link to the
# paginated full list (reports:unit_progress, UNITS_PER_PAGE rows a page).
UNITS_SHOW_ALL = 50
UNITS_ATTENTION = 15
UNITS_PER_PAGE = 50
# The indicator page's answers (and their evidence) a page.
ANSWERS_PER_PAGE = 50

# The series a page shows when the user has not chosen one: the official one once it exists.
DEFAULT_SERIES_ORDER = (Series.FINAL, Series.VERIFIED, Series.PROPOSED)

STATUS_LABELS = {
    "not_started": gettext_lazy("Belum mulai"),
    "draft": gettext_lazy("Draf"),
    "submitted": gettext_lazy("Diajukan"),
    "returned": gettext_lazy("Dikembalikan"),
    "verified": gettext_lazy("Terverifikasi"),
}
SOURCE_LABELS = {
    "final": gettext_lazy("hasil akhir"),
    "summary": gettext_lazy("nilai ringkasan"),
}


def _specs(collection):
    """Structure members may be dicts keyed by number or plain sequences: iterate the specs."""
    return list(collection.values()) if isinstance(collection, dict) else list(collection)


def today():
    return timezone.localdate()


# --- periods and choices ----------------------------------------------------------------------------


def periods_for_reports():
    """Every period, newest first, with its framework (one query); the selector and the trend use it.

    Periods of one framework share one ``Framework`` object, so its scoring structure (cached on
    the instance) is read once per request, not once per period.
    """
    periods = list(Period.objects.with_framework().order_by("-year"))
    shared = {}
    for period in periods:
        period.framework = shared.setdefault(period.framework_id, period.framework)
    return periods


def default_period(periods):
    """The newest period with levels that is past its draft; else the newest with levels; else None."""
    scored = [p for p in periods if not p.is_summary_only]
    for period in scored:
        if period.status != Period.Status.DRAFT:
            return period
    return scored[0] if scored else None


def default_series(all_levels):
    """The first of final, verified, proposed that has any level (proposed when none has)."""
    for series in DEFAULT_SERIES_ORDER:
        if all_levels.get(series):
            return series
    return Series.PROPOSED


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
class UnitProgress:
    unit_pk: int
    unit: str
    assigned: int = 0
    leads: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    verified: int = 0
    overdue: int = 0

    @property
    def remaining(self):
        return self.not_started + self.draft + self.returned

    @property
    def attention(self):
        """How much this unit needs chasing: overdue, returned and not started indicators together."""
        return self.overdue + self.returned + self.not_started

    @property
    def done_share(self):
        return (self.submitted + self.verified) / self.assigned if self.assigned else 0


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
class DashboardData:
    period: Period
    series: str
    result: object  # scoring.IndexResult
    results: dict  # every series' IndexResult, for the small comparison table
    bands: list
    target: Decimal | None
    trend: list[TrendPoint]
    national: list
    domains: list[Part]
    aspects: list[Part]
    levers: list[Lever]
    units: list[UnitProgress]
    due: date | None
    levels: dict = field(default_factory=dict)
    provisional: object = None  # IndexResult with missing levels at 1, when the series is incomplete

    @property
    def series_label(self):
        return Series(self.series).label

    @property
    def shown(self):
        """The result the headline shows: the index when complete, else the provisional floor."""
        return self.provisional if self.result.index is None and self.provisional is not None else self.result

    @property
    def index(self):
        return self.shown.index

    @property
    def predicate(self):
        return self.shown.predicate

    @property
    def is_provisional(self):
        return self.shown is self.provisional and self.provisional is not None

    @property
    def to_target(self):
        if self.index is None or self.target is None:
            return None
        return max(Decimal("0"), self.target - self.index)

    @property
    def to_sangat_baik(self):
        if self.index is None:
            return None
        return max(Decimal("0"), reference_data.SANGAT_BAIK - self.index)

    @property
    def series_rows(self):
        return [(Series(s).label, s, self.results[s]) for s in Series if s in self.results]

    @property
    def overdue_units(self):
        return [u for u in self.units if u.overdue]

    @property
    def units_limited(self):
        """True when the dashboard shows only the units needing attention most, not all of them."""
        return len(self.units) > UNITS_SHOW_ALL

    @cached_property
    def units_shown(self):
        """Every unit (by name) up to UNITS_SHOW_ALL; above that the UNITS_ATTENTION needing attention most."""
        if not self.units_limited:
            return self.units
        return needing_attention(self.units, count=UNITS_ATTENTION)

    @cached_property
    def unit_totals(self):
        return unit_totals(self.units)

    def figures(self):
        domain_rows = [(f"{d.number}. {d.name}", d.value) for d in self.domains]
        aspect_rows = [(f"{a.number}. {a.name}", a.value) for a in self.aspects]
        return {
            "bullet": charts.bullet(self.index, self.bands, target=self.target, label=self.series_label),
            "trend": charts.trend(self.trend, national=self.national, bands=self.bands),
            "domains": charts.values_vs_target(domain_rows, self.bands, target=self.target) if domain_rows else None,
            "aspects": charts.values_vs_target(aspect_rows, self.bands, target=self.target),
            "levers": charts.levers(self.levers) if self.levers else None,
            "units": charts.unit_progress(self.units_shown, STATUS_LABELS) if self.units else None,
        }


# --- building blocks ----------------------------------------------------------------------------------


def structure_of(period):
    """The framework's scoring structure, cached on the period (the same cache ``scores`` uses)."""
    return scores._structure(period)


def bands_of(structure):
    return sorted(_specs(structure.bands), key=lambda band: band.lower)


def parts(structure, result, target=None):
    domains = [
        Part(d.number, d.name, d.weight, result.domains.get(d.number), target=target)
        for d in sorted(_specs(structure.domains), key=lambda d: d.number)
    ]
    aspects = [
        Part(a.number, a.name, a.weight, result.aspects.get(a.number), a.domain, target=target)
        for a in sorted(_specs(structure.aspects), key=lambda a: a.number)
    ]
    return domains, aspects


def indicator_names(framework_id):
    """``{number: (pk, display name)}`` of a framework's indicators (one query)."""
    rows = Indicator.objects.filter(framework_id=framework_id).values_list("number", "pk", "name", "short_name")
    return {number: (pk, short or name) for number, pk, name, short in rows}


def levers(structure, levels, names, leads, *, count=LEVER_COUNT):
    """The indicators whose rise to level 5 adds most to the index (gain per step × headroom).

    ``leads``: ``{indicator number: (unit pk, unit name)}``. A missing level counts from level 1,
    the lowest a scored indicator can have, so an unanswered heavy indicator still shows up.
    """
    rows = []
    for gain in scoring.gains(structure, levels):
        current = gain.current
        headroom = TOP_LEVEL - (current if current is not None else 1)
        pk, name = names.get(gain.indicator, (None, str(gain.indicator)))
        lead_pk, lead_name, *lead_year = leads.get(gain.indicator, (None, ""))
        rows.append(
            Lever(
                indicator_pk=pk,
                number=gain.indicator,
                label=f"{gain.indicator}. {name}",
                current=current,
                gain_per_step=gain.gain_per_step,
                potential=gain.gain_per_step * headroom,
                lead=lead_name,
                lead_pk=lead_pk,
                lead_year=lead_year[0] if lead_year else None,
            )
        )
    rows.sort(key=lambda r: (-r.potential, r.number))
    return rows[:count]


def unit_progress(period, *, on=None):
    """Per unit: assigned indicators (lead or contributor) by the status of its answer, and how many
    are overdue (not submitted after the self-assessment deadline); and the lead unit of each
    indicator as ``{number: (unit pk, unit name)}``. Rows sorted by unit name.

    Counted by the database in three small queries, whatever the number of answers: assignments
    per unit (one row per unit), answers per unit and status among assigned (period, indicator,
    unit) triples (an ``EXISTS``, one hash semi-join on PostgreSQL; at most units × 4 rows), and
    the lead units (one row per indicator). Unanswered assignments are the difference. An answer
    without an assignment is not counted, as before.
    """
    on = on or today()
    past_due = period.self_assessment_due is not None and on > period.self_assessment_due
    rows = {}
    for unit_id, name, short_name, assigned, leads in (
        Assignment.objects.filter(period=period)
        .order_by()
        .values("unit_id", "unit__name", "unit__short_name")
        .annotate(assigned=Count("pk"), leads=Count("pk", filter=Q(role=Assignment.Role.LEAD)))
        .values_list("unit_id", "unit__name", "unit__short_name", "assigned", "leads")
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
        .order_by()
        .values("unit_id", "status")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "status", "n")
    ):
        row = rows[unit_id]
        setattr(row, status, getattr(row, status) + n)
        row.not_started -= n
    if past_due:
        for row in rows.values():
            row.overdue = row.not_started + row.draft + row.returned
    leads = {
        number: (unit_id, rows[unit_id].unit)
        for number, unit_id in Assignment.objects.filter(period=period, role=Assignment.Role.LEAD)
        .order_by()
        .values_list("indicator__number", "unit_id")
    }
    return sorted(rows.values(), key=lambda r: r.unit.lower()), leads


def unit_totals(units):
    """One ``UnitProgress`` summing every unit's counts (the tables' "Jumlah" row)."""
    total = UnitProgress(unit_pk=0, unit=_("Jumlah"))
    for row in units:
        for name in ("assigned", "leads", "not_started", "draft", "submitted", "returned", "verified", "overdue"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def needing_attention(units, *, count=None):
    """The units with most work left (overdue + returned + not started), most first, then by name."""
    ranked = sorted(units, key=lambda r: (-r.attention, r.unit.lower()))
    return ranked if count is None else ranked[:count]


def latest_leads(period):
    """``{number: (unit pk, unit name, year)}``: each indicator's lead in the newest period of the same
    framework that assigns one (one query). Past periods imported without assignments still get
    someone to act on a lever, and the page says which year's assignment it is."""
    found = {}
    for number, unit_id, name, short_name, year in (
        Assignment.objects.filter(role=Assignment.Role.LEAD, period__framework_id=period.framework_id)
        .order_by("-period__year")
        .values_list("indicator__number", "unit_id", "unit__name", "unit__short_name", "period__year")
    ):
        found.setdefault(number, (unit_id, short_name or name, year))
    return found


def trend_points(periods):
    """Every period's official value, oldest first: final levels where known, summary-only years'
    published index; with each period's target and the national average of that year."""
    national = {p.year: p for p in reference_data.NATIONAL_AVERAGE}
    points = []
    for summary in scores.trend_summaries(periods):
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
            )
        )
    return points


# --- the province dashboard --------------------------------------------------------------------------


def build_dashboard(period, periods, *, series=None, lever_count=LEVER_COUNT, on=None):
    """Everything the dashboard shows for one period and series, in a bounded number of queries."""
    structure = structure_of(period)
    all_levels = scores.all_series_levels(period)
    results = {s: scoring.compute(structure, levels) for s, levels in all_levels.items()}
    series = Series(series) if series else default_series(all_levels)
    result = results[series]
    levels = all_levels[series]
    # An incomplete series has no index; the pages then show the provisional one (missing levels
    # counted at level 1, so a floor) and say so.
    provisional = scoring.compute(structure, levels, floor_missing=True) if result.index is None and levels else None
    domains, aspects = parts(structure, provisional or result, period.target_index)
    points = trend_points(periods)
    years = [p.year for p in points]
    units, leads = unit_progress(period, on=on)
    if len(leads) < len(structure.indicators):
        leads = {**latest_leads(period), **leads}
    return DashboardData(
        period=period,
        series=series,
        result=result,
        results=results,
        bands=bands_of(structure),
        target=period.target_index,
        trend=points,
        national=reference_data.national_average(years),
        domains=domains,
        aspects=aspects,
        levers=levers(structure, levels, indicator_names(period.framework_id), leads, count=lever_count),
        units=units,
        due=period.self_assessment_due,
        levels=levels,
        provisional=provisional,
    )


# --- unit page ---------------------------------------------------------------------------------------


@dataclass
class UnitIndicatorRow:
    indicator: Indicator
    role: str
    role_label: str
    lead: str
    status: str
    status_label: str
    proposed: int | None
    verified: int | None
    final: int | None
    level: int | None  # in the chosen series
    contribution: Decimal | None  # weight × level / 100
    headroom: Decimal | None  # weight × (5 − level) / 100
    overdue: bool
    answer_updated: object = None


@dataclass
class UnitReport:
    period: Period
    unit: object
    series: str
    rows: list[UnitIndicatorRow]
    due: date | None
    verification_due: date | None
    past_due: bool

    @property
    def series_label(self):
        return Series(self.series).label

    @property
    def lead_rows(self):
        return [r for r in self.rows if r.role == Assignment.Role.LEAD]

    @property
    def at_stake(self):
        """Index points the unit's lead indicators can carry at most (all at level 5)."""
        return sum((r.indicator.weight * TOP_LEVEL / HUNDRED for r in self.lead_rows), Decimal("0"))

    @property
    def contribution(self):
        return sum((r.contribution for r in self.lead_rows if r.contribution is not None), Decimal("0"))

    @property
    def headroom(self):
        return sum((r.headroom for r in self.lead_rows if r.headroom is not None), Decimal("0"))

    @property
    def missing(self):
        return sum(1 for r in self.lead_rows if r.level is None)

    @property
    def overdue(self):
        return sum(1 for r in self.rows if r.overdue)


def build_unit_report(period, unit, *, series=None, on=None):
    """The unit's assignments in a period, each with its answer's status and levels, and the index
    points that depend on the indicators it leads. Four queries."""
    on = on or today()
    all_levels = scores.all_series_levels(period)
    series = Series(series) if series else default_series(all_levels)
    # The unit's own assignments and every lead assignment (to name the lead where it contributes).
    rows = (
        Assignment.objects.filter(period=period)
        .filter(Q(unit=unit) | Q(role=Assignment.Role.LEAD))
        .select_related("indicator", "indicator__aspect", "unit")
        .order_by("indicator__number")
    )
    assignments, leads = [], {}
    for assignment in rows:
        if assignment.role == Assignment.Role.LEAD:
            leads[assignment.indicator_id] = assignment.unit
        if assignment.unit_id == unit.pk:
            assignments.append(assignment)
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(period=period, unit=unit).only(
            "id", "indicator_id", "status", "proposed_level", "verified_level", "updated_at"
        )
    }
    past_due = period.self_assessment_due is not None and on > period.self_assessment_due
    status_choices = dict(Answer.Status.choices)
    rows = []
    for assignment in assignments:
        indicator = assignment.indicator
        answer = answers.get(indicator.pk)
        status = answer.status if answer else "not_started"
        level = all_levels[series].get(indicator.number)
        lead = leads.get(indicator.pk)
        rows.append(
            UnitIndicatorRow(
                indicator=indicator,
                role=assignment.role,
                role_label=assignment.get_role_display(),
                lead=lead.display_name if lead else "",
                status=status,
                status_label=status_choices.get(status, STATUS_LABELS["not_started"]),
                proposed=answer.proposed_level if answer else None,
                verified=all_levels[Series.VERIFIED].get(indicator.number)
                if assignment.role == Assignment.Role.LEAD
                else (answer.verified_level if answer else None),
                final=all_levels[Series.FINAL].get(indicator.number),
                level=level,
                contribution=indicator.weight * level / HUNDRED if level is not None else None,
                headroom=indicator.weight * (TOP_LEVEL - level) / HUNDRED if level is not None else None,
                overdue=past_due and status in ("not_started", "draft", "returned"),
                answer_updated=answer.updated_at if answer else None,
            )
        )
    return UnitReport(
        period=period,
        unit=unit,
        series=series,
        rows=rows,
        due=period.self_assessment_due,
        verification_due=period.verification_due,
        past_due=past_due,
    )


# --- indicator page ----------------------------------------------------------------------------------

SERIES_FOR_HISTORY = (Series.PROPOSED, Series.VERIFIED, Series.DOKUMEN, Series.INTERVIU, Series.VISITASI, Series.FINAL)


@dataclass
class IndicatorReport:
    indicator: Indicator
    period: Period | None
    periods: list  # periods of the indicator's framework, oldest first
    history: dict  # {series: {year: level}}
    assignments: list
    evidence: list
    answers: list
    answers_page: object = None  # django.core.paginator.Page of the answers, when a period is chosen

    @property
    def years(self):
        return [p.year for p in self.periods]

    @property
    def history_rows(self):
        """Per series with any level: (key, label, [level per year])."""
        rows = []
        for key in SERIES_FOR_HISTORY:
            by_year = self.history.get(key, {})
            if by_year:
                rows.append((key, Series(key).label, [by_year.get(y) for y in self.years]))
        return rows

    @property
    def lead(self):
        return next((a.unit for a in self.assignments if a.role == Assignment.Role.LEAD), None)

    @property
    def lead_assignments(self):
        return [a for a in self.assignments if a.role == Assignment.Role.LEAD]

    @property
    def contributor_assignments(self):
        return [a for a in self.assignments if a.role != Assignment.Role.LEAD]

    @property
    def contributors_listed(self):
        """Contributing units are named one by one up to UNITS_SHOW_ALL; above that only counted."""
        return len(self.contributor_assignments) <= UNITS_SHOW_ALL

    def figure(self):
        rows = self.history_rows
        return charts.levels_by_series(self.years, rows) if rows else None


def build_indicator_report(indicator, periods, period, *, page=1, viewer_unit_id=None, per_page=None):
    """Criteria, levels over the years by series, and the chosen period's assignments, answers and
    evidence. ``periods``: the indicator's framework's periods. Six queries.

    The answers are one page of ``per_page`` (the lead unit's first, then by unit name): at national
    size hundreds of units answer the same indicator. The evidence is that page's answers' only.
    ``viewer_unit_id``: an officer's unit, who sees only that unit's answer unless the unit leads the
    indicator in the period (then every answer, as ``permissions.can_view_answer`` says). ``page``: a page number
    as given in the URL; out of range gives the last page, not a number gives the first.
    """
    periods = sorted((p for p in periods if not p.is_summary_only), key=lambda p: p.year)
    year_of = {p.pk: p.year for p in periods}
    history = defaultdict(dict)
    for period_id, proposed, verified, status in (
        Answer.objects.filter(indicator=indicator, is_lead=True, period_id__in=list(year_of))
        .order_by()
        .values_list("period_id", "proposed_level", "verified_level", "status")
    ):
        year = year_of[period_id]
        if proposed is not None:
            history[Series.PROPOSED][year] = proposed
        if status == Answer.Status.VERIFIED and verified is not None:
            history[Series.VERIFIED][year] = verified
    for period_id, stage, level in (
        StageResult.objects.filter(indicator=indicator, period_id__in=list(year_of))
        .order_by()
        .values_list("period_id", "stage", "level")
    ):
        history[Series(stage)][year_of[period_id]] = level
    assignments, evidence, answers, answers_page = [], [], [], None
    if period is not None:
        assignments = list(
            Assignment.objects.filter(period=period, indicator=indicator)
            .select_related("unit")
            .order_by("role", "unit__name", "pk")
        )
        rows = (
            Answer.objects.filter(period=period, indicator=indicator)
            .select_related("unit")
            .order_by("-is_lead", "unit__name", "pk")
        )
        lead_ids = {a.unit_id for a in assignments if a.role == Assignment.Role.LEAD}
        if viewer_unit_id is not None and viewer_unit_id not in lead_ids:
            rows = rows.filter(unit_id=viewer_unit_id)
        answers_page = Paginator(rows, per_page or ANSWERS_PER_PAGE).get_page(page)
        answers = list(answers_page.object_list)
        for answer in answers:
            answer.indicator = indicator  # permission checks read the indicator's aspect: no query each
        by_pk = {a.pk: a for a in answers}
        evidence = list(
            Evidence.objects.filter(answer_id__in=list(by_pk))
            .select_related("file")
            .order_by("answer__unit__name", "added_at", "id")
        )
        for item in evidence:
            item.answer = by_pk[item.answer_id]
    return IndicatorReport(
        indicator=indicator,
        period=period,
        periods=periods,
        history=dict(history),
        assignments=assignments,
        evidence=evidence,
        answers=answers,
        answers_page=answers_page,
    )


# --- calibration -------------------------------------------------------------------------------------


@dataclass
class GapStats:
    """Mean gaps of proposed minus verified and proposed minus final over some answers."""

    proposed_total: int = 0
    n_verified: int = 0
    sum_verified: int = 0
    n_final: int = 0
    sum_final: int = 0

    def add(self, proposed, verified, final):
        if proposed is None:
            return
        self.proposed_total += 1
        if verified is not None:
            self.n_verified += 1
            self.sum_verified += proposed - verified
        if final is not None:
            self.n_final += 1
            self.sum_final += proposed - final

    @property
    def gap_verified(self):
        return Decimal(self.sum_verified) / self.n_verified if self.n_verified else None

    @property
    def gap_final(self):
        return Decimal(self.sum_final) / self.n_final if self.n_final else None

    @property
    def sort_gap(self):
        """The gap a unit is ranked by: against the final level where known, else the verified one."""
        gap = self.gap_final if self.gap_final is not None else self.gap_verified
        return gap if gap is not None else Decimal("-99")


@dataclass
class CalibrationCell:
    proposed: int | None = None
    verified: int | None = None
    final: int | None = None
    unit: str = ""


@dataclass
class CalibrationUnit(GapStats):
    unit_pk: int = 0
    label: str = ""


@dataclass
class CalibrationIndicator(GapStats):
    indicator_pk: int = 0
    number: int = 0
    label: str = ""
    framework: str = ""
    cells: dict = field(default_factory=dict)  # {year: CalibrationCell}
    cells_in_order: list = field(default_factory=list)  # one per calibration year, None where absent


@dataclass
class Calibration:
    periods: list
    units: list[CalibrationUnit]
    indicators: list[CalibrationIndicator]
    overall: GapStats

    @property
    def years(self):
        return [p.year for p in self.periods]

    def figure(self):
        rows = [u for u in self.units if u.gap_verified is not None or u.gap_final is not None]
        return charts.calibration_gaps(rows) if rows else None


def build_calibration(periods):
    """Proposed vs verified vs final of every lead answer across the given periods (two queries),
    per unit and per indicator, each with its mean gap; units sorted by mean gap, biggest first."""
    periods = sorted((p for p in periods if not p.is_summary_only), key=lambda p: p.year)
    year_of = {p.pk: p.year for p in periods}
    finals = {
        (period_id, indicator_id): level
        for period_id, indicator_id, level in StageResult.objects.filter(
            period_id__in=list(year_of), stage=StageResult.Stage.FINAL
        ).values_list("period_id", "indicator_id", "level")
    }
    units, indicators, overall = {}, {}, GapStats()
    for row in (
        Answer.objects.filter(period_id__in=list(year_of), is_lead=True)
        .values_list(
            "period_id",
            "indicator_id",
            "indicator__number",
            "indicator__name",
            "indicator__short_name",
            "indicator__framework__code",
            "unit_id",
            "unit__name",
            "unit__short_name",
            "proposed_level",
            "verified_level",
            "status",
        )
        .order_by("indicator__framework__code", "indicator__number")
    ):
        (
            period_id,
            ind_id,
            number,
            name,
            short,
            framework,
            unit_id,
            unit_name,
            unit_short,
            proposed,
            verified,
            status,
        ) = row
        verified = verified if status == Answer.Status.VERIFIED else None
        final = finals.get((period_id, ind_id))
        unit_row = units.get(unit_id)
        if unit_row is None:
            unit_row = units[unit_id] = CalibrationUnit(unit_pk=unit_id, label=unit_short or unit_name)
        unit_row.add(proposed, verified, final)
        ind_row = indicators.get(ind_id)
        if ind_row is None:
            ind_row = indicators[ind_id] = CalibrationIndicator(
                indicator_pk=ind_id, number=number, label=f"{number}. {short or name}", framework=framework
            )
        ind_row.add(proposed, verified, final)
        ind_row.cells[year_of[period_id]] = CalibrationCell(proposed, verified, final, unit_short or unit_name)
        overall.add(proposed, verified, final)
    unit_rows = sorted(units.values(), key=lambda u: (-u.sort_gap, u.label.lower()))
    years = [p.year for p in periods]
    for ind_row in indicators.values():
        ind_row.cells_in_order = [ind_row.cells.get(y) for y in years]
    return Calibration(periods=periods, units=unit_rows, indicators=list(indicators.values()), overall=overall)


# --- governor's brief --------------------------------------------------------------------------------


@dataclass
class MissingEvidence:
    number: int
    indicator: str
    unit: str
    status_label: str


@dataclass
class Brief:
    data: DashboardData
    missing_evidence: list[MissingEvidence]
    missing_evidence_total: int

    @property
    def past_due(self):
        return any(u.overdue for u in self.data.units)

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
MISSING_EVIDENCE_SHOWN = 8


def build_brief(period, periods, *, series=None, on=None):
    """The dashboard's figures (five levers) plus lead answers with no evidence. One query more."""
    data = build_dashboard(period, periods, series=series, lever_count=BRIEF_LEVER_COUNT, on=on)
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
    return Brief(data=data, missing_evidence=rows[:MISSING_EVIDENCE_SHOWN], missing_evidence_total=len(rows))
