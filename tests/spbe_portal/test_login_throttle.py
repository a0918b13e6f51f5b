"""Password guessing: an account at one address is locked after N failures, with a message."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_account_is_locked_after_repeated_failures_and_admin_can_unlock(user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(3):
        client.post(reverse("login"), {"username": "pengguna", "password": "salah"})
    locked = client.post(reverse("login"), {"username": "pengguna", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in locked.text
    assert client.get(reverse("home")).status_code == 302  # still not signed in

    # Another address is not locked out of the same account (lock is per account and address).
    other = Client(REMOTE_ADDR="10.9.9.9")
    response = other.post(reverse("login"), {"username": "pengguna", "password": PASSWORD})
    assert response.status_code == 302

    # The administrator's unlock (what the admin's "Access attempts" delete does).
    assert AccessAttempt.objects.filter(username="pengguna").exists()
    reset(username="pengguna")
    response = client.post(reverse("login"), {"username": "pengguna", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
