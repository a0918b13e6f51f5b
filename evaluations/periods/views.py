"""Period pages: list and detail with live scores, settings, status and reopen, stage results
(form, import, template), carry-over, summary values, the reviewer's queue and notifications.

Thin views: permission from ``skpd.permissions`` (plus the small role checks below), writes through
``evaluations.periods.services`` / ``evaluations.notifications``, reads with their joins done here once.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations import notifications
from evaluations.errors import ServiceError, redirect_on_refusal
from evaluations.forms import bind_period_filter
from evaluations.models import Answer, Notification, Period, PeriodIndicator, Series, StageResult
from evaluations.periods import queue
from evaluations.periods import services as periods
from evaluations.periods.forms import (
    CarryOverForm,
    IndicatorSettingsForm,
    PeriodForm,
    QueueFilterForm,
    ReopenForm,
    StageImportForm,
    StageLevelsForm,
    StatusForm,
    SummaryForm,
)
from evaluations.series import (
    INTERNAL_STAGES,
    all_series_levels,
    final_figure,
    live_scores,
    stage_deadlines,
    summary_of,
    trend_summaries,
)
from skpd import permissions

OFFICER_VISIBLE = (Period.Status.OPEN, Period.Status.IN_REVIEW)
SERIES_ORDER = [Series.PROPOSED, Series.VERIFIED, Series.DOKUMEN, Series.INTERVIU, Series.VISITASI, Series.FINAL]
QUEUE_PAGE_SIZE = 100


# --- helpers --------------------------------------------------------------------------------------


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _period(pk):
    return get_object_or_404(Period.objects.with_framework(), pk=pk)


# --- list and detail ------------------------------------------------------------------------------


@require_GET
def period_list(request):
    """Every role sees periods; officers only those open for answers or in review, without scores."""
    _require(permissions.can_view_periods(request.user), _("Akun Anda belum memiliki peran."))
    qs = Period.objects.with_framework().order_by("-year")
    is_officer = permissions.is_officer(request.user)
    if is_officer:
        rows = [(p, None) for p in qs.filter(status__in=OFFICER_VISIBLE, is_summary_only=False)]
    else:
        summaries = {s.period.pk: s for s in trend_summaries(list(qs))}
        rows = [(p, summaries[p.pk]) for p in qs]
    return render(
        request,
        "evaluations/periods/list.html",
        {"rows": rows, "is_officer": is_officer, "can_manage": permissions.can_manage(request.user)},
    )


def _score_rows(period, results=None):
    """``(label, result, floor)`` per series: ``series.live_scores``, as the dashboard's series table."""
    results = live_scores(period) if results is None else results
    return [(Series(key).label, *results[key]) for key in SERIES_ORDER]


@require_GET
def period_detail(request, pk):
    _require(permissions.can_view_dashboard(request.user), _("Halaman periode hanya untuk peninjau dan pimpinan."))
    period = _period(pk)
    context = {"period": period, "now": timezone.now()}
    if period.is_summary_only:
        context["summary"] = summary_of(period)
        context["summary_domains"] = sorted(context["summary"].domains.items())
    else:
        scores = live_scores(period)
        context["score_rows"] = _score_rows(period, scores)
        context["final_figure"] = final_figure(period, scores[Series.FINAL])
        context["indicator_count"] = len(period.framework.structure().indicators)
    context["bands"] = period.framework.structure().sorted_bands  # cached: index_display's bands
    template = "evaluations/periods/detail.html"
    if request.htmx:
        return render(request, template + "#scores", context)
    counts = dict(
        Answer.objects.filter(period=period)
        .order_by()
        .values("status")
        .annotate(n=Count("*"))
        .values_list("status", "n")
    )
    context.update(
        answer_counts=[(label, counts.get(value, 0)) for value, label in Answer.Status.choices],
        flagships=PeriodIndicator.objects.filter(period=period)
        .exclude(service_name="")
        .select_related("indicator")
        .order_by("indicator__number"),
        targets=PeriodIndicator.objects.filter(period=period, target_level__isnull=False).count(),
        can_manage=permissions.can_manage(request.user),
        can_record=permissions.can_record_results(request.user),
        can_record_summary=permissions.can_record_summary(request.user),
        status_form=StatusForm(initial={"status": _next_status(period)}),
        next_statuses=[Period.Status(s) for s in sorted(periods.allowed_transitions(period))],
        reopen_form=ReopenForm(),
        history=period.history.select_related("history_user").order_by("-history_date")[:20],
    )
    return render(request, template, context)


