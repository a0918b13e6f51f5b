"""Fixtures for the browser tests: one live portal with demo data and one Chromium for the package.

Seeding the demo data (both shipped frameworks, the units and accounts, the open 2026 period) takes
seconds, so it is done once for the whole tests/browser package instead of once per test: the
``portal`` fixture seeds, starts a live server, and on teardown flushes the database so the rest
of the suite finds it as empty as pytest-django leaves it. Tests in this package therefore do not
use the ``db`` fixtures; each one works on its own unit or indicator so their order does not matter.
"""

import contextlib
import os
import shutil

import pytest

from tests.browser import support


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Kept on the item so the visitor fixture can screenshot the page a failing test ended on.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def portal(django_db_setup, django_db_blocker, tmp_path_factory, _async_unsafe_allowed):
    """A live portal on 127.0.0.1 with the demo data; evidence files go to a temporary folder."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, teardown_databases
    from pytest_django.live_server_helper import LiveServer

    evidence_root = tmp_path_factory.mktemp("evidence")
    storages = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(evidence_root)}},
    }
    # A fast password hasher: seed_demo makes dozens of accounts and every journey signs in.
    fast = override_settings(
        STORAGES=storages,
        EVIDENCE_ROOT=evidence_root,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), fast:
        own_test_database = _ensure_test_database(connection)
        _require_role_group_permissions()
        # What the migrations left (e.g. the role groups), put back after the flush below.
        migrated_state = connection.creation.serialize_db_to_string()
        try:
            call_command("load_shipped_frameworks", verbosity=0)
            call_command("load_published_results", verbosity=0)  # as setup_portal: the national average, peers
            call_command("seed_demo", force=True, verbosity=0)
            server = LiveServer("127.0.0.1")
            server._live_server_modified_settings.enable()
            try:
                yield server
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            # The data outlives single tests by design; the rest of the suite expects the database
            # as the migrations left it, like Django's serialized rollback does.
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(migrated_state)
            if own_test_database is not None:
                teardown_databases(own_test_database, verbosity=0)
            # Once Playwright's event loop runs in this thread (the ``chromium`` fixture), Django
            # keeps the thread's connection in a context variable: a second connection, which
            # nothing else closes. Left open, PostgreSQL refuses to drop the test database at the
            # end of the session ("is being accessed by other users"). An in-memory SQLite
            # database ignores the close.
            connection.close()


def _require_role_group_permissions():
    """Fail at once, not with a 403 per page, when a test before this package left the role groups
    without the permissions their data migration gave them (tests/conftest.py restores them after
    each flush; pytest-django runs these tests, which use no ``db`` fixture, after all the others)."""
    from django.contrib.auth.models import Group

    from skpd.roles import GROUP_NAMES

    bare = set(GROUP_NAMES.values()) - set(
        Group.objects.filter(name__in=GROUP_NAMES.values(), permissions__isnull=False).values_list("name", flat=True)
    )
    assert not bare, f"role groups without their migrated permissions: {sorted(bare)}"


def _ensure_test_database(connection):
    """Create the test database when pytest-django did not (it does so only for tests that ask for
    ``db``, and these tests use the package-wide ``portal`` instead); never touch the real one."""
    from django.test.utils import setup_databases

    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        return None
    return setup_databases(verbosity=0, interactive=False, aliases={connection.alias})


@pytest.fixture(scope="package")
def chromium(_async_unsafe_allowed):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(support.CHROMIUM), args=support.LAUNCH_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="package")
def signed_in_states(chromium, portal):
    """Cookies of a signed-in session per username, made once through the login form and reused."""
    states = {}

    def state_for(username):
        if username not in states:
            context = chromium.new_context(locale="id-ID", timezone_id="Asia/Makassar")
            context.set_default_timeout(support.TIMEOUT_MS)
            page = context.new_page()
            # Through the real form, landing on the light health check instead of a dashboard.
            page.goto(f"{portal.url}/masuk/?next=/healthz")
            page.get_by_label("Nama pengguna").fill(username)
            page.get_by_label("Kata sandi").fill(support.DEMO_PASSWORD)
            with page.expect_navigation():
                page.get_by_role("button", name="Masuk").click()
            assert "/masuk/" not in page.url, f"sign-in as {username} failed"
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return state_for


@pytest.fixture
def open_browser(chromium, portal, signed_in_states, request):
    """A factory for browser windows (separate sessions) on the live portal: ``open_browser("officer")``;
    ``signed_in_as="reviewer"`` starts it signed in (journeys sign in through the form themselves).

    Each window records console errors, script errors, CSP violations and requests to other hosts
    (which are blocked: the portal must work without internet), and screenshots every page into
    tests/screenshots/<module>/<test>/<window>/.
    """
    test_dir = support.SCREENSHOTS / request.module.__name__.rsplit(".", 1)[-1] / support.slug(request.node.name)
    shutil.rmtree(test_dir, ignore_errors=True)
    opened = []

    def open_window(name="browser", *, bypass_csp=False, signed_in_as=None):
        context = chromium.new_context(
            storage_state=signed_in_states(signed_in_as) if signed_in_as else None,
            locale="id-ID",
            timezone_id="Asia/Makassar",
            viewport={"width": 1280, "height": 900},
            bypass_csp=bypass_csp,
            accept_downloads=True,
        )
        context.set_default_timeout(support.TIMEOUT_MS)
        page = context.new_page()
        visitor = support.Visitor(page, portal.url, test_dir / support.slug(name))
        context.expose_function("__spbeReportCsp", visitor.record_csp)
        context.add_init_script(support.CSP_LISTENER)

        def block_other_hosts(route):
            visitor.record_external(route.request.url)
            route.abort()

        context.route(lambda url: not url.startswith(portal.url), block_other_hosts)
        opened.append((context, visitor))
        return visitor

    yield open_window

    call_report = getattr(request.node, "report_call", None)
    for context, visitor in opened:
        if call_report is not None and call_report.failed:
            # A failed screenshot must not hide the test's own failure.
            with contextlib.suppress(Exception):
                visitor.shot("failure")
        context.close()
