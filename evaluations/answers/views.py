"""Answer pages: the officer's work list, the answer page (answer, evidence, review, history),
autosave, bulk verify and the evidence download. Thin views: permission from skpd.permissions,
writes through evaluations.answers.services, reads with their joins done here once."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
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
from evaluations.answers.my_unit import build_my_unit
from evaluations.errors import EditConflict, InvalidInput, NoEvidenceUnconfirmed, StateError, redirect_on_refusal
from evaluations.forms import bind_period_filter
from evaluations.models import Answer, Assignment, Evidence, EvidenceFile, Period
from evaluations.periods import queue as review_queue
from evaluations.series import answer_levels, is_overdue, lead_unit_id
from evaluations.transition.reads import related_answers
from indicators.models import Indicator
from skpd import permissions
from skpd.models import Unit
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


def _officer_page(request, template, refusal):
    """The period filter the officer's own pages share (work list, "Unit saya"): ``(context,
    response)``; ``response`` is set when the filter is invalid (400) or an old link is redirected.
    Without a chosen year: the open period, else the latest."""
    if not permissions.can_use_worklist(request.user):
        raise PermissionDenied(refusal)
    unit = permissions.officer_unit(request.user)
    periods = list(_worklist_periods())
    form, old_link = bind_period_filter(request, WorklistFilterForm, periods=periods)
    if not form.is_valid():
        return None, render(request, template, {"form": form, "unit": unit}, status=400)
    if old_link:
        return None, HttpResponseRedirect(old_link)
    period = form.period(None)
    if period is None:
        period = next((p for p in periods if p.status == Period.Status.OPEN), None) or (periods[0] if periods else None)
        form = WorklistFilterForm(initial={"periode": period and period.year}, periods=periods)
    return {"form": form, "unit": unit, "period": period}, None


@require_GET
def worklist(request):
    """The officer's home: their unit's assigned indicators in one period, returned answers first."""
    template = "evaluations/answers/worklist.html"
    context, response = _officer_page(request, template, _("Daftar kerja hanya untuk petugas perangkat daerah."))
    if response is not None:
        return response
    context.update(rows=[], counts={})
    if context["period"] is not None:
        context.update(_worklist_rows(context["period"], context["unit"]))
    return render(request, template, context)


@require_GET
def my_unit(request):
    """“Unit saya”: the officer's unit in one period, live: its lead indicators' proposed, verified
    and final levels, its part of the index in each series, and what remains to do."""
    template = "evaluations/answers/my_unit.html"
    context, response = _officer_page(request, template, _("Halaman ini untuk petugas perangkat daerah."))
    if response is not None:
        return response
    period = context["period"]
    context["report"] = build_my_unit(period, context["unit"]) if period is not None else None
    return render(request, template, context)


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
        # Which level counts is series.answer_levels' rule: the verified one only once verified.
        verified = answer_levels(answer.proposed_level, answer.verified_level, answer.status)[1] if answer else None
        rows.append(
            {
                "assignment": assignment,
                "verified_level": verified,
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
        unit = unit_of(request.user)
        answer = _answers().filter(period=period, indicator=indicator, unit=unit).first()
        if answer is None:
            try:
                # Opening changes nothing: an unsaved draft, created by the first save (answer_start).
                answer = services.new_answer(request.user, period, indicator, unit)
            except StateError as exc:
                # Not answered yet and no longer answerable: for this officer the page does not exist.
                raise Http404(str(exc)) from None
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


def _contributor_unit_ids(answer, lead_id):
    """The units contributing to the answer's indicator, asked only when a contributor may be
    reading the lead unit's answer (an officer of another unit)."""
    if lead_id is None or answer.unit_id != lead_id:
        return ()
    return set(
        Assignment.objects.filter(
            period_id=answer.period_id, indicator_id=answer.indicator_id, role=Assignment.Role.CONTRIBUTOR
        ).values_list("unit_id", flat=True)
    )


def _may_view(user, answer, lead_id):
    if permissions.can_view_answer(user, answer, lead_unit_id=lead_id):
        return True
    contributors = _contributor_unit_ids(answer, lead_id)
    return bool(contributors) and permissions.can_view_answer(
        user, answer, lead_unit_id=lead_id, contributor_unit_ids=contributors
    )


