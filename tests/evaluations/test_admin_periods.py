"""The admin pages for periods and their parts open for an administrator (inspection and repair)."""

import pytest
from django.urls import reverse

from evaluations.models import Notification
from tests.factories import make_answer, make_assignment, make_period, make_stage_result, make_unit, make_user

pytestmark = pytest.mark.django_db


def test_admin_changelists_and_forms_open(client):
    admin = make_user("root", is_superuser=True, is_staff=True)
    period = make_period()
    indicator = period.framework.indicators.get(number=1)
    unit = make_unit()
    make_assignment(period, indicator, unit)
    make_answer(period, indicator, unit)
    make_stage_result(period, indicator, 3)
    Notification.objects.create(user=admin, kind="info", message="halo")
    client.force_login(admin)
    for model in (
        "period",
        "stageresult",
        "periodindicator",
        "summarydomainvalue",
        "notification",
        "actionplan",
        "assignment",
    ):
        assert client.get(reverse(f"admin:evaluations_{model}_changelist")).status_code == 200, model
        assert client.get(reverse(f"admin:evaluations_{model}_add")).status_code == 200, model
    page = client.get(reverse("admin:evaluations_period_change", args=[period.pk]))
    assert page.status_code == 200
    assert client.get(reverse("admin:evaluations_period_history", args=[period.pk])).status_code == 200
    assert client.get(reverse("admin:evaluations_period_delete", args=[period.pk])).status_code == 403
