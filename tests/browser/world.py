"""Reading the seeded demo data from the tests, and claiming work no other browser test touches.

The demo period is shared by every test in the package (it is seeded once), so each journey
claims its own indicator: an assignment of the open period whose lead unit has not answered it yet.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model

from evaluations.models import Answer, Assignment, Period, Series
from skpd.models import Profile
from skpd.roles import GROUP_NAMES, Role

_claimed = set()


def open_period():
    return Period.objects.select_related("framework").get(status=Period.Status.OPEN)


def officer_of(unit):
    """The username of an officer account of ``unit`` (seed_demo names them op-<code>)."""
    profile = (
        Profile.objects.filter(unit=unit, user__groups__name=GROUP_NAMES[Role.OFFICER], user__is_active=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    assert profile is not None, f"the demo data has no officer for {unit}"
    return profile.user.username


class Work:
    """One indicator of the open period for one lead unit, and the officer who answers it."""

    def __init__(self, assignment):
        self.period = assignment.period
        self.indicator = assignment.indicator
        self.unit = assignment.unit
        self.officer = officer_of(assignment.unit)

    def answer(self):
        return Answer.objects.filter(period=self.period, indicator=self.indicator, unit=self.unit).first()

    def user(self):
        return get_user_model().objects.get(username=self.officer)

    def __repr__(self):
        return f"<Work indicator {self.indicator.number} for {self.unit.code} by {self.officer}>"


def claim_unanswered(*, exclude_units=()):
    """An indicator of the open period whose lead unit has no answer yet, not claimed by another test."""
    period = open_period()
    answered = set(Answer.objects.filter(period=period, is_lead=True).values_list("indicator_id", "unit_id"))
    assignments = (
        Assignment.objects.filter(period=period, role=Assignment.Role.LEAD, unit__members__isnull=False)
        .exclude(unit__code__in=exclude_units)
        .select_related("period", "indicator__aspect", "unit")
        .order_by("indicator__number")
        .distinct()
    )
    free = [a for a in assignments if (a.indicator_id, a.unit_id) not in answered | _claimed]
    if not free:
        raise AssertionError("the demo data has no unanswered assignment left for this test")
    # From the unit with the fewest free indicators first, so units with several keep them for the
    # tests that need two of one unit (test_review_flow).
    per_unit = {}
    for assignment in free:
        per_unit[assignment.unit_id] = per_unit.get(assignment.unit_id, 0) + 1
    assignment = min(free, key=lambda a: (per_unit[a.unit_id], a.indicator.number))
    _claimed.add((assignment.indicator_id, assignment.unit_id))
    return Work(assignment)


def index_text(value):
    """An index as the pages show it: Indonesian style, two decimals (3,21)."""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def shown_index(period, series=Series.VERIFIED):
    """The index a page shows for a series: its own, or while levels are missing the provisional
    floor (missing indicators counted at level 1), computed here with the scoring engine."""
    from evaluations import series as scores
    from indicators import scoring

    structure = period.framework.structure()
    levels = scores.series_levels(period, series)
    result = scoring.compute(structure, levels)
    if result.index is None and levels:
        result = scoring.compute(structure, levels, floor_missing=True)
    return result.index
