"""Crosswalk files (docs/framework-format.md, "Crosswalk"): checked whole, loaded as a version,
exported back byte for byte; a bad file is refused with its row and reason and loads nothing."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators import crosswalk
from indicators.models import Crosswalk, CrosswalkRow, FrameworkRevision
from tests.transition_world import load_shipped_crosswalk, load_shipped_framework

pytestmark = pytest.mark.django_db

REFERENCE_HEADER = "pemdi_no,pemdi_name,spbe_no,spbe_name,relation,note\n"


@pytest.fixture
def frameworks():
    return load_shipped_framework("spbe-2020"), load_shipped_framework("pemdi-2026")


def _shipped_text():
    return next(p for p in crosswalk.shipped_files() if p.name == "spbe-2020--pemdi-2026.json").read_text()


def _minimal_csv(extra_rows=(), skip=()):
    """A valid CSV: Pemdi 1 ← SPBE 11 primary, every other Pemdi indicator as none."""
    lines = [REFERENCE_HEADER, "1,,11,,primary,arsitektur\n"]
    lines += [f"{n},,,,none,\n" for n in range(2, 21) if n not in skip]
    lines += list(extra_rows)
    return "".join(lines)


def test_shipped_crosswalk_loads_as_provisional_and_exports_byte_for_byte(frameworks):
    cw = load_shipped_crosswalk()
    assert (cw.from_framework.code, cw.to_framework.code, cw.version, cw.status) == (
        "spbe-2020",
        "pemdi-2026",
        1,
        "provisional",
    )
    assert cw.rows.count() == 54
    assert crosswalk.dumps(crosswalk.export_data(cw)) == _shipped_text()
    mapping = crosswalk.map_between(cw.from_framework, cw.to_framework)
    assert mapping.primaries()[9] == (29, 30, 31)
    assert mapping.primaries()[1] == (11, 12, 19)
    assert 11 not in mapping.primaries()  # Pemdi 11 has only a partial counterpart
    assert mapping.new_work() == [6, 7, 8, 20]


def test_loading_the_same_file_again_changes_nothing_and_a_change_is_a_new_version(frameworks, tmp_path):
    load_shipped_crosswalk()
    again = load_shipped_crosswalk()
    assert Crosswalk.objects.count() == 1 and again.version == 1
    changed = json.loads(_shipped_text())
    changed["rows"][0]["note"] = "catatan baru"
    path = tmp_path / "cw.json"
    path.write_text(json.dumps(changed))
    result = crosswalk.load_file(path)
    assert (result.action, result.crosswalk.version) == ("created", 2)
    assert Crosswalk.objects.current(*frameworks).version == 2
    assert Crosswalk.objects.filter(version=1).exists()  # the earlier version stays on record


def test_shipped_crosswalk_is_the_reference_csv(frameworks):
    """The shipped JSON holds exactly the reference table's rows (the reference folder sits beside
    the project, as for the framework files; skipped where it does not)."""
    from pathlib import Path

    reference = (
        Path(crosswalk.__file__).resolve().parents[2]
        / "shared"
        / "reference"
        / "crosswalk-spbe2020-pemdi2026-provisional.csv"
    )
    if not reference.exists():
        pytest.skip("reference CSVs not present beside the project")
    from_csv = crosswalk.read_file(reference, from_framework="spbe-2020", to_framework="pemdi-2026")
    shipped = crosswalk.read_text(_shipped_text(), name="spbe-2020--pemdi-2026.json")
    assert from_csv["links"] == shipped["links"] and len(shipped["links"]) == 54


def test_reference_layout_csv_loads_with_the_framework_codes(frameworks, tmp_path):
    path = tmp_path / "cw.csv"
    path.write_text(_minimal_csv())
    result = crosswalk.load_file(path, from_framework="spbe-2020", to_framework="pemdi-2026")
    assert result.crosswalk.rows.count() == 20


@pytest.mark.parametrize(
    ("extra", "skip", "message"),
    [
        (["2,,99,,partial,\n"], (), "baris 22: indikator asal 99 tidak ada di spbe-2020"),
        (["21,,3,,partial,\n"], (), "baris 22: indikator tujuan 21 tidak ada di pemdi-2026"),
        (["2,,3,,mirip,\n"], (), "baris 22: hubungan 'mirip' tidak dikenal (primary, partial atau none)"),
        ([], (7,), "indikator tujuan 7 tidak muncul di baris mana pun"),
        (["1,,11,,partial,\n"], (), "baris 22: pasangan 1 ← 11 sudah ada di baris 2"),
        (["3,,,,primary,\n"], (), "baris 22: hubungan primary harus menyebut indikator asal"),
        (["2,,3,,partial,\n"], (), "indikator tujuan 2: bertanda none tetapi juga punya padanan"),
    ],
)
def test_bad_file_is_refused_with_row_and_reason_and_nothing_is_loaded(frameworks, tmp_path, extra, skip, message):
    path = tmp_path / "cw.csv"
    path.write_text(_minimal_csv(extra, skip))
    with pytest.raises(crosswalk.CrosswalkFileError) as refused:
        crosswalk.load_file(path, from_framework="spbe-2020", to_framework="pemdi-2026")
    assert any(message in error for error in refused.value.errors), refused.value.errors
    assert not Crosswalk.objects.exists() and not CrosswalkRow.objects.exists()


def test_every_problem_is_listed_at_once(frameworks, tmp_path):
    path = tmp_path / "cw.csv"
    path.write_text(_minimal_csv(["2,,99,,partial,\n", "2,,3,,mirip,\n"], (7,)))
    with pytest.raises(crosswalk.CrosswalkFileError) as refused:
        crosswalk.load_file(path, from_framework="spbe-2020", to_framework="pemdi-2026")
    assert len(refused.value.errors) == 3


def test_command_refuses_with_exit_2_and_row_and_loads_nothing(frameworks, tmp_path):
    path = tmp_path / "cw.csv"
    path.write_text(_minimal_csv(["2,,99,,partial,\n"]))
    with pytest.raises(CommandError) as refused:
        call_command("load_crosswalk", str(path), "--from", "spbe-2020", "--to", "pemdi-2026")
    assert refused.value.returncode == 2
    assert "baris 22: indikator asal 99 tidak ada di spbe-2020" in str(refused.value)
    assert not Crosswalk.objects.exists()


def test_load_and_export_commands(frameworks, tmp_path):
    path = tmp_path / "cw.csv"
    path.write_text(_minimal_csv())
    out = StringIO()
    call_command("load_crosswalk", str(path), "--from", "spbe-2020", "--to", "pemdi-2026", stdout=out)
    assert "versi 1 dimuat: 20 baris" in out.getvalue()
    # in the framework history, as a web upload is
    revision = FrameworkRevision.objects.get(kind=FrameworkRevision.Kind.CROSSWALK)
    assert (revision.source, revision.file_name, revision.action) == ("command", "cw.csv", "created")
    assert revision.crosswalk == Crosswalk.objects.get() and revision.code == "spbe-2020 → pemdi-2026"
    out = StringIO()
    call_command("load_crosswalk", str(path), "--from", "spbe-2020", "--to", "pemdi-2026", stdout=out)
    assert "sudah sama dengan berkas" in out.getvalue()
    assert FrameworkRevision.objects.filter(kind=FrameworkRevision.Kind.CROSSWALK).count() == 1
    out = StringIO()
    call_command("export_crosswalk", "spbe-2020", "pemdi-2026", stdout=out)
    data = json.loads(out.getvalue())
    assert data["rows"][0] == {"to": 1, "from": 11, "relation": "primary", "note": "arsitektur"}
    assert data["rows"][1] == {"to": 2, "from": None, "relation": "none"}


def test_shipped_crosswalks_load_idempotently_and_wait_for_their_frameworks(db):
    out = StringIO()
    call_command("load_shipped_crosswalks", stdout=out)
    assert "belum dimuat" in out.getvalue() and not Crosswalk.objects.exists()
    call_command("load_shipped_frameworks", stdout=StringIO())
    call_command("load_shipped_crosswalks", stdout=StringIO())
    call_command("load_shipped_crosswalks", stdout=StringIO())
    assert Crosswalk.objects.count() == 1


def test_compute_index_estimate_json(frameworks, tmp_path):
    load_shipped_crosswalk()
    levels = tmp_path / "F.csv"
    levels.write_text("indicator,level\n" + "".join(f"{n},3\n" for n in range(1, 48)))
    out = StringIO()
    call_command(
        "compute_index",
        "--framework",
        "spbe-2020",
        "--levels",
        str(levels),
        "--estimate",
        "pemdi-2026",
        "--format",
        "json",
        stdout=out,
    )
    estimate = json.loads(out.getvalue())["estimate"]
    assert estimate["framework"] == "pemdi-2026"
    assert Decimal(estimate["index"]) == 3 and estimate["index"] == "3.00"
    # Pemdi indicators with a primary counterpart: 1-5, 9, 10, 13-16, 18, 19 → 64 of 100 weight.
    assert estimate["coverage"] == "0.64"
    by_number = {row["number"]: row["estimate"] for row in estimate["indicators"]}
    assert list(by_number) == list(range(1, 21))
    assert [n for n, value in by_number.items() if value is None] == [6, 7, 8, 11, 12, 17, 20]


def test_compute_index_estimate_without_crosswalk_is_bad_input(frameworks, tmp_path):
    levels = tmp_path / "F.csv"
    levels.write_text("indicator,level\n1,3\n")
    with pytest.raises(CommandError) as refused:
        call_command("compute_index", "--framework", "spbe-2020", "--levels", str(levels), "--estimate", "pemdi-2026")
    assert refused.value.returncode == 2 and "tidak ada padanan" in str(refused.value)
