"""Production settings: `check --deploy` is clean, and the headers a browser gets are the strict ones.

The suite itself runs with DEBUG=1 and a fast password hasher (tests/conftest.py), so the real
production values are read in a fresh interpreter started with production-like environment
variables, as ``tests/spbe_portal/test_settings.py`` does.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from skpd.roles import Role
from tests.factories import make_framework, make_period, make_user

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-secret-" + "aB3$xY9!" * 6,
    "ALLOWED_HOSTS": "spbe.example.go.id",
    # The PostgreSQL form production uses; `check --deploy` does not connect to it.
    "DATABASE_URL": "postgres://spbe:rahasia@db.internal:5432/spbe?sslmode=require",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def run(args, **env):
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "spbe_portal.settings", **env}
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def production_settings(*names, **extra_env):
    """The named settings as the production process sees them."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = run([sys.executable, "-c", code], **{**PRODUCTION, **extra_env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_is_clean_with_postgresql_url():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert not re.search(r"\(\w+\.[WE]\d+\)", output), output


def test_deploy_check_fails_when_https_settings_are_left_out():
    """The check can fail: without HSTS and the redirect it names them (the test is not vacuous)."""
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("SECURE_")}
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W004" in output and "security.W008" in output


def test_real_settings_hash_with_argon2_and_lock_sign_in():
    values = production_settings(
        "PASSWORD_HASHERS",
        "DATABASES",
        "AUTHENTICATION_BACKENDS",
        "AXES_FAILURE_LIMIT",
        "AXES_LOCKOUT_PARAMETERS",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    db = values["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"], db["OPTIONS"]) == ("db.internal", "spbe", {"sslmode": "require"})
    assert values["AUTHENTICATION_BACKENDS"][0] == "spbe_portal.auth_backends.LoginThrottleBackend"
    assert values["AXES_FAILURE_LIMIT"] == 5
    # Never by account alone (anyone could lock anyone out): account+address, and address.
    assert values["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"], "ip_address"]
    # X-Forwarded-Proto is trusted only when the operator says TLS ends at a proxy.
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_argon2_really_hashes_in_production():
    """Not only listed first: the library is installed and a new password is stored as argon2."""
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import make_password; "
        "print(make_password('kata-sandi-uji'))"
    )
    result = run([sys.executable, "-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("argon2$argon2id$")


def test_cookies_and_proxy_header_in_production():
    values = production_settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_PROXY_SSL_HEADER",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        BEHIND_TLS_PROXY="1",
    )
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_process_sends_strict_headers(tmp_path):
    """A request answered by the production configuration (HTTPS through a proxy): every header."""
    code = """
import django, json
django.setup()
from django.test import Client
from django.test.utils import override_settings
from django.conf import settings
# No collectstatic here: plain static names are enough for the headers under test.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client()
plain = client.get("/masuk/", headers={"host": "spbe.example.go.id"})
https = client.get("/masuk/", headers={"host": "spbe.example.go.id", "x-forwarded-proto": "https"})
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")],
                  "status": https.status_code, "headers": dict(https.headers),
                  "cookies": {k: dict(v) for k, v in https.cookies.items()}}))
"""
    env = {**PRODUCTION, "BEHIND_TLS_PROXY": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'kosong.sqlite3'}"}
    result = run([sys.executable, "-c", code], **env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://spbe.example.go.id/masuk/"]  # plain HTTP is redirected
    assert seen["status"] == 200
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert_strict_csp(headers["Content-Security-Policy"])
    csrf = seen["cookies"]["csrftoken"]
    assert csrf["secure"] is True


# --- in the test process: the headers on real pages, and no inline script in them ----------------


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_csp(header):
    directives = csp_directives(header)
    assert directives["script-src"] == ["'self'"], header
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def inline_scripts(html):
    """Script elements that a browser would run from the page itself (json_script data is not run)."""
    found = []
    for attrs, body in SCRIPT_TAG.findall(html):
        if "src=" in attrs:
            assert not body.strip(), attrs
            continue
        if re.search(r"""type=["']application/(ld\+)?json["']""", attrs):
            continue
        found.append(body.strip()[:80])
    return found


@pytest.mark.django_db
def test_rendered_pages_send_csp_and_hold_no_inline_script(client):

    make_period(make_framework("mini"))
    admin = make_user("admin-csp", password=None, role=Role.ADMIN)
    pages = [
        reverse("login"),
        reverse("home"),
        reverse("reports:dashboard"),
        reverse("planning:whatif"),
        reverse("periods:list"),
        reverse("indicators:framework_list"),
    ]
    checked = 0
    for url in pages:
        if url != reverse("login"):
            client.force_login(admin)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response["Content-Security-Policy"])
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert inline_scripts(response.text) == [], url
        checked += 1
    assert checked == len(pages)


def test_inline_script_detector_can_fail():
    assert inline_scripts('<script>alert(1)</script><script src="/static/a.js"></script>') == ["alert(1)"]
    assert inline_scripts('<script id="f" type="application/json">{"a": 1}</script>') == []
