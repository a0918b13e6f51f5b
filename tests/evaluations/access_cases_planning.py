"""Access cases for the planning pages (namespace ``planning``): what-if, plans, road, caps, exports.

Simulating, reading and comparing plans and the road, and exporting: the dashboard roles (reviewers whatever
their aspect scope, executives, administrators). Saving a plan and setting caps: reviewers and
administrators; executives stay read-only. A scoped reviewer may post the caps form, but a cap
outside their aspects is not changed (the field is disabled; the service refuses it too).
"""

from django.urls import reverse

from tests.access import AccessCase

READERS = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 403,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 200,
    "admin": 200,
}
WRITERS_REDIRECT = {**READERS, "executive": 403, "reviewer": 302, "reviewer_out": 302, "admin": 302}
WRITERS_PAGE = {**READERS, "executive": 403}


def _raised(w):
    """Every indicator at level 5: a plan only raises levels, so this saves whatever the base."""
    return {f"level_{number}": 5 for number in w.indicators}


def _compared(w):
    """The world's plan and a second one of the same period (made once; the comparison needs two)."""
    from evaluations.models import ActionPlan

    other, _created = ActionPlan.objects.get_or_create(
        period=w.period, name="Rencana uji pembanding", defaults={"levels": {"2": 5}, "created_by": w.admin}
    )
    return f"?rencana={w.action_plan.pk}&rencana={other.pk}"


def _levels(w, **changes):
    levels = {f"level_{number}": 1 for number in w.indicators}
    levels.update({f"level_{number[1:]}": level for number, level in changes.items()})
    return levels


CASES = [
    AccessCase(
        name="planning:whatif",
        url=lambda w: reverse("planning:whatif") + f"?periode={w.period.year}&seri=proposed",
        expect=READERS,
    ),
    AccessCase(
        name="planning:whatif",
        url=lambda w: reverse("planning:whatif"),
        method="post",
        data=lambda w: {"periode": w.period.year, "seri": "proposed", **_levels(w, n1=4)},
        htmx=True,
        label="recompute",
        expect=READERS,
    ),
    AccessCase(
        name="planning:plan_save",
        url=lambda w: reverse("planning:plan_save"),
        method="post",
        data=lambda w: {"periode": w.period.year, "seri": "proposed", "name": "Rencana matriks", **_raised(w)},
        expect=WRITERS_REDIRECT,
    ),
    AccessCase(
        name="planning:plan_list",
        url=lambda w: reverse("planning:plan_list") + f"?periode={w.period.year}",
        expect=READERS,
    ),
    AccessCase(
        name="planning:plan_detail",
        url=lambda w: reverse("planning:plan_detail", args=[w.action_plan.pk]),
        expect=READERS,
    ),
    AccessCase(
        name="planning:plan_compare",
        url=lambda w: reverse("planning:plan_compare") + _compared(w),
        expect=READERS,
    ),
    AccessCase(
        name="planning:road",
        url=lambda w: reverse("planning:road") + f"?periode={w.period.year}&seri=proposed&caps=on",
        expect=READERS,
    ),
    AccessCase(
        name="planning:caps",
        url=lambda w: reverse("planning:caps") + f"?periode={w.period.year}",
        expect=WRITERS_PAGE,
    ),
    AccessCase(
        name="planning:caps",
        url=lambda w: reverse("planning:caps"),
        method="post",
        data=lambda w: {"periode": w.period.year, "cap_1": 4},
        expect=WRITERS_REDIRECT,
    ),
    AccessCase(
        name="planning:export_xlsx",
        url=lambda w: reverse("planning:export_xlsx", args=[w.period.pk]),
        expect=READERS,
    ),
    AccessCase(name="planning:export_csv", url=lambda w: reverse("planning:export_csv"), expect=READERS),
    AccessCase(name="planning:export_csv_id", url=lambda w: reverse("planning:export_csv_id"), expect=READERS),
]
