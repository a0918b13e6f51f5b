"""load_framework answers hostile files (huge numbers, deep nesting) with one line and exit code 2."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.loader import shipped_files
from indicators.models import Framework

SPBE = next(path for path in shipped_files() if path.stem == "spbe-2020")

HOSTILE_NUMBERS = ["1e999999999", "1e308", str(10**30), "9" * 5000]


def refused(path):
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", str(path))
    message = str(excinfo.value)
    assert excinfo.value.returncode == 2
    assert "\n" not in message and str(path) in message
    assert not Framework.objects.exists()  # nothing half-loaded
    return message


@pytest.mark.django_db
@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("key", ["weight", "valid_from_year"])
def test_a_hostile_number_is_one_line_and_exit_2(tmp_path, number, key):
    text = SPBE.read_text(encoding="utf-8")
    if key == "weight":
        text = text.replace('"weight": "13.00"', f'"weight": {number}', 1)
    else:
        text = re.sub(r'"valid_from_year": \d+', f'"valid_from_year": {number}', text, count=1)
    path = tmp_path / "musuh.json"
    path.write_text(text, encoding="utf-8")
    message = refused(path)
    assert len(message) < 300  # the number itself is not echoed in full


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_deeply_nested_json_is_one_line_and_exit_2(tmp_path, text):
    path = tmp_path / "dalam.json"
    path.write_text(text, encoding="utf-8")
    assert "bersarang" in refused(path)


@pytest.mark.django_db
def test_nan_and_an_oversized_file_are_refused(tmp_path, settings):
    path = tmp_path / "nan.json"
    path.write_text(SPBE.read_text(encoding="utf-8").replace('"weight": "13.00"', '"weight": NaN', 1), encoding="utf-8")
    assert "NaN" in refused(path)
    path = tmp_path / "besar.json"
    path.write_text(" " * (6 * 1024 * 1024) + "{}", encoding="utf-8")
    assert "bita" in refused(path)


@pytest.mark.django_db
def test_export_framework_to_an_unwritable_path_or_an_unknown_code_is_one_line_exit_2(spbe_2020, tmp_path):
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    for args in (["spbe-2020", "-o", str(blocker / "x.json")], ["tidak-ada"]):
        with pytest.raises(CommandError) as excinfo:
            call_command("export_framework", *args)
        assert excinfo.value.returncode == 2 and "\n" not in str(excinfo.value)
