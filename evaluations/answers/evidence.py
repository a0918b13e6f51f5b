"""Checking an uploaded evidence file before it is stored: size, type by content, a safe name, SHA-256.

The type is read from the file's first bytes (and, for ZIP-based office formats, from the parts
inside the archive), never from the name alone; the extension must then agree with what the
content is, so ``laporan.pdf`` that is really a PNG is refused with a message saying so. The hash
is computed while the file is read in chunks, so a 20 MB upload never sits in memory whole.

Nothing here touches the database or the storage: ``services.add_evidence_file`` does that.
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from evaluations.errors import EvidenceRejected

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEADER_BYTES = 2048


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    extensions: tuple
    content_type: str


KINDS = {
    k.code: k
    for k in [
        Kind("pdf", "PDF", ("pdf",), "application/pdf"),
        Kind("png", "PNG", ("png",), "image/png"),
        Kind("jpeg", "JPEG", ("jpg", "jpeg"), "image/jpeg"),
        Kind("gif", "GIF", ("gif",), "image/gif"),
        Kind("webp", "WebP", ("webp",), "image/webp"),
        Kind(
            "docx",
            "Word (DOCX)",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Kind("xlsx", "Excel (XLSX)", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Kind(
            "pptx",
            "PowerPoint (PPTX)",
            ("pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        # The legacy binary formats share one container (OLE2); telling them apart would mean
        # parsing it, and the extension is then the only hint: any of the three is accepted.
        Kind("ole", "Office lama (DOC/XLS/PPT)", ("doc", "xls", "ppt"), "application/x-ole-storage"),
        Kind("odt", "OpenDocument Teks (ODT)", ("odt",), "application/vnd.oasis.opendocument.text"),
        Kind("ods", "OpenDocument Lembar kerja (ODS)", ("ods",), "application/vnd.oasis.opendocument.spreadsheet"),
        Kind("odp", "OpenDocument Presentasi (ODP)", ("odp",), "application/vnd.oasis.opendocument.presentation"),
    ]
}
KIND_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
OLE_CONTENT_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


@dataclass(frozen=True)
class CheckedFile:
    display_name: str  # the uploader's file name without any path, for people (may hold any letters)
    storage_name: str  # the same name reduced to safe characters, for the file system
    extension: str
    kind: Kind
    content_type: str
    size: int
    sha256: str


def max_bytes():
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def accepted_summary():
    return _(
        "PDF, gambar (PNG, JPEG, GIF, WebP), dokumen Office (DOCX, XLSX, PPTX, DOC, XLS, PPT) dan OpenDocument (ODT, ODS, ODP)"
    )


def accept_attribute():
    """For ``<input type=file accept=…>``: a hint to the browser, not a check."""
    return ",".join(f".{ext}" for ext in sorted(KIND_BY_EXTENSION))


def human_size(size):
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{number_format(megabytes, 0 if megabytes == int(megabytes) else 1, use_l10n=True)} MB"
    if size >= 1024:
        return f"{number_format(size / 1024, 0, use_l10n=True)} KB"
    return f"{size} B"


def base_name(raw_name):
    """The last part of a client-supplied name, whatever separators or tricks it holds."""
    name = (raw_name or "").replace("\x00", "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    name = name.lstrip(". ")  # no hidden files, no '..'
    if len(name) > 200:
        # Shorten the stem, never the extension: a long name must not lose what its type is.
        stem, dot, ext = name.rpartition(".")
        keep = f"{dot}{ext}" if dot and stem and len(ext) <= 10 else ""
        name = name[: 200 - len(keep)].rstrip() + keep
    return name


def split_extension(name):
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, ext.lower()


def safe_storage_name(raw_name):
    """ASCII letters, digits, '-', '_' and one dot before the extension; never empty, never a path."""
    stem, ext = split_extension(base_name(raw_name))
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:100] or "bukti"
    ext = re.sub(r"[^a-z0-9]", "", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def sniff(header, fileobj):
    """The kind code the content is, or None. ``fileobj`` is seekable (ZIP parts are looked at)."""
    if header.startswith(b"%PDF-"):
        return "pdf"
    if header.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if header.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if header[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if header[:4] == b"RIFF" and header[8:12] == b"WEBP":
        return "webp"
    if header.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if header.startswith(b"PK\x03\x04"):
        return _sniff_zip(fileobj)
    return None


def _sniff_zip(fileobj):
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    return ODF_MIMETYPES.get(part.read(100).strip())
            if "[Content_Types].xml" in names:
                for part, code in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return code
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    finally:
        fileobj.seek(0)
    return None


def check_upload(uploaded_file):
    """Read ``uploaded_file`` once in chunks; return a ``CheckedFile`` or raise ``EvidenceRejected``."""
    display_name = base_name(getattr(uploaded_file, "name", "")) or "bukti"
    limit = max_bytes()
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise EvidenceRejected(_too_big(display_name, declared, limit))
    if declared == 0:
        raise EvidenceRejected(_("File “%(name)s” kosong (0 bita): pilih file yang berisi.") % {"name": display_name})

    stem, extension = split_extension(display_name)
    expected = KIND_BY_EXTENSION.get(extension)
    if expected is None:
        shown = f".{extension}" if extension else _("tanpa ekstensi")
        raise EvidenceRejected(
            _("File “%(name)s”: jenis file %(ext)s tidak diterima. Yang diterima: %(accepted)s.")
            % {"name": display_name, "ext": shown, "accepted": accepted_summary()}
        )

    digest = hashlib.sha256()
    size = 0
    header = b""
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > limit:
            raise EvidenceRejected(_too_big(display_name, size, limit))
        if len(header) < HEADER_BYTES:
            header += chunk[: HEADER_BYTES - len(header)]
        digest.update(chunk)
    if size == 0:
        raise EvidenceRejected(_("File “%(name)s” kosong (0 bita): pilih file yang berisi.") % {"name": display_name})

    found = sniff(header, uploaded_file)
    uploaded_file.seek(0)
    if found != expected.code:
        if found is None:
            what = _("isinya tidak dikenali sebagai jenis file yang diterima")
        else:
            what = _("isinya terbaca sebagai %(kind)s") % {"kind": KINDS[found].label}
        raise EvidenceRejected(
            _(
                "File “%(name)s”: isi file bukan %(expected)s (%(what)s). Periksa file-nya, atau simpan "
                "ulang dengan ekstensi yang sesuai isinya."
            )
            % {"name": display_name, "expected": expected.label, "what": what}
        )
    content_type = OLE_CONTENT_TYPES.get(extension) if expected.code == "ole" else expected.content_type
    return CheckedFile(
        display_name=display_name,
        storage_name=safe_storage_name(display_name),
        extension=extension,
        kind=expected,
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
    )


def _too_big(name, size, limit):
    return _("File “%(name)s” berukuran %(size)s, melebihi batas %(limit)s. Perkecil atau pecah file-nya.") % {
        "name": name,
        "size": human_size(size),
        "limit": human_size(limit),
    }
