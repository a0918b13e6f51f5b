"""Closed means closed, everywhere: the Django admin, plans and caps, and summary values.

A closed or final period's results, settings and framework cannot be changed from the admin (its
pages are view-only there, a POST is a 403); a change to an open period from the admin goes through
the portal's service (its permission, state checks and history with a reason). Plans and feasible
caps are refused on a closed period for everyone; summary values are not for a reviewer limited to
some aspects.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import audit
from evaluations.errors import PermissionDenied, StateError
from evaluations.models import ActionPlan, Period, StageResult, SummaryDomainValue
from evaluations.periods import services as periods
from evaluations.planning import services as planning
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_stage_result, make_user

pytestmark = pytest.mark.django_db


def _superuser(client):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    return root


def _stage_result_post(result, level, note):
    return {
        "period": result.period_id,
        "indicator": result.indicator_id,
        "stage": result.stage,
        "level": level,
        "note": note,
    }


# --- the admin ------------------------------------------------------------------------------------


def test_admin_cannot_change_a_final_periods_stage_result(client):
    _superuser(client)
    period = make_period(status=Period.Status.FINAL)
    result = make_stage_result(period, period.framework.indicators.get(number=1), 3)
    url = reverse("admin:evaluations_stageresult_change", args=[result.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "hanya dapat dibaca" in page.text  # the reason it is view-only is said
    assert client.post(url, _stage_result_post(result, 4, "koreksi")).status_code == 403
    assert (
        client.post(reverse("admin:evaluations_stageresult_delete", args=[result.pk]), {"post": "yes"}).status_code
        == 403
    )
    result.refresh_from_db()
    assert result.level == 3


def test_admin_cannot_switch_a_final_periods_framework(client):
    _superuser(client)
    period = make_period(status=Period.Status.FINAL)
    make_stage_result(period, period.framework.indicators.get(number=1), 3)
    other = make_framework("lain")
    response = client.post(
        reverse("admin:evaluations_period_change", args=[period.pk]),
        {"year": period.year, "framework": other.pk, "kind": period.kind, "target_index": "3.50"},
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.framework_id != other.pk


def test_admin_cannot_switch_the_framework_of_an_open_period_with_results(client):
    _superuser(client)
    period = make_period()
    make_stage_result(period, period.framework.indicators.get(number=1), 3)
    other = make_framework("lain")
    url = reverse("admin:evaluations_period_change", args=[period.pk])
    data = {"year": period.year, "framework": other.pk, "kind": period.kind, "target_index": "3.50"}
    for prefix in ("indicator_settings", "summary_domains"):  # the (view-only) inlines' management forms
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert "Kerangka tidak dapat diganti" in client.get(url).text
    period.refresh_from_db()
    assert period.framework_id != other.pk


def test_admin_change_of_an_open_periods_stage_result_goes_through_the_service(client):
    root = _superuser(client)
    period = make_period(status=Period.Status.CLOSED)  # the state in which the final result is recorded
    result = make_stage_result(period, period.framework.indicators.get(number=1), 3)
    url = reverse("admin:evaluations_stageresult_change", args=[result.pk])

    # The reason is required: without one nothing is saved.
    assert client.post(url, _stage_result_post(result, 4, "")).status_code == 200
    result.refresh_from_db()
    assert result.level == 3

    assert client.post(url, _stage_result_post(result, 4, "Salah ketik saat impor")).status_code == 302
    result.refresh_from_db()
    assert (result.level, result.recorded_by) == (4, root)
    last = result.history.order_by("-history_id").first()
    assert last.history_user == root
    assert audit.as_event(last.history_change_reason) == audit.event(
        audit.RESULT_RECORDED, note="Salah ketik saat impor"
    )


def test_admin_refuses_a_stage_result_the_service_refuses(client):
    """A draft period has no results yet (the portal's rule): the admin says so and saves nothing."""
    _superuser(client)
    period = make_period(status=Period.Status.DRAFT)
    indicator = period.framework.indicators.get(number=1)
    response = client.post(
        reverse("admin:evaluations_stageresult_add"),
        {"period": period.pk, "indicator": indicator.pk, "stage": "final", "level": 4, "note": "uji"},
    )
    assert response.status_code == 302
    assert "Periode masih draf" in client.get(response.url).text
    assert not StageResult.objects.exists()


def test_admin_cannot_change_a_closed_periods_settings_or_summary_values(client):
    _superuser(client)
    period = make_period(status=Period.Status.CLOSED)
    setting = period.indicator_settings.create(indicator=period.framework.indicators.get(number=1), feasible_max=3)
    summary_year = make_period(year=2019, framework=period.framework, status=Period.Status.FINAL, is_summary_only=True)
    value = SummaryDomainValue.objects.create(period=summary_year, domain_number=1, index=Decimal("2.5"))
    response = client.post(
        reverse("admin:evaluations_periodindicator_change", args=[setting.pk]),
        {"service_name": "", "target_level": "", "feasible_max": "5"},
    )
    assert response.status_code == 403
    response = client.post(reverse("admin:evaluations_summarydomainvalue_change", args=[value.pk]), {"index": "4.9"})
    assert response.status_code == 403
    setting.refresh_from_db()
    value.refresh_from_db()
    assert (setting.feasible_max, value.index) == (3, Decimal("2.5"))


# --- plans and caps -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REVIEWER])
def test_plans_and_caps_are_refused_on_a_closed_period(role):
    period = make_period(status=Period.Status.CLOSED)
    user = make_user("pengguna", password=None, role=role)
    with pytest.raises(StateError, match="sudah ditutup"):
        planning.save_action_plan(user, period, name="Rencana", base_series="proposed", levels={1: 4})
    with pytest.raises(StateError, match="sudah ditutup"):
        planning.set_feasible_caps(user, period, {1: 4})
    assert not ActionPlan.objects.exists()
    assert planning.feasible_caps(period) == {}


def test_caps_page_on_a_closed_period_says_so_and_saves_nothing(client):
    period = make_period(status=Period.Status.CLOSED)
    client.force_login(make_user("reviewer", password=None, role=Role.REVIEWER))
    page = client.get(reverse("planning:caps"), {"periode": period.year})
    assert "Periode ini sudah ditutup: batas tidak dapat diubah lagi." in page.text
    assert client.post(reverse("planning:caps") + f"?periode={period.year}", {"cap_1": "3"}).status_code == 400
    assert planning.feasible_caps(period) == {}


# --- summary values -------------------------------------------------------------------------------


def _summary_year():
    framework = make_framework()
    return make_period(framework, year=2019, status=Period.Status.DRAFT, is_summary_only=True)


def test_aspect_scoped_reviewer_cannot_save_summary_values(client):
    period = _summary_year()
    aspect = period.framework.aspects.get(number=3)
    scoped = make_user("reviewer-aspek3", role=Role.REVIEWER, aspects=[aspect])
    with pytest.raises(PermissionDenied):
        periods.record_summary(scoped, period, index=Decimal("2.5"), domains={1: Decimal("2.5")})

    client.force_login(scoped)
    url = reverse("periods:summary", args=[period.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"index": "2.50", "domain_1": "2.50"}).status_code == 403
    assert "Nilai ringkasan" not in client.get(reverse("periods:detail", args=[period.pk])).text
    period.refresh_from_db()
    assert period.summary_index is None
    assert not SummaryDomainValue.objects.exists()

    # A reviewer without a scope (and an administrator) still records them.
    reviewer = make_user("reviewer", role=Role.REVIEWER)
    periods.record_summary(reviewer, period, index=Decimal("2.5"), domains={1: Decimal("2.4")})
    period.refresh_from_db()
    assert period.summary_index == Decimal("2.5")


# --- the admin on an open period: every write through the services --------------------------------


def test_admin_writes_to_an_open_period_go_through_the_services(client):
    from evaluations.models import Assignment, PeriodIndicator
    from tests.factories import make_unit

    root = _superuser(client)
    period = make_period()
    one, two = (period.framework.indicators.get(number=n) for n in (1, 2))
    unit_a, unit_b = make_unit("A"), make_unit("B")

    # An assignment: the lead of indicator 1, a contributor; the lead cannot just become a
    # contributor (the service's rule: contributors need a lead); the contributor is removed.
    add = reverse("admin:evaluations_assignment_add")
    lead = {"period": period.pk, "indicator": one.pk, "unit": unit_a.pk, "role": "lead"}
    assert client.post(add, lead).status_code == 302
    assert client.post(add, lead | {"unit": unit_b.pk, "role": "contributor"}).status_code == 302
    change = reverse("admin:evaluations_assignment_change", args=[Assignment.objects.get(unit=unit_a).pk])
    response = client.post(change, {"unit": unit_a.pk, "role": "contributor"})
    assert "belum ada SKPD penanggung jawab" in client.get(response.url).text
    assert set(Assignment.objects.values_list("unit__code", "role")) == {("A", "lead"), ("B", "contributor")}
    contributor = Assignment.objects.get(unit=unit_b)
    delete = reverse("admin:evaluations_assignment_delete", args=[contributor.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert set(Assignment.objects.values_list("unit__code", "role")) == {("A", "lead")}
    last = Assignment.history.order_by("-history_id").first()
    assert (last.unit_id, last.history_type, last.history_user) == (unit_b.pk, "-", root)
    assert audit.as_event(last.history_change_reason) == audit.event(audit.ASSIGNMENTS_CHANGED)

    # A feasible cap through the indicator settings: planning's history of the cap.
    response = client.post(
        reverse("admin:evaluations_periodindicator_add"),
        {"period": period.pk, "indicator": two.pk, "service_name": "", "target_level": "", "feasible_max": "4"},
    )
    assert response.status_code == 302
    assert planning.feasible_caps(period) == {2: 4}
    setting = PeriodIndicator.objects.get(period=period, indicator=two)
    last = setting.history.order_by("-history_id").first()
    assert audit.as_event(last.history_change_reason) == audit.event(audit.FEASIBLE_MAX_SET, number=2, old=None, new=4)

    # The period's notes: the period's history says who changed it.
    data = {"year": period.year, "framework": period.framework_id, "kind": period.kind, "target_index": "3.50"}
    for prefix in ("indicator_settings", "summary_domains"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data["notes"] = "Catatan baru"
    assert client.post(reverse("admin:evaluations_period_change", args=[period.pk]), data).status_code == 302
    last = period.history.order_by("-history_id").first()
    assert (last.notes, last.history_user) == ("Catatan baru", root)
    assert audit.as_event(last.history_change_reason) == audit.event(audit.PERIOD_CHANGED)

    # An action plan is saved by planning (its checks: indicator 9 is not in the framework).
    add = reverse("admin:evaluations_actionplan_add")
    plan = {"period": period.pk, "name": "Rencana", "base_series": "proposed", "levels": '{"9": 4}', "note": ""}
    response = client.post(add, plan)
    assert "Indikator 9 tidak ada" in client.get(response.url).text
    assert not ActionPlan.objects.exists()
    assert client.post(add, plan | {"levels": '{"1": 4}'}).status_code == 302
    assert ActionPlan.objects.get().created_by == root


def test_admin_history_revert_needs_the_change_permission(client):
    """simple-history's revert form saved an old version of a final period's result (and of an
    answer, which the admin never changes) with only the view permission checked."""
    _superuser(client)
    period = make_period(status=Period.Status.FINAL)
    result = make_stage_result(period, period.framework.indicators.get(number=1), 3)
    old = result.history.get()
    StageResult.objects.filter(pk=result.pk).update(level=4)
    url = reverse("admin:evaluations_stageresult_simple_history", args=[result.pk, old.history_id])
    assert client.post(url, _stage_result_post(result, 3, "zurück")).status_code == 403
    result.refresh_from_db()
    assert result.level == 4
