"""The difference between two framework specs (indicators.changes): pure, no database."""

import copy
from decimal import Decimal

import pytest

from indicators import changes, scoring
from indicators.loader import check, read_file, shipped_files


@pytest.fixture(scope="module")
def spbe():
    return read_file(next(p for p in shipped_files() if p.name == "spbe-2020.json"))


def _indicator(data, number):
    return next(i for i in data["indicators"] if i["number"] == number)


def test_identical_specs_have_no_difference(spbe):
    assert changes.diff(spbe, copy.deepcopy(spbe)) == []


def test_weight_rename_band_and_text_changes_are_listed_and_classed(spbe):
    new = copy.deepcopy(spbe)
    _indicator(new, 1)["weight"] = "1.40"
    _indicator(new, 2)["weight"] = "1.20"
    _indicator(new, 3)["name"] = "Nama baru indikator 3"
    _indicator(new, 4)["criteria"][0]["criterion"] = "Kriteria baru."
    new["bands"][1]["lower"] = "1.90"
    new["bands"][0]["upper"] = "1.90"
    found = {(c.part, c.kind, c.key): c for c in changes.diff(spbe, check(new))}
    assert found["indicator", "weight", "1"].old == "1.30" and found["indicator", "weight", "1"].new == "1.40"
    assert found["indicator", "weight", "2"].new == "1.20"
    assert found["indicator", "renamed", "3"].new == "Nama baru indikator 3"
    assert found["indicator", "text", "4"].field == "criteria"
    assert found["band", "bounds", "Kurang"].new == "1.00–1.90"
    assert found["band", "bounds", "Cukup"].old == "1.80–2.60"
    assert {c.kind for c in changes.scoring_changes(found.values())} == {"weight", "bounds"}
    assert not found["indicator", "renamed", "3"].scores


def test_added_removed_and_moved_indicators(spbe):
    new = copy.deepcopy(spbe)
    removed = _indicator(new, 47)
    new["indicators"].remove(removed)
    added = copy.deepcopy(removed) | {"number": 48, "name": "Indikator baru"}
    new["indicators"].append(added)
    _indicator(new, 5)["aspect"] = 2
    _indicator(new, 12)["aspect"] = 1
    found = {(c.part, c.kind, c.key) for c in changes.diff(spbe, new)}
    assert {("indicator", "removed", "47"), ("indicator", "added", "48"), ("indicator", "moved", "5")} <= found


def test_a_new_framework_is_one_addition(spbe):
    [change] = changes.diff(None, spbe)
    assert (change.part, change.kind, change.key) == ("framework", "added", "spbe-2020")


def test_structure_of_spec_scores_like_the_formula(spbe):
    structure = changes.structure_of_spec(spbe)
    result = scoring.compute(structure, dict.fromkeys(structure.numbers, 3))
    assert result.index == Decimal(3) and result.predicate.name == "Baik"
    assert len(structure.indicators) == 47 and len(structure.domains) == 4


def test_change_round_trips_through_json(spbe):
    new = copy.deepcopy(spbe)
    _indicator(new, 1)["weight"] = "1.40"
    _indicator(new, 2)["weight"] = "1.20"
    for change in changes.diff(spbe, new):
        assert changes.Change.from_json(change.to_json()) == change


def test_token_names_both_the_file_and_the_loaded_version():
    assert changes.token("a", "b") != changes.token("a", "c") != changes.token("b", "c")
    assert changes.token("a", "b") == changes.token("a", "b")
