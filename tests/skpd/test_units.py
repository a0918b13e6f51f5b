"""Units: the CSV import (every bad row reported, nothing saved), the pages, the import_units command."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from skpd import units
from skpd.models import Unit
from skpd.roles import Role
from tests.factories import make_unit, make_user

GOOD = "code,name,short_name,kind\nBAPPEDA,Badan Perencanaan Pembangunan Daerah,Bappeda,badan\nRSUD-ULIN,RSUD Ulin,RSUD Ulin,Rumah sakit\n"


@pytest.fixture
def admin(db):
    return make_user("admin", role=Role.ADMIN)


def test_import_creates_units(admin):
    report = units.import_units(admin, GOOD.encode())
    assert [u.code for u in report.created] == ["BAPPEDA", "RSUD-ULIN"]
    assert Unit.objects.get(code="RSUD-ULIN").kind == Unit.Kind.RUMAH_SAKIT  # label accepted


def test_every_bad_row_reported_and_nothing_saved(admin):
    data = (
        "code,name,short_name,kind\n"
        "BAIK,Dinas Baik,Baik,dinas\n"  # line 2: good
        ",Tanpa Kode,,dinas\n"  # line 3: code missing
        "DUA,,Dua,planet\n"  # line 4: name missing and kind unknown
        "BAIK,Dinas Baik Lagi,,dinas\n"  # line 5: duplicate of line 2
        "EKSTRA,Dinas,X,dinas,lebih\n"  # line 6: five columns
        "SPASI ADA,Dinas Spasi,,dinas\n"  # line 7: bad code characters
    )
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, data.encode())
    got = [(e.line, e.field) for e in caught.value.errors]
    assert got == [(3, "code"), (4, "name"), (4, "kind"), (5, "code"), (6, "baris"), (7, "code")]
    assert "baris 2" in caught.value.errors[3].message
    assert "planet" in caught.value.errors[2].message
    assert not Unit.objects.exists()


def test_header_must_match(admin):
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, b"kode,nama\nX,Y\n")
    assert caught.value.errors[0].line == 1


def test_not_utf8_is_refused(admin):
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, "code,name,short_name,kind\nX,Dinas Ü,,dinas\n".encode("latin-1"))
    assert "UTF-8" in caught.value.errors[0].message


def test_existing_code_refused_unless_update_existing(admin):
    make_unit("BAPPEDA", "Nama Lama", short_name="Lama")
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, GOOD.encode())
    assert [(e.line, e.field) for e in caught.value.errors] == [(2, "code")]
    assert "perbarui yang sudah ada" in caught.value.errors[0].message
    assert Unit.objects.count() == 1  # RSUD-ULIN, although good, was not saved either
    assert Unit.objects.get().name == "Nama Lama"

    report = units.import_units(admin, GOOD.encode(), update_existing=True)
    assert [u.code for u in report.updated] == ["BAPPEDA"]
    assert [u.code for u in report.created] == ["RSUD-ULIN"]
    assert Unit.objects.get(code="BAPPEDA").name == "Badan Perencanaan Pembangunan Daerah"
    again = units.import_units(admin, GOOD.encode(), update_existing=True)
    assert len(again.unchanged) == 2 and not again.created and not again.updated


def test_update_keeps_active_flag(admin):
    make_unit("BAPPEDA", is_active=False)
    units.import_units(admin, GOOD.encode(), update_existing=True)
    assert not Unit.objects.get(code="BAPPEDA").is_active


def test_only_admin_may_import(db):
    reviewer = make_user("reviewer", role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        units.import_units(reviewer, GOOD.encode())
    assert not Unit.objects.exists()


def test_import_page_shows_every_error_with_status_400(client, admin):
    client.force_login(admin)
    bad = b"code,name,short_name,kind\nA,Dinas A,,dinas\nB,,,dinas\nC,Dinas C,,galaksi\n"
    response = client.post(reverse("skpd:unit_import"), {"file": SimpleUploadedFile("unit.csv", bad)})
    assert response.status_code == 400
    text = response.text
    assert "2 kesalahan" in text and "unit.csv" in text
    assert "galaksi" in text
    assert not Unit.objects.exists()


def test_import_page_saves_good_file(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("skpd:unit_import"), {"file": SimpleUploadedFile("unit.csv", GOOD.encode())}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("skpd:unit_list")
    assert "2 ditambahkan" in response.text
    assert Unit.objects.count() == 2


def test_import_units_command(tmp_path, db):
    path = tmp_path / "units.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_units", str(path))
    assert Unit.objects.count() == 2
    with pytest.raises(CommandError, match="baris 2, kolom code"):
        call_command("import_units", str(path))
    call_command("import_units", str(path), "--update-existing")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_units", str(tmp_path / "tidak-ada.csv"))


def test_unit_list_filters_and_bad_filter(client, admin):
    make_unit("DINKES", "Dinas Kesehatan", kind="dinas")
    make_unit("BKD", "Badan Kepegawaian Daerah", kind="badan", is_active=False)
    client.force_login(admin)
    page = client.get(reverse("skpd:unit_list"), {"kind": "badan"})
    assert "Badan Kepegawaian Daerah" in page.text and "Dinas Kesehatan" not in page.text
    page = client.get(reverse("skpd:unit_list"), {"active": "1", "q": "kes"})
    assert "Dinas Kesehatan" in page.text and "Badan Kepegawaian" not in page.text
    fragment = client.get(reverse("skpd:unit_list"), {"q": "BKD"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Badan Kepegawaian Daerah" in fragment.text
    bad = client.get(reverse("skpd:unit_list"), {"kind": "planet"})
    assert bad.status_code == 400
    assert "Filter tidak valid" in bad.text


def test_unit_create_and_edit(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("skpd:unit_create"),
        {"code": "DLH", "name": "Dinas Lingkungan Hidup", "short_name": "DLH", "kind": "dinas", "is_active": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="DLH")
    duplicate = client.post(reverse("skpd:unit_create"), {"code": "DLH", "name": "Lain", "kind": "dinas"})
    assert duplicate.status_code == 400
    response = client.post(
        reverse("skpd:unit_edit", args=[unit.pk]), {"code": "DLH", "name": "Dinas LH", "kind": "dinas"}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Dinas LH" and not unit.is_active


@pytest.mark.parametrize("count", [3, 30])
def test_unit_list_query_count(client, admin, django_assert_max_num_queries, count):
    for i in range(count):
        make_unit(f"U{i}")
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("skpd:unit_list"))
    assert response.status_code == 200
    assert response.text.count("/ubah/") == count


# --- bounds (issue 17): bytes, rows, and the error list ------------------------------------------


def test_import_over_the_row_limit_is_refused_before_rows_are_checked(admin, settings):
    settings.IMPORT_MAX_ROWS = 20
    data = "code,name,short_name,kind\n" + "".join(f"U{n},Unit {n},,badan\n" for n in range(30))
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, data.encode())
    assert [str(e) for e in caught.value.errors] == [
        "baris 22, kolom baris: lebih dari 20 baris; bagi berkas menjadi beberapa bagian"
    ]
    assert not Unit.objects.exists()


def test_import_over_the_byte_limit_is_refused(admin, settings, client):
    settings.IMPORT_MAX_BYTES = 1024
    data = ("code,name,short_name,kind\n" + "U1,Unit,,badan\n" * 100).encode()
    with pytest.raises(units.UnitImportError, match="terlalu besar"):
        units.import_units(admin, data)
    client.force_login(admin)
    response = client.post(reverse("skpd:unit_import"), {"file": SimpleUploadedFile("unit.csv", data)})
    assert response.status_code == 400 and "maksimum 1 KB" in response.text
    assert "unit.csv: file terlalu besar" in response.text
    assert not Unit.objects.exists()


def test_import_errors_are_capped_with_a_count_of_the_rest(admin, client):
    data = ("code,name,short_name,kind\n" + "U1,,,badan\n" * 80).encode()  # 80 rows without a name
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, data)
    assert caught.value.total > 80 and len(caught.value.errors) == 51
    assert caught.value.errors[-1].message == f"dan {caught.value.total - 50} kesalahan lainnya"
    client.force_login(admin)
    response = client.post(reverse("skpd:unit_import"), {"file": SimpleUploadedFile("unit.csv", data)})
    assert response.status_code == 400
    assert f"{caught.value.total} kesalahan" in response.text
    assert response.text.count('<tr><td class="num">') == 51


def test_import_units_command_bad_file_exits_2(tmp_path, db):
    path = tmp_path / "unit.csv"
    path.write_text("code,name,short_name,kind\nX,,,badan\n", encoding="utf-8")
    for target in (path, tmp_path / "tidak-ada.csv"):
        with pytest.raises(CommandError) as excinfo:
            call_command("import_units", str(target))
        assert excinfo.value.returncode == 2
