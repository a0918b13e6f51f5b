"""Every string marked for translation in the portal's Python code has its entry in the English
catalogue, under the msgid Python looks up at run time.

An escape such as ``\\u201c`` inside ``_("…")`` is extracted by makemessages as the six characters
``\\u201c`` while Python looks up ``“``: the entry exists but is never used. This test reads the
code with ``ast`` (what Python sees) and the .po with the standard library, so it needs no gettext.
"""

import ast
from pathlib import Path

import pytest

from tests.spbe_portal.test_translations import PO, parse_po

ROOT = Path(__file__).resolve().parents[2]
APPS = ("evaluations", "indicators", "skpd", "spbe_portal")
# name → (index of the context argument or None, indexes of the message arguments)
MARKERS = {
    "_": (None, (0,)),
    "gettext": (None, (0,)),
    "gettext_lazy": (None, (0,)),
    "gettext_noop": (None, (0,)),
    "ngettext": (None, (0, 1)),
    "ngettext_lazy": (None, (0, 1)),
    "pgettext": (0, (1,)),
    "pgettext_lazy": (0, (1,)),
    "npgettext": (0, (1, 2)),
}


def marked_strings():
    """``(path:line, context, message)`` for each literal passed to a gettext function."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in MARKERS:
                    continue
                context_at, message_at = MARKERS[name]
                literal = [isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args]
                context = None
                if context_at is not None:
                    if len(node.args) <= context_at or not literal[context_at]:
                        continue
                    context = node.args[context_at].value
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                for index in message_at:
                    if index < len(node.args) and literal[index]:
                        found.append((where, context, node.args[index].value))
    return found


@pytest.fixture(scope="module")
def catalogue():
    keys = set()
    for entry in parse_po(PO):
        if entry["obsolete"]:
            continue
        keys.add((entry["msgctxt"], entry["msgid"]))
        if entry["msgid_plural"]:
            keys.add((entry["msgctxt"], entry["msgid_plural"]))
    return keys


def test_the_scan_finds_the_portal_strings():
    messages = {message for _where, _context, message in marked_strings()}
    assert len(messages) > 300
    assert "Periode dibuat" in messages  # gettext_noop in evaluations/audit.py
    assert "Progres SKPD" in messages  # pgettext in evaluations/reports/exports.py


def test_every_marked_string_is_in_the_catalogue_as_python_sees_it(catalogue):
    missing = [(where, message) for where, context, message in marked_strings() if (context, message) not in catalogue]
    assert not missing, f"not in {PO.relative_to(ROOT)} (run `make messages`, then translate): {missing[:10]}"


def test_no_catalogue_entry_comes_only_from_tests_or_bench():
    """``make messages`` ignores tests/ and bench/: their strings are not the portal's UI."""
    only_there = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        references = [ref for line in block.splitlines() if line.startswith("#: ") for ref in line[3:].split()]
        if references and all(ref.startswith(("tests/", "bench/")) for ref in references):
            only_there.append(references[0])
    assert not only_there, only_there[:10]
