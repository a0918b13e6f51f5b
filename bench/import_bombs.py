"""Time and memory of the stage-results import on the attack drill's two .xlsx files (issue 17).

    DEBUG=1 .venv/bin/python -m bench.import_bombs

Builds the files (a ~28 KB .xlsx of 200,000 rows, a ~63 KB .xlsx of two million empty rows) and
measures ``_read_rows`` on each with ``time.perf_counter`` and ``tracemalloc`` (peak Python
allocations). Both must be refused well under 1 s and 50 MB. The tests build the same files
(tests/evaluations/test_stage_import_bounds.py) and check that they are refused before any row is
checked; they do not time anything.
"""

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_with_sheet(sheet_rows_xml):
    """An .xlsx whose first sheet's <sheetData> is the given XML (written straight into the zip)."""
    book = Workbook()
    book.active.append(["indicator", "level"])
    template = io.BytesIO()
    book.save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SHEET:
                head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                target.writestr(item.filename, head + sheet_rows_xml + b"</sheetData></worksheet>")
            else:
                target.writestr(item, data)
    return out.getvalue()


def bomb_200k_rows():
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr"><is><t>level</t></is></c></row>'
    # rows without an "r" attribute (optional in the format) are identical, so the file stays tiny
    return xlsx_with_sheet(header + b"<row><c><v>1</v></c><c><v>9</v></c></row>" * 199_999)


def bomb_two_million_empty_rows():
    return xlsx_with_sheet(b"<row><c/></row>" * 2_000_000)


def main():
    import os
    import time
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.errors import ImportRowsError
    from evaluations.periods.services import _read_rows

    for label, build in (("200,000 rows", bomb_200k_rows), ("2,000,000 empty rows", bomb_two_million_empty_rows)):
        data = build()
        upload = SimpleUploadedFile("bom.xlsx", data)
        tracemalloc.start()
        started = time.perf_counter()
        try:
            _read_rows(upload)
            outcome = "read (not refused!)"
        except ImportRowsError as exc:
            outcome = exc.errors[0]
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label}: {len(data) / 1024:.0f} KB file, {elapsed:.3f} s, peak {peak / 2**20:.1f} MB: {outcome}")


if __name__ == "__main__":
    main()
