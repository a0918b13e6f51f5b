"""Bounded reading of uploaded tables (CSV, XLSX): every parsed upload goes through here.

A limit is checked before the work it protects: the byte size before reading, an ``.xlsx``'s
uncompressed member sizes (from the zip directory) before openpyxl parses anything, and the row
count while rows stream in (reading stops at the first row past the limit). The limits are
settings (``IMPORT_MAX_BYTES``, ``IMPORT_MAX_SHEET_BYTES``, ``IMPORT_MAX_ROWS``), so an operator
can raise them. Error lists shown to a user are capped by ``capped``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHOWN_ERRORS = 50
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


class UploadRefused(Exception):
    """The upload is refused as a whole (too big, too many rows, unreadable); ``str()`` says why."""


def _size(n):
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{max(n // 1024, 1)} KB"


def _too_big(name):
    limit = settings.IMPORT_MAX_BYTES
    return UploadRefused(_("%(file)s: file terlalu besar (maksimum %(size)s).") % {"file": name, "size": _size(limit)})


def check_size(upload, name):
    """Refuse an upload whose declared size is over ``IMPORT_MAX_BYTES`` (nothing is read)."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise _too_big(name)


def read_bytes(upload, name):
    """The upload's bytes (bytes given are taken as they are), refused past ``IMPORT_MAX_BYTES``."""
    if isinstance(upload, (bytes, bytearray)):
        data = upload
    else:
        check_size(upload, name)
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise _too_big(name)
    return data


def _too_many_rows(name):
    return UploadRefused(
        _("%(file)s: lebih dari %(rows)s baris; bagi file menjadi beberapa bagian.")
        % {"file": name, "rows": settings.IMPORT_MAX_ROWS}
    )


def xlsx_rows(data, name, *, max_col=None):
    """Rows of the first sheet as tuples of values (header first), at most ``IMPORT_MAX_ROWS``.

    Blank rows count (a row number in a message is the sheet's own); openpyxl's read-only mode
    yields a gap of missing rows as blank rows, so a two-million-row sheet stops at the limit.
    """
    if not data.startswith(b"PK"):
        raise UploadRefused(_("%s: bukan file Excel (.xlsx) yang sah.") % name)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRefused(_("%s: file Excel tidak dapat dibaca.") % name) from None
    limit = settings.IMPORT_MAX_SHEET_BYTES
    for member in members:  # sizes from the zip's directory: nothing is unpacked yet
        if member.file_size > limit:
            raise UploadRefused(
                _("%(file)s: bagian %(part)s berukuran %(size)s setelah dibuka (maksimum %(limit)s).")
                % {"file": name, "part": member.filename[:60], "size": _size(member.file_size), "limit": _size(limit)}
            )
    max_rows = settings.IMPORT_MAX_ROWS
    # openpyxl reads a whole sheet once just to find its size when the sheet does not state it
    # (about 0.3 s per unpacked MB), so count the sheets' <row> tags first, at C speed.
    for member in members:
        if member.filename.startswith("xl/worksheets/") and _row_tags(data, member) > max_rows:
            raise _too_many_rows(name)
    from openpyxl import load_workbook

    rows = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # read_only parses the sheet lazily: a damaged sheet fails while iterating.
            for row in book.worksheets[0].iter_rows(values_only=True, max_col=max_col):
                if len(rows) == max_rows:
                    raise _too_many_rows(name)
                rows.append(list(row))
        finally:
            book.close()
    except UploadRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise UploadRefused(_("%s: file Excel tidak dapat dibaca.") % name) from exc
    return rows


def _row_tags(data, member):
    """How many <row> elements a zip member holds (read in chunks; stops past the row limit)."""
    count = 0
    tail = b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)).open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                block = tail + chunk
                count += len(_ROW_TAG.findall(block))
                # a tag cut at the chunk's end is counted in the next block (it starts in the tail)
                cut = block.rfind(b"<", len(block) - 16)
                tail = block[cut:] if cut != -1 and not _ROW_TAG.match(block, cut) else b""
                if count > settings.IMPORT_MAX_ROWS:
                    break
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
        return 0  # openpyxl reports the damaged file below
    return count


def csv_text(data):
    """A text stream over CSV bytes (UTF-8, BOM allowed), decoded as it is read."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


def csv_rows(reader, name):
    """Iterate ``reader`` (a csv.reader over ``csv_text``), refusing past ``IMPORT_MAX_ROWS``.

    Raises ``UploadRefused`` for text that is not UTF-8 or a row the csv module cannot read.
    """
    max_rows = settings.IMPORT_MAX_ROWS
    count = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise UploadRefused(_("%s: CSV harus berkode UTF-8.") % name) from None
        except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
            raise UploadRefused(
                _("%(file)s baris %(row)s: CSV tidak dapat dibaca (%(why)s).")
                % {"file": name, "row": reader.line_num, "why": exc}
            ) from None
        count += 1
        if count > max_rows:
            raise _too_many_rows(name)
        yield row


def sniff_delimiter(data):
    """ ";" when the start of the file has more semicolons than commas (Excel in Indonesian)."""
    sample = codecs.decode(data[:2048], "utf-8", "ignore")
    return ";" if sample.count(";") > sample.count(",") else ","


def capped(errors, shown=SHOWN_ERRORS):
    """The first ``shown`` messages, then one "dan N lainnya" line for the rest."""
    errors = list(errors)
    if len(errors) <= shown:
        return errors
    rest = len(errors) - shown
    return errors[:shown] + [
        ngettext("… dan %(n)s kesalahan lainnya.", "… dan %(n)s kesalahan lainnya.", rest) % {"n": rest}
    ]
