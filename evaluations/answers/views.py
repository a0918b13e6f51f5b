"""Answer pages: the officer's work list, the answer page (answer, evidence, review, history),
autosave, bulk verify and the evidence download. Thin views: permission from skpd.permissions,
writes through evaluations.answers.services, reads with their joins done here once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations import audit, series
from evaluations.answers import flags as answer_flags
from evaluations.answers import services
from evaluations.answers.forms import (
    AnswerForm,
    AttachEvidenceForm,
    BulkVerifyForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    ReviewForm,
    WorklistFilterForm,
)
from evaluations.errors import EditConflict, InvalidInput, StateError, redirect_on_refusal
from evaluations.forms import bind_period_filter
from evaluations.models import Answer, Assignment, Evidence, EvidenceFile, Period
from evaluations.periods import queue as review_queue
from evaluations.series import answer_levels, is_overdue, lead_unit_id
from evaluations.transition.reads import related_answers
from indicators.models import Indicator
from skpd import permissions
from skpd.roles import unit_of

ANSWER_PAGE = "evaluations/answers/answer.html"
HISTORY_FIELDS = ["status", "proposed_level", "explanation", "verified_level", "reviewer_note"]
STATUS_BADGE = {
    Answer.Status.DRAFT: "badge",
    Answer.Status.SUBMITTED: "badge badge-info",
    Answer.Status.RETURNED: "badge badge-bad",
    Answer.Status.VERIFIED: "badge badge-ok",
}


def _answers():
    return Answer.objects.select_related(
        "period",
        "period__framework",
        "indicator",
        "indicator__aspect",
        "indicator__scale",
        "unit",
        "updated_by",
        "reviewed_by",
    )


def _safe_next(request, value, fallback):
    """A same-site path to go back to. Only paths: redirect() would read a bare word as a URL name."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return value
    return fallback


def _answer_url(answer):
    return reverse("evaluations:answer_detail", args=[answer.pk])


# --- the officer's work list -------------------------------------------------------------------


def _worklist_periods():
    return Period.objects.with_framework().exclude(status=Period.Status.DRAFT).filter(is_summary_only=False)


@require_GET
def worklist(request):
    """The officer's home: their unit's assigned indicators in one period, returned answers first."""
    if not permissions.can_use_worklist(request.user):
        raise PermissionDenied(_("Daftar kerja hanya untuk petugas perangkat daerah."))
    unit = permissions.officer_unit(request.user)
    periods = list(_worklist_periods())
    form, old_link = bind_period_filter(request, WorklistFilterForm, periods=periods)
    if not form.is_valid():
        return render(request, "evaluations/answers/worklist.html", {"form": form, "unit": unit}, status=400)
    if old_link:
        return HttpResponseRedirect(old_link)
    period = form.period(None)
    if period is None:
        period = next((p for p in periods if p.status == Period.Status.OPEN), None) or (periods[0] if periods else None)
        form = WorklistFilterForm(initial={"periode": period and period.year}, periods=periods)
    context = {"form": form, "unit": unit, "period": period, "rows": [], "counts": {}}
    if period is not None:
        context.update(_worklist_rows(period, unit))
    return render(request, "evaluations/answers/worklist.html", context)


def _worklist_rows(period, unit):
    assignments = (
        Assignment.objects.filter(period=period, unit=unit)
        .select_related("indicator", "indicator__aspect")
        .order_by("indicator__number")
    )
    answers = {a.indicator_id: a for a in Answer.objects.filter(period=period, unit=unit).select_related("reviewed_by")}
    today = series.today()
    due = period.self_assessment_due
    rows = []
    counts = {"total": 0, "not_started": 0, "draft": 0, "submitted": 0, "returned": 0, "verified": 0, "overdue": 0}
    for assignment in assignments:
        answer = answers.get(assignment.indicator_id)
        status = answer.status if answer else None
        overdue = is_overdue(period, status, today)
        rows.append(
            {
                "assignment": assignment,
                "indicator": assignment.indicator,
                "answer": answer,
                "status": status,
                "badge": STATUS_BADGE.get(status, "badge"),
                "overdue": overdue,
                "url": reverse("evaluations:answer", args=[period.pk, assignment.indicator.number]),
            }
        )
        counts["total"] += 1
        counts[status or "not_started"] += 1
        counts["overdue"] += overdue
    # Returned answers first (the reviewer is waiting on them), then by indicator number.
    rows.sort(key=lambda row: (row["status"] != Answer.Status.RETURNED, row["indicator"].number))
    done = counts["submitted"] + counts["verified"]
    return {
        "rows": rows,
        "counts": counts,
        "done": done,
        "due": due,
        "days_left": series.days_left(due, today),
    }


