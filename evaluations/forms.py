"""Forms more than one feature uses: the period/series filter of the report and planning pages.

Every page that shows a period's figures takes the same query parameters, ``?periode=<year>&seri=<series>``,
validated by ``PeriodSeriesFilter``; an invalid value is a 400 with the field's message. The defaults
(which period, which series when none is asked for) are the caller's: reports and planning choose them
differently.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Series


class PeriodSeriesFilter(forms.Form):
    """The period (by year, among the given periods with indicator levels) and, optionally, the series."""

    periode = forms.TypedChoiceField(label=gettext_lazy("Periode"), coerce=int, required=False)
    seri = forms.ChoiceField(label=gettext_lazy("Seri"), required=False)

    def __init__(self, data=None, *, periods, with_series=True, **kwargs):
        """``periods`` are already read (newest first); summary-only years have no levels to show."""
        super().__init__(data, **kwargs)
        self.periods = {p.year: p for p in periods if not p.is_summary_only}
        self.fields["periode"].choices = [
            (year, f"{year}{' · ' + _('ilustrasi') if p.is_illustrative else ''}") for year, p in self.periods.items()
        ]
        if with_series:
            self.fields["seri"].choices = [("", _("Otomatis")), *Series.choices]
        else:
            del self.fields["seri"]

    def period(self, default):
        year = self.cleaned_data.get("periode")
        return self.periods[year] if year else default

    def series(self):
        """The series asked for, or None: the caller's default then applies."""
        return self.cleaned_data.get("seri") or None
