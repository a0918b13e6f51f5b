"""The assignments page: which unit leads and which contribute to each indicator of a period.

Administrators edit the whole table at once and can copy the previous period's assignments;
reviewers and executives read it. The period comes from ``?periode=<year>`` (validated: a bad value is
a 400 with a message; an old ``?period=<id>`` link is redirected to it); without it the open period, else
the latest one, is shown.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from evaluations.assignments import services as assignments
from evaluations.errors import AssignmentError, StateError, redirect_on_refusal
from evaluations.forms import PeriodFilter, bind_period_filter
from evaluations.models import Period
from skpd import permissions
from skpd.models import Unit


class PeriodForm(PeriodFilter):
    """``?periode=<year>`` among every scored period (drafts too: assignments are made before a period opens)."""

    unknown_period_message = gettext_lazy("Periode itu tidak ada (atau hanya berisi nilai ringkasan).")
    periode = forms.TypedChoiceField(
        label=gettext_lazy("Periode"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": unknown_period_message},
    )


def _period_from(request):
    """(period or None, form, redirect): the request's period, the open one by default, else the latest.

    The form carries the error when the value is bad; ``redirect`` is the canonical URL of an old GET link.
    A POST reads the period from its body, in the old name too (a page loaded before the rename).
    """
    periods = list(Period.objects.with_framework().filter(is_summary_only=False))
    form, old_link = bind_period_filter(request, PeriodForm, periods=periods)
    if not form.is_valid():
        return None, form, None
    default = next((p for p in periods if p.status == Period.Status.OPEN), None) or (periods[0] if periods else None)
    return form.period(default), form, old_link


def _unit_id(value):
    """A unit id as posted: ASCII digits within a database id ("²".isdigit() is true; 10**30 overflows)."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise ValueError(value)
    return int(value)


def _plan_from_post(post, rows):
    """{indicator number: (lead id or None, {contributor ids})} and the messages of unreadable values."""
    plan, errors = {}, {}
    for row in rows:
        number = row.indicator.number
        try:
            lead = post.get(f"lead-{number}", "")
            lead_id = _unit_id(lead) if lead else None
            contributor_ids = {_unit_id(v) for v in post.getlist(f"contributors-{number}") if v}
        except ValueError:
            errors[number] = [_("nilai SKPD tidak dapat dibaca")]
            continue
        plan[number] = (lead_id, contributor_ids)
    return plan, errors


def _render(request, period, form, *, rows=None, errors=None, status=200):
    can_edit = bool(period) and permissions.can_manage_assignments(request.user) and not period.is_read_only
    if period is not None and rows is None:
        rows = assignments.assignment_rows(period)
    units = list(Unit.objects.order_by("name")) if period is not None else []
    active_units = [u for u in units if u.is_active]
    units_by_id = {u.pk: u for u in units}
    errors = errors or {}
    table = []
    for row in rows or []:
        assigned = ({row.lead_id} if row.lead_id else set()) | row.contributor_ids
        table.append(
            {
                "row": row,
                "lead": units_by_id.get(row.lead_id),
                "contributors": sorted((units_by_id[u] for u in row.contributor_ids if u in units_by_id), key=str),
                # inactive units stay selectable only where they already are
                "choices": active_units + [u for u in units if not u.is_active and u.pk in assigned],
                "errors": errors.get(row.indicator.number, []),
            }
        )
    context = {
        "form": form,
        "period": period,
        "periods": form.periods.values(),
        "table": table,
        "general_errors": errors.get(None, []),
        "can_edit": can_edit,
        "can_manage": permissions.can_manage_assignments(request.user),
        "previous": assignments.previous_period(period) if period is not None and can_edit else None,
        "unassigned": sum(1 for item in table if item["row"].is_empty),
    }
    template = "evaluations/assignments/index.html"
    if request.htmx:
        template += "#assignment-table"
    return render(request, template, context, status=status)


def _index_url(period):
    return f"{reverse('assignments:index')}?periode={period.year}"


@require_http_methods(["GET"])
def index(request):
    if not permissions.can_view_assignments(request.user):
        raise PermissionDenied(_("Penugasan seluruh periode hanya untuk administrator, peninjau dan pimpinan."))
    period, form, old_link = _period_from(request)
    if form.errors:
        return _render(request, None, form, status=400)
    if old_link:
        return HttpResponseRedirect(old_link)
    return _render(request, period, form)