# --- the answer page ---------------------------------------------------------------------------


@require_GET
def answer_for_indicator(request, period_pk, number):
    """An indicator's answer in a period: the officer's own unit's (created on first visit), else the lead's."""
    period = get_object_or_404(Period.objects.with_framework(), pk=period_pk)
    indicator = get_object_or_404(Indicator.objects.with_hierarchy(), framework_id=period.framework_id, number=number)
    if permissions.is_officer(request.user):
        try:
            answer = services.get_or_create_answer(request.user, period, indicator, unit_of(request.user))
        except StateError as exc:
            # Not answered yet and no longer answerable: for this officer the page does not exist.
            raise Http404(str(exc)) from None
        answer = _answers().get(pk=answer.pk)
    else:
        lead = lead_unit_id(period, indicator)
        answer = _answers().filter(period=period, indicator=indicator, unit_id=lead).first() if lead else None
        if answer is None:
            answer = _answers().filter(period=period, indicator=indicator, is_lead=True).first()
        if answer is None:
            if not permissions.can_view_indicator_work(request.user, indicator):
                raise PermissionDenied
            raise Http404(_("Indikator ini belum dijawab pada periode ini."))
    return _render_answer(request, answer)


@require_GET
def answer_detail(request, pk):
    return _render_answer(request, get_object_or_404(_answers(), pk=pk))


def _check_view(request, answer):
    lead_id = lead_unit_id(answer.period, answer.indicator)
    if not permissions.can_view_answer(request.user, answer, lead_unit_id=lead_id):
        raise PermissionDenied(_("Anda tidak berwenang melihat jawaban ini."))
    return lead_id


def _render_answer(request, answer, *, status=200, **overrides):
    lead_id = _check_view(request, answer)
    context = _answer_context(request, answer, lead_id, **overrides)
    context.update(_review_context(request, answer))
    return render(request, ANSWER_PAGE, context, status=status)


def _editable(user, answer):
    return (
        permissions.can_edit_answer(user, answer)
        and services.officer_may_edit_in_period(answer)
        and answer.status in services.EDITABLE_STATUSES
    )


def _reviewable(user, answer):
    return (
        permissions.can_review_answer(user, answer)
        and answer.period.is_reviewable
        and answer.status in (Answer.Status.SUBMITTED, Answer.Status.VERIFIED)
    )


def _attachable_files(answer):
    """Files this unit already uploaded for other answers (e.g. last year's), to reuse without uploading."""
    return (
        EvidenceFile.objects.filter(uses__answer__unit_id=answer.unit_id)
        .exclude(uses__answer=answer)
        .distinct()
        .order_by("-uploaded_at")[:100]
    )


def _evidence_of(answer_ids):
    return Evidence.objects.filter(answer_id__in=answer_ids).select_related("file", "added_by")


