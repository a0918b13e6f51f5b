"""The role groups keep the permissions their data migration gave them across tests that flush.

A transactional test ends with ``flush``, which also empties the tables the data migration
skpd/migrations/0002_role_groups.py filled; tests/conftest.py puts the groups back. Without that,
every later test (the browser tests run last) met groups without permissions: 403 on /kerangka/.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from skpd.roles import GROUP_NAMES, Role
from tests.factories import make_user


def _role_groups():
    groups = Group.objects.filter(name__in=GROUP_NAMES.values()).prefetch_related("permissions__content_type")
    return {group.name: sorted(p.natural_key() for p in group.permissions.all()) for group in groups}


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_role_groups_have_their_migrated_permissions(client):
    migrated = _role_groups()
    assert set(migrated) == set(GROUP_NAMES.values())
    assert ("view_framework", "indicators", "framework") in migrated[GROUP_NAMES[Role.EXECUTIVE]]

    # What pytest-django does after every transactional test.
    call_command("flush", interactive=False, verbosity=0)

    assert _role_groups() == migrated
    client.force_login(make_user("pimpinan", password=None, role=Role.EXECUTIVE))
    assert client.get(reverse("indicators:framework_list")).status_code == 200
