"""Password reset by e-mail: Django's views, the portal's templates, throttled per address and e-mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user():
    return get_user_model().objects.create_user("siti", email="siti@example.go.id", password="lama-sekali-123")


def test_login_page_links_to_password_reset(client):
    response = client.get(reverse("login"))
    assert reverse("password_reset") in response.content.decode()


def test_reset_mail_link_sets_a_new_password(client, user):
    response = client.post(reverse("password_reset"), {"email": "siti@example.go.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@example.go.id"]
    assert "Portal SPBE" in message.subject
    link = re.search(r"https?://[^/\s]+(/akun/atur-ulang/\S+/)", message.body).group(1)

    # Django swaps the token for a session marker on the first visit, then shows the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Baru-Kuat-Sekali-2026", "new_password2": "Baru-Kuat-Sekali-2026"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Baru-Kuat-Sekali-2026")

    # The link is single-use.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "tidak berlaku lagi" in again.content.decode()


def test_unknown_address_looks_the_same_and_sends_nothing(client, user):
    response = client.post(reverse("password_reset"), {"email": "tidak-ada@example.go.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@override_settings(PASSWORD_RESET_EMAIL_LIMIT=2, PASSWORD_RESET_ADDRESS_LIMIT=100)
def test_one_address_cannot_flood_an_inbox(client, user):
    for _ in range(2):
        assert client.post(reverse("password_reset"), {"email": "siti@example.go.id"}).status_code == 302
    limited = client.post(reverse("password_reset"), {"email": "SITI@example.go.id"})
    assert limited.status_code == 429
    assert "Terlalu banyak permintaan" in limited.content.decode()
    assert len(mail.outbox) == 2


@override_settings(PASSWORD_RESET_EMAIL_LIMIT=100, PASSWORD_RESET_ADDRESS_LIMIT=3)
def test_one_client_address_cannot_probe_many_accounts(client, user):
    for n in range(3):
        client.post(reverse("password_reset"), {"email": f"orang{n}@example.go.id"})
    limited = client.post(reverse("password_reset"), {"email": "siti@example.go.id"})
    assert limited.status_code == 429
    assert mail.outbox == []
    # Another client address is not affected.
    other = client.post(reverse("password_reset"), {"email": "siti@example.go.id"}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302
    assert len(mail.outbox) == 1
