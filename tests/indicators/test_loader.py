"""Framework files: every loader rule rejects bad input naming the item and saves nothing;
identical reloads change nothing; export then load round-trips; locked frameworks stay as they are."""

import copy
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators import locks
from indicators.loader import (
    FrameworkFileError,
    delete_framework,
    dumps,
    export_data,
    load_data,
    load_file,
    shipped_files,
)
from indicators.models import Framework, Indicator, LevelCriterion, PredicateBand
from tests.factories import make_answer, make_period, make_unit

pytestmark = pytest.mark.django_db

SHIPPED = {path.stem: path for path in shipped_files()}


def shipped(code):
    return json.loads(SHIPPED[code].read_text(encoding="utf-8"))


def indicator(data, number):
    return next(i for i in data["indicators"] if i["number"] == number)


def rejected(data, *fragments):
    """Load ``data``; it must fail with every fragment in one message, and leave the database as it was."""
    before = (Framework.objects.count(), Indicator.objects.count(), LevelCriterion.objects.count())
    with pytest.raises(FrameworkFileError) as excinfo:
        load_data(data)
    text = str(excinfo.value)
    for fragment in fragments:
        assert fragment in text, text
    assert (Framework.objects.count(), Indicator.objects.count(), LevelCriterion.objects.count()) == before
    return text


# --- shipped files ---------------------------------------------------------------------------------


def test_spbe_2020_file_holds_the_regulation(spbe_2020):
    assert spbe_2020.status == Framework.Status.OFFICIAL
    assert spbe_2020.indicators.count() == 47
    assert spbe_2020.domains.count() == 4 and spbe_2020.aspects.count() == 8
    assert LevelCriterion.objects.filter(indicator__framework=spbe_2020).count() == 235
    weights = dict(spbe_2020.indicators.values_list("number", "weight"))
    assert weights[1] == Decimal("1.30") and weights[11] == Decimal("2.50") and weights[21] == Decimal("1.50")
    assert weights[32] == Decimal("2.75") and weights[47] == Decimal("3.00")
    assert sum(weights.values()) == 100
    assert list(spbe_2020.domains.values_list("weight", flat=True)) == [
        Decimal("13"),
        Decimal("25"),
        Decimal("16.5"),
        Decimal("45.5"),
    ]
    assert [(b.name, b.lower, b.upper) for b in spbe_2020.bands.order_by("lower")] == [
        ("Kurang", Decimal("1.00"), Decimal("1.80")),
        ("Cukup", Decimal("1.80"), Decimal("2.60")),
        ("Baik", Decimal("2.60"), Decimal("3.50")),
        ("Sangat Baik", Decimal("3.50"), Decimal("4.20")),
        ("Memuaskan", Decimal("4.20"), None),
    ]
    scales = dict(spbe_2020.indicators.values_list("number", "scale__code"))
    assert {scales[n] for n in range(1, 32)} == {"proses"} and {scales[n] for n in range(32, 48)} == {"layanan"}
    assert list(spbe_2020.scales.get(code="layanan").levels.values_list("name", flat=True)) == [
        "Informasi",
        "Interaksi",
        "Transaksi",
        "Kolaborasi",
        "Optimum",
    ]
    flagships = set(spbe_2020.indicators.filter(is_flagship_slot=True).values_list("number", flat=True))
    assert flagships == {45, 46, 47}
    assert spbe_2020.indicators.get(number=44).display_name == "Layanan JDIH"
    assert spbe_2020.domains.get(number=1).short_name == "Kebijakan SPBE"


def test_indicator_3_keeps_its_misaligned_official_text(spbe_2020):
    criteria = dict(
        LevelCriterion.objects.filter(indicator__framework=spbe_2020, indicator__number=3).values_list(
            "level", "criterion"
        )
    )
    assert criteria[3].startswith("Kondisi:")
    assert criteria[4].startswith("Kriteria tingkat 2 telah terpenuhi")


