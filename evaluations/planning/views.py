"""Planning pages: the what-if simulator and saved action plans, the road to target, feasible caps, exports.

Thin views: the filters are validated by forms (a bad filter is a 400 with a message), the reads
are ``evaluations.planning.services``'s and the writes its service functions. The what-if page recomputes
through htmx: the same view answers a POST from the level selects with the ``result`` fragment.
"""

import json
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from evaluations.errors import InvalidInput, StateError
from evaluations.forms import PeriodSeriesFilter, bind_period_filter
from evaluations.models import Period, Series
from evaluations.planning import charts as charts_planning
from evaluations.planning import services as planning
from evaluations.reports import charts, exports
from evaluations.series import default_series_of, lead_units, structure_of
from skpd import permissions

LEVEL_CHOICES = [(level, str(level)) for level in planning.LEVEL_CHOICES]


# --- forms -----------------------------------------------------------------------------------------


class PlanningFilter(PeriodSeriesFilter):
    """The period and base series to plan from; defaults: the newest period with levels, its most official series."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "seri" in self.fields:
            self.fields["seri"].label = gettext_lazy("Seri dasar")

    def chosen_period(self):
        """The period asked for, else the newest (``periods`` come newest first); None when there is none."""
        return self.period(next(iter(self.periods.values()), None))

    def chosen(self):
        """(period, series) with the defaults filled in; period None when there is none at all."""
        period = self.chosen_period()
        series = self.series() or (default_series_of(period) if period else Series.PROPOSED)
        return period, Series(series)


class RoadFilter(PlanningFilter):
    target = forms.DecimalField(
        required=False,
        label=gettext_lazy("Target lain"),
        min_value=Decimal("1.00"),
        max_value=Decimal("5.00"),
        max_digits=3,
        decimal_places=2,
        localize=True,
        help_text=gettext_lazy("Kosongkan untuk memakai target periode."),
    )
    caps = forms.ChoiceField(
        choices=[("on", gettext_lazy("dipakai")), ("off", gettext_lazy("tidak dipakai"))],
        required=False,
        label=gettext_lazy("Batas kelayakan"),
    )

    def use_caps(self):
        return self.cleaned_data.get("caps") != "off"  # caps apply unless turned off


def levels_form_class(numbers):
    """One required level select (1–5) per indicator number, named ``level_<number>``."""
    fields = {
        f"level_{number}": forms.TypedChoiceField(
            choices=LEVEL_CHOICES,
            coerce=int,
            label=_("Tingkat indikator %(number)s") % {"number": number},
            error_messages={
                "required": _("Indikator %(number)s: tingkat wajib dipilih.") % {"number": number},
                "invalid_choice": _("Indikator %(number)s: tingkat harus 1 sampai 5.") % {"number": number},
            },
        )
        for number in numbers
    }
    return type("LevelsForm", (forms.Form,), fields)


class PlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama rencana"), max_length=200)
    note = forms.CharField(label=gettext_lazy("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def caps_form_class(indicators, user):
    fields = {}
    for indicator in indicators:
        fields[f"cap_{indicator.number}"] = forms.TypedChoiceField(
            choices=[("", _("tanpa batas")), *LEVEL_CHOICES],
            coerce=int,
            empty_value=None,
            required=False,
            label=_("Batas indikator %(number)s") % {"number": indicator.number},
            disabled=not permissions.can_set_caps(user, indicator),
        )
    return type("CapsForm", (forms.Form,), fields)


# --- helpers ---------------------------------------------------------------------------------------


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _bad_filter(request, form=None, message=None):
    return render(request, "evaluations/planning/bad_filter.html", {"form": form, "message": message}, status=400)


def _filter(request, form_class=PlanningFilter, **kwargs):
    """The validated filter of a planning page: (form, periods, None), or (None, None, response).

    The response is a 400 for an invalid filter, or, for a GET in the old names
    (``?period=<pk>&series=``), a 302 to the same path in the canonical ones.
    """
    periods = list(planning.plannable_periods())
    form, redirect_to = bind_period_filter(request, form_class, periods=periods, **kwargs)
    if not form.is_valid():
        return None, None, _bad_filter(request, form)
    if redirect_to:
        return None, None, HttpResponseRedirect(redirect_to)
    return form, periods, None


def _with_htmx(request, template, fragment):
    return f"{template}#{fragment}" if request.htmx else template


def _result_context(simulation):
    """Rows of the what-if result: index, predicate, each domain and aspect before → after."""
    base, result = simulation.base, simulation.result
    before, after = result.before, result.after
    domains = [
        {
            "number": d.number,
            "name": d.display_name,
            "before": before.domains.get(d.number),
            "after": after.domains.get(d.number),
            "delta": result.delta_domains.get(d.number),
        }
        for d in base.domains
    ]
    aspects = [
        {
            "number": a.number,
            "name": a.display_name,
            "before": before.aspects.get(a.number),
            "after": after.aspects.get(a.number),
            "delta": result.delta_aspects.get(a.number),
        }
        for a in base.aspects
    ]
    chart_rows = [(_("Domain %(n)s") % {"n": row["number"]}, row["before"], row["after"]) for row in domains]
    chart_rows += [(_("Aspek %(n)s") % {"n": row["number"]}, row["before"], row["after"]) for row in aspects]
    return {
        "result": result,
        "before": before,
        "after": after,
        "domain_rows": domains,
        "aspect_rows": aspects,
        "bands": base.bands,  # for the index_display filter
        "changes": [
            {"number": n, "from": base.levels[n], "to": level, "lead": base.leads.get(n)}
            for n, level in sorted(simulation.changes.items())
        ],
        # As JSON text, not json_script: htmx drops <script> elements from swapped fragments.
        "delta_json": json.dumps(charts_planning.delta_bars(chart_rows)),
        "bullet_json": json.dumps(charts.bullet(after.index, base.bands, target=base.period.target_index)),
    }


def _simulator(request, period, series, *, periods, chosen=None, plan_form=None, status=200, error=None):
    base = planning.planning_base(period, series)
    simulation = planning.simulate(base, chosen)
    rows = [
        {
            "indicator": indicator,
            "current": base.current.get(indicator.number),
            "floored": indicator.number in base.floored,
            "chosen": simulation.chosen[indicator.number],
            "changed": indicator.number in simulation.changes,
            "lead": base.leads.get(indicator.number),
        }
        for indicator in base.indicators
    ]
    context = {
        "period": period,
        "series": series,
        "series_label": Series(series).label,
        "filter_form": PlanningFilter(initial={"periode": period.year, "seri": series}, periods=periods),
        "base": base,
        "rows": rows,
        "levels": planning.LEVEL_CHOICES,
        "plan_form": plan_form or PlanForm(),
        "can_save": permissions.can_save_plans(request.user) and not planning.is_period_locked(period),
        "locked": planning.is_period_locked(period),
        "error": error,
        **_result_context(simulation),
    }
    template = _with_htmx(request, "evaluations/planning/whatif.html", "result")
    return render(request, template, context, status=status)


def _chosen_levels(request, base_numbers):
    """The scenario's levels from the POSTed selects; an invalid one makes a 400 with its message."""
    form_class = levels_form_class(base_numbers)
    form = form_class(request.POST)
    if form.is_valid():
        return {int(name.split("_", 1)[1]): value for name, value in form.cleaned_data.items()}, None
    return None, " ".join(str(e) for errors in form.errors.values() for e in errors)


