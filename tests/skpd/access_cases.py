"""Access cases of the units and people pages: administrators only; everyone else 403, anonymous to login."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skpd.roles import Role
from tests.access import AccessCase

DENIED = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 403,
    "reviewer": 403,
    "reviewer_out": 403,
    "executive": 403,
}
ADMIN_PAGE = {**DENIED, "admin": 200}
ADMIN_WRITE = {**DENIED, "admin": 302}  # a valid form saves and redirects to the list


def _unit_csv(w):
    return {
        "file": SimpleUploadedFile("skpd.csv", b"code,name,short_name,kind\nBARU,Badan Baru,Baru,badan\n", "text/csv")
    }


def _person(w, **extra):
    return {
        "first_name": "Petugas",
        "last_name": "Lain",
        "email": "",
        "role": Role.OFFICER,
        "unit": w.unit_other.pk,
        "is_active": "on",
        **extra,
    }


CASES = [
    AccessCase(name="skpd:unit_list", url=lambda w: reverse("skpd:unit_list"), expect=ADMIN_PAGE),
    AccessCase(
        name="skpd:unit_list",
        label="htmx",
        htmx=True,
        url=lambda w: reverse("skpd:unit_list") + "?kind=dinas",
        expect=ADMIN_PAGE,
    ),
    AccessCase(name="skpd:unit_create", url=lambda w: reverse("skpd:unit_create"), expect=ADMIN_PAGE),
    AccessCase(
        name="skpd:unit_create",
        method="post",
        url=lambda w: reverse("skpd:unit_create"),
        data=lambda w: {"code": "BARU", "name": "Badan Baru", "short_name": "Baru", "kind": "badan", "is_active": "on"},
        expect=ADMIN_WRITE,
    ),
    AccessCase(
        name="skpd:unit_edit", url=lambda w: reverse("skpd:unit_edit", args=[w.unit_other.pk]), expect=ADMIN_PAGE
    ),
    AccessCase(
        name="skpd:unit_edit",
        method="post",
        url=lambda w: reverse("skpd:unit_edit", args=[w.unit_other.pk]),
        data=lambda w: {
            "code": "OTHER",
            "name": "Dinas Lain Baru",
            "short_name": "",
            "kind": "dinas",
            "is_active": "on",
        },
        expect=ADMIN_WRITE,
    ),
    AccessCase(name="skpd:unit_import", url=lambda w: reverse("skpd:unit_import"), expect=ADMIN_PAGE),
    AccessCase(
        name="skpd:unit_import",
        method="post",
        url=lambda w: reverse("skpd:unit_import"),
        data=_unit_csv,
        expect=ADMIN_WRITE,
    ),
    AccessCase(name="skpd:people_list", url=lambda w: reverse("skpd:people_list"), expect=ADMIN_PAGE),
    AccessCase(name="skpd:person_create", url=lambda w: reverse("skpd:person_create"), expect=ADMIN_PAGE),
    AccessCase(
        name="skpd:person_create",
        method="post",
        url=lambda w: reverse("skpd:person_create"),
        data=lambda w: _person(
            w, username="petugas-baru", password1="Rahasia-Baru-2026", password2="Rahasia-Baru-2026"
        ),
        expect=ADMIN_WRITE,
    ),
    AccessCase(
        name="skpd:person_edit", url=lambda w: reverse("skpd:person_edit", args=[w.officer_other.pk]), expect=ADMIN_PAGE
    ),
    AccessCase(
        name="skpd:person_edit",
        method="post",
        url=lambda w: reverse("skpd:person_edit", args=[w.officer_other.pk]),
        data=_person,
        expect=ADMIN_WRITE,
    ),
    AccessCase(
        name="skpd:person_password",
        url=lambda w: reverse("skpd:person_password", args=[w.officer_other.pk]),
        expect=ADMIN_PAGE,
    ),
    AccessCase(
        name="skpd:person_password",
        method="post",
        url=lambda w: reverse("skpd:person_password", args=[w.officer_other.pk]),
        data=lambda w: {"password1": "Rahasia-Baru-2026", "password2": "Rahasia-Baru-2026"},
        expect=ADMIN_WRITE,
    ),
]
