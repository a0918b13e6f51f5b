"""skpd/permissions.py as a matrix: role × own / other unit × in / out of a reviewer's aspects."""

from types import SimpleNamespace

import pytest

from skpd import permissions
from skpd.roles import Role
from tests.factories import make_unit, make_user

OWN_UNIT, OTHER_UNIT = 1, 2
ASPECT_IN, ASPECT_OUT = 10, 20

ROLES = ["anonymous", "no_role", "officer", "reviewer", "reviewer_scoped", "executive", "admin"]


@pytest.fixture
def people(db):
    from indicators.models import Aspect
    from tests.factories import make_framework

    framework = make_framework()
    scoped_aspect = Aspect.objects.get(framework=framework, number=1)
    own = make_unit("OWN")
    other = make_unit("OTHER")
    users = {
        "anonymous": SimpleNamespace(is_authenticated=False),
        "no_role": make_user("tanpa-peran"),
        "officer": make_user("petugas", role=Role.OFFICER, unit=own),
        "reviewer": make_user("reviewer", role=Role.REVIEWER),
        "reviewer_scoped": make_user("reviewer-aspek", role=Role.REVIEWER, aspects=[scoped_aspect]),
        "executive": make_user("pimpinan", role=Role.EXECUTIVE),
        "admin": make_user("admin", role=Role.ADMIN),
    }
    return SimpleNamespace(
        users=users, own=own, other=other, aspect_in=scoped_aspect.pk, aspect_out=scoped_aspect.pk + 1000
    )


def _answer(unit, aspect_id):
    return SimpleNamespace(unit_id=unit.pk, indicator=SimpleNamespace(aspect_id=aspect_id))


# (function, expected set of roles that get True)
ROLE_ONLY = [
    (permissions.can_manage, {"admin"}),
    (permissions.can_manage_units, {"admin"}),
    (permissions.can_manage_people, {"admin"}),
    (permissions.can_manage_assignments, {"admin"}),
    (permissions.can_view_assignments, {"admin", "reviewer", "reviewer_scoped", "executive"}),
    (permissions.can_view_dashboard, {"admin", "reviewer", "reviewer_scoped", "executive"}),
    (permissions.can_export_period, {"admin", "reviewer", "reviewer_scoped", "executive"}),
    (permissions.can_record_results, {"admin", "reviewer", "reviewer_scoped"}),
    (permissions.can_reopen_period, {"admin"}),
    (permissions.can_view_framework, {"officer", "reviewer", "reviewer_scoped", "executive", "admin"}),
    (permissions.is_officer, {"officer"}),
    (permissions.can_use_worklist, {"officer"}),
    (permissions.can_view_review_queue, {"admin", "reviewer", "reviewer_scoped"}),
    (permissions.can_view_periods, {"officer", "reviewer", "reviewer_scoped", "executive", "admin"}),
    (permissions.can_open_indicator_reports, {"officer", "reviewer", "reviewer_scoped", "executive", "admin"}),
    (permissions.can_simulate, {"admin", "reviewer", "reviewer_scoped", "executive"}),
    (permissions.can_save_plans, {"admin", "reviewer", "reviewer_scoped"}),
    (permissions.can_set_caps, {"admin", "reviewer", "reviewer_scoped"}),
]


@pytest.mark.parametrize(("check", "allowed"), ROLE_ONLY, ids=[c.__name__ for c, _ in ROLE_ONLY])
def test_role_permissions(people, check, allowed):
    got = {role for role in ROLES if check(people.users[role])}
    assert got == allowed


# For answer-level checks: role → {(unit, aspect in reviewer scope?) that are allowed}
OWN_IN, OWN_OUT, OTHER_IN, OTHER_OUT = ("own", True), ("own", False), ("other", True), ("other", False)
ALL = {OWN_IN, OWN_OUT, OTHER_IN, OTHER_OUT}
ANSWER_MATRIX = {
    "can_view_answer": {
        "anonymous": set(),
        "no_role": set(),
        "officer": {OWN_IN, OWN_OUT},
        "reviewer": ALL,
        "reviewer_scoped": {OWN_IN, OTHER_IN},
        "executive": ALL,
        "admin": ALL,
    },
    "can_edit_answer": {
        "anonymous": set(),
        "no_role": set(),
        "officer": {OWN_IN, OWN_OUT},
        "reviewer": set(),
        "reviewer_scoped": set(),
        "executive": set(),
        "admin": set(),
    },
    "can_review_answer": {
        "anonymous": set(),
        "no_role": set(),
        "officer": set(),
        "reviewer": ALL,
        "reviewer_scoped": {OWN_IN, OTHER_IN},
        "executive": set(),
        "admin": ALL,
    },
}