def _check_view(request, answer):
    lead_id = lead_unit_id(answer.period, answer.indicator)
    if not _may_view(request.user, answer, lead_id):
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
    """Files this unit already uploaded for other answers (e.g. last year's), to reuse without uploading,
    each by the name this unit gave it (``own_name``), never another unit's name for the same bytes."""
    own_name = (
        Evidence.objects.filter(file=OuterRef("pk"), answer__unit_id=answer.unit_id)
        .exclude(file_name="")
        .order_by("-added_at", "-pk")
        .values("file_name")[:1]
    )
    files = EvidenceFile.objects.filter(uses__answer__unit_id=answer.unit_id)
    if answer.pk is not None:
        files = files.exclude(uses__answer=answer)
    return files.annotate(own_name=Subquery(own_name)).distinct().order_by("-uploaded_at")[:100]


def _write_urls(answer):
    """Where the page's forms post: by the answer's id, or, for an answer not saved yet, through
    ``answer_start`` (which creates it on that first write)."""
    if answer.pk is None:
        start = reverse("evaluations:answer_start", args=[answer.period_id, answer.indicator.number])
        return {name: f"{start}?then={name}" for name in START_ACTIONS}
    return {
        "save": reverse("evaluations:answer_save", args=[answer.pk]),
        "file": reverse("evaluations:evidence_add_file", args=[answer.pk]),
        "link": reverse("evaluations:evidence_add_link", args=[answer.pk]),
        "attach": reverse("evaluations:evidence_attach", args=[answer.pk]),
    }


def _page_url(answer):
    """The answer page (a GET): by id, or by period and indicator for an answer not saved yet."""
    if answer.pk is None:
        return reverse("evaluations:answer", args=[answer.period_id, answer.indicator.number])
    return _answer_url(answer)


# --- text sent after the session ended (kept for the next sign-in) --------------------------------

UNSENT_KEY = "unsent_answers"


def _sign_in_again(request, page_url, *, keep_answer=False):
    """An anonymous POST to a write URL (the session ended in an open tab): back to the answer page
    after signing in, never to the POST-only URL (a GET there is a 405). With ``keep_answer`` the
    posted level and text wait in the session (Django's login keeps it when it cycles the key) and
    are put back into the form on that page."""
    if keep_answer:
        unsent = request.session.get(UNSENT_KEY, {})
        unsent[page_url] = {
            "proposed_level": request.POST.get("proposed_level", "")[:2],
            "explanation": request.POST.get("explanation", "")[:20000],
            "action": "submit" if request.POST.get("action") == "submit" else "save",
        }
        # Only the latest few: a session is not a store.
        request.session[UNSENT_KEY] = dict(list(unsent.items())[-5:])
    return redirect_to_login(page_url)


def _restored_form(request, answer):
    """The form with the text that was sent while signed out, if any (once), with a message."""
    if request.method != "GET" or UNSENT_KEY not in request.session:
        return None
    unsent = request.session[UNSENT_KEY]
    kept = unsent.pop(request.path, None)
    if kept is None:
        return None
    request.session.modified = True
    if kept["action"] == "submit":
        messages.warning(
            request,
            _(
                "Pengajuan belum terkirim: sesi Anda berakhir sebelum jawaban diajukan. Teks yang Anda kirim "
                "dipulihkan di formulir; periksa, lalu tekan “Ajukan ke peninjau” lagi."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "Draf belum tersimpan: sesi Anda berakhir sebelum jawaban disimpan. Teks yang Anda kirim "
                "dipulihkan di formulir; periksa, lalu simpan lagi."
            ),
        )
    return AnswerForm(
        data={
            "proposed_level": kept["proposed_level"],
            "explanation": kept["explanation"],
            "base_version": answer.version,
        }
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
    no_evidence_confirm=None,
):
    user = request.user
    indicator = answer.indicator
    editable = _editable(user, answer)
    reviewable = _reviewable(user, answer)
    criteria = {c.level: c.criterion for c in indicator.criteria.all()}
    level_names = {lv.level: lv.name for lv in indicator.scale.levels.all()}
    restored = form is None and editable and _restored_form(request, answer)
    if restored:
        form = restored
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
    evidence = list(_evidence_of([answer.pk])) if answer.pk else []
    contributions = []
    is_lead_answer = answer.unit_id == lead_id or (lead_id is None and answer.is_lead)
    lead_unit, lead_answer = None, None
    if not is_lead_answer and lead_id is not None:
        # A contributor sees who leads and the lead's answer, read-only (permissions.can_view_answer).
        lead_unit = Unit.objects.filter(pk=lead_id).first()
        lead_answer = (
            _answers()
            .filter(period_id=answer.period_id, indicator_id=indicator.pk, unit_id=lead_id)
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.select_related("file")))
            .first()
        )
        if lead_answer is not None and not _may_view(user, lead_answer, lead_id):
            lead_answer = None
    if is_lead_answer and answer.pk:
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
        "lead_unit": lead_unit,
        "lead_answer": lead_answer,
        "lead_levels": lead_answer
        and answer_levels(lead_answer.proposed_level, lead_answer.verified_level, lead_answer.status),
        "restored": bool(restored),
        "inline_types": tuple(INLINE_TYPES),
        "unsaved": answer.pk is None,
        "urls": _write_urls(answer),
        "page_url": _page_url(answer),
        "no_evidence_confirm": no_evidence_confirm,
        "evidence_expected": services.needs_evidence_confirmation(answer.proposed_level, len(evidence)),
        "history": _history(answer) if answer.pk else [],
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


