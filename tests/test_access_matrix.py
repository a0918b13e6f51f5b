"""Every URL pattern × every role: the status each role gets (see tests/access.py).

A view added without an entry in some ``tests/**/access_cases*.py`` fails
``test_every_url_pattern_has_a_case``; a case whose expectation does not hold fails ``test_access``
with one line per role that got something else.
"""

import copy

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.access import ROLES, build_world, checked_patterns, collect_cases

CASES = collect_cases()


def _covered_names():
    return {case.name for case in CASES}


def test_every_url_pattern_has_a_case():
    covered = _covered_names()
    patterns = checked_patterns()
    unnamed = sorted(route for name, route in patterns if not name)
    missing = sorted({f"{name}  (/{route})" for name, route in patterns if name and name not in covered})
    known = {name for name, _route in patterns if name}
    stale = sorted({f"{case.name}  ({case.source})" for case in CASES if case.name not in known})
    problems = []
    if missing:
        problems.append(
            "URL patterns without an access case (add one to tests/<app>/access_cases.py):\n  " + "\n  ".join(missing)
        )
    if unnamed:
        problems.append("URL patterns without a name (the matrix needs one):\n  " + "\n  ".join(unnamed))
    if stale:
        problems.append("Access cases naming no URL pattern:\n  " + "\n  ".join(stale))
    assert not problems, "\n".join(problems)


def test_every_case_names_every_role_once():
    problems = []
    for case in CASES:
        if set(case.expect) != set(ROLES):
            problems.append(
                f"{case.id} ({case.source}): missing {sorted(set(ROLES) - set(case.expect))}, "
                f"unknown {sorted(set(case.expect) - set(ROLES))}"
            )
        if case.method not in ("get", "post", "put", "patch", "delete"):
            problems.append(f"{case.id}: unknown method {case.method!r}")
    ids = [case.id for case in CASES]
    problems += [f"duplicate case id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    assert not problems, "\n".join(problems)


# The acceptance rules, checked on the expectations themselves so a case cannot quietly relax them.
# The only pages an anonymous visitor may open: sign-in, health check, and password reset (for
# people who cannot sign in).
PUBLIC = {
    "login",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# POSTs that change no portal data, so an executive may send them (each with its reason).
EXECUTIVE_MAY_POST = {
    "logout": "ends one's own session",
    "periods:notifications": "marks one's own notifications read",
    "planning:whatif": "recomputes a what-if scenario without saving it",
}


def test_anonymous_is_sent_to_login_everywhere_but_public_pages():
    wrong = [
        f"{c.id} ({c.source}): anonymous {c.expect.get('anonymous')}"
        for c in CASES
        if c.name not in PUBLIC and c.expect.get("anonymous") != 302
    ]
    assert not wrong, "\n".join(wrong)


def test_executive_changes_nothing():
    wrong = [
        f"{c.id} ({c.source}): executive {c.expect.get('executive')}"
        for c in CASES
        if c.method != "get" and c.name not in EXECUTIVE_MAY_POST and c.expect.get("executive") != 403
    ]
    assert not wrong, "POSTs an executive may send must be listed in EXECUTIVE_MAY_POST with a reason:\n" + "\n".join(
        wrong
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end.

    Each test (``db``) and each role's request (a savepoint in ``test_access``) nest inside it, so
    every request sees the same world and nothing leaks out of the module.
    """
    overrides = override_settings(
        # Evidence files go to memory, not to var/evidence.
        STORAGES={**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}},
        # Cases that set a password need not pay for Argon2.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with overrides, django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        # One client per role for the whole module: a new Client loads the middleware again, and
        # WhiteNoise's scan of the static files would cost a quarter of a second per request.
        w.clients = {role: Client() for role in ROLES}
        for role, client in w.clients.items():
            if role != "anonymous":
                client.force_login(getattr(w, role))
        yield w
        transaction.set_rollback(True)


def _request(case, w, role):
    client = w.clients[role]
    # Whatever the request does to the cookies (log out, new session, messages) is undone with
    # the database, so the next case starts signed in as before.
    cookies = copy.deepcopy(client.cookies)
    try:
        url = case.url(w)
        data = case.data(w) if case.data else None
        headers = {"HX-Request": "true"} if case.htmx else {}
        return url, getattr(client, case.method)(url, data or {}, headers=headers)
    finally:
        client.cookies = cookies


def _acceptable(expected):
    return tuple(expected) if isinstance(expected, (tuple, list, set, frozenset)) else (expected,)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_access(case, world):
    login_url = reverse("login")
    failures = []
    for role in ROLES:
        expected = _acceptable(case.expect.get(role))
        # Each role starts from the same world: whatever a POST changed is rolled back.
        try:
            with transaction.atomic():
                url, response = _request(case, world, role)
                transaction.set_rollback(True)
        except Exception as exc:  # a 500 in the test client is an exception
            failures.append(f"{role:14} expected {expected}, raised {exc.__class__.__name__}: {exc}")
            continue
        status = response.status_code
        if status not in expected:
            where = f" → {response['Location']}" if status in (301, 302) else ""
            failures.append(f"{role:14} expected {expected}, got {status}{where}  {case.method.upper()} {url}")
        elif role == "anonymous" and status == 302 and not response["Location"].startswith(login_url):
            failures.append(f"{role:14} redirected to {response['Location']}, not to the login page")
    assert not failures, f"{case.id} ({case.source}):\n" + "\n".join(failures)