@pytest.mark.parametrize("check_name", sorted(ANSWER_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_answer_permissions(people, check_name, role):
    check = getattr(permissions, check_name)
    got = set()
    for unit_key, in_scope in ALL:
        unit = people.own if unit_key == "own" else people.other
        answer = _answer(unit, people.aspect_in if in_scope else people.aspect_out)
        if check(people.users[role], answer):
            got.add((unit_key, in_scope))
    assert got == ANSWER_MATRIX[check_name][role]


def test_officer_sees_contributors_answer_only_when_their_unit_leads(people):
    officer = people.users["officer"]
    contributor_answer = _answer(people.other, people.aspect_in)
    assert not permissions.can_view_answer(officer, contributor_answer)
    assert permissions.can_view_answer(officer, contributor_answer, lead_unit_id=people.own.pk)
    assert not permissions.can_view_answer(officer, contributor_answer, lead_unit_id=people.other.pk)
    assert permissions.can_view_evidence(
        officer, SimpleNamespace(answer=contributor_answer), lead_unit_id=people.own.pk
    )


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("anonymous", False, False),
        ("no_role", False, False),
        ("officer", True, False),
        ("reviewer", True, True),
        ("executive", True, True),
        ("admin", True, True),
    ],
)
def test_view_unit(people, role, own, other):
    user = people.users[role]
    assert permissions.can_view_unit(user, people.own) is own
    assert permissions.can_view_unit(user, people.other) is other


def test_officer_without_unit_sees_nothing(db):
    officer = make_user("tanpa-unit", role=Role.OFFICER)
    assert not permissions.can_view_answer(officer, _answer(make_unit("X"), 1))
    assert not permissions.can_edit_answer(officer, _answer(make_unit("Y"), 1))


@pytest.mark.parametrize(
    ("role", "in_scope", "out_of_scope"),
    [
        ("anonymous", False, False),
        ("officer", False, False),
        ("executive", False, False),
        ("reviewer", True, True),
        ("reviewer_scoped", True, False),
        ("admin", True, True),
    ],
)
def test_feasible_caps_of_an_indicator(people, role, in_scope, out_of_scope):
    user = people.users[role]
    assert permissions.can_set_caps(user, SimpleNamespace(aspect_id=people.aspect_in)) is in_scope
    assert permissions.can_set_caps(user, SimpleNamespace(aspect_id=people.aspect_out)) is out_of_scope


def test_officer_answers_only_for_their_own_unit(people):
    officer = people.users["officer"]
    assert permissions.officer_unit(officer) == people.own
    assert permissions.can_answer_for_unit(officer, people.own)
    assert not permissions.can_answer_for_unit(officer, people.other)
    for role in ("admin", "reviewer", "executive", "no_role", "anonymous"):
        assert permissions.officer_unit(people.users[role]) is None
        assert not permissions.can_answer_for_unit(people.users[role], people.own)


def test_indicator_report_for_an_officer_needs_their_unit_assigned(people):
    officer, indicator = people.users["officer"], SimpleNamespace(aspect_id=people.aspect_in)
    assert permissions.can_view_indicator_report(officer, indicator, [people.own.pk, people.other.pk])
    assert not permissions.can_view_indicator_report(officer, indicator, [people.other.pk])
    scoped = people.users["reviewer_scoped"]
    assert permissions.can_view_indicator_report(scoped, indicator, [])
    assert not permissions.can_view_indicator_report(scoped, SimpleNamespace(aspect_id=people.aspect_out), [])


def test_summary_values_are_not_for_aspect_scoped_reviewers(people):
    """A summary-only year's index and domain values span every aspect."""
    got = {role for role in ROLES if permissions.can_record_summary(people.users[role])}
    assert got == {"admin", "reviewer"}
