"""The dashboard's and brief's filter with the peers to draw on the trend: ``?pembanding=<body>``,
repeated. A body that is not recorded is a 400 with the field's message."""

from django import forms
from django.utils.translation import gettext_lazy

from evaluations.forms import PeriodSeriesFilter
from evaluations.models import PublishedResult


class PeersFilter(PeriodSeriesFilter):
    pembanding = forms.MultipleChoiceField(
        label=gettext_lazy("Pembanding"),
        required=False,
        help_text=gettext_lazy("Instansi lain yang digambar pada tren; rata-rata nasional selalu tampil."),
    )

    def __init__(self, data=None, *, periods, peers=(), **kwargs):
        """``peers``: ``series.Peer`` rows; the averages are always drawn, so they are not offered."""
        super().__init__(data, periods=periods, **kwargs)
        self.fields["pembanding"].choices = [
            (peer.body, peer.body) for peer in peers if peer.kind not in PublishedResult.AVERAGE_KINDS
        ]

    def chosen_peers(self):
        return list(self.cleaned_data.get("pembanding") or [])
