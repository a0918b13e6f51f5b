"""`compute_index --domains/--aspects`: the index from published summary values, same JSON keys."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_framework

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    call_command("compute_index", *args)
    return capsys.readouterr().out


def test_domains_give_the_index_with_the_same_keys_as_levels(spbe_2020, capsys):
    data = json.loads(
        run(capsys, "--framework", "spbe-2020", "--domains", "1=3.50,2=2.70,3=2.73,4=4.01", "--format", "json")
    )
    assert set(data) == {
        "framework",
        "index",
        "index_display",
        "predicate",
        "near_bound",
        "boundary",
        "provisional",
        "domains",
        "aspects",
        "missing",
    }
    # by hand: (3.50×13 + 2.70×25 + 2.73×16.5 + 4.01×45.5) / 100 = 340.5 / 100
    assert data["index"] == "3.405" and data["index_display"] == "3.41" and data["predicate"] == "Baik"
    assert [d["index"] for d in data["domains"]] == ["3.50", "2.70", "2.73", "4.01"]
    assert all(a["index"] is None for a in data["aspects"])
    assert data["missing"] == [] and data["provisional"] is False


def test_the_regulations_example_and_the_boundary_rule(spbe_2020, capsys):
    data = json.loads(
        run(capsys, "--framework", "spbe-2020", "--domains", "1=3.70,2=3.40,3=3.00,4=3.20", "--format", "json")
    )
    assert data["index_display"] == "3.28"
    # 3.495 exactly: Σ = 349.5 with every domain at 3.495
    data = json.loads(
        run(capsys, "--framework", "spbe-2020", "--domains", "1=3.495,2=3.495,3=3.495,4=3.495", "--format", "json")
    )
    assert data["index_display"] == "3.495" and data["predicate"] == "Baik"
    assert data["boundary"] == {"band": "Sangat Baik", "distance": "0.005"}


def test_aspects_for_a_framework_without_domains(capsys):
    make_framework("tanpa-domain", with_domains=False)  # aspects 40 / 30 / 30
    out = run(capsys, "--framework", "tanpa-domain", "--aspects", "1=3,2=4,3=2", "--format", "json")
    data = json.loads(out)
    assert data["index"] == "3.00"  # (3×40 + 4×30 + 2×30) / 100
    assert data["domains"] == []


def test_text_output(spbe_2020, capsys):
    out = run(capsys, "--framework", "spbe-2020", "--domains", "1=3.70,2=3.40,3=3.00,4=3.20")
    assert "Indeks: 3.28 (nilai penuh 3.282)" in out
    assert "Domain 1 Kebijakan Internal SPBE: 3.70 (3.70)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--domains", "1=3.50,2=2.70,3=2.73"], "--domains: domain 4 tidak diberi nilai"),
        (["--domains", "1=3.50,2=2.70,3=x,4=4.01"], "--domains: bagian 3 '3=x': nilai 'x' bukan angka"),
        (["--domains", "1=3.50;2=2.70"], "--domains: bagian 1 '1=3.50;2=2.70': nilai '3.50;2=2.70' bukan angka"),
        (["--domains", "1=3.50,2=2.70,3=2.73,4=6"], "--domains: domain 4: nilai 6 di luar 1–5"),
        (["--domains", "1=3,2=3,3=3,4=3,9=3"], "--domains: domain 9 tidak ada dalam kerangka"),
        (["--aspects", "1=3,2=3"], "--aspects: aspek 3 tidak diberi nilai"),
    ],
)
def test_bad_summary_values_exit_2_naming_the_part(spbe_2020, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("compute_index", "--framework", "spbe-2020", *args)
    assert caught.value.returncode == 2
    assert message in str(caught.value)


def test_levels_and_domains_together_are_refused(spbe_2020, tmp_path):
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("compute_index", "--framework", "spbe-2020", "--levels", "x.csv", "--domains", "1=3")