def _indicator_numbers(period):
    return list(period.framework.indicators.order_by("number").values_list("number", flat=True))


# --- what-if and plans -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def whatif(request):
    """The simulator; a POST (the htmx recompute, or the no-script button) answers with the result."""
    _require(permissions.can_simulate(request.user))
    form, periods, response = _filter(request)
    if response:
        return response
    period, series = form.chosen()
    if period is None:
        return render(request, "evaluations/planning/no_period.html")
    chosen = None
    if request.method == "POST":
        chosen, error = _chosen_levels(request, _indicator_numbers(period))
        if error:
            return _bad_filter(request, message=error)
    return _simulator(request, period, series, periods=periods, chosen=chosen)


@require_http_methods(["POST"])
def plan_save(request):
    """Save the simulator's scenario (the levels that differ from the base) as a named action plan."""
    _require(permissions.can_save_plans(request.user))
    form, periods, response = _filter(request)
    if response:
        return response
    period, series = form.chosen()
    if period is None:
        return render(request, "evaluations/planning/no_period.html", status=400)
    chosen, error = _chosen_levels(request, _indicator_numbers(period))
    if error:
        return _bad_filter(request, message=error)
    plan_form = PlanForm(request.POST)
    if not plan_form.is_valid():
        return _simulator(request, period, series, periods=periods, chosen=chosen, plan_form=plan_form, status=400)
    base = planning.planning_base(period, series)
    changes = planning.simulate(base, chosen).changes
    try:
        plan = planning.save_action_plan(
            request.user,
            period,
            name=plan_form.cleaned_data["name"],
            base_series=series,
            levels=changes,
            note=plan_form.cleaned_data["note"],
        )
    except (StateError, InvalidInput) as exc:  # the simulator again, with the levels chosen
        return _simulator(
            request, period, series, periods=periods, chosen=chosen, plan_form=plan_form, status=400, error=str(exc)
        )
    messages.success(request, _("Rencana aksi “%(name)s” tersimpan.") % {"name": plan.name})
    return redirect("planning:plan_detail", pk=plan.pk)


