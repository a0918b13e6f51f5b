"""The administrator's framework changes from the web: read an uploaded file, preview it, confirm it.

Every write goes through ``confirm_upload`` (permission from ``skpd.permissions``, the change and its
history in one transaction through ``indicators.revisions.apply_change``). What is confirmed is what
was previewed: the preview hands back a token naming the uploaded content *and* the loaded version
it was compared with; the confirmation must carry the same token, and the load recomputes it.

File kinds. An upload names its kind (``KINDS``): a framework file, or a crosswalk file (JSON, or
the CSV layout with the two framework codes given in the form), previewed and loaded through
``frameworks.crosswalks`` (the next version of the pair, with its history).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.errors import ImportRowsError, InvalidInput, PermissionDenied, StateError
from evaluations.frameworks import crosswalks
from indicators import crosswalk, loader, revisions
from indicators.models import Crosswalk, Framework
from skpd import permissions
from spbe_portal.lib import uploads

SESSION_KEY = "frameworks.pending"


@dataclass(frozen=True)
class FileKind:
    code: str
    label: Any
    extensions: tuple[str, ...]
    template: str  # the preview page


FRAMEWORK = FileKind(
    "framework", gettext_lazy("Berkas kerangka (JSON)"), (".json",), "evaluations/frameworks/preview.html"
)
CROSSWALK = FileKind(
    "crosswalk",
    gettext_lazy("Berkas padanan indikator (JSON atau CSV)"),
    (".json", ".csv"),
    "evaluations/frameworks/crosswalk_preview.html",
)
KINDS = {FRAMEWORK.code: FRAMEWORK, CROSSWALK.code: CROSSWALK}


def require_manager(user):
    if not permissions.can_manage_frameworks(user):
        raise PermissionDenied(_("Hanya administrator yang dapat memuat, mengekspor dan meninjau riwayat kerangka."))


def _read_text(upload, kind):
    name = getattr(upload, "name", "") or "berkas"
    if not name.lower().endswith(kind.extensions):
        raise ImportRowsError(
            [
                _("%(name)s: jenis file tidak didukung; unggah %(kind)s.")
                % {"name": name, "kind": str(kind.label).lower()}
            ]
        )
    try:
        data = uploads.read_bytes(upload, name)
    except uploads.UploadRefused as exc:
        raise ImportRowsError([str(exc)]) from None
    try:
        return name, data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRowsError([_("%s: bukan teks UTF-8.") % name]) from None


def read_upload(upload):
    """The uploaded file's content as a dict; refused (``ImportRowsError``, each problem naming its
    item) when it is too big, not UTF-8, not JSON, or not a valid framework."""
    name, text = _read_text(upload, FRAMEWORK)
    try:
        return loader.check(loader.parse(text, name))
    except loader.FrameworkFileError as exc:
        raise ImportRowsError([f"{name}: {error}" for error in exc.errors]) from None


def read_crosswalk(upload, *, from_framework="", to_framework=""):
    """The uploaded crosswalk checked (``crosswalk.check``); refused with every problem (row and
    reason). A CSV file needs the two framework codes."""
    name, text = _read_text(upload, CROSSWALK)
    try:
        return crosswalk.read_text(text, name=name, from_framework=from_framework, to_framework=to_framework)
    except crosswalk.CrosswalkFileError as exc:
        raise ImportRowsError([f"{name}: {error}" for error in exc.errors]) from None


def preview_crosswalk(user, upload, *, from_framework="", to_framework=""):
    """``(preview, pending)`` of a crosswalk file: the difference from the pair's current version and
    the estimate of each period of the source framework, current → file."""
    require_manager(user)
    checked = read_crosswalk(upload, from_framework=from_framework, to_framework=to_framework)
    preview = crosswalks.preview(checked)
    pending = {
        "kind": CROSSWALK.code,
        "name": upload.name,
        "token": preview.token,
        "content": crosswalk.dumps(preview.data),
    }
    return preview, pending


def preview_upload(user, upload, kind=FRAMEWORK.code, **codes):
    """``(preview, pending)``: the file against the loaded version, and what the session keeps for
    the confirmation (the checked content, its name and the token)."""
    if kind == CROSSWALK.code:
        return preview_crosswalk(user, upload, **codes)
    require_manager(user)
    data = read_upload(upload)
    try:
        preview = revisions.preview(data)
    except loader.FrameworkFileError as exc:
        raise ImportRowsError(exc.errors) from None
    reason = preview.framework.locked_reason() if preview.framework is not None and not preview.unchanged else None
    if reason:
        raise InvalidInput(
            _("Kerangka %(code)s terkunci dan tidak diubah: %(reason)s Muat sebagai versi baru (kode lain).")
            % {"code": preview.code, "reason": reason}
        )
    pending = {
        "kind": FRAMEWORK.code,
        "name": upload.name,
        "token": preview.token,
        "content": loader.dumps(preview.data),
    }
    return preview, pending


def confirm_upload(user, pending, token):
    """Load the previewed file. ``pending``: what ``preview_upload`` gave (kept in the session);
    ``token``: the one the preview page posted. Refused, with nothing changed, when there is no
    pending file, the tokens differ, or the file or the framework changed since the preview."""
    require_manager(user)
    if not pending or not token or pending.get("token") != token:
        raise StateError(_("Pratinjau ini sudah usang atau tidak ditemukan: unggah berkasnya lagi."))
    if pending.get("kind") == CROSSWALK.code:
        return _confirm_crosswalk(user, pending, token)
    try:
        data = json.loads(pending["content"])
        return revisions.apply_change(
            data, user=user, confirm=True, token=token, source="web", file_name=pending.get("name", "")
        )
    except revisions.StalePreview:
        raise StateError(
            _("Kerangka yang dimuat berubah sejak pratinjau; tidak ada yang diubah. Unggah berkasnya lagi.")
        ) from None
    except loader.FrameworkFileError as exc:
        raise ImportRowsError(exc.errors) from None


def _confirm_crosswalk(user, pending, token):
    try:
        checked = crosswalk.read_text(pending["content"], name="padanan.json")
        return crosswalks.apply(checked, user=user, token=token, source="web", file_name=pending.get("name", ""))
    except revisions.StalePreview:
        raise StateError(
            _("Padanan yang dimuat berubah sejak pratinjau; tidak ada yang diubah. Unggah berkasnya lagi.")
        ) from None
    except crosswalk.CrosswalkFileError as exc:
        raise ImportRowsError(exc.errors) from None


def export_crosswalk(user, from_code, to_code):
    """``(file name, text)`` of the current crosswalk of a pair, as ``manage.py export_crosswalk`` writes it."""
    require_manager(user)
    current = (
        Crosswalk.objects.filter(from_framework__code=from_code, to_framework__code=to_code)
        .select_related("from_framework", "to_framework")
        .order_by("-version")
        .first()
    )
    if current is None:
        return None
    return f"{from_code}--{to_code}.json", crosswalk.dumps(crosswalk.export_data(current))


def export_file(user, code):
    """``(file name, text)`` of the loaded framework in its file format."""
    require_manager(user)
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        return None
    return f"{framework.code}.json", loader.dumps(loader.export_data(framework))
