"""Planning a period: what-if scenarios (saved as action plans), feasible caps and the road to a target.

Reads build a ``PlanningBase`` (the period's structure, indicators, one series' levels and each
indicator's lead unit) in a fixed number of queries; ``simulate`` and ``road`` then hand it to
``indicators.scoring`` (pure arithmetic). Writes (``save_action_plan``, ``set_feasible_caps``) run
in one transaction and check the permission and the period's state.

A saved plan keeps its baseline (the base series' level of every indicator and the index at save)
and is read against today's levels of the same series (``read_plans``, ``compare_plans``): each step
"indicator i from a to b" is done, overtaken, partly done or still to do, and the remaining steps
are applied to today's base without lowering any indicator (``scoring.plan_progress``).

Planning never invents results: an indicator not yet assessed in the base series is *floored at
level 1* for the simulation (the lowest level there is), and every page says which ones were.

Who may do what is ``skpd.permissions``'s (``can_simulate``, ``can_save_plans``, ``can_set_caps``):
simulating is for the dashboard roles, saving a plan for reviewers and administrators, and a
feasible cap for administrators and reviewers within their aspect scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluations import audit
from evaluations.errors import InvalidInput, PermissionDenied, StateError
from evaluations.models import ActionPlan, Period, PeriodIndicator, Series
from evaluations.reference_data import SANGAT_BAIK
from evaluations.series import all_series_levels, lead_units, series_levels, structure_of
from indicators import scoring
from indicators.models import Aspect, Indicator
from skpd import permissions

FLOOR_LEVEL = 1
LEVEL_CHOICES = (1, 2, 3, 4, 5)
INDEX_PLACES = Decimal("0.000001")  # ActionPlan.baseline_index / planned_index: six decimals
# Plans and caps are about what comes next; once a period is closed (its results being settled) or
# final they are history, for everyone: the same read-only rule as ``Period.is_read_only``.
LOCKED_STATUSES = {Period.Status.CLOSED, Period.Status.FINAL}


def plannable_periods():
    """Periods with indicator levels (summary-only years have nothing to simulate)."""
    return Period.objects.with_framework().filter(is_summary_only=False)


def is_period_locked(period):
    return period.status in LOCKED_STATUSES


# --- reads -----------------------------------------------------------------------------------------


@dataclass
class PlanningBase:
    """Everything a simulation of one period and series needs, read once."""

    period: Period
    series: str
    structure: object
    indicators: list  # Indicator rows with aspect and domain, in number order
    aspects: list  # Aspect rows with domain, in number order
    bands: list  # PredicateBand rows, lowest first
    current: dict[int, int]  # the series' levels as recorded (missing stay missing)
    levels: dict[int, int]  # the planning levels: missing floored at FLOOR_LEVEL
    floored: set[int] = field(default_factory=set)
    leads: dict[int, object] = field(default_factory=dict)  # indicator number -> series.Lead
    caps: dict[int, int] = field(default_factory=dict)  # indicator number -> feasible max

    @property
    def domains(self):
        seen, out = set(), []
        for aspect in self.aspects:
            if aspect.domain_id and aspect.domain_id not in seen:
                seen.add(aspect.domain_id)
                out.append(aspect.domain)
        return sorted(out, key=lambda d: d.number)

    @property
    def numbers(self):
        return [indicator.number for indicator in self.indicators]

    def current_result(self):
        """The series as recorded, missing levels left missing."""
        return scoring.compute(self.structure, self.current)


def feasible_caps(period):
    """``{indicator number: feasible max}`` for the indicators that have one (one query)."""
    return dict(
        PeriodIndicator.objects.filter(period=period, feasible_max__isnull=False).values_list(
            "indicator__number", "feasible_max"
        )
    )


def planning_base(period, series):
    series = Series(series)
    framework = period.framework
    indicators = list(Indicator.objects.with_hierarchy().filter(framework=framework).order_by("number"))
    aspects = list(Aspect.objects.filter(framework=framework).select_related("domain").order_by("number"))
    bands = list(framework.bands.order_by("lower"))
    current = series_levels(period, series)
    numbers = [i.number for i in indicators]
    levels = {n: current.get(n, FLOOR_LEVEL) for n in numbers}
    return PlanningBase(
        period=period,
        series=series,
        structure=structure_of(period),
        indicators=indicators,
        aspects=aspects,
        bands=bands,
        current={n: current[n] for n in numbers if n in current},
        levels=levels,
        floored={n for n in numbers if n not in current},
        leads=lead_units(period),
        caps=feasible_caps(period),
    )


@dataclass
class Simulation:
    base: PlanningBase
    chosen: dict[int, int]  # every indicator's level in the scenario
    changes: dict[int, int]  # only the levels that differ from the base
    result: object  # scoring.WhatIf


def simulate(base, chosen=None):
    """The scenario ``chosen`` ({number: level}, partial is fine) against the base's planning levels."""
    chosen = {**base.levels, **{int(n): int(level) for n, level in (chosen or {}).items() if int(n) in base.levels}}
    changes = {n: level for n, level in chosen.items() if level != base.levels[n]}
    result = scoring.what_if(base.structure, base.levels, changes)
    return Simulation(base=base, chosen=chosen, changes=changes, result=result)


