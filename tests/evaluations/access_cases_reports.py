"""Access cases for the reports (namespace ``reports``): who may read which report page."""

from django.urls import reverse

from tests.access import AccessCase

# Province-wide pages: the dashboard roles (reviewers whatever their aspect scope, executives,
# administrators); officers see their own unit's page instead.
DASHBOARD = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 403,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 200,
    "admin": 200,
}

CASES = [
    AccessCase(name="reports:dashboard", url=lambda w: reverse("reports:dashboard"), expect=DASHBOARD),
    AccessCase(
        name="reports:dashboard",
        url=lambda w: reverse("reports:dashboard") + "?periode=2026&seri=proposed",
        expect=DASHBOARD,
        htmx=True,
        label="fragment",
    ),
    # Every unit's progress, 50 a page: the full list behind the dashboard's shortlist.
    AccessCase(
        name="reports:unit_progress",
        url=lambda w: reverse("reports:unit_progress") + "?periode=2026&halaman=1",
        expect=DASHBOARD,
    ),
    AccessCase(
        name="reports:unit_detail",
        url=lambda w: reverse("reports:unit_detail", args=[w.unit_own.pk]),
        expect={**DASHBOARD, "officer_own": 200},
    ),
    # An indicator's page: its reviewers by aspect scope, and officers of a unit assigned to it.
    AccessCase(
        name="reports:indicator_detail",
        url=lambda w: reverse("reports:indicator_detail", args=[w.indicator_own.pk]),
        expect={**DASHBOARD, "officer_own": 200, "reviewer_out": 403},
    ),
    AccessCase(name="reports:calibration", url=lambda w: reverse("reports:calibration"), expect=DASHBOARD),
    AccessCase(name="reports:brief", url=lambda w: reverse("reports:brief"), expect=DASHBOARD),
]