def test_pemdi_2026_is_provisional_without_domains():
    framework = load_file(SHIPPED["pemdi-2026"]).framework
    assert framework.status == Framework.Status.PROVISIONAL
    assert framework.domains.count() == 0
    assert framework.indicators.count() == 20 and framework.aspects.count() == 7
    assert sum(framework.indicators.values_list("weight", flat=True)) == 100
    assert list(framework.bands.order_by("lower").values_list("name", "alt_name", "lower")) == [
        ("Kurang", "Merintis", Decimal("1.00")),
        ("Cukup", "Membangun", Decimal("1.50")),
        ("Baik", "Berkembang", Decimal("2.50")),
        ("Sangat Baik", "Melembaga", Decimal("3.50")),
        ("Memuaskan", "Unggul", Decimal("4.00")),
    ]
    assert "perkiraan" in framework.indicators.get(number=5).note


@pytest.mark.parametrize("code", ["spbe-2020", "pemdi-2026"])
def test_export_then_load_round_trips(code):
    text = SHIPPED[code].read_text(encoding="utf-8")
    framework = load_file(SHIPPED[code]).framework
    exported = dumps(export_data(framework))
    assert exported == text  # the shipped file is the canonical export
    delete_framework(framework)
    assert not Framework.objects.filter(code=code).exists()
    again = load_data(json.loads(exported))
    assert again.action == "created"
    assert dumps(export_data(again.framework)) == text


def test_export_framework_command_writes_the_file(spbe_2020, tmp_path, capsys):
    out = tmp_path / "x.json"
    call_command("export_framework", "spbe-2020", output=str(out))
    assert out.read_text(encoding="utf-8") == SHIPPED["spbe-2020"].read_text(encoding="utf-8")
    call_command("export_framework", "spbe-2020")
    assert json.loads(capsys.readouterr().out)["code"] == "spbe-2020"
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("export_framework", "tidak-ada")


def test_load_shipped_frameworks_is_idempotent(capsys):
    call_command("load_shipped_frameworks")
    first = capsys.readouterr().out
    assert "spbe-2020 dimuat" in first and "pemdi-2026 dimuat" in first
    call_command("load_shipped_frameworks")
    second = capsys.readouterr().out
    assert "spbe-2020 sudah ada" in second
    assert Framework.objects.count() == 2 and Indicator.objects.count() == 67


def test_identical_reload_is_a_no_op(spbe_2020, capsys):
    call_command("load_framework", str(SHIPPED["spbe-2020"]))
    assert "tidak ada yang diubah" in capsys.readouterr().out


def test_changed_file_updates_the_framework_in_place(spbe_2020):
    data = shipped("spbe-2020")
    pk = spbe_2020.indicators.get(number=12).pk
    indicator(data, 12)["short_name"] = "Peta Rencana"
    indicator(data, 12)["criteria"][0]["criterion"] = "Teks baru."
    data["bands"][0]["colour"] = "#000000"
    result = load_data(data)
    assert result.action == "updated"
    changed = Indicator.objects.get(pk=pk)
    assert changed.short_name == "Peta Rencana" and changed.criteria.get(level=1).criterion == "Teks baru."
    assert PredicateBand.objects.get(framework=spbe_2020, name="Kurang").colour == "#000000"


def test_a_locked_framework_refuses_a_changed_file(spbe_2020):
    def locked(framework):
        return "dipakai periode final 2023." if framework.code == "spbe-2020" else None

    locks.register_lock_check(locked)
    try:
        data = shipped("spbe-2020")
        indicator(data, 1)["weight"] = "1.40"
        indicator(data, 2)["weight"] = "1.20"
        rejected(data, "terkunci", "dipakai periode final 2023")
        assert spbe_2020.indicators.get(number=1).weight == Decimal("1.30")
        assert load_data(shipped("spbe-2020")).action == "unchanged"  # the same content is fine
    finally:
        locks.unregister_lock_check(locked)


