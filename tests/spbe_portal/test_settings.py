"""Settings come from the environment; a bad value stops start-up with a message naming it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from spbe_portal.lib.env import database_from_url, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env):
    """Import the settings in a fresh interpreter with exactly these variables (plus PATH)."""
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "spbe_portal.settings", "DEBUG": "1", **env}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_refuses_to_start():
    result = start_django(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_secret_key_given_with_debug_off_starts():
    result = start_django(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="spbe.example.go.id")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "perhaps"),
        ("DATABASE_URL", "mysql://root@localhost/spbe"),
        ("DATABASE_URL", "postgres://u@h:notaport/db"),
        ("EVIDENCE_MAX_BYTES", "twenty"),
        ("CSRF_TRUSTED_ORIGINS", "spbe.example.go.id"),
    ],
)
def test_malformed_environment_value_names_the_variable(variable, value):
    result = start_django(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.splitlines()[-1]


def test_env_bool_reads_common_spellings_and_rejects_others():
    assert env_bool("X", environ={"X": "Yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ImproperlyConfigured, match="X="):
        env_bool("X", environ={"X": "2"})


def test_env_int_and_list():
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, environ={"N": " 7 "}) == 7
    with pytest.raises(ImproperlyConfigured, match="N="):
        env_int("N", 5, minimum=1, environ={"N": "0"})
    assert env_list("H", environ={"H": "a.go.id, b.go.id,"}) == ["a.go.id", "b.go.id"]


def test_database_urls():
    sqlite = database_from_url("sqlite:///var/db.sqlite3", base_dir=Path("/srv/app"))
    assert sqlite == {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/app/var/db.sqlite3"}
    assert database_from_url("sqlite:////tmp/x.db")["NAME"] == "/tmp/x.db"
    pg = database_from_url("postgres://spbe:p%40ss@db.internal:5433/spbe?sslmode=require")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "spbe",
        "p@ss",
        "db.internal",
        "5433",
        "spbe",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    with pytest.raises(ImproperlyConfigured, match="needs a database name"):
        database_from_url("postgres://u@h/")


def test_indonesian_defaults(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Makassar"
    assert "spbe_portal.middleware.ChosenLanguageMiddleware" in settings.MIDDLEWARE


def test_indonesian_number_format():
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("id"):
        assert Template("{{ v|floatformat:2 }}").render(Context({"v": Decimal("2.69")})) == "2,69"
    with translation.override("en"):
        assert Template("{{ v|floatformat:2 }}").render(Context({"v": Decimal("2.69")})) == "2.69"


def test_production_settings_pass_deploy_check_except_https_choices():
    """check --deploy with production values lists only the operator's HTTPS choices."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "0",
        "SECRET_KEY": "production-like-secret-" + "aB3$xY9!" * 6,
        "ALLOWED_HOSTS": "spbe.example.go.id",
        "DATABASE_URL": "sqlite:///var/deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    reported = set(re.findall(r"\((\w+\.[WE]\d+)\)", output))
    # W004 (HSTS) and W008 (SSL redirect) depend on whether TLS ends at a proxy: README names them.
    assert reported <= {"security.W004", "security.W008"}, output
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **env,
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_HSTS_PRELOAD": "1",
            "SECURE_SSL_REDIRECT": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _run(args, **env):
    clean = {"PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_manage_py_without_secret_key_prints_one_line_and_exits_1():
    result = _run(["manage.py", "check"], DEBUG="0")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]  # one line, no traceback
    assert result.stderr.startswith("ImproperlyConfigured: SECRET_KEY is not set. Set the environment variable")


@pytest.mark.parametrize(("variable", "value"), [("DEBUG", "perhaps"), ("IMPORT_MAX_ROWS", "banyak")])
def test_wsgi_with_a_malformed_variable_prints_one_line_naming_it(variable, value):
    result = _run(["-c", "import spbe_portal.wsgi"], **{"DEBUG": "1", variable: value})
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert f"{variable}={value!r}" in result.stderr
