"""Bad input, property-based: the framework loader, the stage-result import (CSV and XLSX), the unit
import and ``compute_index``. Whatever the input, the outcome is either a load or the module's own
error naming the item, row or file; never another exception, and nothing half-saved.
"""

import copy
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.errors import ImportRowsError
from evaluations.models import StageResult
from evaluations.periods import services as periods
from indicators import loader
from indicators.models import Aspect, Domain, Framework, Indicator, LevelCriterion, PredicateBand
from skpd import units
from skpd.models import Unit
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_unit, make_user
from tests.security.strategies import NASTY_TEXT, json_value, nasty_text

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def snapshot(*models):
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}


# --- framework loader ----------------------------------------------------------------------------

FRAMEWORK_MODELS = (Framework, Domain, Aspect, Indicator, LevelCriterion, PredicateBand)


def paths(value, prefix=()):
    """Every path into a nested dict/list, the root excluded."""
    found = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((*prefix, index))
            found += paths(child, (*prefix, index))
    return found


def mutate(data, path, action, new_value):
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = new_value
    elif action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif action == "extra_key" and isinstance(parent, dict):
        parent["kunci_asing"] = new_value
    elif action == "negate" and isinstance(parent[last], (int, float)) and not isinstance(parent[last], bool):
        parent[last] = -parent[last]


@pytest.fixture
def base_framework(db):
    framework = make_framework("mini")
    data = loader.export_data(framework)
    return data


mutation = st.tuples(
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(["replace", "replace", "replace", "delete", "duplicate", "extra_key", "negate"]),
    json_value,
)


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=3), new_code=st.booleans())
def test_framework_loader_loads_or_names_the_item(base_framework, mutations, new_code):
    data = copy.deepcopy(base_framework)
    if new_code:
        data["code"] = "fuzz-baru"
    for index, action, value in mutations:
        available = paths(data)
        if not available:
            break
        mutate(data, available[index % len(available)], action, value)
    before = snapshot(*FRAMEWORK_MODELS)
    exported_before = loader.export_data(Framework.objects.get(code="mini"))
    with transaction.atomic():
        try:
            loader.load_data(data)
        except loader.FrameworkFileError as exc:
            assert exc.errors and all(isinstance(e, str) and e.strip() for e in exc.errors)
            # Nothing half-saved: the same rows, and the existing framework unchanged.
            assert snapshot(*FRAMEWORK_MODELS) == before
            assert loader.export_data(Framework.objects.get(code="mini")) == exported_before
        transaction.set_rollback(True)


def test_loader_error_names_the_item():
    data = {
        "code": "x",
        "name": "X",
        "status": "official",
        "scales": [],
        "aspects": [],
        "indicators": [{"number": 1}],
        "bands": [],
    }
    with pytest.raises(loader.FrameworkFileError) as caught:
        loader.load_data(data)
    assert any(e.startswith("indikator") for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize(("where", "key"), [("aspects", "domain"), ("indicators", "aspect"), ("indicators", "scale")])
def test_loader_reference_of_the_wrong_json_type_is_an_error(base_framework, where, key):
    """A list or an object where a number or code belongs (was a TypeError)."""
    for value in ([], {"number": 1}):
        data = copy.deepcopy(base_framework)
        data[where][0][key] = value
        with pytest.raises(loader.FrameworkFileError) as caught:
            loader.load_data(data)
        assert any(repr(value) in e for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize("bad", ["Nama\x00jahat", "a\x00"])
def test_loader_refuses_nul_in_text_naming_the_field(base_framework, bad):
    """PostgreSQL cannot store NUL in text: the loader names it instead of failing in the database."""
    data = copy.deepcopy(base_framework)
    data["indicators"][0]["name"] = bad
    with pytest.raises(loader.FrameworkFileError) as caught:
        loader.load_data(data)
    assert any("indikator 1" in e and "'name'" in e for e in caught.value.errors), caught.value.errors


# --- stage results (CSV and XLSX) ----------------------------------------------------------------


@pytest.fixture
def stage_world(db):
    framework = make_framework("mini")
    period = make_period(framework, status="in_review")
    admin = make_user("admin-fuzz", password=None, role=Role.ADMIN)
    StageResult.objects.create(period=period, indicator=framework.indicators.get(number=1), stage="dokumen", level=2)
    return period, admin


cell = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "6", "0"]),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=4), max_size=8)


