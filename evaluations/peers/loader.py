"""The published-results file: ``evaluations/reference/published-indexes.csv`` is shipped as default
data and loaded by ``manage.py load_published_results`` (a step of ``setup_portal``).

Columns: ``body,kind,province,year,framework,index,domains,aspects,predicate_as_published,source,
source_date,note``; ``domains``/``aspects`` as ``1=3.70,2=3.40`` (``indicators.summary_values``).
Every row is checked by ``peers.services.clean_result`` before anything is written: one bad row
refuses the whole file, naming the file, row, field and reason. Loading is idempotent: a result
already recorded (same body and year) is left as it is, so an administrator's correction survives
a later ``setup_portal``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import audit
from evaluations.errors import ImportRowsError
from evaluations.models import PublishedResult
from evaluations.peers.services import FieldError, clean_result, result_event
from indicators.models import Framework
from indicators.summary_values import parse_summary_values

SHIPPED_FILE = Path(__file__).resolve().parents[1] / "reference" / "published-indexes.csv"
REQUIRED = ("body", "kind", "year", "index", "source")
COLUMNS = (
    "body",
    "kind",
    "province",
    "year",
    "framework",
    "index",
    "domains",
    "aspects",
    "predicate_as_published",
    "source",
    "source_date",
    "note",
)


class PublishedFileError(ImportRowsError):
    """The file refused; ``errors`` lists "file baris n, kolom c: reason" lines."""


@dataclass
class LoadReport:
    created: int = 0
    unchanged: int = 0


def _where(name, line, field):
    return _("%(file)s baris %(line)s, kolom %(field)s") % {"file": name, "line": line, "field": field}


def read_rows(path):
    """The file's rows as ``(line, CleanResult)``; raises ``PublishedFileError`` listing every bad row."""
    path = Path(path)
    name = path.name
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PublishedFileError(
            [_("%(file)s: tidak dapat dibaca: %(error)s") % {"file": name, "error": exc}]
        ) from None
    if not rows:
        raise PublishedFileError([_("%(file)s: berkas kosong") % {"file": name}])
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return_error = _("%(file)s baris 1: kolom %(columns)s tidak ada") % {
            "file": name,
            "columns": ", ".join(missing),
        }
        raise PublishedFileError([return_error])
    frameworks = {fw.code: fw for fw in Framework.objects.all()}
    errors, cleaned, seen = [], [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            errors.append(
                _("%(file)s baris %(line)s: %(count)s kolom, kepala punya %(header)s")
                % {"file": name, "line": line, "count": len(row), "header": len(header)}
            )
            continue
        cells = dict(zip(header, [cell.strip() for cell in row] + [""] * (len(header) - len(row)), strict=True))
        try:
            clean = _clean_row(cells, frameworks)
        except FieldError as exc:
            errors.append(f"{_where(name, line, exc.field)}: {exc}")
            continue
        key = (clean.body, clean.year)
        if key in seen:
            errors.append(
                f"{_where(name, line, 'year')}: "
                + _("%(body)s tahun %(year)s sudah ada di baris %(other)s")
                % {"body": clean.body, "year": clean.year, "other": seen[key]}
            )
            continue
        seen[key] = line
        cleaned.append((line, clean))
    if errors:
        raise PublishedFileError(errors)
    return cleaned


def _clean_row(cells, frameworks):
    code = cells.get("framework", "")
    framework = None
    if code:
        framework = frameworks.get(code)
        if framework is None:
            known = ", ".join(sorted(frameworks)) or "-"
            raise FieldError(
                "framework", _("kerangka %(code)s tidak ada (yang ada: %(known)s)") % {"code": code, "known": known}
            )
    parts = {}
    for column, what in (("domains", "domain"), ("aspects", "aspek")):
        text = cells.get(column, "")
        if text:
            try:
                parts[column] = parse_summary_values(text, what)
            except ValueError as exc:
                raise FieldError(column, str(exc)) from None
    return clean_result(
        body=cells.get("body", ""),
        kind=cells.get("kind", ""),
        province=cells.get("province", ""),
        year=cells.get("year", ""),
        framework=framework,
        index=cells.get("index", ""),
        domains=parts.get("domains"),
        aspects=parts.get("aspects"),
        source=cells.get("source", ""),
        source_date=cells.get("source_date", ""),
        predicate_as_published=cells.get("predicate_as_published", ""),
        note=cells.get("note", ""),
    )


def load_published_results(path=SHIPPED_FILE) -> LoadReport:
    """Load the file: results not yet recorded are created (with a history event naming the file);
    recorded ones are left as they are. Nothing is written when a row is bad."""
    rows = read_rows(path)
    report = LoadReport()
    with transaction.atomic():
        existing = set(PublishedResult.objects.values_list("body", "year"))
        for _line, clean in rows:
            if (clean.body, clean.year) in existing:
                report.unchanged += 1
                continue
            result = PublishedResult(**clean.fields())
            audit.mark(result, None, result_event(clean, loaded_from=Path(path).name))
            result.save()
            report.created += 1
    return report