def _answer_context(
    request,
    answer,
    lead_id,
    *,
    form=None,
    review_form=None,
    conflict=None,
    upload_form=None,
    link_form=None,
    attach_form=None,
):
    user = request.user
    indicator = answer.indicator
    editable = _editable(user, answer)
    reviewable = _reviewable(user, answer)
    criteria = {c.level: c.criterion for c in indicator.criteria.all()}
    level_names = {lv.level: lv.name for lv in indicator.scale.levels.all()}
    if form is None:
        form = AnswerForm(
            initial={
                "proposed_level": answer.proposed_level,
                "explanation": answer.explanation,
                "base_version": answer.version,
            }
        )
    chosen = form["proposed_level"].value()
    _proposed, verified = answer_levels(answer.proposed_level, answer.verified_level, answer.status)
    levels = [
        {
            "level": level,
            "name": level_names.get(level, ""),
            "criterion": criteria.get(level, ""),
            "checked": str(chosen) == str(level),
            "is_proposed": answer.proposed_level == level,
            "is_verified": verified == level,
            # A level a reviewer noted when returning the answer: shown, but not in the verified series.
            "is_reviewer_level": verified is None and answer.verified_level == level,
        }
        for level in range(1, 6)
    ]
    evidence = list(_evidence_of([answer.pk]))
    contributions = []
    is_lead_answer = answer.unit_id == lead_id or (lead_id is None and answer.is_lead)
    if is_lead_answer:
        others = list(
            _answers()
            .filter(period_id=answer.period_id, indicator_id=indicator.pk)
            .exclude(pk=answer.pk)
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("file")))
        )
        contributions = [a for a in others if permissions.can_view_answer(user, a, lead_unit_id=lead_id)]
    if editable:
        files = _attachable_files(answer)
        upload_form = upload_form or EvidenceFileForm()
        link_form = link_form or EvidenceLinkForm()
        attach_form = attach_form or AttachEvidenceForm(files_queryset=files)
    if reviewable and review_form is None:
        # A returned-then-resubmitted answer still holds the return note: a new decision starts without it.
        note = answer.reviewer_note if answer.status == Answer.Status.VERIFIED else ""
        review_form = ReviewForm(
            initial={"verified_level": answer.verified_level or answer.proposed_level, "note": note}
        )
    back_url, back_label = None, ""
    if permissions.is_officer(user):
        back_url, back_label = f"{reverse('evaluations:worklist')}?periode={answer.period.year}", _("Daftar kerja")
    elif permissions.can_review_answer(user, answer):
        back_url, back_label = _review_queue_url(), _("Antrean reviu")
    return {
        "answer": answer,
        "period": answer.period,
        "indicator": indicator,
        "badge": STATUS_BADGE.get(answer.status, "badge"),
        "levels": levels,
        "form": form,
        "editable": editable,
        "reviewable": reviewable,
        "review_form": review_form,
        "conflict": conflict,
        "state": "conflict" if conflict else "idle",
        "evidence": evidence,
        "can_remove_evidence": editable,
        "upload_form": upload_form,
        "link_form": link_form,
        "attach_form": attach_form if editable and attach_form.fields["evidence_file"].queryset.exists() else None,
        "contributions": contributions,
        "history": _history(answer),
        "back_url": back_url,
        "back_label": back_label,
        "lead_unit_id": lead_id,
        # Across a change of framework: the source period's answers the crosswalk relates (issue 14).
        "related": related_answers(answer),
    }


def _display(answer_model_field, value):
    if value in (None, ""):
        return "—"
    if answer_model_field.choices:
        return dict(answer_model_field.flatchoices).get(value, value)
    return value


def _history(answer):
    """The answer's and its evidence's history, newest first: who, when, what, before → after."""
    records = list(answer.history.select_related("history_user").order_by("history_date", "history_id"))
    events = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=HISTORY_FIELDS)
            for change in delta.changes:
                field = Answer._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                        "long": change.field in ("explanation", "reviewer_note"),
                    }
                )
        events.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": audit.display(record.history_change_reason)
                or (_("dibuat") if record.history_type == "+" else _("diubah")),
                "changes": changes,
            }
        )
        previous = record
    evidence_records = Evidence.history.filter(answer_id=answer.pk).select_related("history_user")
    for record in evidence_records:
        if record.history_type == "~":
            continue
        events.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": audit.display(record.history_change_reason)
                or (_("bukti ditambahkan") if record.history_type == "+" else _("bukti dihapus")),
                "changes": [],
            }
        )
    events.sort(key=lambda e: e["when"], reverse=True)
    return events


