"""Domain errors are answered in one place (``evaluations.errors.ServiceErrorMiddleware``)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from evaluations import errors
from evaluations.models import Period
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_user("admin-errors", role=Role.ADMIN)


def _request(user, htmx=False):
    request = RequestFactory().post("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request.htmx = htmx
    request.user = user
    return request


def _answer(request, exc, view=None, **kwargs):
    middleware = errors.ServiceErrorMiddleware(lambda r: None)
    if view is not None:
        middleware.process_view(request, view, (), kwargs)
    return middleware.process_exception(request, exc)


def test_permission_denied_is_djangos_so_django_answers_403(admin):
    assert issubclass(errors.PermissionDenied, DjangoPermissionDenied)
    assert issubclass(errors.PermissionDenied, errors.ServiceError)
    assert _answer(_request(admin), errors.PermissionDenied("tidak boleh")) is None


def test_other_exceptions_are_not_touched(admin):
    assert _answer(_request(admin), ValueError("bug")) is None


def test_conflict_is_409_and_state_error_a_400_naming_the_reason(admin):
    conflict = _answer(_request(admin), errors.EditConflict("sudah diubah orang lain", current=None))
    assert conflict.status_code == 409
    assert "sudah diubah orang lain" in conflict.content.decode()
    refused = _answer(_request(admin), errors.StateError("Periode 2026 berstatus final"))
    assert refused.status_code == 400
    assert "Periode 2026 berstatus final" in refused.content.decode()


def test_htmx_gets_the_message_fragment_only(admin):
    response = _answer(_request(admin, htmx=True), errors.InvalidInput("Tingkat harus 1 sampai 5"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tingkat harus 1 sampai 5" in text and "<html" not in text


def test_every_row_error_is_listed(admin):
    response = _answer(_request(admin), errors.ImportRowsError(["Baris 2: salah", "Baris 3: salah juga"]))
    text = response.content.decode()
    assert "Baris 2: salah" in text and "Baris 3: salah juga" in text


def test_a_marked_view_redirects_back_with_the_message(admin):
    @errors.redirect_on_refusal(lambda request, pk: f"/periode/{pk}/")
    def view(request, pk):
        raise AssertionError("not called")

    request = _request(admin)
    response = _answer(request, errors.StateError("Tidak dapat dibuka kembali"), view=view, pk=7)
    assert response.status_code == 302 and response.url == "/periode/7/"
    assert [str(m) for m in get_messages(request)] == ["Tidak dapat dibuka kembali"]


def test_reopening_an_open_period_goes_back_to_the_period_with_the_message(client):
    period = make_period(make_framework(), status=Period.Status.OPEN)
    client.force_login(make_user("admin-reopen", role=Role.ADMIN))
    url = reverse("periods:reopen", args=[period.pk])
    response = client.post(url, {"to_status": "in_review", "reason": "uji"})
    assert response.status_code == 302 and response.url == reverse("periods:detail", args=[period.pk])
    page = client.get(response.url)
    assert "tidak ditutup" in page.text


def test_a_refused_copy_goes_back_to_the_assignments_with_the_message(client):
    period = make_period(make_framework(), status=Period.Status.OPEN)
    client.force_login(make_user("admin-copy", role=Role.ADMIN))
    response = client.post(reverse("assignments:copy"), {"periode": period.year}, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('assignments:index')}?periode={period.year}"
    assert "Tidak ada periode sebelumnya" in response.text