@dataclass
class RoadStep:
    number: int
    indicator: object  # Indicator row
    from_level: int
    to_level: int
    gain: Decimal
    cumulative: Decimal
    lead: object  # Unit or None
    cap: int | None


@dataclass
class Road:
    target: Decimal
    label: str
    reached: bool
    start_index: Decimal
    final_index: Decimal
    steps: list[RoadStep]
    already: bool  # the start is at or above the target

    @property
    def level_steps(self):
        return sum(step.to_level - step.from_level for step in self.steps)

    @property
    def shortfall(self):
        return max(Decimal("0"), self.target - self.final_index)


def _number(value):
    return getattr(value, "number", value)


def road(base, target, *, label="", use_caps=True):
    """Goal-seek's fewest level steps from the base to ``target``, each with its lead unit."""
    target = Decimal(target)
    caps = base.caps if use_caps and base.caps else None
    seek = scoring.goal_seek(base.structure, base.levels, target, caps=caps)
    by_number = {indicator.number: indicator for indicator in base.indicators}
    running = Decimal(seek.start_index)
    steps = []
    for step in seek.steps:
        number = _number(step.indicator)
        running += step.gain
        steps.append(
            RoadStep(
                number=number,
                indicator=by_number.get(number),
                from_level=step.from_level,
                to_level=step.to_level,
                gain=step.gain,
                cumulative=running,
                lead=base.leads.get(number),
                cap=(caps or {}).get(number),
            )
        )
    return Road(
        target=target,
        label=label,
        reached=bool(seek.reached),
        start_index=Decimal(seek.start_index),
        final_index=Decimal(seek.final_index),
        steps=steps,
        already=Decimal(seek.start_index) >= target,
    )


def roads(base, *, target=None, use_caps=True):
    """The road to the period's target (or ``target``) and to "Sangat Baik"; one road when they agree."""
    first = Decimal(target) if target is not None else base.period.target_index
    label = _("Target %(value)s") if target is not None else _("Target periode %(value)s")
    out = [road(base, first, label=label % {"value": _fmt(first)}, use_caps=use_caps)]
    if first != SANGAT_BAIK:
        out.append(
            road(base, SANGAT_BAIK, label=_("Sangat Baik %(value)s") % {"value": _fmt(SANGAT_BAIK)}, use_caps=use_caps)
        )
    return out


def _fmt(value):
    from django.utils.formats import number_format

    return number_format(Decimal(value), decimal_pos=2)


def plans_for(period=None):
    """Saved plans with their period and author, newest first."""
    queryset = ActionPlan.objects.select_related("period", "period__framework", "created_by")
    if period is not None:
        queryset = queryset.filter(period=period)
    return queryset.order_by("-created_at", "-pk")


def plan_levels(plan):
    """A plan's ``{number: level}`` with integer keys (JSON keeps them as strings)."""
    return plan.target_levels()


# --- a saved plan against today's levels -----------------------------------------------------------


@dataclass
class PlanReading:
    """A saved plan read against today's levels of its base series (``scoring.plan_progress``).

    ``unknown`` lists step indicators the period's framework no longer has (shown, not scored).
    """

    plan: ActionPlan
    progress: object  # scoring.PlanProgress
    today: dict[int, int]  # the base series' recorded levels today (missing stay missing)
    baseline: dict[int, int | None] | None  # recorded levels at save; None: not recorded
    unknown: list[int] = field(default_factory=list)

    @property
    def has_baseline(self):
        return self.baseline is not None

    @property
    def steps(self):
        return self.progress.steps

    def baseline_missing(self, number):
        """The indicator had no level in the base series when the plan was saved (counted at 1)."""
        return self.baseline is not None and self.baseline.get(number) is None


def read_plan(plan, structure, levels_today):
    """``plan`` against ``levels_today`` (``{series: {number: level}}`` of its period, as
    ``series.all_series_levels`` gives) on ``structure``; no query."""
    today = levels_today.get(Series(plan.base_series), {})
    known = set(structure.numbers)
    steps = plan.steps()
    unknown = [step.indicator for step in steps if step.indicator not in known]
    scored = [step for step in steps if step.indicator in known]
    progress = scoring.plan_progress(structure, today, scored)
    return PlanReading(plan=plan, progress=progress, today=today, baseline=plan.baseline(), unknown=unknown)