@login_not_required
@require_POST
def answer_save(request, pk):
    """Save the draft (autosave from htmx, or the form's own buttons); ``action=submit`` also submits.

    Signed out (the session ended in an open tab): the text is kept and the person is sent to sign
    in and back to the answer page (``_sign_in_again``).
    """
    if not request.user.is_authenticated:
        return _sign_in_again(request, reverse("evaluations:answer_detail", args=[pk]), keep_answer=True)
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
            answer = services.submit_answer(
                request.user,
                answer,
                base_version=answer.version,
                confirm_no_evidence=request.POST.get("confirm_no_evidence") == "1",
            )
    except NoEvidenceUnconfirmed as refusal:
        # The draft is saved; the page asks once more, saying what reviewers will expect.
        current = _answers().get(pk=answer.pk)
        if is_htmx:
            return _status_fragment(request, current, state="error", message=str(refusal), status=400)
        return _render_answer(request, current, no_evidence_confirm=refusal)
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
        messages.success(request, _("Jawaban diajukan ke peninjau."))
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


@login_not_required
@require_POST
def answer_start(request, period_pk, number):
    """The first write to an answer not saved yet (``?then=save|file|link|attach``): create the draft,
    then do that write. Opening the page created nothing (``answer_for_indicator``); a first upload
    or link that is refused leaves nothing behind either."""
    page_url = reverse("evaluations:answer", args=[period_pk, number])
    then = request.GET.get("then", "")
    if not request.user.is_authenticated:
        return _sign_in_again(request, page_url, keep_answer=then == "save")
    unit = permissions.officer_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Hanya petugas perangkat daerah yang dapat menjawab indikator."))
    period = get_object_or_404(Period.objects.with_framework(), pk=period_pk)
    indicator = get_object_or_404(Indicator.objects.with_hierarchy(), framework_id=period.framework_id, number=number)
    if then not in START_ACTIONS:
        raise InvalidInput(_("Tindakan tidak dikenal."))
    with transaction.atomic():
        existed = Answer.objects.filter(period=period, indicator=indicator, unit=unit).exists()
        answer = services.get_or_create_answer(request.user, period, indicator, unit)
        response = START_ACTIONS[then](request, answer.pk)
        if not existed and then != "save" and response.status_code >= 400:
            # A refused first upload: no draft either. The refusal is in the messages.
            transaction.set_rollback(True)
            return _htmx_aware_redirect(request, page_url + "#bukti")
    return response


def _review_queue_url():
    return reverse("periods:review_queue")


@require_POST
def bulk_verify(request):
    """Verify several submitted answers at their proposed levels (from the review queue)."""
    if not permissions.can_view_review_queue(request.user):
        raise PermissionDenied(_("Hanya peninjau yang dapat memverifikasi."))
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


def _htmx_aware_redirect(request, url):
    """After an upload sent by htmx (with progress), the whole page goes to ``url`` and shows the
    messages; without JavaScript the form's own POST gets the usual redirect."""
    if request.htmx:
        response = HttpResponse(status=204)
        if urlsplit(request.htmx.current_url or "").path == urlsplit(url).path:
            # Only the #fragment differs: the browser would scroll, not load; reload instead.
            response["HX-Refresh"] = "true"
        else:
            response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_not_required
