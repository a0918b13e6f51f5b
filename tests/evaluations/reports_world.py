"""The report tests' shape of ``tests.factories.make_world``: a province, several years, every kind of value.

``build_world(units=2, years=2)``: on the mini framework (5 indicators), a summary-only year (2020,
index 2.10), ``years`` scored periods ending with the open 2026 period, each indicator led by one
unit with the other units contributing, answers in every status (``answers_reports``), verified
and final levels, and evidence on some answers. ``units`` and ``years`` scale the data so
query-count tests can compare two sizes.
"""

from datetime import date
from decimal import Decimal

from skpd.roles import Role
from tests.evaluations.peers_world import make_national_average
from tests.factories import answers_reports, make_user, make_world


def _period_fields(year, is_open):
    return {
        "target_index": Decimal("3.00") if is_open else Decimal("2.80"),
        "self_assessment_due": date(year, 6, 30),
        "is_illustrative": True,
    }


def build_world(units=2, years=2, *, framework=None):
    """make_world in the reports' shape. Kept for its callers: ``indicators`` is the list in number
    order and ``final_levels`` is {period pk: {number: final level}}."""
    world = make_world(
        framework=framework,
        units=units,
        years=years,
        period_fields=_period_fields,
        summary={"year": 2020, "summary_index": Decimal("2.100"), "target_index": Decimal("2.60")},
        contributors="others",
        answers=answers_reports,
    )
    world.indicators = [world.indicators[n] for n in sorted(world.indicators)]
    world.final_levels = {period.pk: world.series("final", period) for period in world.periods}
    make_national_average()  # shipped reference data: setup_portal loads it everywhere
    return world


def make_viewers():
    """One user per role that reads reports."""
    return {
        "reviewer": make_user("reviewer", password=None, role=Role.REVIEWER),
        "executive": make_user("pimpinan", password=None, role=Role.EXECUTIVE),
        "admin": make_user("admin", password=None, role=Role.ADMIN),
    }
