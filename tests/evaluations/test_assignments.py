"""Assignments: the bulk save (one lead, lead not contributor, active units), copy from the previous
period (within one framework; across frameworks see test_transition_assignments.py), the page (period filter, read-only roles, query counts)."""

import re

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import reverse

from evaluations.assignments import services as assignments
from evaluations.errors import AssignmentError, PermissionDenied, ServiceError, StateError
from evaluations.models import Assignment, Period
from skpd.roles import Role
from tests.factories import make_framework, make_unit, make_user

LEAD, CONTRIBUTOR = Assignment.Role.LEAD, Assignment.Role.CONTRIBUTOR


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def setup(db):
    framework = make_framework()
    period = Period.objects.create(year=2026, framework=framework, status=Period.Status.OPEN)
    units = {code: make_unit(code) for code in ("DISKOMINFO", "HUKUM", "BAPPEDA")}
    admin = make_user("admin", role=Role.ADMIN)
    return framework, period, units, admin


def _state(period):
    return sorted(Assignment.objects.filter(period=period).values_list("indicator__number", "unit__code", "role"))


def test_save_creates_changes_and_removes(setup):
    _framework, period, u, admin = setup
    report = assignments.save_assignments(
        admin, period, {1: (u["DISKOMINFO"].pk, {u["HUKUM"].pk}), 2: (u["BAPPEDA"].pk, set())}
    )
    assert report.created == 3 and report.changed_indicators == [1, 2]
    assert _state(period) == [(1, "DISKOMINFO", LEAD), (1, "HUKUM", CONTRIBUTOR), (2, "BAPPEDA", LEAD)]
    # swap lead and contributor on 1, clear 2: the unique constraints must not trip
    assignments.save_assignments(admin, period, {1: (u["HUKUM"].pk, {u["DISKOMINFO"].pk}), 2: (None, set())})
    assert _state(period) == [(1, "DISKOMINFO", CONTRIBUTOR), (1, "HUKUM", LEAD)]
    again = assignments.save_assignments(admin, period, {1: (u["HUKUM"].pk, {u["DISKOMINFO"].pk})})
    assert again.changed_indicators == [] and again.created == again.removed == 0
    # history records who changed it
    assert Assignment.history.filter(history_user=admin).count() >= 5


def test_save_refuses_bad_rows_and_saves_nothing(setup):
    _framework, period, u, admin = setup
    closed = make_unit("TUTUP", is_active=False)
    plan = {
        1: (u["DISKOMINFO"].pk, {u["DISKOMINFO"].pk}),  # lead also contributor
        2: (None, {u["HUKUM"].pk}),  # contributors without a lead
        3: (closed.pk, set()),  # inactive unit
        4: (u["BAPPEDA"].pk, set()),  # fine, but must not be saved
        99: (u["BAPPEDA"].pk, set()),  # no such indicator
    }
    with pytest.raises(AssignmentError) as caught:
        assignments.save_assignments(admin, period, plan)
    errors = caught.value.errors
    assert set(errors) == {1, 2, 3, None}
    assert "sekaligus kontributor" in errors[1][0]
    assert "penanggung jawab" in errors[2][0]
    assert "tidak aktif" in errors[3][0]
    assert "99" in errors[None][0]
    assert _state(period) == []


def test_inactive_unit_may_stay_where_it_is(setup):
    _framework, period, u, admin = setup
    assignments.save_assignments(admin, period, {1: (u["HUKUM"].pk, set())})
    u["HUKUM"].is_active = False
    u["HUKUM"].save()
    assignments.save_assignments(admin, period, {1: (u["HUKUM"].pk, set())})
    assert _state(period) == [(1, "HUKUM", LEAD)]


