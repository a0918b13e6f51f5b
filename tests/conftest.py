"""Fixtures shared by the whole suite. Objects are built with the make_* helpers in factories.py."""

import pytest

from tests import factories


@pytest.fixture
def user(db):
    return factories.make_user("pengguna")


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client
