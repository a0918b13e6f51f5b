"""Password guessing: an account at one address, or an address trying many accounts, is locked.

The address is the client's as the trusted proxies saw it, so a stranger cannot lock anyone out.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_user
from tests.spbe_portal.test_settings import start_django


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


PROXY = "10.0.0.1"  # the reverse proxy every request arrives from


def sign_in(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


@pytest.mark.django_db
def test_failures_from_one_client_behind_the_proxy_do_not_lock_another(user, settings):
    """The drill's attack: behind a proxy every failure used to count against the proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(5):
        sign_in(attacker, "pengguna", "salah")
    assert sign_in(attacker, "pengguna", PASSWORD).status_code == 429

    owner = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = sign_in(owner, "pengguna", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "1.1.1.1, 203.0.113.5", "203.0.113.5"),  # what the client wrote on the left is ignored
        (2, "1.1.1.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two proxies: second from the right
        (2, "203.0.113.5", PROXY),  # fewer entries than proxies: not the configured path
        (0, "203.0.113.5", PROXY),  # no trusted proxy: the header is the client's word
    ],
)
def test_the_address_counted_is_the_one_the_trusted_proxies_saw(user, settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded), "pengguna", "salah")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [expected]


@pytest.mark.django_db
def test_a_spoofed_header_from_a_direct_client_does_not_escape_the_address_limit(user, settings):
    """Without a trusted proxy, a client rotating X-Forwarded-For is still one address."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(8):
        sign_in(guesser, f"op-unit-{i}", "salah", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert sign_in(guesser, "pengguna", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


@pytest.mark.django_db
def test_an_address_trying_many_accounts_is_locked_but_not_after_a_few_typos(user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    make_user("op-sendiri")
    office = Client(REMOTE_ADDR="203.0.113.20")
    # Four colleagues behind one NAT mistype once each: nobody is locked.
    for name in ("a", "b", "c", "d"):
        sign_in(office, f"rekan-{name}", "salah")
    response = sign_in(office, "pengguna", PASSWORD)
    assert response.status_code == 302
    office.logout()

    # A guesser at that address with an account of their own: signing in with it does not clear
    # the address's count, and other accounts' failures still add up to the address limit.
    for name in ("e", "f"):
        sign_in(office, f"korban-{name}", "salah")
    assert sign_in(office, "op-sendiri", PASSWORD).status_code == 302
    office.logout()
    sign_in(office, "korban-g", "salah")
    sign_in(office, "korban-h", "salah")
    assert sign_in(office, "pengguna", PASSWORD).status_code == 429
    # Another address is not affected.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.21"), "pengguna", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_locked_page_says_until_when_and_whom_to_ask(user, settings):
    settings.PORTAL_ADMIN_CONTACT = "helpdesk-spbe@kalselprov.go.id"
    client = Client(REMOTE_ADDR="203.0.113.30")
    for _ in range(5):
        sign_in(client, "pengguna", "salah")
    page = sign_in(client, "pengguna", PASSWORD)
    assert page.status_code == 429
    last = AccessAttempt.objects.get(username="pengguna").attempt_time
    until = timezone.localtime(last + timedelta(minutes=30))
    assert until.tzinfo.key == "Asia/Makassar"
    assert f"Coba lagi setelah {until.day} " in page.text
    assert f"{until:%H.%M} WITA" in page.text
    assert "30 menit setelah percobaan gagal terakhir" in page.text
    assert "helpdesk-spbe@kalselprov.go.id" in page.text


def test_malformed_trusted_proxy_count_stops_start_up_naming_it():
    result = start_django(TRUSTED_PROXY_COUNT="dua")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
