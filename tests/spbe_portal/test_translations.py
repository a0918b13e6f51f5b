"""The English catalogue: complete, compiled in sync with its source, and used after the language switch.

The portal runs without GNU gettext: locale/en/LC_MESSAGES/django.mo is committed next to its .po.
These tests read both files with the standard library only, so they need no gettext either.
"""

import gettext
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_framework, make_period

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text):
    """A PO string literal ("...") without its quotes, with its C escapes undone."""
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], "\\" + m[1]), text[1:-1])


def parse_po(path):
    """The entries of a .po file (blocks separated by blank lines) as dicts.

    Keys: msgctxt, msgid, msgid_plural (None when absent), msgstr (a list: one string, or one per plural
    form), flags (the set from "#," lines) and obsolete (the "#~" entries msgmerge keeps).
    """
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": [], "flags": set()}
        entry["obsolete"] = False
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry["obsolete"], line = True, line[2:].strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                if field == "msgstr":
                    entry["msgstr"][-1] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            else:
                keyword, _, literal = line.partition(" ")
                field = "msgstr" if keyword.startswith("msgstr") else keyword
                assert field in entry, f"unexpected line in {path.name}: {line!r}"
                if field == "msgstr":
                    entry["msgstr"].append(_unquote(literal))
                else:
                    entry[field] = _unquote(literal)
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return parse_po(PO)


@pytest.fixture(scope="module")
def header(po_entries):
    return next(entry for entry in po_entries if entry["msgid"] == "")


@pytest.fixture(scope="module")
def messages(po_entries):
    return [entry for entry in po_entries if entry["msgid"] and not entry["obsolete"]]


def test_catalogue_has_several_hundred_entries(messages):
    assert len(messages) > 500


def test_header_declares_english_with_two_plural_forms(header):
    assert "fuzzy" not in header["flags"]
    text = header["msgstr"][0]
    assert "Language: en\n" in text
    assert "Content-Type: text/plain; charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text


def test_every_entry_is_translated_and_none_is_fuzzy(messages):
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    empty = [entry["msgid"] for entry in messages if not all(s.strip() for s in entry["msgstr"])]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:10]}"
    assert not empty, f"untranslated entries: {empty[:10]}"
    plural_forms = {len(entry["msgstr"]) for entry in messages if entry["msgid_plural"]}
    assert plural_forms <= {2}


def test_no_obsolete_entries_are_kept(po_entries):
    assert not [entry["msgid"] for entry in po_entries if entry["obsolete"]]


def test_translations_keep_the_placeholders(messages):
    """%(name)s, %s and %% survive translation: a lost one would raise or print the wrong value."""
    wrong = []
    for entry in messages:
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        wanted = [sorted(PLACEHOLDER.findall(source)) for source in sources]
        for translation in entry["msgstr"]:
            if sorted(PLACEHOLDER.findall(translation)) not in wanted:
                wrong.append((entry["msgid"], translation))
    assert not wrong, wrong[:10]


def test_compiled_catalogue_matches_its_source(messages):
    """The committed .mo says exactly what the .po says (recompile after editing the .po)."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    expected_keys = set()
    for entry in messages:
        prefix = f"{entry['msgctxt']}\x04" if entry["msgctxt"] is not None else ""
        if entry["msgid_plural"]:
            for index, translation in enumerate(entry["msgstr"]):
                key = (prefix + entry["msgid"], index)
                expected_keys.add(key)
                if compiled._catalog.get(key) != translation:
                    stale.append((entry["msgid"], index, translation, compiled._catalog.get(key)))
        else:
            key = prefix + entry["msgid"]
            expected_keys.add(key)
            if compiled._catalog.get(key) != entry["msgstr"][0]:
                stale.append((entry["msgid"], entry["msgstr"][0], compiled._catalog.get(key)))
    assert not stale, f"django.mo is out of date with django.po: {stale[:5]}"
    extra = set(compiled._catalog) - expected_keys - {""}
    assert not extra, f"django.mo holds entries no longer in django.po: {sorted(map(str, extra))[:5]}"
    assert compiled.ngettext("%(n)s kosong", "%(n)s kosong", 1) == "%(n)s empty"


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.fixture
def period(db):
    """An open period whose target, 2.69, the dashboard shows as a formatted number."""
    return make_period(make_framework(), year=2026, status="open", target_index=Decimal("2.69"))


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin-bahasa", "admin@example.org", "rahasia-123")
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_login_page_is_indonesian_by_default(client):
    page = client.get(reverse("login")).text
    assert 'lang="id"' in page
    assert "Masuk ke Portal SPBE" in page


@pytest.mark.django_db
def test_language_switch_works_before_signing_in(client):
    """The footer's switch on the login page: set_language is open to anonymous visitors."""
    switch_to_english(client)
    page = client.get(reverse("login")).text
    assert 'lang="en"' in page
    assert "Sign in to the SPBE Portal" in page
    assert "Masuk ke Portal SPBE" not in page


@pytest.mark.django_db
def test_login_page_in_english_after_the_switch(admin_client):
    switch_to_english(admin_client)
    admin_client.post(reverse("logout"))  # the choice outlives the session: it is in the language cookie
    page = admin_client.get(reverse("login")).text
    assert 'lang="en"' in page
    assert "Sign in to the SPBE Portal" in page
    assert "Masuk ke Portal SPBE" not in page
    assert "SPBE evaluation under PermenPANRB No. 59 of 2020" in page  # the footer


@pytest.mark.django_db
def test_login_error_message_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}).text
    assert "Wrong username or password" in page


@pytest.mark.django_db
def test_home_in_indonesian_uses_a_decimal_comma(admin_client, period):
    page = admin_client.get(reverse("home")).text
    assert "Dasbor Indeks SPBE Provinsi" in page
    assert "<dd>2,69</dd>" in page  # the period target
    assert "<dd>2.69</dd>" not in page


@pytest.mark.django_db
def test_home_in_english_uses_a_decimal_point(admin_client, period):
    switch_to_english(admin_client)
    response = admin_client.get(reverse("home"))
    assert response.status_code == 200
    page = response.text
    assert 'lang="en"' in page
    assert "Provincial SPBE Index Dashboard" in page
    assert "Dasbor Indeks SPBE" not in page
    assert "Sign out" in page  # the navigation
    assert "<dd>2.69</dd>" in page
    assert "<dd>2,69</dd>" not in page


@pytest.mark.django_db
def test_english_stays_off_for_a_browser_that_merely_prefers_english(admin_client, period):
    page = admin_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").text
    assert "Dasbor Indeks SPBE Provinsi" in page
    assert "<dd>2,69</dd>" in page