def test_removing_an_indicator_that_answers_use_is_refused_and_rolled_back(spbe_2020):
    period = make_period(spbe_2020)
    make_answer(period, spbe_2020.indicators.get(number=47), make_unit())
    data = shipped("spbe-2020")
    data["indicators"] = [i for i in data["indicators"] if i["number"] != 47]
    indicator(data, 46)["weight"] = "6.00"
    text = rejected(data, "masih dipakai")
    assert "versi baru" in text
    assert spbe_2020.indicators.get(number=46).weight == Decimal("3.00")


# --- every rule has a failing input -----------------------------------------------------------------


def test_indicator_weights_must_add_up_to_their_aspect():
    data = shipped("spbe-2020")
    indicator(data, 12)["weight"] = "2.60"
    rejected(data, "aspek 2", "berjumlah 10.10, seharusnya 10.00")


def test_aspect_weights_must_add_up_to_their_domain():
    data = shipped("spbe-2020")
    data["aspects"][3]["weight"] = "6.00"  # aspect 4 of domain 2
    rejected(data, "domain 2", "aspeknya berjumlah 26.00, seharusnya 25.00")


def test_all_weights_must_add_up_to_100():
    data = shipped("pemdi-2026")
    data["aspects"][0]["weight"] = "11"
    indicator(data, 1)["weight"] = "6"
    rejected(data, "kerangka", "berjumlah 101.00, seharusnya 100.00")


def test_weights_within_0_001_are_accepted():
    data = shipped("pemdi-2026")
    indicator(data, 1)["weight"] = "5.0005"
    assert load_data(data).action == "created"


def test_duplicate_indicator_number():
    data = shipped("spbe-2020")
    data["indicators"].append(copy.deepcopy(indicator(data, 5)))
    rejected(data, "indikator 5", "nomor ganda")


def test_duplicate_aspect_and_domain_numbers():
    data = shipped("spbe-2020")
    data["aspects"].append(copy.deepcopy(data["aspects"][0]))
    rejected(data, "aspek 1", "nomor ganda")
    data = shipped("spbe-2020")
    data["domains"].append(copy.deepcopy(data["domains"][1]))
    rejected(data, "domain 2", "nomor ganda")


@pytest.mark.parametrize(
    ("levels", "found"),
    [([1, 2, 3, 4], "[1, 2, 3, 4]"), ([1, 2, 3, 4, 5, 5], "[1, 2, 3, 4, 5, 5]"), ([0, 1, 2, 3, 4], "[0, 1, 2, 3, 4]")],
)
def test_an_indicator_needs_exactly_levels_1_to_5(levels, found):
    data = shipped("spbe-2020")
    indicator(data, 9)["criteria"] = [{"level": n, "criterion": f"Kriteria {n}"} for n in levels]
    rejected(data, "indikator 9", f"tepat tingkat 1–5 berurutan (ditemukan {found})")


def test_an_official_framework_needs_criteria_a_provisional_one_may_leave_them_out():
    data = shipped("spbe-2020")
    indicator(data, 9)["criteria"] = []
    rejected(data, "indikator 9", "hanya kerangka sementara boleh tanpa kriteria")
    data = shipped("pemdi-2026")
    data["status"] = "official"
    rejected(data, "indikator 1", "hanya kerangka sementara")


def test_an_empty_criterion_text_is_refused():
    data = shipped("spbe-2020")
    indicator(data, 9)["criteria"][2]["criterion"] = "  "
    rejected(data, "indikator 9 tingkat 3", "tidak boleh kosong")


def test_bands_with_a_gap():
    data = shipped("spbe-2020")
    data["bands"][1]["upper"] = "2.50"  # Cukup 1.80–2.50, Baik from 2.60
    rejected(data, "'Cukup' dan 'Baik'", "celah antara 2.50 dan 2.60")


def test_bands_that_overlap():
    data = shipped("spbe-2020")
    data["bands"][2]["upper"] = "3.60"
    rejected(data, "'Baik' dan 'Sangat Baik'", "tumpang tindih")


