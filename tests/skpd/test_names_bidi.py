"""Names refuse bidirectional control characters (U+202E and the others): the unit form, the unit import, people."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from skpd import people, units
from skpd.models import Unit
from skpd.roles import Role
from skpd.validators import BIDI_CONTROLS
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db

RLO = "\u202e"


@pytest.fixture
def admin(db):
    return make_user("admin", role=Role.ADMIN)


def test_every_bidi_control_is_listed():
    expected = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F]}
    assert expected == BIDI_CONTROLS


@pytest.mark.parametrize("field", ["name", "short_name"])
def test_unit_form_refuses_a_right_to_left_override(client, admin, field):
    client.force_login(admin)
    data = {"code": "DISKOMINFO", "name": "Dinas Kominfo", "short_name": "Kominfo", "kind": "dinas", "is_active": "on"}
    data[field] = f"Dinas {RLO}ofnimok"

    response = client.post(reverse("skpd:unit_create"), data)

    assert response.status_code == 400
    assert "pengatur arah teks (U+202E)" in response.text
    assert not Unit.objects.exists()


def test_unit_edit_refuses_it_and_keeps_the_name(client, admin):
    unit = make_unit("BKD", "Badan Kepegawaian Daerah", short_name="BKD")
    client.force_login(admin)
    data = {"code": "BKD", "name": "Badan Kepegawaian Daerah", "short_name": "\u2067BKD", "kind": "badan"}

    response = client.post(reverse("skpd:unit_edit", args=[unit.pk]), data)

    assert response.status_code == 400 and "U+2067" in response.text
    unit.refresh_from_db()
    assert unit.short_name == "BKD"


def test_unit_service_refuses_it(admin):
    with pytest.raises(ValidationError) as caught:
        units.create_unit(admin, code="X", name=f"Dinas{RLO}", kind="dinas")
    assert "name" in caught.value.message_dict
    assert not Unit.objects.exists()


def test_unit_import_names_the_row_and_field(admin):
    data = (
        "code,name,short_name,kind\n"
        "BAIK,Dinas Baik,Baik,dinas\n"
        f"JAHAT,Dinas {RLO}tahaJ,Jahat,dinas\n"
        f"LAIN,Dinas Lain,\u200fLain,dinas\n"
    )
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, data.encode())
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "name"), (4, "short_name")]
    assert "U+202E" in str(caught.value.errors[0]) and "U+200F" in str(caught.value.errors[1])
    assert str(caught.value.errors[0]).startswith("baris 3, kolom name:")
    assert not Unit.objects.exists()


def test_people_refuse_it_in_first_and_last_name(client, admin):
    unit = make_unit("BKD", "Badan Kepegawaian Daerah", short_name="BKD")
    client.force_login(admin)
    data = {
        "username": "op-bkd",
        "first_name": f"Ope{RLO}rator",
        "last_name": "Satu",
        "role": Role.OFFICER,
        "unit": unit.pk,
        "password1": "Rahasia-Baru-2026",
        "password2": "Rahasia-Baru-2026",
    }
    response = client.post(reverse("skpd:person_create"), data)
    assert response.status_code == 400 and "U+202E" in response.text
    assert not get_user_model().objects.filter(username="op-bkd").exists()

    with pytest.raises(ValidationError) as caught:
        people.create_person(
            admin, username="op-x", role=Role.EXECUTIVE, password="Rahasia-Baru-2026", last_name="\u2066Dua"
        )
    assert list(caught.value.message_dict) == ["last_name"]
    person = make_user("eksekutif", role=Role.EXECUTIVE)
    with pytest.raises(ValidationError):
        people.update_person(admin, person, role=Role.EXECUTIVE, first_name="\u202aSatu")
    first_name = person.first_name
    person.refresh_from_db()
    assert person.first_name == first_name
