"""Unit import messages reach English users in English (the msgid is the string Python sees)."""

import pytest
from django.utils import translation

from skpd import units
from skpd.roles import Role
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


def test_existing_code_message_in_english():
    admin = make_user("admin", role=Role.ADMIN)
    make_unit("BAPPEDA", "Nama Lama")
    data = b"code,name,short_name,kind\nBAPPEDA,Badan Perencanaan,Bappeda,badan\n"
    with translation.override("en"), pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, data)
    message = caught.value.errors[0].message
    assert message == "code BAPPEDA is already registered (Nama Lama); tick “update existing ones” to update it"
