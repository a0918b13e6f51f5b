"""Reports: the province dashboard, every unit's progress, a unit's page, an indicator's page, calibration, the governor's brief.

Thin GET views: validate the period/series filter (an invalid one is a 400 with the reason), ask
``skpd.permissions``, read through the builders in ``evaluations/reports/`` (bounded queries), render. Each page
also answers htmx requests with just its ``report`` fragment, so changing the filter swaps the
figures without a reload. ``dashboard(request)`` is a plain function view: the home page calls it
for reviewers, administrators and executives.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.forms import PeriodSeriesFilter
from evaluations.models import Series
from evaluations.peers.forms import PeersFilter
from evaluations.reports import charts, held_back, progress
from evaluations.reports.calibration import build_calibration
from evaluations.reports.dashboard import build_brief, build_dashboard, default_period, periods_for_reports
from evaluations.reports.forms import HeldBackFilter
from evaluations.reports.indicator import build_indicator_report
from evaluations.reports.progress import progress_by_unit, unit_totals
from evaluations.reports.unit import build_unit_report
from evaluations.series import (
    all_series_levels,
    default_series,
    leads_with_fallback,
    peers_of,
    published_results,
    structure_of,
)
from indicators.models import Indicator
from skpd import permissions
from skpd.models import Unit


def _template(request, name):
    return f"{name}#report" if getattr(request, "htmx", False) else name


def _filter(request, periods, *, with_series=True, form_class=PeriodSeriesFilter, **form_kwargs):
    """(form, period, series, whether the filter was invalid)."""
    default = default_period(periods)
    data = request.GET.copy()
    if not data.get("periode") and default is not None:
        data["periode"] = str(default.year)  # so the selector shows the period on the page
    form = form_class(data, periods=periods, with_series=with_series, **form_kwargs)
    if not form.is_valid():
        return form, None, None, True
    period = form.period(default)
    return form, period, form.series() if with_series else None, False


def _bad_filter(request, template, form, extra=None):
    context = {"form": form, "filter_errors": _filter_messages(form), **(extra or {})}
    return render(request, _template(request, template), context, status=400)


def _filter_messages(form):
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@require_http_methods(["GET"])
def dashboard(request):
    """The province dashboard: index and predicate, bullet, trend, domains and aspects, levers, units."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    template = "evaluations/reports/dashboard.html"
    periods = periods_for_reports(onward_crosswalks=True)
    results = published_results()
    form, period, series, bad = _filter(request, periods, form_class=PeersFilter, peers=peers_of(results))
    if bad:
        return _bad_filter(request, template, form)
    context = {"form": form, "period": period, "data": None, "figures": {}}
    if period is not None:
        data = build_dashboard(period, periods, series=series, results=results, peers=form.chosen_peers())
        context.update(data=data, figures=data.figures(), can_export=permissions.can_export_period(request.user))
    return render(request, _template(request, template), context)


@require_http_methods(["GET"])
def unit_progress(request):
    """Every unit's progress in a period, 50 a page: the full list behind the dashboard's shortlist."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    template = "evaluations/reports/unit_progress.html"
    periods = periods_for_reports()
    form, period, _series, bad = _filter(request, periods, with_series=False)
    if bad:
        return _bad_filter(request, template, form)
    context = {"form": form, "period": period, "page": None, "totals": None}
    if period is not None:
        units = progress_by_unit(period)
        totals = unit_totals(units)
        page = Paginator(units, progress.UNITS_PER_PAGE).get_page(request.GET.get("halaman"))
        context.update(page=page, totals=totals, due=period.self_assessment_due)
    return render(request, _template(request, template), context)


@require_http_methods(["GET"])
def unit_detail(request, unit_pk):
    """A unit's indicators in a period: statuses, deadlines, levels, and the index points it leads."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not permissions.can_view_unit(request.user, unit):
        raise PermissionDenied
    template = "evaluations/reports/unit.html"
    periods = periods_for_reports()
    form, period, series, bad = _filter(request, periods)
    if bad:
        return _bad_filter(request, template, form, {"unit": unit})
    report = build_unit_report(period, unit, series=series, viewer=request.user) if period else None
    context = {
        "form": form,
        "unit": unit,
        "period": period,
        "report": report,
        "show_indicator_links": permissions.can_open_indicator_reports(request.user),
    }
    return render(request, _template(request, template), context)


