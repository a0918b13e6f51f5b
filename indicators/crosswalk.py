"""Crosswalk files: which indicators of one framework version answer each indicator of another.

A crosswalk (docs/framework-format.md, "Crosswalk") lists pairs *to-indicator ← from-indicator*
with a relation: ``primary`` (the same capability), ``partial`` (contributes), or ``none`` (the
target indicator is new work, no counterpart). ``check`` reads the whole file and reports every
problem with its row number and reason; ``load_data`` writes only a file without problems, in one
transaction, as a new *version* when its content differs from the latest one (the same content
again changes nothing). ``export_data`` / ``dumps`` give the canonical JSON back.

The input is the canonical JSON, or the CSV layout of the reference table
(``to_indicator,from_indicator,relation,note``, with the reference's ``pemdi_no`` / ``spbe_no``
accepted as column names), for which the two framework codes are given separately.

A web view (framework upload) calls ``read_text`` / ``load_data`` the same way the commands do.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from indicators.loader import MAX_FILE_BYTES, MAX_NUMBER
from indicators.models import Crosswalk, CrosswalkRow, Framework, Indicator

FORMAT_VERSION = 1
RELATIONS = ("primary", "partial", "none")
TOP_KEYS = {
    "format": False,
    "kind": False,
    "from_framework": True,
    "to_framework": True,
    "status": True,
    "status_note": False,
    "rows": True,
}
ROW_KEYS = {"to": True, "from": False, "relation": True, "note": False}
NOTE_MAX = CrosswalkRow._meta.get_field("note").max_length
CSV_COLUMNS = {
    "to": ("to_indicator", "to", "pemdi_no"),
    "from": ("from_indicator", "from", "spbe_no"),
    "relation": ("relation",),
    "note": ("note",),
}


class CrosswalkFileError(Exception):
    """The file cannot be loaded; ``errors`` lists every problem ("baris 4: ...")."""

    def __init__(self, errors, source=""):
        self.errors = list(errors)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(self.errors))


@dataclass(frozen=True)
class Link:
    """One checked row: target number, source number (None for ``none``), relation, note."""

    to: int
    source: int | None
    relation: str
    note: str = ""


@dataclass(frozen=True)
class LoadResult:
    crosswalk: Crosswalk
    action: str  # "created" (a new version) or "unchanged"


# --- reading -------------------------------------------------------------------------------------


def _number(value):
    """A row's indicator number: an int, or digits as text (CSV); None when empty; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) < 7:
        number = int(value.strip())
    else:
        raise ValueError(value)
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(value)
    return number


def parse_csv(text, *, from_framework, to_framework, status="provisional", status_note=""):
    """The CSV layout as the file dictionary (rows keep their CSV line number for messages)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise CrosswalkFileError([f"bukan CSV yang sah: {exc}"]) from None
    if not rows:
        raise CrosswalkFileError(["berkas kosong"])
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {}
    for key, names in CSV_COLUMNS.items():
        found = next((header.index(n) for n in names if n in header), None)
        if found is None and key in ("to", "relation"):
            raise CrosswalkFileError([f"baris 1: kolom '{names[0]}' tidak ada (ditemukan {','.join(rows[0])!r})"])
        columns[key] = found
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        item = {"_line": line}
        for key, col in columns.items():
            item[key] = row[col].strip() if col is not None and col < len(row) else ""
        out.append(item)
    return {
        "from_framework": from_framework,
        "to_framework": to_framework,
        "status": status,
        "status_note": status_note,
        "rows": out,
    }


def parse_json(text):
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CrosswalkFileError([f"bukan JSON yang sah: {exc}"]) from None
    if not isinstance(data, dict):
        raise CrosswalkFileError(["harus berupa objek JSON"])
    return data


def read_text(text, *, name="", from_framework=None, to_framework=None):
    """Parse and check a file's text; a ``.csv`` name (or codes given) reads the CSV layout."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise CrosswalkFileError([f"lebih dari {MAX_FILE_BYTES} bita"], name)
    try:
        if name.lower().endswith(".csv"):
            if not (from_framework and to_framework):
                raise CrosswalkFileError(["berkas CSV: kode kerangka asal dan tujuan wajib diberikan"])
            data = parse_csv(text, from_framework=from_framework, to_framework=to_framework)
        else:
            data = parse_json(text)
        return check(data)
    except CrosswalkFileError as exc:
        raise CrosswalkFileError(exc.errors, name) from None


def read_file(path, *, from_framework=None, to_framework=None):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CrosswalkFileError([f"tidak dapat dibaca: {exc}"], str(path)) from None
    return read_text(text, name=str(path), from_framework=from_framework, to_framework=to_framework)


# --- checking ------------------------------------------------------------------------------------


