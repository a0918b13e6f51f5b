"""The indicator page: an indicator's levels over the years by series, and in the chosen period
its assignments, answers and evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator

from evaluations.models import Answer, Assignment, Evidence, Period, Series
from evaluations.reports import charts, progress
from evaluations.series import levels_by_period
from indicators.models import Indicator

ANSWERS_PER_PAGE = 50

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
        return next((a.unit for a in self.assignments if a.is_lead), None)

    @property
    def lead_assignments(self):
        return [a for a in self.assignments if a.is_lead]

    @property
    def contributor_assignments(self):
        return [a for a in self.assignments if not a.is_lead]

    @property
    def contributors_listed(self):
        """Contributing units are named one by one up to progress.UNITS_SHOW_ALL; above that only counted."""
        return len(self.contributor_assignments) <= progress.UNITS_SHOW_ALL

    def figure(self):
        rows = self.history_rows
        if not rows:
            return None
        illustrative = [p.year for p in self.periods if p.is_illustrative]
        return charts.levels_by_series(self.years, rows, illustrative_years=illustrative)


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
    for period_id, levels in levels_by_period(year_of, indicator=indicator).items():
        for key, by_number in levels.items():
            if indicator.number in by_number:
                history[key][year_of[period_id]] = by_number[indicator.number]
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
        lead_ids = {a.unit_id for a in assignments if a.is_lead}
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
