"""The unit page: a unit's assignments in a period, each with its answer's status and levels, and
the index points that depend on the indicators it leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from evaluations.models import Answer, Assignment, Period, Series
from evaluations.reports.progress import STATUS_LABELS
from evaluations.series import NOT_STARTED, all_series_levels, answer_levels, default_series, is_overdue, is_past_due
from indicators.models import Indicator
from indicators.scoring import HUNDRED
from indicators.scoring import LEVEL_MAX as TOP_LEVEL


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


def build_unit_report(period, unit, *, series=None, on=None, viewer=None):
    """The unit's assignments in a period, each with its answer's status and levels, and the index
    points that depend on the indicators it leads. Four queries."""
    all_levels = all_series_levels(period)
    series = Series(series) if series else default_series(all_levels, period=period, viewer=viewer)
    # The unit's own assignments and every lead assignment (the lead unit is the LEAD assignment's,
    # as ``series.lead_units`` reads it; one query serves both, to name the lead where it contributes).
    rows = (
        Assignment.objects.filter(period=period)
        .filter(Q(unit=unit) | Q(role=Assignment.Role.LEAD))
        .select_related("indicator", "indicator__aspect", "unit")
        .order_by("indicator__number")
    )
    assignments, leads = [], {}
    for assignment in rows:
        if assignment.is_lead:
            leads[assignment.indicator_id] = assignment.unit
        if assignment.unit_id == unit.pk:
            assignments.append(assignment)
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(period=period, unit=unit).only(
            "id", "indicator_id", "status", "proposed_level", "verified_level", "updated_at"
        )
    }
    status_choices = dict(Answer.Status.choices)
    rows = []
    for assignment in assignments:
        indicator = assignment.indicator
        answer = answers.get(indicator.pk)
        status = answer.status if answer else NOT_STARTED
        level = all_levels[series].get(indicator.number)
        lead = leads.get(indicator.pk)
        rows.append(
            UnitIndicatorRow(
                indicator=indicator,
                role=assignment.role,
                role_label=assignment.get_role_display(),
                lead=lead.display_name if lead else "",
                status=status,
                status_label=status_choices.get(status, STATUS_LABELS[NOT_STARTED]),
                proposed=answer.proposed_level if answer else None,
                verified=all_levels[Series.VERIFIED].get(indicator.number)
                if assignment.is_lead
                else (
                    answer_levels(answer.proposed_level, answer.verified_level, answer.status)[1] if answer else None
                ),
                final=all_levels[Series.FINAL].get(indicator.number),
                level=level,
                contribution=indicator.weight * level / HUNDRED if level is not None else None,
                headroom=indicator.weight * (TOP_LEVEL - level) / HUNDRED if level is not None else None,
                overdue=is_overdue(period, status, on),
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
        past_due=is_past_due(period, on),
    )
