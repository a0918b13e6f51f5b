"""Access matrix cases for the period pages (evaluations/periods/urls.py, namespace "periods")."""

from django.urls import reverse

from tests.access import AccessCase

EVERYONE = {
    "anonymous": 302,
    "officer_own": 200,
    "officer_other": 200,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 200,
    "admin": 200,
}
DASHBOARD = EVERYONE | {"officer_own": 403, "officer_other": 403}
ADMIN_ONLY = dict.fromkeys(EVERYONE, 403) | {"anonymous": 302, "admin": 200}
RESULTS = DASHBOARD | {"executive": 403}  # reviewers (scope filters the rows) and administrators
QUEUE = RESULTS


def _period(name, *extra):
    return lambda w: reverse(f"periods:{name}", args=[w.period.pk, *extra])


CASES = [
    AccessCase(name="periods:list", url=lambda w: reverse("periods:list"), expect=EVERYONE),
    AccessCase(name="periods:create", url=lambda w: reverse("periods:create"), expect=ADMIN_ONLY),
    AccessCase(
        name="periods:create",
        method="post",
        url=lambda w: reverse("periods:create"),
        data=lambda w: {"year": 2027, "framework": w.framework.pk, "kind": "evaluasi", "target_index": "3.50"},
        expect=ADMIN_ONLY | {"admin": 302},
    ),
    AccessCase(name="periods:detail", url=_period("detail"), expect=DASHBOARD),
    AccessCase(name="periods:detail", url=_period("detail"), htmx=True, label="htmx", expect=DASHBOARD),
    AccessCase(name="periods:edit", url=_period("edit"), expect=ADMIN_ONLY),
    AccessCase(
        name="periods:status",
        method="post",
        url=_period("status"),
        data=lambda w: {"status": "in_review"},
        expect=ADMIN_ONLY | {"admin": 302},
    ),
    AccessCase(
        name="periods:reopen",
        method="post",
        url=_period("reopen"),
        data=lambda w: {"to_status": "in_review", "reason": "uji"},
        expect=ADMIN_ONLY | {"admin": 302},  # the period is open: refused with a message, redirected
    ),
    AccessCase(name="periods:indicator_settings", url=_period("indicator_settings"), expect=ADMIN_ONLY),
    AccessCase(name="periods:stage_results", url=_period("stage_results"), expect=RESULTS),
    AccessCase(
        name="periods:stage_import",
        method="post",
        url=_period("stage_import"),
        data=lambda w: {"stage": "dokumen"},  # no file: a 400 naming the missing file
        expect=RESULTS | {"reviewer": 400, "reviewer_out": 400, "admin": 400},
    ),
    AccessCase(name="periods:stage_template", url=_period("stage_template", "csv"), expect=RESULTS),
    AccessCase(name="periods:stage_edit", url=_period("stage_edit", "final"), expect=RESULTS),
    AccessCase(
        name="periods:stage_edit",
        method="post",
        url=_period("stage_edit", "dokumen"),
        data=lambda w: {"level_1": "4", "note": "uji"},
        # past the permission check, the period is open: dokumen is not recorded before the
        # self-assessment is submitted (periods.services.STAGE_STATES), a 400 with the message
        expect=RESULTS | {"reviewer": 400, "reviewer_out": 400, "admin": 400},
    ),
    AccessCase(name="periods:carry_over", url=_period("carry_over"), expect=ADMIN_ONLY),
    # Summary values span every aspect: not for a reviewer limited to some aspects.
    AccessCase(name="periods:summary", url=_period("summary"), expect=RESULTS | {"reviewer_out": 403}),
    AccessCase(name="periods:review_queue", url=lambda w: reverse("periods:review_queue"), expect=QUEUE),
    AccessCase(
        name="periods:review_queue",
        url=lambda w: reverse("periods:review_queue") + f"?periode={w.period.year}",
        label="year",
        expect=QUEUE,
    ),
    # An old link (``?period=<id>``) is sent to the same page by year.
    AccessCase(
        name="periods:review_queue",
        url=lambda w: reverse("periods:review_queue") + f"?period={w.period.pk}&status=",
        label="old-link",
        expect=QUEUE | {"reviewer": 302, "reviewer_out": 302, "admin": 302},
    ),
    AccessCase(
        name="periods:review_queue",
        url=lambda w: reverse("periods:review_queue") + "?status=hilang",
        label="bad-filter",
        expect=QUEUE | {"reviewer": 400, "reviewer_out": 400, "admin": 400},
    ),
    AccessCase(name="periods:notifications", url=lambda w: reverse("periods:notifications"), expect=EVERYONE),
    AccessCase(
        name="periods:notifications",
        method="post",
        url=lambda w: reverse("periods:notifications"),
        expect=dict.fromkeys(EVERYONE, 302),
    ),
]
