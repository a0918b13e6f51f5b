"""People and roles: the role groups from the migration, the people page and its service, the admin, the header."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Aspect
from skpd import people
from skpd.roles import GROUP_NAMES, Role, role_of, unit_of
from tests.factories import make_framework, make_unit, make_user

User = get_user_model()


@pytest.fixture
def admin(db):
    return make_user("admin", role=Role.ADMIN)


def test_migration_creates_the_four_groups_with_permissions(db):
    groups = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert set(GROUP_NAMES.values()) <= set(groups)
    officer, reviewer = groups["Petugas SKPD"], groups["Reviewer"]
    executive, administrator = groups["Pimpinan"], groups["Administrator"]
    assert {"change_answer", "add_evidence", "view_indicator"} <= officer
    assert "change_stageresult" not in officer and "change_unit" not in officer
    assert {"view_answer", "change_answer", "change_stageresult"} <= reviewer
    assert executive and all(code.startswith("view_") for code in executive)
    assert {"change_unit", "add_period", "change_assignment", "change_user", "change_framework"} <= administrator


def test_create_person_sets_role_unit_and_scope(admin):
    make_framework()
    unit = make_unit("DISKOMINFO")
    aspect = Aspect.objects.get(number=3)
    reviewer = people.create_person(
        admin, username="rev", role=Role.REVIEWER, password="x", unit=unit, aspects=[aspect]
    )
    reviewer = User.objects.get(pk=reviewer.pk)
    assert role_of(reviewer) == Role.REVIEWER and unit_of(reviewer) == unit
    assert list(reviewer.profile.review_aspects.all()) == [aspect]

    # a change of role drops the old group and, for non-reviewers, the review scope
    people.update_person(admin, reviewer, role=Role.EXECUTIVE, unit=None, aspects=[aspect])
    reviewer = User.objects.get(pk=reviewer.pk)
    assert role_of(reviewer) == Role.EXECUTIVE
    assert [g.name for g in reviewer.groups.all()] == ["Pimpinan"]
    assert not reviewer.profile.review_aspects.exists()


def test_officer_needs_an_active_unit(admin):
    with pytest.raises(ValidationError):
        people.create_person(admin, username="op", role=Role.OFFICER, password="x")
    closed = make_unit("TUTUP", is_active=False)
    with pytest.raises(ValidationError):
        people.create_person(admin, username="op", role=Role.OFFICER, password="x", unit=closed)
    assert not User.objects.filter(username="op").exists()


def test_admin_cannot_demote_or_deactivate_self(admin):
    with pytest.raises(ValidationError):
        people.update_person(admin, admin, role=Role.REVIEWER)
    with pytest.raises(ValidationError):
        people.update_person(admin, admin, role=Role.ADMIN, is_active=False)
    assert role_of(User.objects.get(pk=admin.pk)) == Role.ADMIN


def test_only_admin_manages_people(db):
    from django.core.exceptions import PermissionDenied

    reviewer = make_user("reviewer", role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        people.create_person(reviewer, username="x", role=Role.EXECUTIVE, password="x")


def test_people_page_create_edit_password(client, admin):
    unit = make_unit("BKD", "Badan Kepegawaian Daerah", short_name="BKD")
    client.force_login(admin)
    data = {
        "username": "op-bkd",
        "first_name": "Operator",
        "role": Role.OFFICER,
        "unit": unit.pk,
        "password1": "Rahasia-Baru-2026",
        "password2": "Rahasia-Baru-2026",
    }
    assert client.post(reverse("skpd:person_create"), data).status_code == 302
    person = User.objects.get(username="op-bkd")
    assert person.check_password("Rahasia-Baru-2026") and unit_of(person) == unit

    duplicate = client.post(reverse("skpd:person_create"), data)
    assert duplicate.status_code == 400 and "sudah dipakai" in duplicate.text
    no_unit = client.post(reverse("skpd:person_create"), {**data, "username": "op-x", "unit": ""})
    assert no_unit.status_code == 400 and "harus memiliki perangkat daerah" in no_unit.text
    weak = client.post(
        reverse("skpd:person_create"), {**data, "username": "op-y", "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 400

    listing = client.get(reverse("skpd:people_list"))
    assert "op-bkd" in listing.text and "Petugas SKPD" in listing.text and "BKD" in listing.text
    only_reviewers = client.get(reverse("skpd:people_list"), {"role": "reviewer"})
    assert "op-bkd" not in only_reviewers.text
    assert client.get(reverse("skpd:people_list"), {"role": "raja"}).status_code == 400

    edit = client.post(
        reverse("skpd:person_edit", args=[person.pk]),
        {"role": Role.EXECUTIVE, "first_name": "Kepala", "is_active": "on"},
    )
    assert edit.status_code == 302
    assert role_of(User.objects.get(pk=person.pk)) == Role.EXECUTIVE

    mismatch = client.post(
        reverse("skpd:person_password", args=[person.pk]), {"password1": "Rahasia-Lain-2026", "password2": "beda"}
    )
    assert mismatch.status_code == 400
    ok = client.post(
        reverse("skpd:person_password", args=[person.pk]),
        {"password1": "Rahasia-Lain-2026", "password2": "Rahasia-Lain-2026"},
    )
    assert ok.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("Rahasia-Lain-2026")


@pytest.mark.parametrize("count", [3, 30])
def test_people_list_query_count(client, admin, django_assert_max_num_queries, count):
    make_framework()
    aspect = Aspect.objects.first()
    unit = make_unit("DINKES")
    for i in range(count):
        make_user(f"op-{i}", role=Role.OFFICER, unit=unit)
        make_user(f"rev-{i}", role=Role.REVIEWER, aspects=[aspect])
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("skpd:people_list"))
    assert len(re.findall(r"/skpd/pengguna/\d+/kata-sandi/", response.text)) == 2 * count + 1


@pytest.mark.parametrize(
    ("role", "unit_code", "label"),
    [
        (Role.OFFICER, "DINKES", "Petugas SKPD"),
        (Role.REVIEWER, "DISKOMINFO", "Peninjau"),
        (Role.EXECUTIVE, "SETDA-ADPIM", "Pimpinan"),
        (Role.ADMIN, "DISKOMINFO", "Administrator"),
    ],
)
def test_header_shows_role_and_unit_for_every_role(client, db, role, unit_code, label):
    unit = make_unit(unit_code, short_name=f"Singkat {unit_code}")
    client.force_login(make_user("orang", role=role, unit=unit))
    page = client.get(reverse("password_change"))
    assert f'<span class="who-role">{label}' in page.text
    assert f'<span class="who-unit">Singkat {unit_code}</span>' in page.text


def test_admin_user_page_has_profile_inline(client, db):
    superuser = User.objects.create_superuser("root", password="x")
    unit = make_unit("DISKOMINFO")
    officer = make_user("op", role=Role.OFFICER, unit=unit)
    client.force_login(superuser)
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert listing.status_code == 200 and "Petugas SKPD" in listing.text
    page = client.get(reverse("admin:auth_user_change", args=[officer.pk]))
    assert page.status_code == 200 and "profile-0-unit" in page.text and "review_aspects" in page.text
    assert client.get(reverse("admin:skpd_unit_changelist"), {"q": "DISKO"}).status_code == 200