@require_http_methods(["GET"])
def plan_list(request):
    """The saved plans of one period, each read against today's levels of its base series:
    the index at save, the level steps still to do and the index they reach from today's base.
    Checkboxes choose plans to compare."""
    _require(permissions.can_simulate(request.user))
    form, periods, response = _filter(request, with_series=False)
    if response:
        return response
    period = form.chosen_period()
    readings = planning.read_plans(planning.plans_for(period), period) if period is not None else []
    context = {
        "period": period,
        "rows": readings,
        "bands": structure_of(period) if period is not None and readings else (),  # index_display's
        "filter_form": PlanningFilter(initial={"periode": period and period.year}, periods=periods, with_series=False),
        "can_save": permissions.can_save_plans(request.user),
        "can_compare": len(readings) >= 2,
    }
    return render(request, "evaluations/planning/plan_list.html", context)


def _step_rows(reading, names, leads):
    return [
        {
            "progress": progress,
            "indicator": names.get(progress.step.indicator),
            "baseline_missing": reading.baseline_missing(progress.step.indicator),
            "today_missing": progress.step.indicator not in reading.today,
            "lead": leads.get(progress.step.indicator),
        }
        for progress in reading.steps
    ]


@require_http_methods(["GET"])
def plan_detail(request, pk):
    """A saved plan: its value at save, today's base of the same series, each step done, overtaken,
    partly done or still to do, and the index the remaining steps reach from today's base."""
    _require(permissions.can_simulate(request.user))
    plan = get_object_or_404(planning.plans_for(), pk=pk)
    reading = planning.read_plans([plan])[0]
    period = plan.period
    structure = structure_of(period)
    names = planning.indicators_named(period, [progress.step.indicator for progress in reading.steps])
    # The simulator opened on today's base with the remaining steps applied (a POST of every level).
    levels = {number: reading.today.get(number) or planning.FLOOR_LEVEL for number in structure.numbers}
    levels.update({progress.step.indicator: progress.target for progress in reading.steps})
    context = {
        "plan": plan,
        "period": period,
        "reading": reading,
        "progress": reading.progress,
        "steps": _step_rows(reading, names, lead_units(period)),
        "bands": structure,
        "simulator_levels": sorted(levels.items()),
        "today_floored": [n for n in structure.numbers if n not in reading.today],
    }
    return render(request, "evaluations/planning/plan_detail.html", context)


class PlanIdsField(forms.MultipleChoiceField):
    """Plan numbers (``?rencana=1&rencana=2``); which exist is the form's ``clean_rencana``'s."""

    def valid_value(self, value):
        return str(value).isdigit() and len(str(value)) <= 18