def check(data) -> dict:
    """The file checked against the two frameworks in the database: ``{..., "links": [Link]}``.

    Every problem is collected (row number and reason) and raised together, so nothing is loaded
    from a file with any problem.
    """
    errors = []
    for key in data:
        if key not in TOP_KEYS and key != "_line":
            errors.append(f"kunci tidak dikenal '{key}'")
    for key, required in TOP_KEYS.items():
        if required and key not in data:
            errors.append(f"kunci '{key}' wajib ada")
    if errors:
        raise CrosswalkFileError(errors)
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        errors.append(f"format {data.get('format')!r} tidak dikenal (hanya {FORMAT_VERSION})")
    if data.get("kind", "crosswalk") != "crosswalk":
        errors.append("'kind' harus 'crosswalk'")
    status = data["status"]
    if status not in Framework.Status.values:
        errors.append(f"'status' harus official atau provisional (ditemukan {status!r})")
    frameworks = {}
    for key in ("from_framework", "to_framework"):
        code = data[key]
        framework = Framework.objects.filter(code=code).first() if isinstance(code, str) else None
        if framework is None:
            errors.append(f"'{key}': kerangka {code!r} tidak ada")
        frameworks[key] = framework
    if frameworks["from_framework"] and frameworks["from_framework"] == frameworks["to_framework"]:
        errors.append("kerangka asal dan tujuan sama")
    rows = data["rows"]
    if not isinstance(rows, list) or not rows:
        errors.append("'rows' harus daftar baris yang tidak kosong")
        rows = []
    if errors:
        raise CrosswalkFileError(errors)
    to_numbers = set(frameworks["to_framework"].indicators.values_list("number", flat=True))
    from_numbers = set(frameworks["from_framework"].indicators.values_list("number", flat=True))
    to_code, from_code = data["to_framework"], data["from_framework"]

    links, seen, by_target = [], {}, defaultdict(set)
    for position, row in enumerate(rows, start=1):
        line = row.get("_line", position) if isinstance(row, dict) else position
        where = f"baris {line}"
        if not isinstance(row, dict):
            errors.append(f"{where}: harus berupa objek")
            continue
        unknown = [k for k in row if k not in ROW_KEYS and k != "_line"]
        if unknown:
            errors.append(f"{where}: kunci tidak dikenal {', '.join(repr(k) for k in unknown)}")
        relation = row.get("relation")
        relation = relation.strip().lower() if isinstance(relation, str) else relation
        if relation not in RELATIONS:
            errors.append(f"{where}: hubungan {relation!r} tidak dikenal (primary, partial atau none)")
            relation = None
        try:
            target = _number(row.get("to"))
        except ValueError:
            errors.append(f"{where}: nomor indikator tujuan {row.get('to')!r} bukan bilangan bulat")
            target = None
        else:
            if target is None:
                errors.append(f"{where}: indikator tujuan kosong")
            elif target not in to_numbers:
                errors.append(f"{where}: indikator tujuan {target} tidak ada di {to_code}")
                target = None
        try:
            source = _number(row.get("from"))
        except ValueError:
            errors.append(f"{where}: nomor indikator asal {row.get('from')!r} bukan bilangan bulat")
            continue
        if source is not None and source not in from_numbers:
            errors.append(f"{where}: indikator asal {source} tidak ada di {from_code}")
            continue
        if relation == "none" and source is not None:
            errors.append(f"{where}: hubungan none tidak boleh menyebut indikator asal ({source})")
            continue
        if relation in ("primary", "partial") and source is None:
            errors.append(f"{where}: hubungan {relation} harus menyebut indikator asal")
            continue
        note = row.get("note") or ""
        if not isinstance(note, str):
            errors.append(f"{where}: 'note' harus berupa teks")
            continue
        note = " ".join(note.split())
        if len(note) > NOTE_MAX:
            errors.append(f"{where}: catatan lebih dari {NOTE_MAX} karakter")
            continue
        if target is None or relation is None:
            continue
        pair = (target, source)
        if pair in seen:
            errors.append(f"{where}: pasangan {target} ← {source or '-'} sudah ada di baris {seen[pair]}")
            continue
        seen[pair] = line
        by_target[target].add(relation)
        links.append(Link(to=target, source=source, relation=relation, note=note))
    for target, relations in sorted(by_target.items()):
        if "none" in relations and len(relations) > 1:
            errors.append(f"indikator tujuan {target}: bertanda none tetapi juga punya padanan")
    missing = sorted(to_numbers - set(by_target))
    errors.extend(
        f"indikator tujuan {n} tidak muncul di baris mana pun (tulis sebagai none bila tanpa padanan)" for n in missing
    )
    if errors:
        raise CrosswalkFileError(errors)
    links.sort(key=lambda link: (link.to, CrosswalkRow.RANKS[link.relation], link.source or 0))
    return {
        "from_framework": frameworks["from_framework"],
        "to_framework": frameworks["to_framework"],
        "status": status,
        "status_note": (data.get("status_note") or "").strip(),
        "links": links,
    }


