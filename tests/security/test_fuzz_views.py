"""Bad input to every page, property-based: random GET filters on every GET view and random values in
every form the access matrix posts. Never a 500 (the test client re-raises it); a 400 says which
field was wrong.

Runs in the access matrix's world (tests/access.py), as the roles that may use each page.
"""

import copy
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access import collect_cases
from tests.security.strategies import query_value
from tests.test_access_matrix import world  # noqa: F401  (the module-scoped world fixture)

pytestmark = pytest.mark.django_db

# Every GET parameter name a filter form of the portal reads, plus a few it does not.
FILTER_NAMES = [
    "periode", "seri", "period", "series", "status", "unit", "aspect", "overdue", "target", "caps",
    "halaman", "page", "q", "kind", "active", "role", "tahun", "skpd", "aspek", "next",
]  # fmt: skip
# What a 400 names: the label of the field that was wrong.
FIELD_LABELS = [
    "Periode", "Seri", "Target", "Status", "Perangkat daerah", "Aspek", "Jenis", "Cari", "Aktif", "Batas",
    "Peran", "terlambat",
]  # fmt: skip
ALLOWED = {200, 302, 400, 403, 404, 405, 409}
FUZZ = settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))

CASES = collect_cases()
# Signing out is not a form; the language switch is skipped by the matrix too.
GET_CASES = [c for c in CASES if c.method == "get"]
POST_CASES = [c for c in CASES if c.method == "post" and c.name != "logout"]


def _statuses(expected):
    return set(expected) if isinstance(expected, (tuple, list, set, frozenset)) else {expected}


def users_of(case):
    """The signed-in roles the case lets through (not 403), widest first."""
    order = ["admin", "reviewer_out", "reviewer", "officer_own", "executive", "officer_other"]
    return [r for r in order if _statuses(case.expect[r]) - {403, 404, 302}] or ["admin"]


def with_query(url, params):
    return url + ("&" if "?" in url else "?") + urlencode(params)


def send(w, role, method, url, data=None, htmx=False):
    client = w.clients[role]
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            headers = {"HX-Request": "true"} if htmx else {}
            response = getattr(client, method)(url, data or {}, headers=headers)
            transaction.set_rollback(True)
        return response
    finally:
        client.cookies = cookies


def assert_handled(response, url, sent):
    assert response.status_code in ALLOWED, f"{response.status_code} for {url} {sent!r}"
    if response.status_code == 400 and response.get("Content-Type", "").startswith("text/html"):
        text = response.content.decode()
        assert any(label in text for label in FIELD_LABELS) or "periksa" in text.lower(), (url, sent, text[:500])


@pytest.mark.parametrize("case", GET_CASES, ids=[c.id for c in GET_CASES])
@FUZZ
@given(
    params=st.dictionaries(st.sampled_from(FILTER_NAMES), query_value, min_size=1, max_size=4),
    pick=st.integers(min_value=0, max_value=5),
    htmx=st.booleans(),
)
def test_get_filters_never_500(world, case, params, pick, htmx):  # noqa: F811
    roles = users_of(case)
    role = roles[pick % len(roles)]
    url = with_query(case.url(world), params)
    assert_handled(send(world, role, "get", url, htmx=htmx or case.htmx), url, params)


@pytest.mark.parametrize("case", POST_CASES, ids=[c.id for c in POST_CASES])
@FUZZ
@given(
    values=st.lists(query_value, min_size=8, max_size=8),
    replace=st.lists(st.booleans(), min_size=8, max_size=8),
    drop=st.sets(st.integers(min_value=0, max_value=7), max_size=2),
    extra=st.dictionaries(st.sampled_from(FILTER_NAMES + ["action", "level_1", "domain_1"]), query_value, max_size=2),
    pick=st.integers(min_value=0, max_value=5),
)
def test_forms_never_500(world, case, values, replace, drop, extra, pick):  # noqa: F811
    """The case's valid form data with some values replaced by hostile ones, some left out, some added."""
    roles = users_of(case)
    role = roles[pick % len(roles)]
    data = {}
    for i, (key, value) in enumerate((case.data(world) if case.data else {}).items()):
        if i % 8 in drop:
            continue
        if isinstance(value, SimpleUploadedFile) or not replace[i % 8]:
            data[key] = value
        else:
            data[key] = values[i % 8]
    data.update(extra)
    url = case.url(world)
    assert_handled(send(world, role, "post", url, data=data, htmx=case.htmx), url, data)