def _next_status(period):
    forward = [Period.Status.OPEN, Period.Status.IN_REVIEW, Period.Status.CLOSED, Period.Status.FINAL]
    allowed = periods.allowed_transitions(period)
    return next((s for s in forward if s in allowed), None)


# --- create and edit (administrator) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def period_create(request):
    _require(permissions.can_manage(request.user), _("Hanya administrator yang dapat membuat periode."))
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = periods.create_period(request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Periode %s dibuat.") % period.year)
            return redirect("periods:detail", period.pk)
    return render(
        request, "evaluations/periods/form.html", {"form": form, "period": None}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def period_edit(request, pk):
    _require(permissions.can_manage(request.user), _("Hanya administrator yang dapat mengubah periode."))
    period = _period(pk)
    form = PeriodForm(request.POST or None, instance=period)
    if period.is_read_only:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            periods.update_period(request.user, _period(pk), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Periode %s disimpan.") % period.year)
            return redirect("periods:detail", period.pk)
    return render(
        request, "evaluations/periods/form.html", {"form": form, "period": period}, status=400 if form.errors else 200
    )


def _detail_url(request, pk):
    return reverse("periods:detail", args=[pk])


@require_POST
@redirect_on_refusal(_detail_url)
def period_status(request, pk):
    _require(permissions.can_manage(request.user), _("Hanya administrator yang dapat mengubah status periode."))
    period = _period(pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Status tidak dikenal."))
    else:
        period = periods.change_status(
            request.user, period, form.cleaned_data["status"], reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Status periode %(year)s: %(status)s.") % {"year": period.year, "status": period.get_status_display()},
        )
    return redirect("periods:detail", period.pk)


@require_POST
@redirect_on_refusal(_detail_url)
def period_reopen(request, pk):
    _require(permissions.can_reopen_period(request.user), _("Hanya administrator yang dapat membuka kembali periode."))
    period = _period(pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        period = periods.reopen_period(
            request.user, period, reason=form.cleaned_data["reason"], to_status=form.cleaned_data["to_status"]
        )
        messages.success(request, _("Periode %s dibuka kembali; alasannya tercatat dalam riwayat.") % period.year)
    return redirect("periods:detail", period.pk)


@require_http_methods(["GET", "POST"])
def indicator_settings(request, pk):
    _require(permissions.can_manage(request.user), _("Hanya administrator yang dapat mengatur indikator periode."))
    period = _period(pk)
    indicators = period.framework.indicators.select_related("aspect").order_by("number")
    current = {s.indicator_id: s for s in PeriodIndicator.objects.filter(period=period)}
    form = IndicatorSettingsForm(request.POST or None, indicators=indicators, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            periods.set_indicator_settings(request.user, period, form.settings())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pengaturan indikator disimpan."))
            return redirect("periods:detail", period.pk)
    return render(
        request,
        "evaluations/periods/indicator_settings.html",
        {"period": period, "form": form},
        status=400 if form.errors else 200,
    )


# --- stage results --------------------------------------------------------------------------------


def _scoped_indicators(user, period):
    qs = period.framework.indicators.select_related("aspect").order_by("number")
    scope = permissions.reviewer_aspect_ids(user)
    if scope is not None:
        qs = qs.filter(aspect_id__in=scope)
    return qs


def _stage_page(request, period, import_form=None, import_errors=(), status=200):
    indicators = list(_scoped_indicators(request.user, period))
    levels = all_series_levels(period)
    rows = [(indicator, [levels[s].get(indicator.number) for s in SERIES_ORDER]) for indicator in indicators]
    availability = periods.stage_availability(period)
    return render(
        request,
        "evaluations/periods/stage_results.html",
        {
            "period": period,
            "rows": rows,
            "series": [(s, Series(s).label) for s in SERIES_ORDER],
            "stages": [(stage.value, stage.label) for stage, reason in availability if reason is None],
            "availability": availability,
            "import_form": import_form or StageImportForm(),
            "import_errors": import_errors,
            "writable": any(reason is None for _stage, reason in availability),
        },
        status=status,
    )


@require_GET
def stage_results(request, pk):
    _require(
        permissions.can_record_results(request.user), _("Hasil penilaian dicatat oleh peninjau dan administrator.")
    )
    return _stage_page(request, _period(pk))


@require_http_methods(["GET", "POST"])
def stage_edit(request, pk, stage):
    _require(
        permissions.can_record_results(request.user), _("Hasil penilaian dicatat oleh peninjau dan administrator.")
    )
    period = _period(pk)
    stage = get_object_or_404_choice(StageResult.Stage, stage)
    indicators = list(_scoped_indicators(request.user, period))
    current = dict(
        StageResult.objects.filter(period=period, stage=stage, indicator__in=indicators).values_list(
            "indicator__number", "level"
        )
    )
    form = StageLevelsForm(request.POST or None, indicators=indicators, current=current)
    if request.method == "POST" and form.is_valid():
        changed = {i: level for i, level in form.levels().items() if current.get(i.number) != level}
        try:
            periods.record_stage_levels(request.user, period, stage, changed, form.cleaned_data["note"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(count)s tingkat tahap %(stage)s disimpan.") % {"count": len(changed), "stage": stage.label},
            )
            return redirect("periods:stage_results", period.pk)
    closed_reason = periods.stage_closed_reason(period, stage)
    return render(
        request,
        "evaluations/periods/stage_edit.html",
        {"period": period, "stage": stage, "form": form, "closed_reason": closed_reason},
        status=400 if form.errors else 200,
    )


def get_object_or_404_choice(choices, value):
    try:
        return choices(value)
    except ValueError as exc:
        raise Http404(_("Tahap tidak dikenal.")) from exc


@require_POST
def stage_import(request, pk):
    _require(
        permissions.can_record_results(request.user), _("Hasil penilaian dicatat oleh peninjau dan administrator.")
    )
    period = _period(pk)
    form = StageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
        return _stage_page(request, period, form, errors, status=400)
    try:
        report = periods.import_stage_results(
            request.user, period, form.cleaned_data["stage"], form.cleaned_data["file"]
        )
    except ServiceError as exc:
        errors = getattr(exc, "errors", None) or [str(exc)]
        return _stage_page(request, period, form, errors, status=400)
    messages.success(
        request,
        _("Impor %(file)s: %(created)s baru, %(updated)s diubah, %(unchanged)s sama, %(blank)s baris kosong dilewati.")
        % {
            "file": form.cleaned_data["file"].name,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "blank": report.blank,
        },
    )
    return redirect("periods:stage_results", period.pk)


@require_GET
def stage_template(request, pk, kind):
    _require(
        permissions.can_record_results(request.user), _("Hasil penilaian dicatat oleh peninjau dan administrator.")
    )
    period = _period(pk)
    if kind not in ("csv", "xlsx"):
        return HttpResponse(_("Format templat: csv atau xlsx."), status=400, content_type="text/plain; charset=utf-8")
    name, content_type, data = periods.stage_template(kind, _scoped_indicators(request.user, period))
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{period.year}-{name}"'
    return response


# --- carry-over and summary values ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def carry_over(request, pk):
    _require(permissions.can_manage(request.user), _("Hanya administrator yang dapat menyalin jawaban."))
    period = _period(pk)
    form = CarryOverForm(request.POST or None, period=period)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = periods.carry_over(request.user, period, form.cleaned_data["from_period"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
        if form.errors:
            status = 400
    return render(
        request,
        "evaluations/periods/carry_over.html",
        {"period": period, "form": form, "report": report},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def summary(request, pk):
    _require(
        permissions.can_record_summary(request.user),
        _("Nilai ringkasan dicatat oleh administrator dan peninjau yang tidak dibatasi pada aspek tertentu."),
    )
    period = _period(pk)
    domains = list(period.framework.domains.order_by("number"))
    current = {d.domain_number: d.index for d in period.summary_domains.all()}
    form = SummaryForm(request.POST or None, domains=domains, current=current, initial={"index": period.summary_index})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                periods.record_summary(request.user, period, index=form.cleaned_data["index"], domains=form.domains())
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Nilai ringkasan %s disimpan.") % period.year)
                return redirect("periods:detail", period.pk)
        status = 400
    return render(request, "evaluations/periods/summary.html", {"period": period, "form": form}, status=status)


# --- the reviewer's queue -------------------------------------------------------------------------


@require_GET
def review_queue(request):
    """Answers waiting for (or past) review, in the reviewer's aspect scope, with their evidence-quality
    flags; bulk verify from here. The filter's own default (submitted answers) is what it shows."""
    _require(permissions.can_view_review_queue(request.user), _("Antrean reviu hanya untuk peninjau."))
    reviewable = queue.reviewable_periods()
    form, old_link = bind_period_filter(
        request,
        QueueFilterForm,
        periods=reviewable,
        aspect_scope=permissions.reviewer_aspect_ids(request.user),
        default_period=queue.default_period(reviewable),
    )
    if not form.is_valid():
        return render(
            request,
            "evaluations/periods/queue.html",
            {"form": form, "filter_error": form.error_text(), "page": None},
            status=400,
        )
    if old_link:
        return HttpResponseRedirect(old_link)
    data = form.cleaned_data
    period = form.period(None) or queue.default_period(reviewable)
    status = data.get("status") or ""
    page = counts = total = None
    if period is not None:
        qs = queue.answers(request.user, period, data)
        counts, total = queue.status_counts(request.user, period, data)
        if queue.needs_all_flags(data):
            page = Paginator(queue.flagged_rows(period, qs, data), QUEUE_PAGE_SIZE).get_page(request.GET.get("halaman"))
        else:
            paginator = Paginator(qs, QUEUE_PAGE_SIZE)
            # The per-status counts already hold the number of matching answers: no second COUNT.
            paginator.count = queue.matching_count(counts, total, data)
            page = paginator.get_page(request.GET.get("halaman"))
            queue.attach_flags(period, page.object_list)
        queue.label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("halaman", None)
    status_query = form.query()
    return render(
        request,
        "evaluations/periods/queue.html",
        {
            "form": form,
            "period": period,
            "page": page,
            "status": status,
            "status_counts": counts,
            "status_links": _status_links(status_query, counts),
            "all_total": total,
            "query": query.urlencode(),
            "kembali": form.query(page=page.number if page else None),
            "today": timezone.localdate(),
            "deadlines": stage_deadlines(period, only=INTERNAL_STAGES) if period is not None else [],
            "next_url": request.get_full_path(),
            "bulk_url": reverse("evaluations:bulk_verify"),
        },
    )


def _status_links(query, counts):
    """``[(label, count, query, is_current)]``: each status's count, linking to the queue filtered by it."""
    if counts is None:
        return []
    params = QueryDict(query, mutable=True)
    current = params.get("status", "")
    links = []
    for value, label, count in [*counts, ("", _("Semua status"), sum(c for _v, _l, c in counts))]:
        params["status"] = value
        links.append((label, count, params.urlencode(), value == current))
    return links


# --- notifications --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def notification_list(request):
    """Everyone's own notifications, newest first; POST marks them read (all, or the ids given)."""
    if request.method == "POST":
        # ASCII digits only ("²".isdigit() is true, int() of it fails) and within a database id.
        ids = [int(v) for v in request.POST.getlist("ids") if v.isascii() and v.isdigit() and len(v) <= 18]
        count = notifications.mark_read(request.user, ids or None)
        messages.success(request, _("%s notifikasi ditandai sudah dibaca.") % count)
        return redirect("periods:notifications")
    qs = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    # The unread count comes from the navigation's (spbe_portal.context_processors): one query for both.
    return render(request, "evaluations/periods/notifications.html", {"page": page})