@require_POST
def evidence_add_file(request, pk):
    """One or several files in one upload; a refused file is reported and does not stop the others."""
    if not request.user.is_authenticated:
        return _sign_in_again(request, reverse("evaluations:answer_detail", args=[pk]))
    answer = _evidence_write(request, pk)
    form = EvidenceFileForm(request.POST, request.FILES)
    back = _answer_url(answer) + "#bukti"
    if not form.is_valid():
        messages.error(request, _("File bukti belum diunggah: periksa isian."))
        if request.htmx:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return _htmx_aware_redirect(request, back)
        return _render_answer(request, answer, upload_form=form, status=400)
    try:
        added, refused = services.add_evidence_files(
            request.user, answer, title=form.cleaned_data["title"], uploaded_files=form.cleaned_data["file"]
        )
    except (StateError, InvalidInput) as exc:
        messages.error(request, str(exc))
        if request.htmx:
            response = _htmx_aware_redirect(request, back)
            response.status_code = 400  # refused: answer_start must not keep a new draft for it
            return response
        form.add_error("file", str(exc))
        return _render_answer(request, answer, upload_form=form, status=400)
    for item in added:
        messages.success(request, _("Bukti “%(title)s” ditambahkan.") % {"title": item.title})
    for reason in refused:
        messages.error(request, reason)
    return _htmx_aware_redirect(request, back)


@login_not_required
@require_POST
def evidence_add_link(request, pk):
    if not request.user.is_authenticated:
        return _sign_in_again(request, reverse("evaluations:answer_detail", args=[pk]))
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


@login_not_required
@require_POST
def evidence_attach(request, pk):
    if not request.user.is_authenticated:
        return _sign_in_again(request, reverse("evaluations:answer_detail", args=[pk]))
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
    """Remove a piece of evidence after a confirmation (the browser's dialog, or, without JavaScript,
    a page asking first); the removal stays in the answer's history."""
    item = get_object_or_404(Evidence.objects.select_related("answer", "file"), pk=pk)
    answer = _evidence_write(request, item.answer_id)
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "evaluations/answers/evidence_remove.html",
            {"item": item, "answer": _answers().get(pk=answer.pk), "back_url": _answer_url(answer) + "#bukti"},
        )
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
    if not _may_view(request.user, item.answer, lead_id):
        raise PermissionDenied(_("Anda tidak berwenang mengunduh bukti ini."))
    if item.file is None:
        return redirect(item.url)
    try:
        handle = item.file.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("File bukti tidak ditemukan di penyimpanan.")) from None
    content_type = item.file.content_type
    inline = content_type in INLINE_TYPES
    # By this attachment's own name: identical bytes of another unit share the file, not the name.
    response = FileResponse(handle, as_attachment=not inline, filename=item.shown_file_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = INLINE_TYPES.get(content_type, ATTACHMENT_CSP)
    return response


# Shown in the browser (a new tab) rather than downloaded: PDFs and images, as a sandboxed document
# (a unique origin: no script, no cookies, no forms) that may load nothing but itself. Chromium's
# own PDF viewer opens such a PDF (tests/browser/test_officer_safety.py); other types download.
INLINE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
ATTACHMENT_CSP = "default-src 'none'; sandbox"
INLINE_TYPES = {
    "application/pdf": INLINE_CSP,
    "image/png": INLINE_CSP,
    "image/jpeg": INLINE_CSP,
    "image/gif": INLINE_CSP,
    "image/webp": INLINE_CSP,
}


# The writes ``answer_start`` can make first (``?then=…``), each an ordinary write view by answer id.
def _start_source(request):
    try:
        return int(request.GET.get("sumber", ""))
    except ValueError:
        raise InvalidInput(_("Jawaban sumber tidak dikenal.")) from None


def _reuse_first(request, pk):
    """A related answer's explanation as the first write (carry-over across frameworks)."""
    from evaluations.transition import views as transition_views

    return transition_views.reuse_explanation(request, pk, _start_source(request))


def _reattach_first(request, pk):
    """A related answer's evidence as the first write (carry-over across frameworks)."""
    from evaluations.transition import views as transition_views

    return transition_views.reattach_evidence(request, pk, _start_source(request))


START_ACTIONS = {
    "save": answer_save,
    "file": evidence_add_file,
    "link": evidence_add_link,
    "attach": evidence_attach,
    "reuse": _reuse_first,
    "reattach": _reattach_first,
}