# --- loading and export --------------------------------------------------------------------------


def _links_of(crosswalk):
    return [Link(to=t, source=s, relation=r, note=n) for t, s, r, n in crosswalk.links()]


def load_data(checked) -> LoadResult:
    """Write a checked file: a new version unless the latest one already says the same."""
    from_fw, to_fw = checked["from_framework"], checked["to_framework"]
    with transaction.atomic():
        # Lock the pair's versions so two loads do not both become version n+1.
        list(Crosswalk.objects.select_for_update().filter(from_framework=from_fw, to_framework=to_fw))
        latest = Crosswalk.objects.current(from_fw, to_fw)
        if (
            latest is not None
            and latest.status == checked["status"]
            and latest.status_note == checked["status_note"]
            and _links_of(latest) == checked["links"]
        ):
            return LoadResult(latest, "unchanged")
        crosswalk = Crosswalk.objects.create(
            from_framework=from_fw,
            to_framework=to_fw,
            version=(latest.version + 1) if latest else 1,
            status=checked["status"],
            status_note=checked["status_note"],
        )
        to_ids = dict(Indicator.objects.filter(framework=to_fw).values_list("number", "pk"))
        from_ids = dict(Indicator.objects.filter(framework=from_fw).values_list("number", "pk"))
        CrosswalkRow.objects.bulk_create(
            CrosswalkRow(
                crosswalk=crosswalk,
                to_indicator_id=to_ids[link.to],
                from_indicator_id=from_ids[link.source] if link.source else None,
                relation=link.relation,
                relation_rank=CrosswalkRow.RANKS[link.relation],
                note=link.note,
            )
            for link in checked["links"]
        )
    return LoadResult(crosswalk, "created")


def load_file(path, **codes) -> LoadResult:
    return load_data(read_file(path, **codes))


def export_data(crosswalk) -> dict:
    rows = []
    for to, source, relation, note in crosswalk.links():
        row = {"to": to, "from": source, "relation": relation}
        if note:
            row["note"] = note
        rows.append(row)
    data = {
        "format": FORMAT_VERSION,
        "kind": "crosswalk",
        "from_framework": crosswalk.from_framework.code,
        "to_framework": crosswalk.to_framework.code,
        "status": crosswalk.status,
    }
    if crosswalk.status_note:
        data["status_note"] = crosswalk.status_note
    data["rows"] = rows
    return data


HEAD_ORDER = ("format", "kind", "from_framework", "to_framework", "status", "status_note")
ROW_ORDER = ("to", "from", "relation", "note")


def _ordered(mapping, order):
    """``mapping`` with the keys of ``order`` first, in that order, then any others sorted: the same
    text whatever order the dictionary came in (PostgreSQL's jsonb does not keep it)."""
    keys = [k for k in order if k in mapping] + sorted(k for k in mapping if k not in order)
    return {k: mapping[k] for k in keys}


def dumps(data) -> str:
    """Canonical layout: one row per line, so a diff of two versions reads row by row."""
    head = _ordered({k: v for k, v in data.items() if k != "rows"}, HEAD_ORDER)
    lines = json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "rows": [\n'
    lines += ",\n".join("    " + json.dumps(_ordered(row, ROW_ORDER), ensure_ascii=False) for row in data["rows"])
    return lines + "\n  ]\n}\n"


def shipped_files():
    return sorted((Path(__file__).resolve().parent / "frameworks" / "crosswalks").glob("*.json"))


# --- reads other apps share ----------------------------------------------------------------------


@dataclass(frozen=True)
class Map:
    """A crosswalk as plain data (one query): for each target number its links."""

    crosswalk: Crosswalk | None
    by_target: dict  # to number → [(from number, relation, note)]

    def primaries(self):
        """``{to number: (from numbers with relation primary)}`` (targets without any are left out)."""
        out = {}
        for to, links in self.by_target.items():
            sources = tuple(s for s, relation, _note in links if relation == "primary")
            if sources:
                out[to] = sources
        return out

    def sources_of(self, to_number):
        """``[(from number, relation, note)]`` of a target: primary first, then partial (none left out)."""
        return [link for link in self.by_target.get(to_number, []) if link[0] is not None]

    def new_work(self):
        """Target numbers without any counterpart (only ``none`` rows)."""
        return sorted(to for to, links in self.by_target.items() if all(s is None for s, _r, _n in links))


def map_between(from_framework, to_framework) -> Map:
    crosswalk = Crosswalk.objects.current(from_framework, to_framework)
    by_target = defaultdict(list)
    if crosswalk is not None:
        for to, source, relation, note in crosswalk.links():
            by_target[to].append((source, relation, note))
    return Map(crosswalk=crosswalk, by_target=dict(by_target))
