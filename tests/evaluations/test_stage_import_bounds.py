"""Stage-result imports are bounded: bytes, an .xlsx's unpacked sheet size, rows, and the error list.

The two files of the attack drill (issue 17) are built here: a 25 KB .xlsx of 200,000 rows and a
60 KB .xlsx of two million empty rows. Both are refused with the limit's message before a single
row is checked (their time and memory are measured by bench/import_bombs.py, not here).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.import_bombs import bomb_200k_rows, bomb_two_million_empty_rows, xlsx_with_sheet
from evaluations.errors import ImportRowsError
from evaluations.models import StageResult
from evaluations.periods import services as periods
from skpd.roles import Role
from tests.factories import make_period, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return make_user("reviewer", role=Role.REVIEWER)


@pytest.fixture
def period():
    return make_period(status="in_review")


@pytest.fixture
def no_row_checked(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("rows were checked although the file is over a limit")

    monkeypatch.setattr(periods, "parse_stage_rows", fail)


def refused(reviewer, period, upload):
    with pytest.raises(ImportRowsError) as excinfo:
        periods.import_stage_results(reviewer, period, "dokumen", upload)
    assert not StageResult.objects.exists()
    assert len(excinfo.value.errors) == 1
    return excinfo.value.errors[0]


def test_the_200k_row_bomb_is_refused_at_the_row_limit(reviewer, period, no_row_checked):
    data = bomb_200k_rows()
    assert len(data) < 40_000  # the drill's file: tens of KB
    message = refused(reviewer, period, SimpleUploadedFile("bom.xlsx", data))
    assert "bom.xlsx: lebih dari 5000 baris" in message


def test_the_two_million_empty_rows_bomb_is_refused_by_its_unpacked_size(reviewer, period, no_row_checked):
    data = bomb_two_million_empty_rows()
    assert len(data) < 100_000
    message = refused(reviewer, period, SimpleUploadedFile("kosong.xlsx", data))
    assert "kosong.xlsx: bagian xl/worksheets/sheet1.xml berukuran" in message and "maksimum 10 MB" in message


def test_a_small_sheet_with_a_far_row_number_stops_at_the_row_limit(reviewer, period, no_row_checked):
    """Two rows, 1 and 2,000,000: openpyxl would yield the gap as empty rows, read one by one."""
    data = xlsx_with_sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c></row><row r="2000000"><c r="A2000000"><v>1</v></c></row>'
    )
    assert "lebih dari 5000 baris" in refused(reviewer, period, SimpleUploadedFile("jauh.xlsx", data))


def test_a_csv_over_the_row_limit_is_refused(reviewer, period, no_row_checked, settings):
    settings.IMPORT_MAX_ROWS = 10
    upload = SimpleUploadedFile("hasil.csv", ("indicator,level\n" + "1,3\n" * 10).encode())
    assert "hasil.csv: lebih dari 10 baris" in refused(reviewer, period, upload)


def test_a_file_over_the_byte_limit_is_refused_unread(reviewer, period, no_row_checked, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("besar.csv", b"indicator,level\n" + b"1,3\n" * 300_000)
    assert "besar.csv: file terlalu besar (maksimum 1 MB)" in refused(reviewer, period, upload)


def test_the_error_list_is_capped_with_a_count_of_the_rest(reviewer, period):
    upload = SimpleUploadedFile("salah.csv", ("indicator,level\n" + "1,9\n" + "x,1\n" * 199).encode())
    with pytest.raises(ImportRowsError) as excinfo:
        periods.import_stage_results(reviewer, period, "dokumen", upload)
    errors = excinfo.value.errors
    assert len(errors) == 51
    assert errors[0].startswith("Baris 2:") and errors[49].startswith("Baris 51:")
    assert errors[50] == "… dan 150 kesalahan lainnya."


def test_the_page_shows_the_limit_and_saves_nothing(client, reviewer, period):
    client.force_login(reviewer)
    response = client.post(
        reverse("periods:stage_import", args=[period.pk]),
        {"stage": "dokumen", "file": SimpleUploadedFile("bom.xlsx", bomb_200k_rows())},
    )
    assert response.status_code == 400
    assert "lebih dari 5000 baris" in response.text
    assert not StageResult.objects.exists()
