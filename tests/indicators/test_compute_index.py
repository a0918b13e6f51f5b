"""`manage.py compute_index`: text and JSON output, and every bad input exits 2 with one line naming the row."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.management.commands.compute_index import Command

pytestmark = pytest.mark.django_db


def write_levels(tmp_path, rows, header="indicator,level", name="tingkat.csv"):
    path = tmp_path / name
    lines = ([header] if header is not None else []) + [",".join(str(cell) for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def levels_2_69():
    """Levels that give 2.69 (Kalimantan Selatan's published 2023 index, 'Baik')."""
    levels = dict.fromkeys(range(1, 48), 2) | dict.fromkeys(range(42, 48), 5) | dict.fromkeys(range(21, 31), 3)
    return sorted(levels.items())


def run(capsys, *args):
    call_command("compute_index", *args)
    return capsys.readouterr().out


def test_json_output_has_the_documented_keys(spbe_2020, tmp_path, capsys):
    path = write_levels(tmp_path, levels_2_69())
    data = json.loads(run(capsys, "--framework", "spbe-2020", "--levels", path, "--format", "json"))
    assert data["index"] == "2.69" and data["index_display"] == "2.69" and data["predicate"] == "Baik"
    assert data["missing"] == []
    assert [d["number"] for d in data["domains"]] == [1, 2, 3, 4]
    assert data["domains"][0] == {"number": 1, "name": "Kebijakan Internal SPBE", "index": "2.00"}
    aspects = {a["number"]: a for a in data["aspects"]}
    assert aspects[8]["index"] == "5.00" and aspects[8]["name"] == "Layanan Publik Berbasis Elektronik"
    assert aspects[6]["index"].startswith("2.6666666666")  # full precision, not rounded


def test_text_output_full_precision_two_decimals_predicate_domains_aspects(spbe_2020, tmp_path, capsys):
    levels = dict(levels_2_69()) | {1: 3}  # + 0.013 → 2.703
    out = run(capsys, "--framework", "spbe-2020", "--levels", write_levels(tmp_path, sorted(levels.items())))
    assert "Indeks: 2.70 (nilai penuh 2.703)" in out
    assert "Predikat: Baik" in out
    assert "Domain 4 Layanan SPBE:" in out and "Aspek 8 Layanan Publik Berbasis Elektronik: 5.00" in out


def test_missing_indicators_are_listed_and_the_index_is_not_guessed(spbe_2020, tmp_path, capsys):
    rows = [(n, 3) for n in range(1, 46)] + [(46, "")]
    data = json.loads(
        run(capsys, "--framework", "spbe-2020", "--levels", write_levels(tmp_path, rows), "--format", "json")
    )
    assert data["index"] is None and data["predicate"] is None
    assert data["missing"] == [46, 47]
    assert data["domains"][0]["index"] == "3.00" and data["domains"][3]["index"] is None


def test_floor_missing_gives_a_provisional_index(spbe_2020, tmp_path, capsys):
    rows = [(n, 3) for n in range(1, 47)]
    data = json.loads(
        run(
            capsys,
            "--framework",
            "spbe-2020",
            "--levels",
            write_levels(tmp_path, rows),
            "--format",
            "json",
            "--floor-missing",
        )
    )
    assert data["index"] == "2.94" and data["provisional"] is True and data["missing"] == [47]


def test_a_value_near_a_bound_carries_a_hint(spbe_2020, tmp_path, capsys):
    # all 3 (3.00) + 0.5 more: indicators 42–47 to 5 add 0.36, 11–14 and 15 to 4 add 0.125, one 1.30 to 4 adds 0.013
    levels = dict.fromkeys(range(1, 48), 3) | dict.fromkeys(range(42, 48), 5) | dict.fromkeys(range(11, 16), 4) | {1: 4}
    out = run(capsys, "--framework", "spbe-2020", "--levels", write_levels(tmp_path, sorted(levels.items())))
    assert "Indeks: 3.498 (nilai penuh 3.498)" in out  # "3.50" would claim Sangat Baik
    assert "0.002 lagi ke Sangat Baik" in out
    assert "Predikat: Baik (dekat batas 3.50" in out


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([(1, 3)], "nomor,tingkat", "baris 1: kepala kolom 'indicator,level' tidak ada"),
        ([(1, 3), (48, 2)], "indicator,level", "baris 3: indikator 48 tidak ada dalam kerangka"),
        ([(1, 3), (2, 6)], "indicator,level", "baris 3: tingkat '6' indikator 2 harus bilangan bulat 1–5"),
        ([(1, 0)], "indicator,level", "baris 2: tingkat '0' indikator 1 harus bilangan bulat 1–5"),
        ([(1, "3.5")], "indicator,level", "baris 2: tingkat '3.5' indikator 1 harus bilangan bulat 1–5"),
        ([(1, "tiga")], "indicator,level", "baris 2: tingkat 'tiga' indikator 1"),
        ([(1, 3), (2, 3), (1, 4)], "indicator,level", "baris 4: indikator 1 sudah ada di baris 2 (baris ganda)"),
        ([("satu", 3)], "indicator,level", "baris 2: nomor indikator 'satu' bukan bilangan bulat"),
    ],
)
def test_bad_input_exits_2_naming_the_row(spbe_2020, tmp_path, rows, header, message):
    path = write_levels(tmp_path, rows, header=header)
    with pytest.raises(CommandError) as excinfo:
        call_command("compute_index", "--framework", "spbe-2020", "--levels", path)
    assert excinfo.value.returncode == 2
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_unknown_framework_and_unreadable_file_exit_2(spbe_2020, tmp_path):
    path = write_levels(tmp_path, [(1, 3)])
    with pytest.raises(CommandError) as excinfo:
        call_command("compute_index", "--framework", "spbe-2019", "--levels", path)
    assert excinfo.value.returncode == 2 and "kerangka 'spbe-2019' tidak ada" in str(excinfo.value)
    with pytest.raises(CommandError) as excinfo:
        call_command("compute_index", "--framework", "spbe-2020", "--levels", str(tmp_path / "tidak-ada.csv"))
    assert excinfo.value.returncode == 2 and "tidak dapat dibaca" in str(excinfo.value)


