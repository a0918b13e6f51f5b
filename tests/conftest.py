"""Fixtures shared by the whole suite. Objects are built with the make_* helpers in factories.py."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _portal_language():
    """Every test starts in the portal's language: a request in English (the language cookie)
    leaves English active in the thread, which would leak into the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def user(db):
    return factories.make_user("pengguna")


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def evidence_storage(settings, tmp_path):
    """Evidence files go to a temporary folder, never to var/evidence."""
    root = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    settings.EVIDENCE_ROOT = root
    return root


@pytest.fixture
def spbe_2020(db):
    """The shipped SPBE 2020 framework (47 indicators, 235 criteria, 5 bands) loaded from its file."""
    from indicators.loader import load_file, shipped_files

    path = next(p for p in shipped_files() if p.name == "spbe-2020.json")
    return load_file(path).framework


def pytest_configure(config):
    """Tests create many users: a fast hasher keeps the suite quick (production uses Argon2)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # Every figure any test builds is checked by plotly and must equal what production sends.
    from evaluations.reports import charts

    charts.VALIDATE = True
