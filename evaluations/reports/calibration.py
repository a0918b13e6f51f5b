"""Calibration: how far the units' proposed levels were from the verified and final ones, per unit
and per indicator, across periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from evaluations.models import Answer, StageResult
from evaluations.reports import charts
from evaluations.series import answer_levels


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
        proposed, verified = answer_levels(proposed, verified, status)
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