# --- writes: answer, review ---------------------------------------------------------------------


def _load_for_write(request, pk):
    answer = get_object_or_404(_answers(), pk=pk)
    _check_view(request, answer)
    return answer


def _status_fragment(request, answer, *, state, message="", conflict=None, status=200, form=None):
    context = {
        "answer": answer,
        "state": state,
        "message": message,
        "conflict": conflict,
        "saved_at": timezone.localtime(answer.updated_at) if answer.updated_at else None,
        "form": form,
        "oob_version": state == "saved",
    }
    response = render(request, f"{ANSWER_PAGE}#save-status", context, status=status)
    response["X-Answer-Save"] = state
    return response


@require_POST
def answer_save(request, pk):
    """Save the draft (autosave from htmx, or the form's own buttons); ``action=submit`` also submits."""
    answer = _load_for_write(request, pk)
    if not permissions.can_edit_answer(request.user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mengubah jawaban ini."))
    form = AnswerForm(request.POST)
    is_htmx = bool(request.htmx)
    if not form.is_valid():
        message = (
            _("Belum tersimpan: periksa isian.")
            + " "
            + " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        if is_htmx:
            return _status_fragment(request, answer, state="error", message=message, status=400)
        messages.error(request, message)
        return _render_answer(request, answer, form=form, status=400)
    data = form.cleaned_data
    base_version = data["base_version"]
    overwrite = request.POST.get("overwrite_version", "")
    if overwrite.isascii() and overwrite.isdigit() and len(overwrite) <= 18:  # "²".isdigit() is true
        # The person saw the newer version in the conflict panel and chose to save theirs over it.
        base_version = int(overwrite)
    action = request.POST.get("action", "save")
    try:
        answer = services.save_draft(
            request.user,
            answer,
            proposed_level=data["proposed_level"],
            explanation=data["explanation"],
            base_version=base_version,
        )
        if action == "submit":
            answer = services.submit_answer(request.user, answer, base_version=answer.version)
    except EditConflict as conflict:
        current = _answers().get(pk=answer.pk)
        if is_htmx:
            return _status_fragment(request, current, state="conflict", conflict=conflict, status=409)
        messages.error(request, str(conflict))
        kept = AnswerForm(
            data={
                "proposed_level": data["proposed_level"] or "",
                "explanation": data["explanation"],
                "base_version": data["base_version"],
            }
        )
        return _render_answer(request, current, form=kept, conflict=conflict, status=409)
    except (StateError, InvalidInput) as exc:
        # Shown again with what was typed (refusals of permission stay Django's 403).
        current = _answers().get(pk=answer.pk)
        if is_htmx:
            return _status_fragment(request, current, state="error", message=str(exc), status=400)
        messages.error(request, str(exc))
        kept = AnswerForm(
            data={
                "proposed_level": data["proposed_level"] or "",
                "explanation": data["explanation"],
                "base_version": current.version,
            }
        )
        return _render_answer(request, current, form=kept, status=400)
    answer = _answers().get(pk=answer.pk)
    if is_htmx:
        return _status_fragment(request, answer, state="saved")
    if action == "submit":
        messages.success(request, _("Jawaban diajukan ke reviewer."))
    else:
        messages.success(request, _("Draf tersimpan."))
    return redirect(_answer_url(answer))


def _review_context(request, answer):
    """What a reviewer sees on the answer page beyond the answer: its evidence-quality flags, the
    way back to the queue they came from (``?kembali=``) and that queue's name for the review form."""
    user = request.user
    if permissions.is_officer(user) or not permissions.can_review_answer(user, answer):
        return {}
    back = review_queue.return_to(user, request.GET.get(review_queue.RETURN_PARAM) or request.POST.get("kembali"))
    flags = answer_flags.flags_for([answer], answer.period).get(answer.pk, [])
    return {
        "show_review_flags": True,
        "review_flags": flags,
        "without_evidence": any(flag.code == answer_flags.NO_EVIDENCE for flag in flags),
        "kembali": back.query if back else "",
        "back_url": back.url if back else _review_queue_url(),
        "back_label": _("Antrean reviu"),
    }


def _next_in_queue_url(request, back, answer, ids):
    """After a decision: the next answer of the reviewer's queue, or the queue with a message when none is left."""
    next_pk = back.next_after(request.user, answer.pk, ids) if back else None
    if next_pk is None:
        messages.info(request, _("Tidak ada jawaban berikutnya dalam antrean ini."))
        return back.url if back else _review_queue_url()
    return (
        f"{reverse('evaluations:answer_detail', args=[next_pk])}?{urlencode({review_queue.RETURN_PARAM: back.query})}"
    )


@require_POST
def answer_review(request, pk):
    """The reviewer's decision: ``action=return`` (note required) or ``action=verify`` (level required;
    a note too below the proposed level or without evidence). Then on to the next answer of the queue
    the reviewer came from (``kembali``), or of the default queue."""
    answer = _load_for_write(request, pk)
    if not permissions.can_review_answer(request.user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mereviu jawaban ini."))
    form = ReviewForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in ("return", "verify"):
        messages.error(request, _("Periksa isian reviu."))
        return _render_answer(request, answer, review_form=form, status=400)
    data = form.cleaned_data
    back = review_queue.return_to(request.user, request.POST.get("kembali") or "")
    # The queue's order before the decision: a decided answer may leave the filtered queue.
    ids = review_queue.ordered_ids(request.user, back.period, back.data) if back and back.period else []
    try:
        if action == "return":
            services.return_answer(request.user, answer, note=data["note"], verified_level=data["verified_level"])
            messages.success(request, _("Jawaban dikembalikan ke perangkat daerah dengan catatan."))
        else:
            services.verify_answer(request.user, answer, verified_level=data["verified_level"], note=data["note"])
            messages.success(request, _("Jawaban terverifikasi."))
    except (StateError, InvalidInput, EditConflict) as exc:  # shown again with the reviewer's note
        messages.error(request, str(exc))
        return _render_answer(request, _answers().get(pk=answer.pk), review_form=form, status=400)
    if request.POST.get("next"):
        return redirect(_safe_next(request, request.POST.get("next"), _answer_url(answer)))
    return redirect(_next_in_queue_url(request, back, answer, ids))


def _review_queue_url():
    return reverse("periods:review_queue")


@require_POST
def bulk_verify(request):
    """Verify several submitted answers at their proposed levels (from the review queue)."""
    if not permissions.can_view_review_queue(request.user):
        raise PermissionDenied(_("Hanya reviewer yang dapat memverifikasi."))
    form = BulkVerifyForm(request.POST)
    fallback = _review_queue_url()
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_safe_next(request, request.POST.get("next"), fallback))
    ids = form.cleaned_data["answer_ids"]
    answers = list(_answers().filter(pk__in=ids).order_by("indicator__number", "unit__name"))
    # Asking for answers outside one's scope is not a skip: it is a request nobody's queue makes.
    if any(not permissions.can_review_answer(request.user, a) for a in answers):
        raise PermissionDenied(_("Sebagian jawaban di luar cakupan reviu Anda."))
    verified, skipped = services.bulk_verify(request.user, answers, note=form.cleaned_data["note"])
    missing = set(ids) - {a.pk for a in answers}
    if verified:
        messages.success(request, _("%(count)s jawaban diverifikasi pada tingkat usulannya.") % {"count": verified})
    for answer, reason in skipped:
        messages.warning(
            request,
            _("Indikator %(number)s (%(unit)s) dilewati: %(reason)s")
            % {"number": answer.indicator.number, "unit": answer.unit.display_name, "reason": reason},
        )
    if missing:
        messages.warning(request, _("%(count)s jawaban tidak ditemukan.") % {"count": len(missing)})
    return redirect(_safe_next(request, form.cleaned_data["next"], fallback))


# --- evidence -----------------------------------------------------------------------------------


def _evidence_write(request, pk):
    answer = _load_for_write(request, pk)
    if not permissions.can_edit_answer(request.user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mengubah bukti jawaban ini."))
    return answer


@require_POST
def evidence_add_file(request, pk):
    answer = _evidence_write(request, pk)
    form = EvidenceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("File bukti belum diunggah: periksa isian."))
        return _render_answer(request, answer, upload_form=form, status=400)
    try:
        item = services.add_evidence_file(
            request.user, answer, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"]
        )
    except (StateError, InvalidInput) as exc:
        form.add_error("file", str(exc))
        messages.error(request, str(exc))
        return _render_answer(request, answer, upload_form=form, status=400)
    messages.success(request, _("Bukti “%(title)s” ditambahkan.") % {"title": item.title})
    return redirect(_answer_url(answer) + "#bukti")


@require_POST
def evidence_add_link(request, pk):
    answer = _evidence_write(request, pk)
    form = EvidenceLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tautan belum ditambahkan: periksa isian."))
        return _render_answer(request, answer, link_form=form, status=400)
    try:
        item = services.add_evidence_link(
            request.user, answer, title=form.cleaned_data["title"], url=form.cleaned_data["url"]
        )
    except (StateError, InvalidInput) as exc:
        form.add_error("url", str(exc))
        messages.error(request, str(exc))
        return _render_answer(request, answer, link_form=form, status=400)
    messages.success(request, _("Tautan “%(title)s” ditambahkan.") % {"title": item.title})
    return redirect(_answer_url(answer) + "#bukti")


@require_POST
def evidence_attach(request, pk):
    answer = _evidence_write(request, pk)
    form = AttachEvidenceForm(request.POST, files_queryset=_attachable_files(answer))
    if not form.is_valid():
        messages.error(request, _("Pilih file yang akan dipakai ulang."))
        return _render_answer(request, answer, attach_form=form, status=400)
    try:
        item = services.attach_existing_evidence(
            request.user, answer, form.cleaned_data["evidence_file"], title=form.cleaned_data["title"]
        )
    except (StateError, InvalidInput) as exc:
        messages.error(request, str(exc))
        return _render_answer(request, answer, attach_form=form, status=400)
    messages.success(request, _("Bukti “%(title)s” ditambahkan.") % {"title": item.title})
    return redirect(_answer_url(answer) + "#bukti")


def _evidence_section_of(request, pk):
    answer_id = Evidence.objects.filter(pk=pk).values_list("answer_id", flat=True).first()
    return reverse("evaluations:answer_detail", args=[answer_id]) + "#bukti" if answer_id else reverse("home")


@require_POST
@redirect_on_refusal(_evidence_section_of)
def evidence_remove(request, pk):
    item = get_object_or_404(Evidence.objects.select_related("answer"), pk=pk)
    answer = _evidence_write(request, item.answer_id)
    services.remove_evidence(request.user, item)
    messages.success(request, _("Bukti “%(title)s” dihapus dari jawaban ini.") % {"title": item.title})
    return redirect(_answer_url(answer) + "#bukti")


@require_http_methods(["GET", "HEAD"])
def evidence_download(request, pk):
    """Stream a stored evidence file to someone who may see the answer it backs (never served statically)."""
    item = get_object_or_404(
        Evidence.objects.select_related("file", "answer", "answer__indicator", "answer__period"), pk=pk
    )
    lead_id = lead_unit_id(item.answer.period, item.answer.indicator)
    if not permissions.can_view_evidence(request.user, item, lead_unit_id=lead_id):
        raise PermissionDenied(_("Anda tidak berwenang mengunduh bukti ini."))
    if item.file is None:
        return redirect(item.url)
    try:
        handle = item.file.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("File bukti tidak ditemukan di penyimpanan.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.file.original_name, content_type=item.file.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
