"""The administrator's framework changes from the web: read an uploaded file, preview it, confirm it.

Every write goes through ``confirm_upload`` (permission from ``skpd.permissions``, the change and its
history in one transaction through ``indicators.revisions.apply_change``). What is confirmed is what
was previewed: the preview hands back a token naming the uploaded content *and* the loaded version
it was compared with; the confirmation must carry the same token, and the load recomputes it.

File kinds. An upload names its kind (``KINDS``); today only framework files. Another kind (a
crosswalk) adds an entry with its own reader, preview and apply functions, and a preview template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.errors import ImportRowsError, InvalidInput, PermissionDenied, StateError
from indicators import loader, revisions
from indicators.models import Framework
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
KINDS = {FRAMEWORK.code: FRAMEWORK}


def require_manager(user):
    if not permissions.can_manage_frameworks(user):
        raise PermissionDenied(_("Hanya administrator yang dapat memuat, mengekspor dan meninjau riwayat kerangka."))


def read_upload(upload):
    """The uploaded file's content as a dict; refused (``ImportRowsError``, each problem naming its
    item) when it is too big, not UTF-8, not JSON, or not a valid framework."""
    name = getattr(upload, "name", "") or "berkas"
    if not name.lower().endswith(FRAMEWORK.extensions):
        raise ImportRowsError([_("%s: jenis file tidak didukung; unggah berkas kerangka .json.") % name])
    try:
        data = uploads.read_bytes(upload, name)
    except uploads.UploadRefused as exc:
        raise ImportRowsError([str(exc)]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRowsError([_("%s: bukan teks UTF-8.") % name]) from None
    try:
        return loader.check(loader.parse(text, name))
    except loader.FrameworkFileError as exc:
        raise ImportRowsError([f"{name}: {error}" for error in exc.errors]) from None


def preview_upload(user, upload):
    """``(preview, pending)``: the file against the loaded version, and what the session keeps for
    the confirmation (the checked content, its name and the token)."""
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


def export_file(user, code):
    """``(file name, text)`` of the loaded framework in its file format."""
    require_manager(user)
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        return None
    return f"{framework.code}.json", loader.dumps(loader.export_data(framework))