class PlanCompareForm(forms.Form):
    rencana = PlanIdsField(
        label=gettext_lazy("Rencana"),
        error_messages={
            "required": gettext_lazy("Pilih paling sedikit dua rencana untuk dibandingkan."),
            "invalid_choice": gettext_lazy("%(value)s bukan nomor rencana."),
        },
    )

    def clean_rencana(self):
        ids = list(dict.fromkeys(int(value) for value in self.cleaned_data["rencana"]))
        if len(ids) < 2:
            raise forms.ValidationError(_("Pilih paling sedikit dua rencana untuk dibandingkan."))
        if len(ids) > planning.MAX_COMPARED:
            raise forms.ValidationError(
                _("Paling banyak %(count)s rencana dapat dibandingkan sekaligus.") % {"count": planning.MAX_COMPARED}
            )
        found = {plan.pk: plan for plan in planning.plans_for().filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise forms.ValidationError(_("Rencana %(numbers)s tidak ditemukan.") % {"numbers": ", ".join(missing)})
        years = sorted({plan.period.year for plan in found.values()})
        if len(years) > 1:
            raise forms.ValidationError(
                _("Rencana yang dibandingkan harus dari periode yang sama (dipilih: %(years)s).")
                % {"years": ", ".join(str(year) for year in years)}
            )
        return [found[pk] for pk in ids]


@require_http_methods(["GET"])
def plan_compare(request):
    """Two or more plans of one period side by side (``?rencana=<pk>&rencana=<pk>``): steps, level
    steps asked and still to do, index at save and the index each reaches from today's base."""
    _require(permissions.can_simulate(request.user))
    form = PlanCompareForm(request.GET)
    if not form.is_valid():
        return _bad_filter(request, form)
    comparison = planning.compare_plans(form.cleaned_data["rencana"])
    context = {
        "period": comparison.period,
        "comparison": comparison,
        "readings": comparison.readings,
        "bands": comparison.structure,
    }
    return render(request, "evaluations/planning/plan_compare.html", context)


# --- road to target and caps -----------------------------------------------------------------------


@require_http_methods(["GET"])
def road(request):
    """Goal-seek's fewest level steps to the period's target (or a given one) and to 3.50."""
    _require(permissions.can_simulate(request.user))
    form, periods, response = _filter(request, RoadFilter)
    if response:
        return response
    period, series = form.chosen()
    if period is None:
        return render(request, "evaluations/planning/no_period.html")
    base = planning.planning_base(period, series)
    use_caps = form.use_caps()
    roads = planning.roads(base, target=form.cleaned_data.get("target"), use_caps=use_caps)
    context = {
        "period": period,
        "series": series,
        "series_label": Series(series).label,
        "filter_form": RoadFilter(
            initial={
                "periode": period.year,
                "seri": series,
                "target": form.cleaned_data.get("target"),
                "caps": "on" if use_caps else "off",
            },
            periods=periods,
        ),
        "base": base,
        "start": base.current_result(),
        "floored": sorted(base.floored),
        "roads": [
            {"road": r, "figure": charts_planning.road_line(r, bands=base.bands), "id": f"fig-road-{i}"}
            for i, r in enumerate(roads, 1)
        ],
        "use_caps": use_caps,
        "caps_count": len(base.caps),
        "can_set_caps": permissions.can_set_caps(request.user),
    }
    return render(request, "evaluations/planning/road.html", context)


@require_http_methods(["GET", "POST"])
def caps(request):
    """Each indicator's feasible maximum level in a period (the road to target stays under it)."""
    _require(permissions.can_set_caps(request.user))
    form, periods, response = _filter(request, with_series=False)
    if response:
        return response
    period = form.chosen_period()
    if period is None:
        return render(request, "evaluations/planning/no_period.html")
    base = planning.planning_base(period, Series.PROPOSED)
    form_class = caps_form_class(base.indicators, request.user)
    initial = {f"cap_{n}": cap for n, cap in base.caps.items()}
    status = 200
    error = None
    if request.method == "POST":
        caps_form = form_class(request.POST, initial=initial)
        if caps_form.is_valid():
            changes = {
                int(name.split("_", 1)[1]): value
                for name, value in caps_form.cleaned_data.items()
                if not caps_form.fields[name].disabled
            }
            try:
                count = planning.set_feasible_caps(request.user, period, changes)
            except (StateError, InvalidInput) as exc:
                error, status = str(exc), 400
            else:
                if count:
                    messages.success(request, _("Batas kelayakan %(count)s indikator diperbarui.") % {"count": count})
                else:
                    messages.info(request, _("Tidak ada batas yang berubah."))
                return redirect(f"{reverse('planning:caps')}?periode={period.year}")
        else:
            status = 400
    else:
        caps_form = form_class(initial=initial)
    rows = [
        {
            "indicator": indicator,
            "field": caps_form[f"cap_{indicator.number}"],
            "current": base.current.get(indicator.number),
            "lead": base.leads.get(indicator.number),
        }
        for indicator in base.indicators
    ]
    context = {
        "period": period,
        "filter_form": PlanningFilter(initial={"periode": period.year}, periods=periods, with_series=False),
        "caps_form": caps_form,
        "rows": rows,
        "locked": planning.is_period_locked(period),
        "scoped": permissions.reviewer_aspect_ids(request.user) is not None,
        "error": error,
    }
    return render(request, "evaluations/planning/caps.html", context, status=status)


# --- exports ---------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def export_xlsx(request, pk):
    """The period as an Excel workbook (summary, every indicator, unit progress), streamed from disk."""
    _require(permissions.can_export_period(request.user))
    period = get_object_or_404(Period.objects.with_framework(), pk=pk)
    # The portal's public address when set (behind a proxy the request may name an internal host).
    site_url = settings.PORTAL_URL or request.build_absolute_uri("/").rstrip("/")
    handle = exports.period_workbook(period, request.user, site_url=site_url)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=exports.workbook_filename(period),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_http_methods(["GET"])
def export_csv(request, dialect="international"):
    """The index series of every period as CSV for open-data portals (columns: ``exports.CSV_COLUMNS``);
    ``dialect`` "indonesian" (its own URL) for Excel in an Indonesian locale (``;``, ``2,69``)."""
    _require(permissions.can_export_period(request.user))
    response = StreamingHttpResponse(exports.index_series_csv(dialect), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.CSV_FILENAMES[dialect]}"'
    return response
