"""The signed-in home page, the login flow, the health check, and no asset from the internet."""

import re
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
REMOTE_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_login_flow_lands_on_home_with_user_name(client, user):
    from tests.factories import PASSWORD

    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Masuk ke Portal SPBE" in page.text
    response = client.post(reverse("login"), {"username": "pengguna", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Pengguna" in response.text  # the header shows the signed-in user's name


@pytest.mark.django_db
def test_wrong_password_shows_message(client, user):
    response = client.post(reverse("login"), {"username": "pengguna", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text


@pytest.mark.django_db
def test_logout_is_post_and_ends_session(signed_in_client):
    response = signed_in_client.post(reverse("logout"))
    assert response.status_code == 302
    assert signed_in_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_change_page(signed_in_client):
    assert signed_in_client.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db
def test_healthz_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_down(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_indonesian_by_default_even_for_an_english_browser(signed_in_client):
    response = signed_in_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.text


@pytest.mark.django_db
def test_language_switch_to_english(signed_in_client):
    response = signed_in_client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


def test_no_template_references_an_internet_asset():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if REMOTE_ASSET.search(line)
    ]
    offenders += [
        f"{path.relative_to(ROOT)}:{number}"
        for app in ("indicators", "skpd", "evaluations")
        for path in (ROOT / app).rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if REMOTE_ASSET.search(line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_rendered_pages_load_only_same_origin_assets_and_no_inline_script(user):
    from django.test import Client

    anonymous, member = Client(), Client()
    member.force_login(user)
    for page in (anonymous.get(reverse("login")), member.get(reverse("home"))):
        assert page.status_code == 200
        assert not REMOTE_ASSET.search(page.text)
        # every <script> has a src: the security policy forbids inline script
        for tag in re.findall(r"<script\b[^>]*>", page.text):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert "script-src 'self'" in page["Content-Security-Policy"]
        assert "unsafe-inline" not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