def test_save_checks_permission_and_period_state(setup):
    _framework, period, u, admin = setup
    reviewer = make_user("reviewer", role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        assignments.save_assignments(reviewer, period, {1: (u["HUKUM"].pk, set())})
    period.status = Period.Status.FINAL
    period.save()
    with pytest.raises(StateError):
        assignments.save_assignments(admin, period, {1: (u["HUKUM"].pk, set())})
    assert _state(period) == []


def test_copy_previous_within_the_framework(setup):
    framework, period, u, admin = setup
    old = Period.objects.create(year=2025, framework=framework, status=Period.Status.FINAL)
    old_ind = {i.number: i for i in framework.indicators.all()}
    closed = make_unit("TUTUP", is_active=False)
    Assignment.objects.bulk_create(
        [
            Assignment(period=old, indicator=old_ind[1], unit=u["DISKOMINFO"], role=LEAD),
            Assignment(period=old, indicator=old_ind[1], unit=u["HUKUM"], role=CONTRIBUTOR),
            Assignment(period=old, indicator=old_ind[2], unit=u["BAPPEDA"], role=LEAD),
            Assignment(period=old, indicator=old_ind[3], unit=closed, role=LEAD),
            Assignment(period=old, indicator=old_ind[4], unit=u["HUKUM"], role=LEAD),
        ]
    )
    # the new period already assigned indicator 2 differently: it is kept
    assignments.save_assignments(admin, period, {2: (u["HUKUM"].pk, set())})

    assert assignments.previous_period(period) == old
    report = assignments.copy_previous(admin, period)
    assert report.copied == [1, 4]
    assert report.already_assigned == [2]
    assert report.unmatched == []
    assert [(n, unit.code) for n, unit in report.inactive] == [(3, "TUTUP")]
    assert _state(period) == [
        (1, "DISKOMINFO", LEAD),
        (1, "HUKUM", CONTRIBUTOR),
        (2, "HUKUM", LEAD),
        (4, "HUKUM", LEAD),
    ]
    assert assignments.copy_previous(admin, period).copied == []  # twice changes nothing


def test_copy_without_previous_period(setup):
    _framework, period, _u, admin = setup
    with pytest.raises(ServiceError, match="Tidak ada periode sebelumnya"):
        assignments.copy_previous(admin, period)


def test_page_saves_in_bulk_and_reports_errors(client, setup):
    _framework, period, u, admin = setup
    client.force_login(admin)
    url = reverse("assignments:save")
    response = client.post(
        url,
        {
            "periode": period.year,
            "lead-1": u["DISKOMINFO"].pk,
            "contributors-1": [u["HUKUM"].pk, u["BAPPEDA"].pk],
            "lead-3": u["BAPPEDA"].pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{reverse('assignments:index')}?periode={period.year}"
    assert "2 indikator berubah" in response.text
    assert _state(period) == [
        (1, "BAPPEDA", CONTRIBUTOR),
        (1, "DISKOMINFO", LEAD),
        (1, "HUKUM", CONTRIBUTOR),
        (3, "BAPPEDA", LEAD),
    ]

    bad = client.post(
        url,
        {
            "periode": period.year,
            "lead-1": u["HUKUM"].pk,
            "contributors-1": [u["HUKUM"].pk],
            "contributors-2": [u["BAPPEDA"].pk],
        },
    )
    assert bad.status_code == 400
    assert "sekaligus kontributor" in bad.text and "belum ada SKPD penanggung jawab" in bad.text
    assert 'class="row-error"' in bad.text
    assert len(_state(period)) == 4  # unchanged
    garbage = client.post(url, {"periode": period.year, "lead-1": "x"})
    assert garbage.status_code == 400 and "tidak dapat dibaca" in garbage.text
    assert client.post(url, {"periode": "9999"}).status_code == 400
    assert client.post(url, {"period": "9999"}).status_code == 400  # the old name, from a page loaded before


def test_period_filter_is_validated(client, setup):
    _framework, period, _u, admin = setup
    client.force_login(admin)
    assert client.get(reverse("assignments:index")).status_code == 200  # defaults to the open period
    bad = client.get(reverse("assignments:index"), {"periode": "abc"})
    assert bad.status_code == 400 and "Periode itu tidak ada" in bad.text
    assert client.get(reverse("assignments:index"), {"periode": 9999}).status_code == 400
    old = client.get(reverse("assignments:index"), {"period": "abc"})  # an old link
    assert old.status_code == 400 and "Periode itu tidak ada" in old.text


def test_reviewer_reads_without_form_and_officer_is_refused(client, setup):
    _framework, period, u, admin = setup
    assignments.save_assignments(admin, period, {1: (u["DISKOMINFO"].pk, {u["HUKUM"].pk})})
    client.force_login(make_user("reviewer", role=Role.REVIEWER))
    page = client.get(reverse("assignments:index"), {"periode": period.year})
    assert page.status_code == 200
    assert '<select name="lead-1"' not in page.text and "Simpan penugasan" not in page.text
    assert "Diskominfo" in page.text and "Hukum" in page.text
    client.force_login(make_user("op", role=Role.OFFICER, unit=u["HUKUM"]))
    assert client.get(reverse("assignments:index")).status_code == 403
    assert client.post(reverse("assignments:save"), {"periode": period.year}).status_code == 403


def test_copy_button_and_action(client, setup):
    framework, period, u, admin = setup
    old = Period.objects.create(year=2025, framework=framework, status=Period.Status.FINAL)
    Assignment.objects.create(period=old, indicator=framework.indicators.get(number=2), unit=u["BAPPEDA"], role=LEAD)
    client.force_login(admin)
    page = client.get(reverse("assignments:index"), {"periode": period.year})
    assert "Salin dari periode 2025" in page.text
    response = client.post(reverse("assignments:copy"), {"periode": period.year}, follow=True)
    assert "Disalin dari periode 2025: 1 indikator" in response.text
    assert _state(period) == [(2, "BAPPEDA", LEAD)]


def test_service_permission_denied_is_a_django_403_for_views(client, setup):
    # the page asks permissions before the service; a non-admin never reaches it
    _framework, period, _u, _admin = setup
    client.force_login(make_user("pimpinan", role=Role.EXECUTIVE))
    assert client.post(reverse("assignments:copy"), {"periode": period.year}).status_code == 403
    # and a refusal raised inside the service is Django's too, so no view has to translate it
    assert issubclass(PermissionDenied, DjangoPermissionDenied)


@pytest.mark.parametrize("unit_count", [3, 40])
def test_page_query_count(client, setup, django_assert_max_num_queries, unit_count):
    framework, period, u, admin = setup
    extra = [make_unit(f"UNIT{i}") for i in range(unit_count)]
    plan = {n: (extra[n % unit_count].pk, {extra[(n + 1) % unit_count].pk, u["HUKUM"].pk}) for n in range(1, 6)}
    assignments.save_assignments(admin, period, plan)
    client.force_login(admin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assignments:index"), {"periode": period.year})
    assert response.status_code == 200
    assert len(re.findall(r'<select name="lead-\d+"', response.text)) == 5


def test_option_values_are_not_localised(client, setup):
    # With Indonesian number formatting an id of 12345 would render as "12.345" and fail on submit.
    _framework, period, _u, admin = setup
    big = make_unit("BESAR", pk=12345)
    client.force_login(admin)
    page = client.get(reverse("assignments:index"), {"periode": period.year})
    assert f'<option value="{big.pk}">' in page.text
