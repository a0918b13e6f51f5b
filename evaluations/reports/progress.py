"""Progress of the units in a period: per unit, its assigned indicators by the status of their
answers and how many are overdue (``evaluations.series.is_overdue``'s rule). The dashboard, the unit
list, the brief and the Excel export all count with ``progress_by_unit``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Answer, Assignment
from evaluations.series import NOT_STARTED, OPEN_FOR_WORK, is_past_due
from skpd.models import Unit

# The dashboard lists every unit up to this many (a province); above it (a national dataset of
# hundreds of units) only the UNITS_ATTENTION units needing attention most, with a link to the
# paginated full list (reports:unit_progress, UNITS_PER_PAGE rows a page).
UNITS_SHOW_ALL = 50
UNITS_ATTENTION = 15
UNITS_PER_PAGE = 50

# The counts a progress row carries, in the order tables show them.
COUNTS = ("assigned", "leads", NOT_STARTED, "draft", "submitted", "returned", "verified", "overdue")

STATUS_LABELS = {
    "not_started": gettext_lazy("Belum mulai"),
    "draft": gettext_lazy("Draf"),
    "submitted": gettext_lazy("Diajukan"),
    "returned": gettext_lazy("Dikembalikan"),
    "verified": gettext_lazy("Terverifikasi"),
}


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
        """Indicators whose work is still the unit's to do (``series.OPEN_FOR_WORK``)."""
        return sum(getattr(self, status) for status in OPEN_FOR_WORK)

    @property
    def attention(self):
        """How much this unit needs chasing: overdue, returned and not started indicators together."""
        return self.overdue + self.returned + self.not_started

    @property
    def done_share(self):
        return (self.submitted + self.verified) / self.assigned if self.assigned else 0


def progress_by_unit(period, *, on=None) -> list[UnitProgress]:
    """Per unit: assigned indicators (lead or contributor) by the status of its answer, and how many
    are overdue (``series.is_overdue``: open for work after the deadline of a running period).
    Rows sorted by unit name.

    Counted by the database in two small queries, whatever the number of answers: assignments per
    unit (one row per unit), and answers per unit and status among assigned (period, indicator,
    unit) triples (an ``EXISTS``, one hash semi-join on PostgreSQL; at most units × 4 rows).
    Unanswered assignments are the difference. An answer without an assignment is not counted.
    """
    rows = {}
    # Grouped by the unit's key (PostgreSQL then groups on one integer, not on the names too).
    for unit_id, name, short_name, assigned, leads in (
        Unit.objects.filter(assignments__period=period)
        .order_by()
        .annotate(assigned=Count("*"), leads=Count("assignments", filter=Q(assignments__role=Assignment.Role.LEAD)))
        .values_list("pk", "name", "short_name", "assigned", "leads")
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
        .annotate(n=Count("*"))
        .values_list("unit_id", "status", "n")
    ):
        row = rows[unit_id]
        setattr(row, status, getattr(row, status) + n)
        row.not_started -= n
    if is_past_due(period, on):
        for row in rows.values():
            row.overdue = row.remaining
    return sorted(rows.values(), key=lambda r: r.unit.lower())


def unit_totals(units):
    """One ``UnitProgress`` summing every unit's counts (the tables' "Jumlah" row)."""
    total = UnitProgress(unit_pk=0, unit=_("Jumlah"))
    for row in units:
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def needing_attention(units, *, count=None):
    """The units with most work left (overdue + returned + not started), most first, then by name."""
    ranked = sorted(units, key=lambda r: (-r.attention, r.unit.lower()))
    return ranked if count is None else ranked[:count]
