"""Access cases of the assignments page: administrators edit, reviewers and executives read, officers 403."""

from django.urls import reverse

from tests.access import AccessCase

DENIED = {"anonymous": 302, "officer_own": 403, "officer_other": 403}
READERS = {**DENIED, "reviewer": 200, "reviewer_out": 200, "executive": 200, "admin": 200}
ADMIN_WRITE = {**DENIED, "reviewer": 403, "reviewer_out": 403, "executive": 403, "admin": 302}


def _plan(w):
    return {
        "periode": w.period.year,
        "lead-1": w.unit_own.pk,
        "lead-4": w.unit_other.pk,
        "contributors-4": [w.unit_own.pk],
    }


CASES = [
    AccessCase(
        name="assignments:index",
        url=lambda w: reverse("assignments:index") + f"?periode={w.period.year}",
        expect=READERS,
    ),
    # A year that is not a number, or an old link's period id that names no period, is a 400 with a message
    # for those who may see the page.
    AccessCase(
        name="assignments:index",
        label="bad-period",
        url=lambda w: reverse("assignments:index") + "?periode=abc",
        expect={**DENIED, "reviewer": 400, "reviewer_out": 400, "executive": 400, "admin": 400},
    ),
    AccessCase(
        name="assignments:index",
        label="old-bad-period",
        url=lambda w: reverse("assignments:index") + "?period=abc",
        expect={**DENIED, "reviewer": 400, "reviewer_out": 400, "executive": 400, "admin": 400},
    ),
    # An old link (``?period=<id>``) is sent to the same page by year.
    AccessCase(
        name="assignments:index",
        label="old-link",
        url=lambda w: reverse("assignments:index") + f"?period={w.period.pk}",
        expect={**DENIED, "reviewer": 302, "reviewer_out": 302, "executive": 302, "admin": 302},
    ),
    AccessCase(
        name="assignments:save",
        method="post",
        url=lambda w: reverse("assignments:save"),
        data=_plan,
        expect=ADMIN_WRITE,
    ),
    # No earlier period: the administrator is sent back to the page with a message.
    AccessCase(
        name="assignments:copy",
        method="post",
        url=lambda w: reverse("assignments:copy"),
        data=lambda w: {"periode": w.period.year},
        expect=ADMIN_WRITE,
    ),
]
