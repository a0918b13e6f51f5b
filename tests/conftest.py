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


@pytest.fixture(autouse=True)
def _cold_structure_cache():
    """Every test starts with an empty per-process structure cache, so a pinned query count does not
    depend on which test ran before in the same worker (the keys never collide: the token is random)."""
    from indicators import structure_cache

    structure_cache.clear()


def _cold(assert_queries):
    """``assert_queries`` measured from a cold structure cache: a pinned count is the first request's
    after a framework change (the worst case), whatever the test's setup already read."""
    from contextlib import contextmanager

    from indicators import structure_cache

    @contextmanager
    def measure(*args, **kwargs):
        structure_cache.clear()
        with assert_queries(*args, **kwargs) as context:
            yield context

    return measure


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _cold(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _cold(django_assert_max_num_queries)


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
    from django.apps import apps
    from django.conf import settings
    from django.db.models.signals import post_migrate

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    post_migrate.connect(_keep_role_groups, sender=apps.get_app_config("skpd"), dispatch_uid="tests-role-groups")

    # Every figure any test builds is checked by plotly and must equal what production sends.
    from evaluations.reports import charts

    charts.VALIDATE = True


# The role groups and their permissions as the migrations made them: {group name: permission natural keys}.
_MIGRATED_ROLE_GROUPS = {}


def _keep_role_groups(sender, using, **kwargs):
    """Put the role groups back after a flush, exactly as the data migration made them.

    A transactional test (``transaction=True``, ``transactional_db``, ``live_server``) ends with
    ``flush``, which empties every table and then sends ``post_migrate``: Django recreates content
    types and permissions there, but the role groups (skpd/migrations/0002_role_groups.py) are data
    a migration wrote, so they are gone. pytest-django runs transactional tests after the others
    and tests without ``db`` (the browser tests) last; those then found no groups, or groups that
    ``make_user``/``seed_demo`` recreated without permissions: 403 on /kerangka/ for an executive.

    The first ``post_migrate`` of the session ends the test database's migrate: it records the
    groups. Each later one (a flush) recreates missing groups with the recorded permissions.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Prefetch

    from skpd.roles import GROUP_NAMES

    groups = Group.objects.using(using).filter(name__in=GROUP_NAMES.values())
    if not _MIGRATED_ROLE_GROUPS:
        permissions = Prefetch("permissions", Permission.objects.using(using).select_related("content_type"))
        for group in groups.prefetch_related(permissions):
            _MIGRATED_ROLE_GROUPS[group.name] = [p.natural_key() for p in group.permissions.all()]
        return
    missing = set(_MIGRATED_ROLE_GROUPS) - set(groups.values_list("name", flat=True))
    if not missing:
        return
    # skpd's signal comes before evaluations' (INSTALLED_APPS order): create every app's permissions
    # first, as the migration itself does.
    for app_config in sender.apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for name in sorted(missing):
        group = Group.objects.using(using).create(name=name)
        keys = _MIGRATED_ROLE_GROUPS[name]
        group.permissions.set([Permission.objects.db_manager(using).get_by_natural_key(*key) for key in keys])


def pytest_xdist_make_scheduler(config, log):
    """``make test`` (pytest-xdist ``--dist loadfile``): the browser test files in one block per worker.

    Each worker that runs a browser test seeds its own ``portal`` (tests/browser/conftest.py: demo
    data and a live server, package-scoped). xdist hands out files by their number of tests, so
    browser files would come between other files and each worker would seed and flush again for
    every run of browser files. Instead the browser files are dealt into one work unit per worker,
    balanced by number of tests: every worker seeds once and the browser tests share the workers.
    """
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BrowserBlocks(LoadFileScheduling):
        _blocks = None

        def _split_scope(self, nodeid):
            scope = super()._split_scope(nodeid)
            if not scope.startswith("tests/browser/"):
                return scope
            if self._blocks is None:
                collection = next(iter(self.registered_collections.values()))
                self._blocks = _browser_blocks(collection, max(1, len(self.nodes)))
            return self._blocks[scope]

    return BrowserBlocks(config, log)


def _browser_blocks(collection, workers):
    """{browser test file: its block}, the files dealt largest first to the block with fewest tests."""
    from collections import Counter

    counts = Counter(nodeid.split("::", 1)[0] for nodeid in collection if nodeid.startswith("tests/browser/"))
    sizes = [0] * workers
    blocks = {}
    for path, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        smallest = sizes.index(min(sizes))
        sizes[smallest] += count
        blocks[path] = f"tests/browser/ (block {smallest + 1} of {workers})"
    return blocks
