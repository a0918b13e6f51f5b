"""Fixtures of the skpd tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """These tests create many accounts; Argon2 would make each one cost a tenth of a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
