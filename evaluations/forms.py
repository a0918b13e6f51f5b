"""Forms more than one feature uses: the period filter of every page of one period, and its old names.

Every page that shows one period takes the same query parameter, ``?periode=<year>``, and the pages that
show a series of levels also ``&seri=<series>``: ``PeriodFilter`` and ``PeriodSeriesFilter`` validate them;
an invalid value is a 400 with the field's message. Which periods a page offers and its default period
(and series) are the caller's: reports, planning, the work list, the review queue and the assignments
page choose them differently.

Links from before the rename (``?period=<pk>&series=<series>``) keep working: ``bind_period_filter``
reads the old names in place, and a GET in them gets a redirect to the same path in the new names.
"""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Series


class PeriodFilter(forms.Form):
    """The period, by year, among the given periods that have indicator levels."""

    periode = forms.TypedChoiceField(label=gettext_lazy("Periode"), coerce=int, required=False)
    # An old link's ``period=<pk>`` that names none of the periods (see ``bind_period_filter``).
    unknown_period_message = gettext_lazy("Periode tidak ditemukan atau hanya berisi nilai ringkasan.")

    def __init__(self, data=None, *, periods, **kwargs):
        """``periods`` are already read (newest first); summary-only years have no levels to show."""
        super().__init__(data, **kwargs)
        self.periods = {p.year: p for p in periods if not p.is_summary_only}
        self.fields["periode"].choices = [(year, self.period_label(p)) for year, p in self.periods.items()]

    def period_label(self, period):
        return f"{period.year}{' · ' + _('ilustrasi') if period.is_illustrative else ''}"

    def period(self, default):
        year = self.cleaned_data.get("periode")
        return self.periods[year] if year else default


class PeriodSeriesFilter(PeriodFilter):
    """The period and, optionally, the series."""

    seri = forms.ChoiceField(label=gettext_lazy("Seri"), required=False)

    def __init__(self, data=None, *, periods, with_series=True, **kwargs):
        super().__init__(data, periods=periods, **kwargs)
        if with_series:
            self.fields["seri"].choices = [("", _("Otomatis")), *Series.choices]
        else:
            del self.fields["seri"]

    def series(self):
        """The series asked for, or None: the caller's default then applies."""
        return self.cleaned_data.get("seri") or None


# --- the names before the rename -------------------------------------------------------------------

# Planning took ``?period=<pk>&series=<series>``; the work list, review queue and assignments ``?period=<pk>``.
OLD_FILTER_PARAMS = {"period": "periode", "series": "seri"}


def _canonical_params(data, periods):
    """``data`` with the old names turned into ``periode=<year>`` and ``seri``; (params, whether a pk was unknown).

    The new name wins when both are given; every other parameter is kept as it is.
    """
    by_pk = {str(p.pk): p for p in periods if not p.is_summary_only}  # the periods PeriodFilter offers
    params, unknown = QueryDict(mutable=True), False
    for key, values in data.lists():
        new_key = OLD_FILTER_PARAMS.get(key)
        if new_key is None:
            params.setlist(key, values)
        elif new_key in data:
            continue
        elif key == "period":
            pk = values[-1].strip()
            if pk:
                if pk in by_pk:
                    params[new_key] = str(by_pk[pk].year)
                else:
                    unknown = True
        else:
            params.setlist(new_key, values)
    return params, unknown


def bind_period_filter(request, form_class, *, periods, **kwargs):
    """``form_class`` (a ``PeriodFilter``) bound to the request's filter, the old names read in place: (form, redirect).

    A POST's filter is its body, a GET's its query string. ``redirect`` is the URL a GET
    in the old names should be sent to (the same path in the new names, every other parameter kept),
    once the form is valid; else None. An old ``period`` that names none of ``periods`` makes the form
    invalid with the form's ``unknown_period_message`` on its period field, so the page answers its usual 400.
    A POST in the old names (a page loaded before the rename) is read, not redirected: ignoring the
    names would quietly save to the default period instead.
    """
    data = request.POST if request.method == "POST" else request.GET
    old = any(key in data for key in OLD_FILTER_PARAMS)
    unknown = False
    if old:
        data, unknown = _canonical_params(data, periods)
    form = form_class(data, periods=periods, **kwargs)
    if unknown:
        form.is_valid()  # cleans the rest, so the message joins the other fields' errors
        form.add_error("periode", str(form.unknown_period_message))
    redirect = None
    if old and request.method == "GET" and form.is_valid():
        redirect = f"{request.path}?{data.urlencode()}" if data else request.path
    return form, redirect