# --- explicit: a bad filter is a 400 naming the field --------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "query", "label"),
    [
        ("reports:dashboard", {"periode": "abc"}, "Periode"),
        ("reports:dashboard", {"periode": "1900"}, "Periode"),
        ("reports:dashboard", {"seri": "tebakan"}, "Seri"),
        ("reports:brief", {"periode": "2026x"}, "Periode"),
        ("periods:review_queue", {"status": "hapus"}, "Status"),
        ("periods:review_queue", {"unit": "99999999999999999999"}, "Perangkat daerah"),
        ("periods:review_queue", {"aspect": "-1"}, "Aspek"),
        ("planning:road", {"target": "9,99"}, "Target"),
        ("planning:road", {"target": "NaN"}, "Target"),
        ("planning:whatif", {"seri": "x"}, "Seri"),
        ("planning:plan_list", {"periode": "abc"}, "Periode"),
        ("planning:whatif", {"series": "x"}, "Seri"),  # the old names: a 400 too, not a redirect to one
        ("planning:plan_list", {"period": "abc"}, "Periode"),
        ("periods:review_queue", {"periode": "abc"}, "Periode"),
        ("periods:review_queue", {"periode": "1900"}, "Periode"),
        ("periods:review_queue", {"period": "abc"}, "Periode"),
        ("periods:review_queue", {"period": "99999999999999999999", "status": "submitted"}, "Periode"),
        ("assignments:index", {"periode": "2026x"}, "Periode"),
        ("assignments:index", {"period": "-1"}, "Periode"),
        ("evaluations:worklist", {"periode": "1900"}, "Periode"),
        ("evaluations:worklist", {"period": "abc"}, "Periode"),
    ],
)
def test_bad_filter_is_400_naming_the_field(world, url_name, query, label):  # noqa: F811
    url = with_query(reverse(url_name), query)
    response = send(world, "officer_own" if url_name == "evaluations:worklist" else "admin", "get", url)
    assert response.status_code == 400, url
    assert label in response.content.decode()


@pytest.mark.parametrize("next_value", ["0", "home", "admin:index", "https://jahat.example/", "//jahat.example/x"])
def test_review_actions_go_back_only_to_a_path_of_this_site(world, next_value):  # noqa: F811
    """A "next" that is not a path of this site falls back to the queue (was NoReverseMatch → 500 for "0")."""
    response = send(
        world,
        "admin",
        "post",
        reverse("evaluations:bulk_verify"),
        data={"answer_ids": [world.answer_own.pk], "next": next_value},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("periods:review_queue") or response["Location"].startswith(
        reverse("periods:review_queue")
    )


@pytest.mark.parametrize(
    "url_name", ["skpd:people_list", "skpd:unit_list", "periods:review_queue", "reports:dashboard"]
)
def test_nul_in_a_search_or_filter_is_not_a_500(world, url_name):  # noqa: F811
    """PostgreSQL refuses NUL in a query parameter; the page must not pass it through."""
    url = with_query(reverse(url_name), {"q": "a\x00b", "status": "\x00", "periode": "\x00"})
    response = send(world, "admin", "get", url)
    assert response.status_code in (200, 400)


SWEEP_VALUES = ["a\x00b", "99999999999999999999", "-1", "1e999999999", "<script>"]


@pytest.mark.parametrize("case", GET_CASES, ids=[c.id for c in GET_CASES])
def test_every_filter_name_with_each_nasty_value(world, case):  # noqa: F811
    """Deterministic sweep beside the random one: every filter name at once with each nasty value."""
    role = users_of(case)[0]
    for value in SWEEP_VALUES:
        params = dict.fromkeys(FILTER_NAMES, value)
        url = with_query(case.url(world), params)
        assert_handled(send(world, role, "get", url, htmx=case.htmx), url, params)


@pytest.mark.parametrize("case", POST_CASES, ids=[c.id for c in POST_CASES])
def test_every_form_field_with_each_nasty_value(world, case):  # noqa: F811
    """Every value of the case's form replaced by each nasty value in turn (files kept)."""
    role = users_of(case)[0]
    url = case.url(world)
    for value in SWEEP_VALUES:
        original = case.data(world) if case.data else {}
        data = {k: v if isinstance(v, SimpleUploadedFile) else value for k, v in original.items()}
        assert_handled(send(world, role, "post", url, data=data, htmx=case.htmx), url, data)


@pytest.mark.parametrize("value", ["²", "٣", "9223372036854775808", "9" * 40])
def test_id_lists_with_odd_digits_are_not_a_500(world, value):  # noqa: F811
    """ "²".isdigit() is true but int("²") fails; 2**63 overflows the id column (both were 500s)."""
    verify = send(world, "admin", "post", reverse("evaluations:bulk_verify"), data={"answer_ids": [value], "next": "/"})
    assert verify.status_code == 302
    read = send(world, "admin", "post", reverse("periods:notifications"), data={"ids": [value]})
    assert read.status_code == 302
    save = send(
        world,
        "officer_own",
        "post",
        reverse("evaluations:answer_save", args=[world.answer_own.pk]),
        data={
            "proposed_level": "3",
            "explanation": "x",
            "base_version": world.answer_own.version,
            "overwrite_version": value,
        },
    )
    assert save.status_code in (200, 302, 400, 409)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name != "logout"], ids=[c.id for c in CASES if c.name != "logout"]
)
def test_huge_ids_in_the_path_are_404_not_500(world, case):  # noqa: F811
    """Every number in the path replaced by one over 2**63 (a guessed or mangled link)."""
    import re

    url = case.url(world)
    huge = re.sub(r"/\d+(?=[/.]|$)", "/99999999999999999999999", url.split("?")[0])
    if huge == url.split("?")[0]:
        return  # no id in this path
    data = case.data(world) if case.data else None
    response = send(world, users_of(case)[0], case.method, huge, data=data, htmx=case.htmx)
    assert response.status_code in (403, 404), (huge, response.status_code)
