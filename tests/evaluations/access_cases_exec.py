"""Access cases for the executive views (namespace ``reports``): the held-back ranking."""

from django.urls import reverse

from tests.access import AccessCase
from tests.evaluations.access_cases_reports import DASHBOARD

CASES = [
    AccessCase(name="reports:held_back", url=lambda w: reverse("reports:held_back"), expect=DASHBOARD),
    AccessCase(
        name="reports:held_back",
        url=lambda w: reverse("reports:held_back") + "?periode=2026&seri=proposed&target=3",
        expect=DASHBOARD,
        htmx=True,
        label="fragment",
    ),
]
