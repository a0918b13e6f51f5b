"""The administrator's framework pages: upload → preview (changes and impact) → confirm; export;
history. Thin views over ``frameworks.services``; the list of frameworks is ``indicators``' page."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.errors import ServiceError
from evaluations.frameworks import services
from evaluations.frameworks.forms import ConfirmForm, UploadForm
from indicators.changes import ADDED, BOUNDS, MOVED, REMOVED, RENAMED, TEXT, WEIGHT, Change
from indicators.loader import dumps
from indicators.models import Framework, FrameworkRevision
from indicators.revisions import ImpactRow

UPLOAD = "evaluations/frameworks/upload.html"
HISTORY_LIMIT = 50
# The preview's sections, in the order a reader checks them.
SECTIONS = (ADDED, REMOVED, RENAMED, WEIGHT, MOVED, BOUNDS, TEXT)


def _upload_page(request, form, errors=(), status=200):
    frameworks = Framework.objects.with_counts()
    return render(request, UPLOAD, {"form": form, "errors": list(errors), "frameworks": frameworks}, status=status)


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
    try:
        preview, pending = services.preview_upload(request.user, form.cleaned_data["file"])
    except ServiceError as exc:
        return _upload_page(request, form, exc.messages, status=400)
    request.session[services.SESSION_KEY] = pending
    context = {
        "preview": preview,
        "kind": kind,
        "file_name": pending["name"],
        "sections": _grouped(preview.changes),
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
        FrameworkRevision.objects.select_related("user", "framework").order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )
    rows = [
        (
            revision,
            _grouped([Change.from_json(c) for c in revision.changes or []]),
            [ImpactRow.from_json(r) for r in revision.impact or []],
        )
        for revision in revisions
    ]
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
    response = HttpResponse(dumps(revision.previous_spec), content_type="application/json; charset=utf-8")
    stamp = revision.created_at.strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{revision.code}-sebelum-{stamp}.json"'
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