def csv_bytes(header, body, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if header:
        writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().encode("utf-8")


def stage_state(period):
    return sorted(StageResult.objects.filter(period=period).values_list("indicator_id", "stage", "level", "note"))


def assert_import_outcome(period, admin, upload):
    before = stage_state(period)
    with transaction.atomic():
        try:
            periods.import_stage_results(admin, period, "dokumen", upload)
        except ImportRowsError as exc:
            messages = getattr(exc, "errors", None) or [str(exc)]
            assert messages and all(str(m).strip() for m in messages)
            assert stage_state(period) == before
        transaction.set_rollback(True)


@FUZZ
@given(
    header=st.sampled_from([["indicator", "level"], ["Indicator", " LEVEL "], ["level", "indicator"], [], ["x"]]),
    body=rows,
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_stage_import_csv_never_crashes(stage_world, header, body, delimiter):
    period, admin = stage_world
    assert_import_outcome(period, admin, SimpleUploadedFile("hasil.csv", csv_bytes(header, body, delimiter)))


@FUZZ
@given(data=st.binary(max_size=300), name=st.sampled_from(["hasil.csv", "hasil.xlsx", "hasil.txt", "HASIL.CSV", ""]))
def test_stage_import_random_bytes_never_crash(stage_world, data, name):
    period, admin = stage_world
    assert_import_outcome(period, admin, SimpleUploadedFile(name or "x", data))


xlsx_cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from([n for n in NASTY_TEXT if "\x00" not in n]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.lists(xlsx_cell, max_size=3), max_size=6), header=st.booleans())
def test_stage_import_xlsx_never_crashes(stage_world, body, header):
    from openpyxl import Workbook

    period, admin = stage_world
    book = Workbook()
    sheet = book.active
    if header:
        sheet.append(["indicator", "level"])
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    assert_import_outcome(period, admin, SimpleUploadedFile("hasil.xlsx", out.getvalue()))


@pytest.mark.parametrize("level", ["Infinity", "-inf", "sNaN", "NaN", "1e999999999", "1e5", "²", "1.5", "9" * 40])
def test_stage_import_odd_numbers_are_row_errors(stage_world, level):
    period, admin = stage_world
    upload = SimpleUploadedFile("hasil.csv", f"indicator,level\n1,{level}\n".encode())
    with pytest.raises(ImportRowsError) as caught:
        periods.import_stage_results(admin, period, "dokumen", upload)
    assert "Baris 2" in str(caught.value.errors)


def test_stage_import_overlong_csv_field_is_a_message(stage_world):
    period, admin = stage_world
    upload = SimpleUploadedFile("hasil.csv", b'indicator,level\n1,"' + b"x" * 200_000 + b'"\n')
    with pytest.raises(ImportRowsError) as caught:
        periods.import_stage_results(admin, period, "dokumen", upload)
    assert "hasil.csv" in str(caught.value.errors)


# --- units CSV -----------------------------------------------------------------------------------

unit_cell = st.one_of(st.sampled_from(["DISKOMINFO", "Dinas", "dinas", "badan", "rumah sakit", "Kominfo"]), nasty_text)


@pytest.fixture
def unit_admin(db):
    make_unit("ADA", "Dinas yang Sudah Ada")
    return make_user("admin-unit-fuzz", password=None, role=Role.ADMIN)


@FUZZ
@given(
    header=st.sampled_from([["code", "name", "short_name", "kind"], ["code", "name"], []]),
    body=st.lists(st.lists(unit_cell, min_size=0, max_size=5), max_size=6),
    update=st.booleans(),
)
def test_unit_import_never_crashes_and_saves_all_or_nothing(unit_admin, header, body, update):
    before = sorted(Unit.objects.values_list("code", "name", "short_name", "kind"))
    with transaction.atomic():
        try:
            units.import_units(unit_admin, csv_bytes(header, body, ","), update_existing=update)
        except units.UnitImportError as exc:
            assert exc.errors and all(str(e).strip() for e in exc.errors)
            assert sorted(Unit.objects.values_list("code", "name", "short_name", "kind")) == before
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'code,name,short_name,kind\nA,"' + b"x" * 200_000 + b'",,dinas\n', "baris"),
        (b"code,name,short_name,kind\nA,Dinas\x00Jahat,,dinas\n", "name"),
        (b"code,name,short_name,kind\nA\x00,Dinas,,dinas\n", "code"),
    ],
)
def test_unit_import_odd_files_are_messages(db, data, expected):
    admin = make_user("admin-unit", password=None, role=Role.ADMIN)
    with pytest.raises(units.UnitImportError) as caught:
        units.import_units(admin, data)
    assert expected in str(caught.value)
    assert not Unit.objects.exists()


# --- compute_index -------------------------------------------------------------------------------


@FUZZ
@given(body=st.lists(st.lists(cell, max_size=3), max_size=6), header=st.booleans())
def test_compute_index_exit_2_with_one_line_or_a_result(db, tmp_path_factory, body, header):
    if not Framework.objects.filter(code="mini").exists():
        make_framework("mini")
    path = tmp_path_factory.mktemp("levels") / "levels.csv"
    path.write_bytes(csv_bytes(["indicator", "level"] if header else [], body, ","))
    out = io.StringIO()
    try:
        call_command("compute_index", framework="mini", levels=str(path), stdout=out)
    except CommandError as exc:
        assert exc.returncode == 2
        assert "\n" not in str(exc) and str(exc).strip()
    else:
        assert "Indeks" in out.getvalue()


@pytest.mark.parametrize("level", ["1e999999999", "Infinity", "sNaN"])
def test_compute_index_odd_numbers_exit_2_quickly(db, tmp_path, level):
    make_framework("mini")
    path = tmp_path / "levels.csv"
    path.write_text(f"indicator,level\n1,{level}\n")
    with pytest.raises(CommandError) as caught:
        call_command("compute_index", framework="mini", levels=str(path), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert "baris 2" in str(caught.value)