def test_bands_must_start_at_1_00_and_reach_5_00():
    data = shipped("spbe-2020")
    data["bands"][0]["lower"] = "1.20"
    rejected(data, "predikat 'Kurang'", "celah: nilai 1,00 sampai 1.20")
    data = shipped("spbe-2020")
    data["bands"][-1]["upper"] = "4.90"
    rejected(data, "predikat 'Memuaskan'", "celah: nilai 4.90 sampai 5,00")


def test_unknown_scale():
    data = shipped("spbe-2020")
    indicator(data, 33)["scale"] = "digital"
    rejected(data, "indikator 33", "skala 'digital' tidak dikenal")


def test_a_scale_needs_levels_1_to_5():
    data = shipped("spbe-2020")
    data["scales"][0]["levels"].pop()
    rejected(data, "skala 'layanan'", "tepat tingkat 1–5")


def test_an_aspect_with_an_unknown_domain_and_an_indicator_with_an_unknown_aspect():
    data = shipped("spbe-2020")
    data["aspects"][0]["domain"] = 9
    indicator(data, 2)["aspect"] = 12
    text = rejected(data, "aspek 1: domain 9 tidak ada", "indikator 2: aspek 12 tidak ada")
    assert text.count(";") >= 1  # every problem is listed, not only the first


def test_unknown_status_and_unknown_key_and_bad_weight():
    data = shipped("pemdi-2026")
    data["status"] = "draft"
    data["versi"] = 2
    indicator(data, 4)["weight"] = "lima"
    rejected(data, "status 'draft' tidak dikenal", "kunci tidak dikenal 'versi'", "indikator 4: 'weight' bukan angka")


def test_load_framework_command_names_the_file_and_the_item(tmp_path):
    data = shipped("spbe-2020")
    indicator(data, 12)["weight"] = "2.60"
    path = tmp_path / "salah.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", str(path))
    assert "salah.json" in str(excinfo.value) and "aspek 2" in str(excinfo.value)
    assert not Framework.objects.exists()
    path.write_text("{ bukan json", encoding="utf-8")
    with pytest.raises(CommandError, match="bukan JSON yang sah"):
        call_command("load_framework", str(path))


# --- structure() ----------------------------------------------------------------------------------


def test_structure_is_built_in_four_queries_and_cached(spbe_2020, django_assert_num_queries):
    framework = Framework.objects.get(pk=spbe_2020.pk)
    with django_assert_num_queries(4):
        structure = framework.structure()
    with django_assert_num_queries(0):
        assert framework.structure() is structure
    assert len(structure.indicators) == 47 and len(structure.domains) == 4 and len(structure.bands) == 5
    assert structure.indicator(44).aspect == 8 and structure.indicator(44).weight == Decimal("3.00")


def test_locks_register_and_report():
    framework = load_file(SHIPPED["pemdi-2026"]).framework
    assert locks.is_locked(framework) is None

    def check(fw):
        return "alasan uji"

    locks.register_lock_check(check)
    locks.register_lock_check(check)
    try:
        assert locks.is_locked(framework) == "alasan uji"
        assert framework.locked_reason() == "alasan uji"
    finally:
        locks.unregister_lock_check(check)
    assert locks.is_locked(framework) is None


def test_shipped_files_are_what_the_build_script_makes_from_the_reference_csvs():
    import importlib.util

    script = SHIPPED["spbe-2020"].parent / "build_from_reference.py"
    spec = importlib.util.spec_from_file_location("build_from_reference", script)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    if not (build.DEFAULT_REFERENCE / "spbe-2020-indicators.csv").exists():
        pytest.skip("reference CSVs not present beside the project")
    assert build.dumps(build.build_spbe(build.DEFAULT_REFERENCE)) == SHIPPED["spbe-2020"].read_text(encoding="utf-8")
    assert build.dumps(build.build_pemdi(build.DEFAULT_REFERENCE)) == SHIPPED["pemdi-2026"].read_text(encoding="utf-8")
