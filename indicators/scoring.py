"""The index arithmetic of PermenPANRB 59/2020 (and its successors), pure and over ``Decimal``.

Nothing here touches the database: a framework becomes a :class:`Structure` (``Framework.structure()``
builds one from the ORM, tests build them by hand) and a series of levels is a plain mapping
``{indicator number: level}``.

The formulas (Bab II.B.4 of the regulation):

- aspect index = Σ(level × indicator weight) / aspect weight
- domain index = Σ(aspect index × aspect weight) / domain weight = Σ(level × indicator weight) / domain weight
- index        = Σ(level × indicator weight) / 100

Weights are percentages of the whole index. Values are computed at full precision and rounded
only for display (two decimals, half up, as published). The predicate is read from the unrounded
value; when that value lies within 0.005 of a band's bound the published two-decimal figure could
sit on the other side, so the predicate carries that bound as a hint.

A missing level is never a 0: the parts that depend on it are ``None``. A *provisional* result
may count missing levels at level 1 (the floor, since level 1 is the lowest there is) and says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

LEVEL_MIN = 1
LEVEL_MAX = 5
HUNDRED = Decimal(100)
NEAR = Decimal("0.005")
TWO_PLACES = Decimal("0.01")


# --- the structure of a framework ------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    number: int
    weight: Decimal
    aspect: int


@dataclass(frozen=True)
class AspectSpec:
    number: int
    weight: Decimal
    domain: int | None
    name: str = ""
    short_name: str = ""

    @property
    def display_name(self):
        """The one name every page, chart and export shows (``Aspect.display_name``'s rule)."""
        return self.short_name or self.name


@dataclass(frozen=True)
class DomainSpec:
    number: int
    weight: Decimal
    name: str = ""
    short_name: str = ""

    @property
    def display_name(self):
        """The one name every page, chart and export shows (``Domain.display_name``'s rule)."""
        return self.short_name or self.name


@dataclass(frozen=True)
class BandSpec:
    """A predicate band: ``lower`` inclusive, ``upper`` exclusive (``None``: open at the top)."""

    name: str
    lower: Decimal
    upper: Decimal | None
    colour: str = ""

    def contains(self, value: Decimal) -> bool:
        return value >= self.lower and (self.upper is None or value < self.upper)


@dataclass(frozen=True)
class Structure:
    """What scoring needs of a framework. ``domains`` is empty for a framework without domains."""

    indicators: tuple[IndicatorSpec, ...]
    aspects: tuple[AspectSpec, ...]
    domains: tuple[DomainSpec, ...] = ()
    bands: tuple[BandSpec, ...] = ()

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(spec.number for spec in self.indicators)

    def indicator(self, number: int) -> IndicatorSpec:
        for spec in self.indicators:
            if spec.number == number:
                return spec
        raise KeyError(number)

    @cached_property
    def sorted_bands(self) -> tuple[BandSpec, ...]:
        return tuple(sorted(self.bands, key=lambda band: band.lower))

    @cached_property
    def _points_plan(self):
        """What ``compute`` walks: per aspect (``None`` for indicators of an aspect not listed), its
        indicators as (position, number, {level: level × weight}). The points are looked up, not
        multiplied (the products are exact, so the result is the same to the last digit)."""
        members = {aspect.number: [] for aspect in self.aspects}
        orphans = []
        for position, spec in enumerate(self.indicators):
            points_of = {level: level * spec.weight for level in range(LEVEL_MIN, LEVEL_MAX + 1)}
            members.get(spec.aspect, orphans).append((position, spec.number, points_of))
        plan = [(aspect, tuple(members[aspect.number])) for aspect in self.aspects]
        if orphans:
            plan.append((None, tuple(orphans)))
        return tuple(plan)


# --- results ---------------------------------------------------------------------------------------


def display(value: Decimal | None, places: int = 2) -> str:
    """``value`` rounded half up to ``places`` decimals, as published ("3.28"); "" for ``None``."""
    if value is None:
        return ""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def rounded(value: Decimal | None) -> Decimal | None:
    """``value`` rounded half up to two decimals (the published figure), ``None`` stays ``None``."""
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


MAX_PLACES = 28  # Decimal's default precision: an exact value never needs more


def index_places(value: Decimal | None, bands) -> int:
    """How many decimals ``value`` (an index, domain or aspect value) is shown with.

    Two, as published, unless rounding to two would reach or pass the lower bound of a band that
    the exact value is below (3.495 would read "3.50", Sangat Baik, while it is Baik). Then three,
    or more when three also round up to the bound (3.4995 → "3.4995"): the fewest decimals,
    from three on, whose half-up rounding stays below that bound. ``bands`` as for
    :func:`predicate_for`; without bands or value, two.
    """
    if value is None:
        return 2
    value = Decimal(value)
    above = [band.lower for band in _bands_of(bands) if band.lower > value]
    if not above:
        return 2
    bound = min(above)
    places = 2
    while places < MAX_PLACES and Decimal(display(value, places)) >= bound:
        places += 1
    return places


def display_index(value: Decimal | None, bands) -> str:
    """``value`` with dot decimals by :func:`index_places` ("3.495", "2.95", "3.41"); "" for
    ``None``. The caller localizes (the ``index_display`` template filter shows "3,495")."""
    return display(value, index_places(value, bands))


@dataclass(frozen=True)
class Boundary:
    """The band an exact value has not reached although its two-decimal figure would claim it."""

    band: BandSpec  # the band above
    distance: Decimal  # exact: band.lower − value
    places: int  # the decimals the value (and the distance) are shown with

    @property
    def distance_display(self) -> str:
        return display(self.distance, self.places)


def boundary(value: Decimal | None, bands) -> Boundary | None:
    """The next band up and the exact distance to it when :func:`index_places` shows more than two
    decimals for ``value`` (3.495: Sangat Baik, 0.005); otherwise ``None``."""
    places = index_places(value, bands)
    if places == 2:
        return None
    value = Decimal(value)
    band = min((b for b in _bands_of(bands) if b.lower > value), key=lambda b: b.lower)
    return Boundary(band=band, distance=band.lower - value, places=places)


@dataclass(frozen=True)
class Predicate:
    name: str
    band: BandSpec
    near_bound: Decimal | None = None  # a band bound within 0.005 of the unrounded value

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class IndexResult:
    index: Decimal | None
    predicate: Predicate | None
    aspects: dict[int, Decimal | None]
    domains: dict[int, Decimal | None]
    missing: tuple[int, ...] = ()
    provisional: bool = False  # missing levels were counted at level 1

    @property
    def index_display(self) -> str:
        return display(self.index)

    @property
    def complete(self) -> bool:
        return not self.missing


def _check_level(number, level):
    if isinstance(level, bool) or not isinstance(level, int) or not LEVEL_MIN <= level <= LEVEL_MAX:
        raise ValueError(f"indikator {number}: tingkat {level!r} bukan bilangan bulat 1–5")


def _bands_of(bands_or_structure) -> Sequence[BandSpec]:
    if isinstance(bands_or_structure, Structure):
        return bands_or_structure.sorted_bands
    bands = bands_or_structure
    if isinstance(bands, Mapping):
        bands = bands.values()
    return sorted(bands, key=lambda band: band.lower)


def predicate_for(bands, value: Decimal | None) -> Predicate | None:
    """The band ``value`` (unrounded) falls in; ``bands`` may also be a :class:`Structure`.

    Below the lowest band's lower bound reads as the lowest band and above the top band's upper
    bound as the top band (an index lies within 1.00–5.00 anyway). ``None`` without bands or value.
    """
    ordered = _bands_of(bands)
    if value is None or not ordered:
        return None
    value = Decimal(value)
    band = next((b for b in ordered if b.contains(value)), None)
    if band is None:
        band = ordered[0] if value < ordered[0].lower else ordered[-1]
    inner_bounds = [b.lower for b in ordered[1:]]
    near = next((bound for bound in inner_bounds if abs(value - bound) < NEAR), None)
    return Predicate(name=band.name, band=band, near_bound=near)


def compute(structure: Structure, levels: Mapping[int, int], *, floor_missing: bool = False) -> IndexResult:
    """Aspect, domain and overall index of ``levels`` (numbers not in the framework are ignored).

    Without ``floor_missing`` every part that depends on a missing indicator is ``None``; with it,
    missing indicators count at level 1 and the result is marked provisional.
    """
    zero = Decimal(0)
    total = zero
    gaps: list[tuple[int, int]] = []  # (position, number) of missing levels, reported in the structure's order
    aspects: dict[int, Decimal | None] = {}
    points_by_domain: dict[int, Decimal] = {d.number: zero for d in structure.domains}
    missing_domains: set[int] = set()
    for aspect, members in structure._points_plan:
        points = zero
        complete = True
        for position, number, points_of in members:
            level = levels.get(number)
            if level is None:
                gaps.append((position, number))
                if not floor_missing:
                    complete = False
                    continue
                level = LEVEL_MIN
            # An exact int 1–5 is in the table; anything else (a bool, 6, "3", 2.0) is checked and refused.
            found = points_of.get(level) if type(level) is int else None
            if found is None:
                _check_level(number, level)
                found = points_of[int(level)]  # an int subclass, such as an IntEnum member
            points += found
        total += points
        if aspect is None:
            continue
        if not complete:
            aspects[aspect.number] = None
            if aspect.domain is not None:
                missing_domains.add(aspect.domain)
        else:
            aspects[aspect.number] = points / aspect.weight
            if aspect.domain is not None:
                points_by_domain[aspect.domain] = points_by_domain.get(aspect.domain, zero) + points
    domains: dict[int, Decimal | None] = {
        d.number: None if d.number in missing_domains else points_by_domain[d.number] / d.weight
        for d in structure.domains
    }
    missing = [number for _position, number in sorted(gaps)]
    index = None if missing and not floor_missing else total / HUNDRED
    return IndexResult(
        index=index,
        predicate=predicate_for(structure, index),
        aspects=aspects,
        domains=domains,
        missing=tuple(missing),
        provisional=bool(missing) and floor_missing,
    )


def weighted_index(parts, total_weight: Decimal = HUNDRED) -> Decimal:
    """Σ(value × weight) / total_weight over ``(value, weight)`` pairs: the regulation's domain →
    index step, for years whose published figures are domain values rather than levels."""
    return sum((Decimal(value) * Decimal(weight) for value, weight in parts), Decimal(0)) / Decimal(total_weight)


def _summary_parts(values: Mapping[int, Decimal], weights: Mapping[int, Decimal], what: str) -> list[tuple]:
    """``(value, weight)`` pairs of summary ``values`` checked against ``weights``: every part once,
    each value a number 1–5. Raises ValueError naming the part."""
    unknown = sorted(set(values) - set(weights))
    if unknown:
        raise ValueError(f"{what} {unknown[0]} tidak ada dalam kerangka (yang ada: {_numbers(weights)})")
    missing = sorted(set(weights) - set(values))
    if missing:
        raise ValueError(f"{what} {missing[0]} tidak diberi nilai (perlu semua: {_numbers(weights)})")
    pairs = []
    for number in sorted(values):
        value = values[number]
        if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            raise ValueError(f"{what} {number}: nilai {value!r} bukan angka")
        if not Decimal(LEVEL_MIN) <= Decimal(value) <= Decimal(LEVEL_MAX):
            raise ValueError(f"{what} {number}: nilai {value} di luar 1–5")
        pairs.append((Decimal(value), weights[number]))
    return pairs


def _numbers(weights):
    return ", ".join(str(n) for n in sorted(weights))


def index_from_domains(structure: Structure, domains: Mapping[int, Decimal]) -> Decimal:
    """The index from published domain values: Σ(domain index × domain weight) / Σ domain weights
    (the regulation's last step; the weights add up to 100). Every domain must have a value 1–5;
    otherwise ValueError naming the domain. A framework without domains has no domain values."""
    if not structure.domains:
        raise ValueError("kerangka ini tidak memiliki domain; berikan nilai aspek")
    weights = {d.number: d.weight for d in structure.domains}
    return weighted_index(_summary_parts(domains, weights, "domain"), sum(weights.values(), Decimal(0)))


def index_from_aspects(structure: Structure, aspects: Mapping[int, Decimal]) -> Decimal:
    """The index from published aspect values: Σ(aspect index × aspect weight) / Σ aspect weights.
    Every aspect must have a value 1–5; otherwise ValueError naming the aspect."""
    weights = {a.number: a.weight for a in structure.aspects}
    return weighted_index(_summary_parts(aspects, weights, "aspek"), sum(weights.values(), Decimal(0)))


PUBLISHED_TOLERANCE = Decimal("0.005")


def disagrees(published: Decimal | None, computed: Decimal | None, tolerance: Decimal = PUBLISHED_TOLERANCE) -> bool:
    """True when a published index and the one computed from its parts differ by more than
    ``tolerance`` (0.005: more than the two-decimal rounding of a published figure explains)."""
    if published is None or computed is None:
        return False
    return abs(Decimal(published) - Decimal(computed)) > tolerance


@dataclass(frozen=True)
class Rank:
    """A value's place among others in one year: ``position`` of ``total`` (1 is the highest)."""

    position: int
    total: int


def rank_among(value: Decimal | None, others) -> Rank | None:
    """``value``'s rank among ``others`` (values; ``None`` ignored), highest first: one more than the
    number of others strictly above it (ties share a rank). ``None`` when ``value`` is missing."""
    if value is None:
        return None
    known = [Decimal(v) for v in others if v is not None]
    return Rank(position=1 + sum(1 for v in known if v > Decimal(value)), total=len(known) + 1)


# --- planning: what-if, gains, goal-seek -----------------------------------------------------------


def _diff(after: Mapping[int, Decimal | None], before: Mapping[int, Decimal | None]) -> dict[int, Decimal | None]:
    return {
        key: None if after.get(key) is None or before.get(key) is None else after[key] - before[key] for key in after
    }


@dataclass(frozen=True)
class WhatIf:
    before: IndexResult
    after: IndexResult
    delta_index: Decimal
    delta_aspects: dict[int, Decimal | None]
    delta_domains: dict[int, Decimal | None]

    @property
    def provisional(self) -> bool:
        return self.before.provisional or self.after.provisional


def what_if(structure: Structure, levels: Mapping[int, int], changes: Mapping[int, int]) -> WhatIf:
    """The index before and after ``changes`` ({number: new level}); missing levels count as 1
    (planning needs a number to move from) and the results say they are provisional."""
    known = set(structure.numbers)
    for number, level in changes.items():
        if number not in known:
            raise ValueError(f"indikator {number} tidak ada dalam kerangka")
        _check_level(number, level)
    before = compute(structure, levels, floor_missing=True)
    after = compute(structure, {**levels, **changes}, floor_missing=True)
    return WhatIf(
        before=before,
        after=after,
        delta_index=after.index - before.index,
        delta_aspects=_diff(after.aspects, before.aspects),
        delta_domains=_diff(after.domains, before.domains),
    )


@dataclass(frozen=True)
class Gain:
    indicator: int
    current: int | None  # None when the level is missing (it then counts as 1)
    gain_per_step: Decimal  # index points one level up adds


def _caps_of(caps: Mapping[int, int] | None, number: int) -> int:
    if not caps or caps.get(number) is None:
        return LEVEL_MAX
    return max(LEVEL_MIN, min(LEVEL_MAX, int(caps[number])))


def gains(structure: Structure, levels: Mapping[int, int], caps: Mapping[int, int] | None = None) -> list[Gain]:
    """What one +1 step of each indicator adds to the index, biggest first (then by number).
    Indicators at level 5 (or at their cap) have no step left and are left out."""
    rows = []
    for spec in structure.indicators:
        current = levels.get(spec.number)
        if current is not None:
            _check_level(spec.number, current)
        if (current or LEVEL_MIN) >= _caps_of(caps, spec.number):
            continue
        rows.append(Gain(indicator=spec.number, current=current, gain_per_step=spec.weight / HUNDRED))
    rows.sort(key=lambda g: (-g.gain_per_step, g.indicator))
    return rows


@dataclass(frozen=True)
class Step:
    indicator: int
    from_level: int
    to_level: int
    gain: Decimal


@dataclass(frozen=True)
class GoalSeek:
    reached: bool
    steps: list[Step]
    start_index: Decimal
    final_index: Decimal
    target: Decimal

    @property
    def final_display(self) -> str:
        return display(self.final_index)


def goal_seek(
    structure: Structure,
    levels: Mapping[int, int],
    target: Decimal,
    caps: Mapping[int, int] | None = None,
) -> GoalSeek:
    """The fewest +1 level steps that bring the index to ``target`` or above.

    Every step of an indicator adds its weight/100 whatever its level, so the k steps that add most
    are those of the heaviest indicators: taking steps heaviest first gives the fewest. No indicator
    goes above level 5 or above its cap in ``caps``. Missing levels start from 1. When the target
    is out of reach, ``reached`` is False, ``steps`` are all the available steps and ``final_index``
    the best reachable index.
    """
    target = Decimal(target)
    start = compute(structure, levels, floor_missing=True).index
    running = start
    steps: list[Step] = []
    weights = {spec.number: spec.weight for spec in structure.indicators}
    order = sorted(structure.indicators, key=lambda spec: (-spec.weight, spec.number))
    for spec in order:
        if running >= target:
            break
        level = levels.get(spec.number) or LEVEL_MIN
        cap = _caps_of(caps, spec.number)
        gain = weights[spec.number] / HUNDRED
        while level < cap and running < target:
            steps.append(Step(indicator=spec.number, from_level=level, to_level=level + 1, gain=gain))
            running += gain
            level += 1
    return GoalSeek(reached=running >= target, steps=steps, start_index=start, final_index=running, target=target)


# --- plans: steps from a baseline, and how far today's levels have come -----------------------------

STEP_DONE = "done"  # today's level is the step's target
STEP_OVERTAKEN = "overtaken"  # today's level is above the target: done, and more
STEP_PARTLY = "partly"  # today's level moved above the baseline, not yet to the target
STEP_TODO = "todo"  # today's level is at (or below) the baseline, or the baseline is not known


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan: indicator ``indicator`` from level ``from_level`` (the baseline's, missing
    counted at 1; ``None`` when the baseline was not recorded) to ``to_level``."""

    indicator: int
    from_level: int | None
    to_level: int

    @property
    def size(self) -> int | None:
        """Level steps the plan asked for: ``to − from`` (``None`` when ``from`` is not known)."""
        return None if self.from_level is None else self.to_level - self.from_level


@dataclass(frozen=True)
class StepProgress:
    """A plan step against today's level. ``target`` is what the step asks of today's base:
    ``max(current, to)``, so applying a step never lowers an indicator."""

    step: PlanStep
    current: int  # today's level, missing counted at 1
    state: str  # STEP_DONE, STEP_OVERTAKEN, STEP_PARTLY or STEP_TODO
    remaining: int  # level steps still to climb: max(0, to − current)
    target: int

    @property
    def is_done(self) -> bool:
        return self.state in (STEP_DONE, STEP_OVERTAKEN)


@dataclass(frozen=True)
class PlanProgress:
    steps: tuple[StepProgress, ...]
    base: IndexResult  # today's levels, missing counted at 1
    reached: IndexResult  # today's levels with every step applied (each at max(today, target))

    @property
    def cost(self) -> int | None:
        """Level steps the plan asked for at save, Σ(to − from); ``None`` when a baseline is unknown."""
        sizes = [progress.step.size for progress in self.steps]
        return None if any(size is None for size in sizes) else sum(sizes)

    @property
    def remaining(self) -> int:
        """Level steps still to climb from today's levels, Σ max(0, to − today)."""
        return sum(progress.remaining for progress in self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for progress in self.steps if progress.is_done)

    @property
    def gain(self) -> Decimal:
        """What the remaining steps add to today's index (never negative)."""
        return self.reached.index - self.base.index


def plan_steps(targets: Mapping[int, int], baseline: Mapping[int, int | None] | None) -> tuple[PlanStep, ...]:
    """The steps of a plan with target levels ``targets`` saved on ``baseline`` (``{number: level}``,
    a missing level counted at 1, as planning does); ``baseline`` ``None``: not recorded, every
    ``from_level`` is ``None``. In indicator-number order."""
    steps = []
    for number in sorted(targets):
        to_level = targets[number]
        _check_level(number, to_level)
        from_level = None if baseline is None else (baseline.get(number) or LEVEL_MIN)
        steps.append(PlanStep(indicator=number, from_level=from_level, to_level=to_level))
    return tuple(steps)


def step_state(step: PlanStep, current: int) -> str:
    """Where ``step`` stands when its indicator is at ``current`` today (see the STEP_ constants)."""
    if current > step.to_level:
        return STEP_OVERTAKEN
    if current == step.to_level:
        return STEP_DONE
    if step.from_level is not None and current > step.from_level:
        return STEP_PARTLY
    return STEP_TODO


def plan_progress(structure: Structure, levels: Mapping[int, int], steps) -> PlanProgress:
    """The plan ``steps`` (:class:`PlanStep`) against today's ``levels`` of the plan's series.

    Missing levels count at 1 (planning needs a number to move from), so ``base`` and ``reached``
    are provisional when any is missing. Each step's indicator goes to ``max(today, to)``: a step
    its indicator has passed is done (overtaken), never a downgrade, and ``reached`` is never below
    ``base``.
    """
    known = set(structure.numbers)
    today = {number: levels.get(number) or LEVEL_MIN for number in structure.numbers}
    rows, targets = [], {}
    for step in steps:
        if step.indicator not in known:
            raise ValueError(f"indikator {step.indicator} tidak ada dalam kerangka")
        _check_level(step.indicator, step.to_level)
        current = today[step.indicator]
        target = max(current, step.to_level)
        targets[step.indicator] = target
        rows.append(
            StepProgress(
                step=step,
                current=current,
                state=step_state(step, current),
                remaining=max(0, step.to_level - current),
                target=target,
            )
        )
    base = compute(structure, levels, floor_missing=True)
    reached = compute(structure, {**levels, **targets}, floor_missing=True)
    return PlanProgress(steps=tuple(rows), base=base, reached=reached)


# --- executive views: bounds of an incomplete series, points held back, effect of one change -------


@dataclass(frozen=True)
class Bounds:
    """The lowest and highest index an incomplete series can still reach."""

    assessed: int  # indicators with a level
    total: int  # indicators in the framework
    lowest: Decimal  # unassessed indicators at level 1
    highest: Decimal  # unassessed indicators at their cap (level 5 without one)
    index: Decimal | None  # the exact index once nothing is missing

    @property
    def complete(self) -> bool:
        return self.assessed == self.total


def index_bounds(structure: Structure, levels: Mapping[int, int], caps: Mapping[int, int] | None = None) -> Bounds:
    """The range an index can still end in: every unassessed indicator at level 1 (the lowest) or
    at its feasible cap (the highest; level 5 where ``caps`` names none). Assessed levels count as
    they are, also when above a cap: a cap limits plans, not what was assessed."""
    low = high = Decimal(0)
    assessed = 0
    for spec in structure.indicators:
        level = levels.get(spec.number)
        if level is None:
            low += LEVEL_MIN * spec.weight
            high += _caps_of(caps, spec.number) * spec.weight
            continue
        _check_level(spec.number, level)
        assessed += 1
        low += level * spec.weight
        high += level * spec.weight
    total = len(structure.indicators)
    index = low / HUNDRED if assessed == total else None
    return Bounds(assessed=assessed, total=total, lowest=low / HUNDRED, highest=high / HUNDRED, index=index)


def held_back(structure: Structure, levels: Mapping[int, int], targets: Mapping[int, int]) -> dict[int, Decimal]:
    """``{number: index points}`` each indicator holds back: weight × (target − level) / 100, where
    ``targets`` gives each indicator's target level and a missing level counts as level 1 (the
    lowest there is). An indicator at or above its target holds back nothing (0, never negative);
    indicators without a target are left out."""
    out = {}
    for spec in structure.indicators:
        target = targets.get(spec.number)
        if target is None:
            continue
        level = levels.get(spec.number)
        level = LEVEL_MIN if level is None else level
        _check_level(spec.number, level)
        out[spec.number] = max(0, int(target) - level) * spec.weight / HUNDRED
    return out


def held_back_by(
    points: Mapping[int, Decimal], owner_of: Mapping[int, object]
) -> list[tuple[object, Decimal, tuple[int, ...]]]:
    """``[(owner, Σ points, indicator numbers)]`` grouping ``held_back`` points by ``owner_of``
    (e.g. each indicator's lead unit), most points first, then by the first indicator's number.
    Indicators without an owner are left out."""
    sums: dict[object, Decimal] = {}
    numbers: dict[object, list[int]] = {}
    for number in sorted(points):
        owner = owner_of.get(number)
        if owner is None:
            continue
        sums[owner] = sums.get(owner, Decimal(0)) + points[number]
        numbers.setdefault(owner, []).append(number)
    rows = [(owner, sums[owner], tuple(numbers[owner])) for owner in sums]
    rows.sort(key=lambda row: (-row[1], row[2][0]))
    return rows


def level_change_effect(weight: Decimal, before: int | None, after: int | None) -> Decimal:
    """What moving one indicator of ``weight`` from level ``before`` to ``after`` does to an index,
    missing levels counted at level 1 (as the lowest possible index counts them)."""
    return ((after or LEVEL_MIN) - (before or LEVEL_MIN)) * Decimal(weight) / HUNDRED


__all__ = [
    "AspectSpec",
    "BandSpec",
    "Boundary",
    "Bounds",
    "DomainSpec",
    "Gain",
    "GoalSeek",
    "IndexResult",
    "IndicatorSpec",
    "PlanProgress",
    "PlanStep",
    "Predicate",
    "Rank",
    "Step",
    "StepProgress",
    "Structure",
    "WhatIf",
    "boundary",
    "compute",
    "display",
    "display_index",
    "disagrees",
    "gains",
    "goal_seek",
    "index_from_aspects",
    "index_from_domains",
    "held_back",
    "held_back_by",
    "index_bounds",
    "level_change_effect",
    "index_places",
    "plan_progress",
    "plan_steps",
    "predicate_for",
    "rank_among",
    "rounded",
    "step_state",
    "weighted_index",
    "what_if",
]


# --- estimate across a crosswalk -------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """A series of one framework read as an estimated position on another, through a crosswalk.

    ``indicators``: for every target indicator (number order) its estimate, or ``None`` when it has
    no primary counterpart with a level. ``index`` is over the targets with an estimate only
    (``None`` when there are none); ``coverage`` (0–1) says how much of the target's weight that is.
    """

    indicators: dict[int, Decimal | None]
    index: Decimal | None
    coverage: Decimal


def estimate_level(weights: Mapping[int, Decimal], levels: Mapping[int, int], sources: Sequence[int]) -> Decimal | None:
    """estimate_j = Σ w_i·L_i / Σ w_i over the primary counterparts i of j that have a level.

    A counterpart without a level is left out (never counted as 0); none with a level: ``None``.
    """
    points = weight = Decimal(0)
    for number in sources:
        level = levels.get(number)
        if level is None:
            continue
        _check_level(number, level)
        points += Decimal(weights[number]) * level
        weight += Decimal(weights[number])
    return points / weight if weight else None


def estimate(
    from_structure: Structure,
    levels: Mapping[int, int],
    primaries: Mapping[int, Sequence[int]],
    to_structure: Structure,
) -> Estimate:
    """The estimated index of ``to_structure`` from ``levels`` on ``from_structure``.

    ``primaries``: {target number: source numbers related as primary}. estimated index =
    Σ_j W_j·estimate_j / Σ_j W_j over targets with an estimate; coverage = Σ_j W_j (with an
    estimate) / Σ_j W_j (all targets).
    """
    weights = {spec.number: spec.weight for spec in from_structure.indicators}
    per_target = {
        spec.number: estimate_level(weights, levels, primaries.get(spec.number, ())) for spec in to_structure.indicators
    }
    covered = total = points = Decimal(0)
    for spec in to_structure.indicators:
        total += spec.weight
        value = per_target[spec.number]
        if value is not None:
            covered += spec.weight
            points += spec.weight * value
    return Estimate(
        indicators=per_target,
        index=points / covered if covered else None,
        coverage=covered / total if total else Decimal(0),
    )


def share_of_index(structure: Structure, levels: Mapping[int, int], numbers) -> Decimal:
    """The index points that ``numbers``' levels carry (Σ weight × level / 100; a missing level adds
    nothing): a unit's part of the index, over the indicators it leads."""
    wanted = set(numbers)
    return sum(
        (
            spec.weight * levels[spec.number] / HUNDRED
            for spec in structure.indicators
            if spec.number in wanted and levels.get(spec.number) is not None
        ),
        Decimal(0),
    )
