"""The "Transisi ke Pemdi" page and the answer page's reuse actions (thin views: permissions from
skpd.permissions, reads from evaluations.transition.reads, writes through .services)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from evaluations.errors import redirect_on_refusal
from evaluations.forms import PeriodFilter
from evaluations.models import Answer, Evidence, Period
from evaluations.transition import reads, services
from indicators.models import Crosswalk
from skpd import permissions


class TransitionFilter(PeriodFilter):
    """``?periode=<year>`` among the periods whose framework has a crosswalk to another."""

    unknown_period_message = gettext_lazy("Periode itu tidak ada atau kerangkanya tidak punya padanan indikator.")
    periode = PeriodFilter.base_fields["periode"].__class__(
        label=gettext_lazy("Periode"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": unknown_period_message},
    )


@require_GET
def page(request):
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied(_("Halaman transisi untuk administrator, peninjau dan pimpinan."))
    sources = set(Crosswalk.objects.values_list("from_framework_id", flat=True))
    periods = [
        p
        for p in Period.objects.with_framework().filter(is_summary_only=False).order_by("-year")
        if p.framework_id in sources
    ]
    form = TransitionFilter(request.GET, periods=periods)
    if not form.is_valid():
        return render(request, "evaluations/transition/page.html", {"form": form, "data": None}, status=400)
    period = form.period(periods[0] if periods else None)
    data = reads.transition(period) if period is not None else None
    return render(request, "evaluations/transition/page.html", {"form": form, "data": data, "period": period})


def _answer_url(request, pk, *args, **kwargs):
    return reverse("evaluations:answer_detail", args=[pk])


def _answer_for_write(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("period", "indicator"), pk=pk)
    if not permissions.can_edit_answer(request.user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mengubah jawaban perangkat daerah ini."))
    return answer


@require_POST
@redirect_on_refusal(_answer_url)
def reuse_explanation(request, pk, source_pk):
    answer = _answer_for_write(request, pk)
    source = get_object_or_404(Answer, pk=source_pk)
    _answer, changed = services.reuse_explanation(request.user, answer, source)
    if changed:
        messages.success(request, _("Penjelasan jawaban terkait ditambahkan ke penjelasan Anda; sunting seperlunya."))
    else:
        messages.info(request, _("Penjelasan itu sudah ada di jawaban ini."))
    return redirect(_answer_url(request, answer.pk))


@require_POST
@redirect_on_refusal(_answer_url)
def reattach_evidence(request, pk, evidence_pk):
    answer = _answer_for_write(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk)
    item, created = services.reattach_evidence(request.user, answer, evidence)
    if created:
        messages.success(request, _("Bukti dukung “%(title)s” dilampirkan.") % {"title": item.title})
    else:
        messages.info(request, _("Bukti dukung itu sudah terlampir."))
    return redirect(_answer_url(request, answer.pk))
