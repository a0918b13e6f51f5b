"""The planning and export tests' shape of ``tests.factories.make_world``, in sizes query-count tests compare.

``planning_world(indicators, units)``: a period on ``make_framework(indicators=n)`` with one lead
unit per indicator (the units take turns), lead answers with proposed levels (the last indicator
left unanswered), verified and final levels, evidence (``answers_planning``), and one user per role.
"""

from tests.factories import answers_planning, make_framework, make_world, role_users


def sized_framework(indicators=5, code=None):
    return make_framework(code or f"uji-{indicators}", indicators=indicators)


def planning_world(indicators=10, units=2, *, evidence_per_answer=1, plans=0, year=2026, framework=None, users=True):
    """make_world in the planning shape. Kept for its callers: ``leads``, ``proposed``, ``verified``
    and ``final`` are {indicator number: …} of the one period."""
    framework = framework or sized_framework(indicators)
    last = framework.indicators.order_by("-number").values_list("number", flat=True).first()
    world = make_world(
        framework=framework,
        units=units,
        unit_code=f"U{year}-{{i:02d}}",
        last_year=year,
        answers=answers_planning(last, evidence_per_answer),
        users=role_users(f"-{year}") if users else None,
        plans=plans,
    )
    world.leads = {number: world.lead(number) for number in world.indicators}
    world.proposed, world.verified, world.final = (world.series(s) for s in ("proposed", "verified", "final"))
    return world
