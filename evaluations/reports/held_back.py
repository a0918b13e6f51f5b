"""Which units hold the index back most: for each unit, Σ over the indicators it leads of
weight × (target level − level) / 100 (``scoring.held_back``), the level being the series' level
and an unassessed indicator counted at level 1. The target is one level for every indicator, or
by default each indicator's feasible maximum (``PeriodIndicator.feasible_max``, level 5 where none
is set). The dashboard shows the first few; the ranking page all of them, with the target chosen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evaluations.planning.services import feasible_caps
from evaluations.series import structure_of
from indicators import scoring

DASHBOARD_ROWS = 5
FEASIBLE = "layak"  # the target parameter's default: each indicator's feasible maximum


@dataclass(frozen=True)
class UnitHeldBack:
    unit_id: int
    unit: str
    points: Decimal
    numbers: tuple[int, ...]  # the lead indicators that hold points back
    unassessed: int  # of those, how many have no level in the series

    @property
    def count(self):
        return len(self.numbers)


def targets_for(structure, target, caps):
    """``{number: target level}``: ``target`` (a level) for every indicator, or each indicator's cap
    (level 5 without one) when ``target`` is None."""
    if target is not None:
        return {spec.number: int(target) for spec in structure.indicators}
    return {spec.number: caps.get(spec.number, scoring.LEVEL_MAX) for spec in structure.indicators}


def ranking(period, levels, leads, *, target=None, caps=None) -> list[UnitHeldBack]:
    """Units by index points held back, most first (one query for the caps unless given).

    ``levels``: the series' ``{number: level}``; ``leads``: ``{number: series.Lead}``. Units that
    hold nothing back are left out."""
    structure = structure_of(period)
    if caps is None:
        caps = feasible_caps(period)
    points = scoring.held_back(structure, levels, targets_for(structure, target, caps))
    held = {number: value for number, value in points.items() if value > 0}
    owner = {number: lead.unit_id for number, lead in leads.items()}
    names = {lead.unit_id: lead.name for lead in leads.values()}
    return [
        UnitHeldBack(
            unit_id=unit_id,
            unit=names[unit_id],
            points=total,
            numbers=numbers,
            unassessed=sum(1 for n in numbers if levels.get(n) is None),
        )
        for unit_id, total, numbers in scoring.held_back_by(held, owner)
    ]
