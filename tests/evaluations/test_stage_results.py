"""Stage results: one by form, many by CSV or XLSX import; a wrong row names itself and saves nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from evaluations.errors import ImportRowsError, PermissionDenied, ServiceError, StateError
from evaluations.models import StageResult
from evaluations.periods import services as periods
from skpd.roles import Role
from tests.factories import make_period, make_stage_result, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return make_user("reviewer", role=Role.REVIEWER)


@pytest.fixture
def period():
    return make_period(status="in_review")


@pytest.fixture
def closed_period():
    """The final result is recorded once the self-assessment is closed (periods.services)."""
    return make_period(status="closed")


def csv_file(text, name="hasil.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="hasil.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def levels(period, stage="dokumen"):
    return dict(StageResult.objects.filter(period=period, stage=stage).values_list("indicator__number", "level"))


def test_record_by_form_and_clear(reviewer, closed_period):
    period = closed_period
    indicator = period.framework.indicators.get(number=2)
    result = periods.record_stage_result(reviewer, period, indicator, "final", 3, "rapat pleno")
    assert (result.level, result.recorded_by) == (3, reviewer)
    periods.record_stage_result(reviewer, period, indicator, "final", 4, "koreksi")
    assert levels(period, "final") == {2: 4}
    assert StageResult.history.filter(indicator=indicator).count() == 2
    periods.record_stage_result(reviewer, period, indicator, "final", None)
    assert levels(period, "final") == {}


@pytest.mark.parametrize("bad", [0, 6, 2.5, "3", True])
def test_record_refuses_bad_level(reviewer, closed_period, bad):
    period = closed_period
    indicator = period.framework.indicators.get(number=1)
    with pytest.raises(ServiceError, match="1–5"):
        periods.record_stage_result(reviewer, period, indicator, "final", bad)
    assert levels(period, "final") == {}


def test_reviewer_outside_aspect_cannot_record(closed_period):
    period = closed_period
    aspect2 = period.framework.aspects.get(number=2)
    scoped = make_user("scoped", role=Role.REVIEWER, aspects=[aspect2])
    with pytest.raises(PermissionDenied, match="di luar aspek"):
        periods.record_stage_result(scoped, period, period.framework.indicators.get(number=1), "final", 3)


def test_officer_cannot_record(period):
    officer = make_user("petugas", role=Role.OFFICER)
    with pytest.raises(PermissionDenied):
        periods.record_stage_result(officer, period, period.framework.indicators.get(number=1), "final", 3)


def test_final_period_is_read_only(reviewer):
    period = make_period(status="final")
    with pytest.raises(StateError, match="hanya dapat dibaca"):
        periods.record_stage_result(reviewer, period, period.framework.indicators.get(number=1), "final", 3)


def test_csv_import_saves_every_row(reviewer, period):
    report = periods.import_stage_results(reviewer, period, "dokumen", csv_file("indicator,level\n1,3\n2,4\n5,1\n"))
    assert report.created == 3
    assert levels(period) == {1: 3, 2: 4, 5: 1}


def test_csv_import_accepts_semicolons_and_bom(reviewer, period):
    periods.import_stage_results(reviewer, period, "dokumen", csv_file("\ufeffindicator;level\n3;2\n"))
    assert levels(period) == {3: 2}


def test_xlsx_import_saves_every_row(reviewer, period):
    report = periods.import_stage_results(
        reviewer, period, "interviu", xlsx_file([["indicator", "level"], [1, 2], [4, 5.0]])
    )
    assert report.created == 2
    assert levels(period, "interviu") == {1: 2, 4: 5}


def test_reimport_updates_and_counts_unchanged(reviewer, period):
    make_stage_result(period, period.framework.indicators.get(number=1), 2, stage="dokumen")
    report = periods.import_stage_results(reviewer, period, "dokumen", csv_file("indicator,level\n1,2\n2,3\n"))
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)


def test_csv_bad_rows_each_named_and_nothing_saved(reviewer, period):
    make_stage_result(period, period.framework.indicators.get(number=1), 2, stage="dokumen")
    text = "indicator,level\n1,4\n9,3\n2,2.5\n3,6\n1,3\nx,1\n4,\n5,2\n"
    with pytest.raises(ImportRowsError) as caught:
        periods.import_stage_results(reviewer, period, "dokumen", csv_file(text))
    errors = caught.value.errors
    assert errors[0].startswith("Baris 3:") and "indikator 9 tidak ada" in errors[0]
    assert errors[1].startswith("Baris 4:") and "1–5" in errors[1]
    assert errors[2].startswith("Baris 5:") and "1–5" in errors[2]
    assert errors[3].startswith("Baris 6:") and "sudah ada di baris 2" in errors[3]
    assert errors[4].startswith("Baris 7:") and "'x'" in errors[4]
    assert len(errors) == 5  # row 8 has no level: skipped, not an error
    assert levels(period) == {1: 2}  # the good rows (1→4, 5→2) were not saved either


def test_xlsx_bad_row_saves_nothing(reviewer, period):
    with pytest.raises(ImportRowsError, match="Baris 3: tingkat '7'"):
        periods.import_stage_results(reviewer, period, "dokumen", xlsx_file([["indicator", "level"], [1, 3], [2, 7]]))
    assert levels(period) == {}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file("nomor,nilai\n1,3\n"), "Baris 1: judul kolom"),
        (csv_file(""), "kosong"),
        (csv_file("indicator,level\n1,\n2,\n"), "Tidak ada baris berisi tingkat"),
        (SimpleUploadedFile("hasil.txt", b"indicator,level\n1,3\n"), "jenis file tidak didukung"),
        (SimpleUploadedFile("hasil.xlsx", b"indicator,level\n1,3\n"), "bukan file Excel"),
        (SimpleUploadedFile("hasil.xlsx", b"PK\x03\x04rusak"), "tidak dapat dibaca"),
        (SimpleUploadedFile("hasil.csv", "indicator,level\n1,3\n".encode("utf-16")), "UTF-8"),
    ],
)
def test_wrong_files_refused(reviewer, period, upload, message):
    with pytest.raises(ImportRowsError, match=message):
        periods.import_stage_results(reviewer, period, "dokumen", upload)
    assert levels(period) == {}


def test_scoped_reviewer_import_refused_for_outside_rows(period):
    aspect1 = period.framework.aspects.get(number=1)
    scoped = make_user("scoped", role=Role.REVIEWER, aspects=[aspect1])
    with pytest.raises(ImportRowsError, match="Indikator 4 di luar aspek"):
        periods.import_stage_results(scoped, period, "dokumen", csv_file("indicator,level\n1,3\n4,2\n"))
    assert levels(period) == {}


def test_templates_have_header_and_every_indicator(period):
    indicators = list(period.framework.indicators.order_by("number"))
    name, content_type, data = periods.stage_template("csv", indicators)
    assert name.endswith(".csv") and content_type.startswith("text/csv")
    assert data.decode().splitlines() == ["indicator,level,name"] + [f"{n},,Ind {n}" for n in range(1, 6)]
    name, _content_type, data = periods.stage_template("xlsx", indicators)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == ("indicator", "level", "name") and [r[0] for r in rows[1:]] == [1, 2, 3, 4, 5]
    assert [r[2] for r in rows[1:]] == [f"Ind {n}" for n in range(1, 6)]


def test_filled_template_imports(reviewer, closed_period):
    period = closed_period
    indicators = list(period.framework.indicators.order_by("number"))
    _name, _ct, data = periods.stage_template("xlsx", indicators)
    book = load_workbook(io.BytesIO(data))
    for row in range(2, 6):  # indicator 5 left blank
        book.active.cell(row=row, column=2, value=3)
    out = io.BytesIO()
    book.save(out)
    report = periods.import_stage_results(reviewer, period, "final", SimpleUploadedFile("isi.xlsx", out.getvalue()))
    assert levels(period, "final") == dict.fromkeys(range(1, 5), 3)
    assert (report.created, report.blank) == (4, 1)


def test_row_numbers_count_blank_lines(reviewer, period):
    with pytest.raises(ImportRowsError, match="^Baris 4: indikator 8"):
        periods.import_stage_results(reviewer, period, "dokumen", csv_file("indicator,level\n1,3\n\n8,2\n"))