def test_from_the_command_line_one_line_and_status_2_never_a_traceback(spbe_2020, tmp_path, capsys):
    path = write_levels(tmp_path, [(1, 3), (1, 3)])
    with pytest.raises(SystemExit) as excinfo:
        Command().run_from_argv(["manage.py", "compute_index", "--framework", "spbe-2020", "--levels", path])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0 and "baris 3" in err


# Levels giving exactly 3.495: all 3 (3.00), 42–47 to 5 (+0.36), 32, 33 (2.75), 11, 12 (2.50) and 21, 22 (1.50) to 4 (+0.135).
EDGE = dict.fromkeys(range(1, 48), 3) | dict.fromkeys(range(42, 48), 5) | dict.fromkeys((32, 33, 11, 12, 21, 22), 4)


def test_json_index_display_never_claims_a_band_the_exact_value_has_not_reached(spbe_2020, tmp_path, capsys):
    path = write_levels(tmp_path, sorted(EDGE.items()))
    data = json.loads(run(capsys, "--framework", "spbe-2020", "--levels", path, "--format", "json"))
    assert data["index"] == "3.495" and data["predicate"] == "Baik"
    assert data["index_display"] == "3.495"
    assert data["boundary"] == {"band": "Sangat Baik", "distance": "0.005"}
    out = run(capsys, "--framework", "spbe-2020", "--levels", path)
    assert "Indeks: 3.495 (nilai penuh 3.495)" in out and "0.005 lagi ke Sangat Baik" in out


def test_json_index_display_is_two_decimals_away_from_a_bound(spbe_2020, tmp_path, capsys):
    path = write_levels(tmp_path, levels_2_69())
    data = json.loads(run(capsys, "--framework", "spbe-2020", "--levels", path, "--format", "json"))
    assert data["index_display"] == "2.69" and data["boundary"] is None