def read_plans(plans, period=None):
    """Every plan of ``plans`` (one period's, as ``plans_for`` gives them) read against today's
    levels: the framework's structure once and the period's levels in two queries, whatever the
    number of plans. ``period``: the plans' period object a page already holds (its framework's
    structure is then read once for the page)."""
    plans = list(plans)
    if not plans:
        return []
    period = period or plans[0].period
    if any(plan.period_id != period.pk for plan in plans):
        raise ValueError("read_plans reads the plans of one period")
    for plan in plans:
        plan.period = period  # one Framework instance: its structure is read once
    structure = structure_of(period)
    levels_today = all_series_levels(period)
    return [read_plan(plan, structure, levels_today) for plan in plans]


MAX_COMPARED = 6  # plans side by side: more columns than a page can show


@dataclass
class PlanComparison:
    """Plans of one period side by side: each read against today's levels, and one row per
    indicator any of them steps, with each plan's ``StepProgress`` there (``None``: no step)."""

    period: Period
    structure: object  # scoring.Structure (its bands format the values)
    readings: list[PlanReading]
    rows: list[dict]  # {"indicator": Indicator, "number": n, "steps": [StepProgress or None per reading]}


def indicators_named(period, numbers):
    """``{number: Indicator}`` of ``numbers`` in the period's framework (one query)."""
    return {
        indicator.number: indicator
        for indicator in Indicator.objects.filter(framework_id=period.framework_id, number__in=list(numbers))
    }


def compare_plans(plans):
    """``plans`` (of one period) side by side, in a fixed number of queries."""
    readings = read_plans(plans)
    period = readings[0].plan.period
    numbers = sorted({progress.step.indicator for reading in readings for progress in reading.steps})
    names = indicators_named(period, numbers)
    by_plan = [{progress.step.indicator: progress for progress in reading.steps} for reading in readings]
    rows = [
        {"number": number, "indicator": names.get(number), "steps": [steps.get(number) for steps in by_plan]}
        for number in numbers
    ]
    return PlanComparison(period=period, structure=structure_of(period), readings=readings, rows=rows)


# --- writes ----------------------------------------------------------------------------------------


def _check_period_for_planning(period):
    if period.is_summary_only:
        raise StateError(
            _("Periode %(year)s hanya berisi nilai ringkasan: tidak ada tingkat indikator untuk direncanakan.")
            % {"year": period.year}
        )
    if is_period_locked(period):
        if period.status == Period.Status.FINAL:
            message = _("Periode %(year)s sudah final: rencana dan batas kelayakannya tidak dapat diubah lagi.")
        else:
            message = _(
                "Periode %(year)s sudah ditutup: rencana dan batas kelayakannya tidak dapat diubah lagi "
                "(administrator dapat membukanya kembali)."
            )
        raise StateError(message % {"year": period.year})


def _clean_levels(period, levels, *, allow_empty=False):
    numbers = set(Indicator.objects.filter(framework_id=period.framework_id).values_list("number", flat=True))
    clean, errors = {}, []
    for key, value in (levels or {}).items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            errors.append(_("Nomor indikator %(key)s tidak valid.") % {"key": key})
            continue
        if number not in numbers:
            errors.append(_("Indikator %(number)s tidak ada dalam kerangka periode ini.") % {"number": number})
            continue
        if value in (None, ""):
            if allow_empty:
                clean[number] = None
                continue
            errors.append(_("Indikator %(number)s: tingkat wajib diisi.") % {"number": number})
            continue
        try:
            level = int(value)
        except (TypeError, ValueError):
            level = None
        if level not in LEVEL_CHOICES:
            errors.append(
                _("Indikator %(number)s: tingkat harus 1 sampai 5, bukan %(value)s.")
                % {"number": number, "value": value}
            )
            continue
        clean[number] = level
    if errors:
        raise InvalidInput(" ".join(errors))
    return clean


def _exact(value):
    """An index as stored (six decimals); a weight of four decimals makes every index exact there."""
    stored = Decimal(value).quantize(INDEX_PLACES)
    if stored != value:  # a framework with finer weights: refuse rather than round silently
        raise ValueError(f"indeks {value} tidak dapat disimpan tepat dengan {INDEX_PLACES} desimal")
    return stored


