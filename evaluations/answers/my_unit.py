"""“Unit saya”: an officer's own unit in one period, live: the indicators it leads with their
proposed, verified and final levels, the unit's part of the index in every series, and the work
still open (its lead answers and its contributions).

Which level counts in each series is ``series.all_series_levels``' rule, and the arithmetic is
``scoring.share_of_index``: nothing here decides either. A fixed number of queries, whatever the
number of indicators or answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.models import Answer, Assignment, Period, Series
from evaluations.series import NOT_STARTED, OPEN_FOR_WORK, all_series_levels, is_overdue, structure_of
from indicators import scoring


@dataclass
class Row:
    number: int
    name: str
    aspect: str
    weight: Decimal
    role: str
    role_label: str
    status: str
    status_label: str
    levels: dict  # {series: level or None}, lead indicators only
    points: dict  # {series: weight × level / 100 or None}
    overdue: bool
    url: str

    @property
    def is_lead(self):
        return self.role == Assignment.Role.LEAD

    @property
    def is_open(self):
        return self.status in OPEN_FOR_WORK


@dataclass
class SeriesShare:
    series: str
    label: str
    points: Decimal
    counted: int  # lead indicators with a level in this series
    index: Decimal | None  # the whole index of that series (None while incomplete)


@dataclass
class MyUnit:
    period: Period
    unit: object
    rows: list[Row]
    shares: list[SeriesShare]
    at_stake: Decimal  # every lead indicator at level 5
    due: date | None
    bands: tuple = ()  # the framework's predicate bands, for index_display

    @property
    def lead_rows(self):
        return [r for r in self.rows if r.is_lead]

    @property
    def contributor_rows(self):
        return [r for r in self.rows if not r.is_lead]

    @property
    def to_do(self):
        """Work still the unit's: returned answers first, then by number."""
        return sorted((r for r in self.rows if r.is_open), key=lambda r: (r.status != Answer.Status.RETURNED, r.number))

    @property
    def overdue(self):
        return sum(1 for r in self.rows if r.overdue)


# The levels the page's table shows per indicator (every series gets its share in the summary).
SHOWN_SERIES = (Series.PROPOSED, Series.VERIFIED, Series.FINAL)


def build_my_unit(period, unit, *, on=None):
    """The unit's page for ``period``. Five queries: the structure, the levels (two), the unit's
    assignments and its answers."""
    structure = structure_of(period)
    all_levels = all_series_levels(period)
    assignments = list(
        Assignment.objects.filter(period=period, unit=unit)
        .select_related("indicator", "indicator__aspect")
        .order_by("indicator__number")
    )
    answers = dict(Answer.objects.filter(period=period, unit=unit).order_by().values_list("indicator_id", "status"))
    status_labels = dict(Answer.Status.choices)
    rows = []
    for assignment in assignments:
        indicator = assignment.indicator
        status = answers.get(indicator.pk, NOT_STARTED)
        lead = assignment.is_lead
        levels = {s: all_levels[s].get(indicator.number) if lead else None for s in Series}
        points = {
            s: scoring.share_of_index(structure, all_levels[s], [indicator.number]) if levels[s] is not None else None
            for s in Series
        }
        rows.append(
            Row(
                number=indicator.number,
                name=indicator.display_name,
                aspect=str(indicator.aspect),
                weight=indicator.weight,
                role=assignment.role,
                role_label=assignment.get_role_display(),
                status=status,
                status_label=status_labels.get(status, _("Belum mulai")),
                levels=levels,
                points=points,
                overdue=is_overdue(period, status, on),
                url=reverse("evaluations:answer", args=[period.pk, indicator.number]),
            )
        )
    lead_numbers = [r.number for r in rows if r.is_lead]
    scores = {s: scoring.compute(structure, all_levels[s]) for s in Series}
    # Every series that has a level for one of the unit's indicators, and always the three main ones.
    shown = [s for s in Series if s in SHOWN_SERIES or any(all_levels[s].get(n) is not None for n in lead_numbers)]
    shares = [
        SeriesShare(
            series=s,
            label=str(Series(s).label),
            points=scoring.share_of_index(structure, all_levels[s], lead_numbers),
            counted=sum(1 for n in lead_numbers if all_levels[s].get(n) is not None),
            index=scores[s].index,
        )
        for s in shown
    ]
    at_stake = scoring.share_of_index(structure, dict.fromkeys(lead_numbers, scoring.LEVEL_MAX), lead_numbers)
    return MyUnit(period=period, unit=unit, rows=rows, shares=shares, at_stake=at_stake, due=period.self_assessment_due)
