"""Writes to work units (SKPD): create, edit, and the CSV import (``code,name,short_name,kind``).

The import checks every row first and saves nothing unless every row is good; each problem is
reported by line number, field and reason. A code that already exists is an error unless the
caller asks to update existing units (``update_existing=True``, the "perbarui yang sudah ada"
checkbox or ``import_units --update-existing``): a unit is never overwritten silently. An
update changes name, short name and kind; it never touches the active flag.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skpd import permissions
from skpd.models import Unit
from skpd.validators import bidi_controls_in, bidi_message
from spbe_portal.lib import uploads

HEADER = ["code", "name", "short_name", "kind"]
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MAX = {name: Unit._meta.get_field(name).max_length for name in ("code", "name", "short_name")}


@dataclass(frozen=True)
class RowError:
    line: int  # 1 is the header
    field: str
    message: str

    def __str__(self):
        return _("baris %(line)s, kolom %(field)s: %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class UnitImportError(Exception):
    """The file was refused; ``errors`` lists the bad rows (the first ``uploads.SHOWN_ERRORS``,
    then one "dan N lainnya" row), ``total`` counts them all. Nothing was saved."""

    def __init__(self, errors):
        errors = list(errors)
        self.total = len(errors)
        if self.total > uploads.SHOWN_ERRORS:
            rest = self.total - uploads.SHOWN_ERRORS
            more = ngettext("dan %(n)s kesalahan lainnya", "dan %(n)s kesalahan lainnya", rest) % {"n": rest}
            errors = errors[: uploads.SHOWN_ERRORS] + [RowError(0, "…", more)]
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def _require(user):
    # ``user=None`` is the command line (manage.py import_units): whoever runs it owns the server.
    if user is not None and not permissions.can_manage_units(user):
        raise PermissionDenied(_("Hanya administrator yang dapat mengelola perangkat daerah."))


def _kind_value(raw):
    """Accept the stored value (``rumah_sakit``) or the label (``Rumah sakit``), any case."""
    text = raw.strip().lower()
    for value, label in Unit.Kind.choices:
        if text in (value, str(label).lower(), value.replace("_", " ")):
            return value
    return None


def _decode(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        data = uploads.read_bytes(data, _("berkas"))
    except uploads.UploadRefused as exc:
        raise UnitImportError([RowError(0, _("berkas"), str(exc))]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnitImportError(
            [RowError(0, _("berkas"), _("bukan teks UTF-8 (bita ke-%(pos)s)") % {"pos": exc.start + 1})]
        ) from None


def parse_units(data):
    """Rows of a unit CSV as dicts, or ``UnitImportError`` listing every bad row."""
    text = _decode(data).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    rows_read = 0
    errors = []
    rows = []
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if header is None or [h.strip().lower() for h in header] != HEADER:
        raise UnitImportError(
            [RowError(1, _("kepala"), _("baris pertama harus tepat %(header)s") % {"header": ",".join(HEADER)})]
        )
    first_line_of_code = {}
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
            raise UnitImportError(
                [RowError(reader.line_num, _("baris"), _("CSV tidak dapat dibaca: %(why)s") % {"why": exc})]
            ) from None
        if cells is None:
            break
        rows_read += 1
        if rows_read > settings.IMPORT_MAX_ROWS:
            raise UnitImportError(
                [
                    RowError(
                        reader.line_num,
                        _("baris"),
                        _("lebih dari %(rows)s baris; bagi berkas menjadi beberapa bagian")
                        % {"rows": settings.IMPORT_MAX_ROWS},
                    )
                ]
            )
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            errors.append(
                RowError(
                    line,
                    _("baris"),
                    _("berisi %(n)s kolom, seharusnya %(expected)s") % {"n": len(cells), "expected": len(HEADER)},
                )
            )
            continue
        code, name, short_name, kind_raw = (cell.strip() for cell in cells)
        row_errors = [
            RowError(line, field_name, _("berisi karakter NUL (\\x00)"))
            for field_name, cell in zip(HEADER, cells, strict=True)
            if "\x00" in cell
        ]
        if row_errors:  # the database cannot store it; the other checks would only repeat the row
            errors.extend(row_errors)
            continue
        if not code:
            row_errors.append(RowError(line, "code", _("wajib diisi")))
        elif len(code) > _MAX["code"]:
            row_errors.append(RowError(line, "code", _("lebih dari %(n)s karakter") % {"n": _MAX["code"]}))
        elif not CODE_PATTERN.match(code):
            row_errors.append(RowError(line, "code", _("hanya huruf, angka, titik, garis bawah dan tanda hubung")))
        elif code.upper() in first_line_of_code:
            row_errors.append(
                RowError(
                    line,
                    "code",
                    _("kode %(code)s sudah ada di baris %(first)s")
                    % {"code": code, "first": first_line_of_code[code.upper()]},
                )
            )
        else:
            first_line_of_code[code.upper()] = line
        if not name:
            row_errors.append(RowError(line, "name", _("wajib diisi")))
        elif len(name) > _MAX["name"]:
            row_errors.append(RowError(line, "name", _("lebih dari %(n)s karakter") % {"n": _MAX["name"]}))
        elif codes := bidi_controls_in(name):
            row_errors.append(RowError(line, "name", bidi_message(codes)))
        if len(short_name) > _MAX["short_name"]:
            row_errors.append(RowError(line, "short_name", _("lebih dari %(n)s karakter") % {"n": _MAX["short_name"]}))
        elif codes := bidi_controls_in(short_name):
            row_errors.append(RowError(line, "short_name", bidi_message(codes)))
        kind = _kind_value(kind_raw)
        if kind is None:
            row_errors.append(
                RowError(
                    line,
                    "kind",
                    _("%(value)s bukan jenis yang dikenal (pilihan: %(choices)s)")
                    % {"value": repr(kind_raw), "choices": ", ".join(Unit.Kind.values)},
                )
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append({"line": line, "code": code, "name": name, "short_name": short_name, "kind": kind})
    if errors:
        raise UnitImportError(errors)
    if not rows:
        raise UnitImportError([RowError(2, _("baris"), _("berkas tidak berisi satu pun perangkat daerah"))])
    return rows


def import_units(user, data, *, update_existing=False):
    """Create (and, when asked, update) units from CSV bytes or text; all rows or none."""
    _require(user)
    rows = parse_units(data)
    with transaction.atomic():
        # a province has tens of units: compare codes case-insensitively against all of them
        existing = {u.code.upper(): u for u in Unit.objects.all()}
        if not update_existing:
            errors = [
                RowError(
                    row["line"],
                    "code",
                    _(
                        "kode %(code)s sudah terdaftar (%(name)s); centang “perbarui yang sudah ada” untuk memperbaruinya"
                    )
                    % {"code": row["code"], "name": existing[row["code"].upper()].name},
                )
                for row in rows
                if row["code"].upper() in existing
            ]
            if errors:
                raise UnitImportError(errors)
        report = ImportReport()
        new_units = []
        for row in rows:
            unit = existing.get(row["code"].upper())
            if unit is None:
                new_units.append(
                    Unit(code=row["code"], name=row["name"], short_name=row["short_name"], kind=row["kind"])
                )
                continue
            changed = [f for f in ("name", "short_name", "kind") if getattr(unit, f) != row[f]]
            if changed:
                for f in changed:
                    setattr(unit, f, row[f])
                unit.save(update_fields=changed)
                report.updated.append(unit)
            else:
                report.unchanged.append(unit)
        report.created = Unit.objects.bulk_create(new_units)
    return report


def create_unit(user, **fields):
    _require(user)
    with transaction.atomic():
        unit = Unit(**fields)
        unit.full_clean()
        unit.save()
    return unit


def update_unit(user, unit, **fields):
    _require(user)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(unit, name, value)
        unit.full_clean()
        unit.save()
    return unit