@require_http_methods(["GET"])
def indicator_detail(request, indicator_pk):
    """An indicator's criteria, its levels over the years by series, and its evidence in a period."""
    indicator = get_object_or_404(Indicator.objects.with_hierarchy().prefetch_related("criteria"), pk=indicator_pk)
    template = "evaluations/reports/indicator.html"
    periods = [p for p in periods_for_reports() if p.framework_id == indicator.framework_id]
    form, period, _series, bad = _filter(request, periods, with_series=False)
    if bad:
        if not permissions.can_view_dashboard(request.user):
            raise PermissionDenied
        return _bad_filter(request, template, form, {"indicator": indicator})
    own = permissions.officer_unit(request.user)
    viewer_unit_id = (
        own.pk if own is not None and not permissions.can_view_indicator_work(request.user, indicator) else None
    )
    report = build_indicator_report(
        indicator, periods, period, page=request.GET.get("halaman") or 1, viewer_unit_id=viewer_unit_id
    )
    if not permissions.can_view_indicator_report(request.user, indicator, [a.unit_id for a in report.assignments]):
        raise PermissionDenied
    lead = report.lead
    evidence = [
        e
        for e in report.evidence
        if permissions.can_view_evidence(request.user, e, lead_unit_id=lead.pk if lead else None)
    ]
    answers = [
        a
        for a in report.answers
        if permissions.can_view_answer(request.user, a, lead_unit_id=lead.pk if lead else None)
    ]
    context = {
        "form": form,
        "indicator": indicator,
        "period": period,
        "report": report,
        "evidence": evidence,
        "answers": answers,
        "figure": report.figure(),
        "can_view_units": permissions.can_view_dashboard(request.user),
        "page": report.answers_page,
    }
    return render(request, _template(request, template), context)


@require_http_methods(["GET"])
def calibration(request):
    """Proposed vs verified vs final, per unit and per indicator across periods, with mean gaps."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    periods = periods_for_reports()
    data = build_calibration(periods)
    context = {"data": data, "figure": data.figure()}
    return render(request, _template(request, "evaluations/reports/calibration.html"), context)


def _official_bullet(data):
    """The brief's bullet: the headline, the latest official result, on its framework's bands."""
    official = data.official
    if official is None:
        return charts.bullet(None, data.bands, target=data.target, label=_("Hasil resmi"), height=130)
    label = _("Hasil akhir %(year)s") % {"year": official.year}
    return charts.bullet(official.index, official.bands, target=data.target, label=label, height=130)


@require_http_methods(["GET"])
def brief(request):
    """The governor's one-page brief (A4, print stylesheet) for a period."""
    if not permissions.can_export_period(request.user):
        raise PermissionDenied
    template = "evaluations/reports/brief.html"
    periods = periods_for_reports(onward_crosswalks=True)
    results = published_results()
    form, period, series, bad = _filter(request, periods, form_class=PeersFilter, peers=peers_of(results))
    if bad:
        return _bad_filter(request, template, form)
    context = {"form": form, "period": period, "brief": None}
    if period is not None:
        brief = build_brief(period, periods, series=series, results=results, peers=form.chosen_peers())
        data = brief.data
        context.update(
            brief=brief,
            data=data,
            trend_figure=data.trend_figure(height=230),
            bullet_figure=_official_bullet(data),
        )
    return render(request, _template(request, template), context)


@require_http_methods(["GET"])
def held_back_ranking(request):
    """Every unit by the index points its lead indicators hold back, against a target the reader picks."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    template = "evaluations/reports/held_back.html"
    periods = periods_for_reports()
    form, period, series, bad = _filter(request, periods, form_class=HeldBackFilter)
    if bad:
        return _bad_filter(request, template, form)
    context = {"form": form, "period": period, "rows": None}
    if period is not None:
        all_levels = all_series_levels(period)
        series = Series(series) if series else default_series(all_levels, period=period)
        structure = structure_of(period)
        leads = leads_with_fallback(period, indicator_count=len(structure.indicators))
        target = form.target_level()
        context.update(
            rows=held_back.ranking(period, all_levels[series], leads, target=target),
            series_label=Series(series).label,
            target=target,
        )
    return render(request, _template(request, template), context)
