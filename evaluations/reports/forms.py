"""Report filters beyond the shared period/series filter (``evaluations.forms``)."""

from django import forms
from django.utils.translation import gettext_lazy

from evaluations.forms import PeriodSeriesFilter
from evaluations.reports.held_back import FEASIBLE

TARGET_CHOICES = [
    (FEASIBLE, gettext_lazy("Tingkat maksimum yang layak")),
    ("2", gettext_lazy("Tingkat 2")),
    ("3", gettext_lazy("Tingkat 3")),
    ("4", gettext_lazy("Tingkat 4")),
    ("5", gettext_lazy("Tingkat 5")),
]


class HeldBackFilter(PeriodSeriesFilter):
    """The period, the series and the target level the ranking measures against."""

    target = forms.ChoiceField(label=gettext_lazy("Target"), choices=TARGET_CHOICES, required=False)

    def target_level(self):
        """The chosen level, or None for each indicator's feasible maximum (the default)."""
        value = self.cleaned_data.get("target") or FEASIBLE
        return None if value == FEASIBLE else int(value)
