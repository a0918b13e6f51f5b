"""Period services: creating and editing, the status path, read-only closed/final periods, reopen on record."""

from decimal import Decimal

import pytest

from evaluations.errors import PermissionDenied, ServiceError, StateError
from evaluations.models import Period, PeriodIndicator, SummaryDomainValue
from evaluations.periods import services as periods
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_user("admin", role=Role.ADMIN)


@pytest.fixture
def reviewer():
    return make_user("reviewer", role=Role.REVIEWER)


def test_admin_creates_period_with_default_target(admin):
    framework = make_framework()
    period = periods.create_period(admin, year=2027, framework=framework, kind=Period.Kind.PEMANTAUAN)
    assert period.status == Period.Status.DRAFT
    assert period.target_index == Decimal("3.50")
    assert period.history.first().history_user == admin


def test_duplicate_year_refused(admin):
    period = make_period()
    with pytest.raises(ServiceError, match="sudah ada"):
        periods.create_period(admin, year=2026, framework=period.framework)


def test_only_admin_creates_or_changes_periods(reviewer):
    framework = make_framework()
    with pytest.raises(PermissionDenied):
        periods.create_period(reviewer, year=2027, framework=framework)
    period = make_period(framework)
    with pytest.raises(PermissionDenied):
        periods.change_status(reviewer, period, Period.Status.IN_REVIEW)
    period.refresh_from_db()
    assert period.status == Period.Status.OPEN


def test_status_walks_forward_one_step_at_a_time(admin):
    period = make_period(status="draft")
    for status in ("open", "in_review", "closed", "final"):
        period = periods.change_status(admin, period, status)
        assert period.status == status
    reasons = [h.history_change_reason for h in period.history.order_by("history_id")]
    assert any(r and r.data.get("new") == "final" and "Final" in str(r) for r in reasons)


def test_status_cannot_skip(admin):
    period = make_period(status="draft")
    with pytest.raises(StateError, match="tidak dapat diubah"):
        periods.change_status(admin, period, "closed")
    period.refresh_from_db()
    assert period.status == "draft"


def test_closed_period_is_read_only(admin):
    period = make_period(status="closed")
    with pytest.raises(StateError, match="hanya dapat dibaca"):
        periods.update_period(admin, period, notes="ubah")
    with pytest.raises(StateError):
        periods.change_status(admin, period, "open")
    period.refresh_from_db()
    assert period.notes == ""


def test_reopen_needs_reason_and_records_it_in_history(admin):
    period = make_period(status="final")
    with pytest.raises(ServiceError, match="Alasan"):
        periods.reopen_period(admin, period, reason="  ")
    reason = "Koreksi tingkat indikator 12 sesuai berita acara nomor 045/123/2026 yang ditandatangani Koordinator SPBE setelah klarifikasi"
    period = periods.reopen_period(admin, period, reason=reason)
    assert period.status == Period.Status.IN_REVIEW
    latest = period.history.first()
    assert latest.history_change_reason.data["reason"] == reason  # kept in full, longer than 100 characters
    assert reason in str(latest.history_change_reason)
    assert latest.history_user == admin
    assert latest.prev_record.status == "final"


def test_reviewer_cannot_reopen(reviewer):
    period = make_period(status="closed")
    with pytest.raises(PermissionDenied):
        periods.reopen_period(reviewer, period, reason="perlu koreksi")


def test_reopen_of_open_period_refused(admin):
    with pytest.raises(StateError):
        periods.reopen_period(admin, make_period(), reason="x")


def test_indicator_settings_saved_and_checked(admin):
    period = make_period()
    ind = {i.number: i for i in period.framework.indicators.all()}
    periods.set_indicator_settings(
        admin, period, {ind[5]: {"service_name": "SIMPEL Perizinan", "target_level": 4, "feasible_max": 4}}
    )
    row = PeriodIndicator.objects.get(period=period, indicator=ind[5])
    assert (row.service_name, row.target_level, row.feasible_max) == ("SIMPEL Perizinan", 4, 4)
    with pytest.raises(ServiceError, match="melebihi"):
        periods.set_indicator_settings(admin, period, {ind[1]: {"target_level": 5, "feasible_max": 3}})
    assert not PeriodIndicator.objects.filter(indicator=ind[1]).exists()
    # Clearing every value removes the row.
    periods.set_indicator_settings(
        admin, period, {ind[5]: {"service_name": "", "target_level": None, "feasible_max": None}}
    )
    assert not PeriodIndicator.objects.filter(period=period).exists()


def test_summary_only_year_records_index_and_domains(admin):
    framework = make_framework()
    period = make_period(framework, year=2020, status="draft", is_summary_only=True)
    periods.record_summary(admin, period, index=Decimal("2.26"), domains={1: Decimal("2.1"), 2: Decimal("2.4")})
    period.refresh_from_db()
    assert period.summary_index == Decimal("2.26")
    assert dict(SummaryDomainValue.objects.values_list("domain_number", "index")) == {
        1: Decimal("2.1"),
        2: Decimal("2.4"),
    }
    with pytest.raises(ServiceError, match="Domain 9"):
        periods.record_summary(admin, period, index=Decimal("2.3"), domains={9: Decimal("2")})
    period.refresh_from_db()
    assert period.summary_index == Decimal("2.26")  # the refused call changed nothing


def test_summary_period_cannot_open(admin):
    period = make_period(status="draft", is_summary_only=True)
    with pytest.raises(StateError):
        periods.change_status(admin, period, "open")


def test_officer_cannot_record_summary():
    officer = make_user("petugas", role=Role.OFFICER, unit=make_unit())
    period = make_period(status="draft", is_summary_only=True)
    with pytest.raises(PermissionDenied):
        periods.record_summary(officer, period, index=Decimal("2.5"))


def test_framework_of_a_final_period_is_locked(admin):
    from indicators.locks import is_locked

    period = make_period(status="closed")
    assert is_locked(period.framework) is None
    periods.change_status(admin, period, "final")
    assert "2026" in is_locked(period.framework)
    periods.reopen_period(admin, period, reason="koreksi")
    assert is_locked(period.framework) is None


def test_open_period_with_answers_cannot_go_back_to_draft(admin):
    from tests.factories import make_answer

    period = make_period()
    make_answer(period, period.framework.indicators.get(number=1), make_unit())
    with pytest.raises(StateError, match="draf"):
        periods.change_status(admin, period, "draft")
    period.refresh_from_db()
    assert period.status == "open"


def test_summary_year_goes_from_draft_to_final_and_reopens_to_draft(admin):
    period = make_period(status="draft", is_summary_only=True)
    periods.record_summary(admin, period, index=Decimal("2.34"))
    period = periods.change_status(admin, period, "final")
    assert period.status == "final"
    with pytest.raises(StateError):
        periods.record_summary(admin, period, index=Decimal("2.40"))
    period = periods.reopen_period(admin, period, reason="angka resmi dikoreksi")
    assert period.status == "draft"
    periods.record_summary(admin, period, index=Decimal("2.40"))