def save_action_plan(user, period, *, name, base_series, levels, note=""):
    """Save a what-if scenario as a named action plan of ``period``, with its baseline.

    ``levels``: ``{indicator number: target level}`` of the indicators the plan raises. The
    baseline is read here, in the transaction: the base series' recorded level of every indicator
    and the index they give (missing levels counted at 1, as planning does), both stored exactly,
    with the index the plan gives then. Each step goes from the baseline's level a to the target b;
    a target at the baseline's level is no step and is left out, one below it is refused (a plan
    only raises levels). Leaves a history record (``audit.PLAN_SAVED``). Raises
    ``PermissionDenied``, ``StateError`` or ``InvalidInput`` (naming the field and why) and saves
    nothing then.
    """
    if not permissions.can_save_plans(user):
        raise PermissionDenied(_("Hanya peninjau dan administrator yang dapat menyimpan rencana aksi."))
    name = (name or "").strip()
    errors = []
    if not name:
        errors.append(_("Nama rencana wajib diisi."))
    elif len(name) > 200:
        errors.append(_("Nama rencana paling panjang 200 karakter."))
    if base_series not in Series.values:
        errors.append(_("Seri dasar %(value)s tidak dikenal.") % {"value": base_series})
    if errors:
        raise InvalidInput(" ".join(errors))
    with transaction.atomic():
        period = Period.objects.select_for_update().select_related("framework").get(pk=period.pk)
        _check_period_for_planning(period)
        clean = _clean_levels(period, levels)
        structure = structure_of(period)
        recorded = series_levels(period, base_series)
        baseline = {number: recorded.get(number) for number in structure.numbers}
        lower = [
            _("Indikator %(number)s: tingkat rencana %(to)s di bawah tingkat dasar %(from)s.")
            % {"number": number, "to": level, "from": baseline[number] or FLOOR_LEVEL}
            for number, level in sorted(clean.items())
            if level < (baseline[number] or FLOOR_LEVEL)
        ]
        if lower:
            raise InvalidInput(" ".join([_("Rencana aksi hanya menaikkan tingkat."), *lower]))
        targets = {number: level for number, level in clean.items() if level > (baseline[number] or FLOOR_LEVEL)}
        if not targets:
            raise InvalidInput(_("Rencana belum mengubah tingkat indikator mana pun."))
        steps = scoring.plan_steps(targets, baseline)
        at_save = scoring.plan_progress(structure, recorded, steps)
        plan = ActionPlan(
            period=period,
            name=name,
            base_series=base_series,
            levels={str(number): level for number, level in sorted(targets.items())},
            note=(note or "").strip(),
            created_by=user,
            baseline_levels={str(number): level for number, level in baseline.items()},
            baseline_index=_exact(at_save.base.index),
            planned_index=_exact(at_save.reached.index),
        )
        audit.mark(
            plan,
            user,
            audit.event(
                audit.PLAN_SAVED, steps=at_save.cost, index=scoring.display_index(at_save.base.index, structure)
            ),
        )
        plan.save()
        return plan


def set_feasible_caps(user, period, caps):
    """Set each indicator's feasible maximum level in ``period`` (None removes the cap).

    The one writer of ``PeriodIndicator.feasible_max``: the caps page and the period's indicator
    settings both call it. ``caps``: ``{indicator number: level or None}``; indicators not named
    keep their cap. Who may: ``permissions.can_set_caps`` (administrators; reviewers only within
    their aspect scope). Each change leaves a history record (who, when, the cap before → after).
    Returns the number of indicators whose cap changed.
    """
    if not permissions.can_set_caps(user):
        raise PermissionDenied(_("Hanya peninjau dan administrator yang dapat menetapkan batas kelayakan."))
    with transaction.atomic():
        period = Period.objects.select_for_update().select_related("framework").get(pk=period.pk)
        _check_period_for_planning(period)
        clean = _clean_levels(period, caps, allow_empty=True)
        indicators = {
            i.number: i for i in Indicator.objects.filter(framework_id=period.framework_id, number__in=list(clean))
        }
        existing = {
            pi.indicator_id: pi
            for pi in PeriodIndicator.objects.filter(period=period, indicator__in=indicators.values())
        }
        to_update, to_create = [], []
        for number, cap in sorted(clean.items()):
            indicator = indicators[number]
            row = existing.get(indicator.pk)
            if (row.feasible_max if row else None) == cap:
                continue
            if not permissions.can_set_caps(user, indicator):
                raise PermissionDenied(
                    _("Indikator %(number)s berada di luar aspek yang Anda reviu.") % {"number": number}
                )
            old = row.feasible_max if row else None
            if row is None:
                row = PeriodIndicator(period=period, indicator=indicator)
                to_create.append(row)
            else:
                to_update.append(row)
            row.feasible_max = cap
            audit.mark(row, user, audit.event(audit.FEASIBLE_MAX_SET, number=number, old=old, new=cap))
        if to_update:
            bulk_update_with_history(to_update, PeriodIndicator, ["feasible_max"], default_user=user)
        if to_create:
            bulk_create_with_history(to_create, PeriodIndicator, default_user=user)
        return len(to_update) + len(to_create)