@require_http_methods(["POST"])
def save(request):
    if not permissions.can_manage_assignments(request.user):
        raise PermissionDenied(_("Hanya administrator yang dapat mengatur penugasan."))
    period, form, _old_link = _period_from(request)
    if form.errors or period is None:
        return _render(request, None, form, status=400)
    rows = assignments.assignment_rows(period)
    plan, errors = _plan_from_post(request.POST, rows)
    if not errors:
        try:
            report = assignments.save_assignments(request.user, period, plan)
        except AssignmentError as exc:
            errors = exc.errors
        except StateError as exc:  # the table page again, with the reason
            messages.error(request, str(exc))
            return _render(request, period, form, status=400)
        else:
            if report.changed_indicators:
                messages.success(
                    request,
                    _("Penugasan disimpan: %(n)s indikator berubah (%(numbers)s).")
                    % {"n": len(report.changed_indicators), "numbers": ", ".join(map(str, report.changed_indicators))},
                )
            else:
                messages.info(request, _("Tidak ada perubahan penugasan."))
            return redirect(_index_url(period))
    # Show what was submitted, with the reasons beside each row.
    for row in rows:
        if row.indicator.number in plan:
            row.lead_id, row.contributor_ids = plan[row.indicator.number]
    messages.error(request, _("Penugasan tidak disimpan: perbaiki baris yang ditandai."))
    return _render(request, period, form, rows=rows, errors=errors, status=400)


def _render_proposal(request, period, form, source):
    """Across frameworks nothing is copied: the table comes back pre-filled with the crosswalk's
    proposal (primary counterparts' lead with the most weight, the others as contributors), unsaved,
    for the administrator to review and save with the usual button (``save_assignments``)."""
    if not permissions.can_manage_assignments(request.user) or period.is_read_only:
        raise PermissionDenied(_("Hanya administrator yang dapat mengatur penugasan."))
    proposal = assignments.crosswalk_proposal(period, source)
    rows = assignments.assignment_rows(period)
    for row in rows:
        if row.indicator.number in proposal.plan:
            row.lead_id, row.contributor_ids = proposal.plan[row.indicator.number]
    messages.warning(
        request,
        _(
            "Periode %(year)s memakai kerangka lain: tidak ada yang disalin. Tabel diisi usulan lewat padanan "
            "indikator (%(n)s indikator); tinjau lalu klik “Simpan penugasan”."
        )
        % {"year": source.year, "n": len(proposal.plan)},
    )
    if proposal.without_counterpart or proposal.without_lead:
        messages.info(
            request,
            _("Tanpa usulan (tanpa padanan utama yang punya penanggung jawab): indikator %(numbers)s.")
            % {"numbers": ", ".join(map(str, sorted(proposal.without_counterpart + proposal.without_lead)))},
        )
    return _render(request, period, form, rows=rows)


def _index_url_posted(request):
    period, _form, _old_link = _period_from(request)
    return _index_url(period) if period is not None else reverse("assignments:index")


@require_http_methods(["POST"])
@redirect_on_refusal(_index_url_posted)
def copy_previous(request):
    if not permissions.can_manage_assignments(request.user):
        raise PermissionDenied(_("Hanya administrator yang dapat mengatur penugasan."))
    period, form, _old_link = _period_from(request)
    if form.errors or period is None:
        return _render(request, None, form, status=400)
    source = assignments.previous_period(period)
    if source is not None and source.framework_id != period.framework_id:
        return _render_proposal(request, period, form, source)
    report = assignments.copy_previous(request.user, period)
    messages.success(
        request,
        _("Disalin dari periode %(year)s: %(n)s indikator.") % {"year": report.source.year, "n": len(report.copied)},
    )
    if report.already_assigned:
        messages.info(
            request,
            _("Sudah punya penugasan, tidak diubah: indikator %(numbers)s.")
            % {"numbers": ", ".join(map(str, report.already_assigned))},
        )
    if report.unmatched:
        messages.warning(
            request,
            _("Tidak ada padanan di kerangka periode ini untuk indikator nomor %(numbers)s.")
            % {"numbers": ", ".join(map(str, report.unmatched))},
        )
    if report.inactive:
        messages.warning(
            request,
            _("SKPD tidak aktif dilewati: %(items)s.")
            % {"items": "; ".join(f"{number}: {unit}" for number, unit in report.inactive)},
        )
    return redirect(_index_url(period))
