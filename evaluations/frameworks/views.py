"""The administrator's framework pages: upload → preview (changes and impact) → confirm; export;
history. Thin views over ``frameworks.services``; the list of frameworks is ``indicators``' page."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.errors import ServiceError
from evaluations.frameworks import crosswalks, services
from evaluations.frameworks.forms import ConfirmForm, UploadForm
from indicators.changes import ADDED, BOUNDS, MOVED, REMOVED, RENAMED, TEXT, WEIGHT, Change
from indicators.crosswalk import dumps as crosswalk_dumps
from indicators.loader import dumps
from indicators.models import Crosswalk, Framework, FrameworkRevision
from indicators.revisions import ImpactRow

UPLOAD = "evaluations/frameworks/upload.html"
HISTORY_LIMIT = 50
# The preview's sections, in the order a reader checks them.
SECTIONS = (ADDED, REMOVED, RENAMED, WEIGHT, MOVED, BOUNDS, TEXT)


def _upload_page(request, form, errors=(), status=200):
    context = {
        "form": form,
        "errors": list(errors),
        "frameworks": Framework.objects.with_counts(),
        "crosswalks": Crosswalk.objects.latest_of_each_pair(),
    }
    return render(request, UPLOAD, context, status=status)


def _grouped(changes):
    return [(kind, [c for c in changes if c.kind == kind]) for kind in SECTIONS if any(c.kind == kind for c in changes)]


@require_http_methods(["GET", "POST"])
def upload(request):
    services.require_manager(request.user)
    if request.method == "GET":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
        return _upload_page(request, form, errors, status=400)
    kind = services.KINDS[form.cleaned_data["kind"]]
    codes = {}
    if kind == services.CROSSWALK:
        codes = {key: form.cleaned_data[key] for key in ("from_framework", "to_framework")}
    try:
        preview, pending = services.preview_upload(request.user, form.cleaned_data["file"], kind.code, **codes)
    except ServiceError as exc:
        return _upload_page(request, form, exc.messages, status=400)
    request.session[services.SESSION_KEY] = pending
    context = {
        "preview": preview,
        "kind": kind,
        "file_name": pending["name"],
        "sections": preview.sections if kind == services.CROSSWALK else _grouped(preview.changes),
        "confirm_form": ConfirmForm(initial={"token": preview.token}),
    }
    return render(request, kind.template, context)


@require_POST
def confirm(request):
    services.require_manager(request.user)
    form = ConfirmForm(request.POST)
    pending = request.session.get(services.SESSION_KEY)
    token = form.cleaned_data["token"] if form.is_valid() else None
    try:
        preview, revision = services.confirm_upload(request.user, pending, token)
    except ServiceError as exc:
        return _upload_page(request, UploadForm(), exc.messages, status=400)
    request.session.pop(services.SESSION_KEY, None)
    if pending.get("kind") == services.CROSSWALK.code:
        if revision is None:
            messages.info(request, _("Padanan %s sudah sama dengan berkas: tidak ada yang diubah.") % preview.code)
        else:
            messages.success(
                request,
                _("Padanan %(code)s dimuat dari %(file)s sebagai versi %(version)s; dicatat dalam riwayat.")
                % {"code": preview.code, "file": revision.file_name, "version": revision.crosswalk.version},
            )
        return redirect("frameworks:history")
    if revision is None:
        messages.info(request, _("Kerangka %s sudah sama dengan berkas: tidak ada yang diubah.") % preview.code)
    else:
        messages.success(
            request,
            _("Kerangka %(code)s dimuat dari %(file)s; perubahan dicatat dalam riwayat.")
            % {"code": preview.code, "file": revision.file_name},
        )
    return redirect("frameworks:history")


@require_GET
def history(request):
    services.require_manager(request.user)
    revisions = list(
        FrameworkRevision.objects.select_related("user", "framework", "crosswalk").order_by("-created_at", "-id")[
            :HISTORY_LIMIT
        ]
    )
    rows = []
    for revision in revisions:
        if revision.kind == FrameworkRevision.Kind.CROSSWALK:
            sections = crosswalks.grouped(revision.changes or [])
            impact = [crosswalks.EstimateRow.from_json(r) for r in revision.impact or []]
        else:
            sections = _grouped([Change.from_json(c) for c in revision.changes or []])
            impact = [ImpactRow.from_json(r) for r in revision.impact or []]
        rows.append((revision, sections, impact))
    total = FrameworkRevision.objects.aggregate(n=Count("id"))["n"]
    return render(
        request, "evaluations/frameworks/history.html", {"rows": rows, "total": total, "limit": HISTORY_LIMIT}
    )


@require_GET
def previous_file(request, pk):
    """The framework as it was before a change: the file format, to inspect or load back."""
    services.require_manager(request.user)
    revision = get_object_or_404(FrameworkRevision, pk=pk)
    if not revision.previous_spec:
        raise Http404(_("Perubahan ini memuat kerangka baru: tidak ada versi sebelumnya."))
    if revision.kind == FrameworkRevision.Kind.CROSSWALK:
        text = crosswalk_dumps(revision.previous_spec)
        name = "{from_framework}--{to_framework}".format(**revision.previous_spec)
    else:
        text, name = dumps(revision.previous_spec), revision.code
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    stamp = revision.created_at.strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-sebelum-{stamp}.json"'
    return response


@require_GET
def export(request, code):
    exported = services.export_file(request.user, code)
    if exported is None:
        raise Http404(_("Kerangka %s tidak ada.") % code)
    name, text = exported
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def export_crosswalk(request, from_code, to_code):
    """The current crosswalk of a pair in its canonical JSON (as ``manage.py export_crosswalk``)."""
    exported = services.export_crosswalk(request.user, from_code, to_code)
    if exported is None:
        raise Http404(_("Padanan %(from)s → %(to)s tidak ada.") % {"from": from_code, "to": to_code})
    name, text = exported
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
