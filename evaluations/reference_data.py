"""Fixed reference figures the charts draw: the "Sangat Baik" threshold and the province's ambition.

The national average, the 2021 average of the provinces and other governments' published results
are data, not code: ``PublishedResult`` rows, shipped in ``evaluations/reference/published-indexes.csv``
(with their sources, from ``/work/shared/reference/spbe-framework.md`` §5 and the cited news pages)
and loaded by ``setup_portal``; the administrator corrects them in the admin (``evaluations.peers``).
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SOURCE = _("KemenPANRB, Laporan Hasil Evaluasi SPBE (rata-rata nasional Indeks SPBE)")

# The threshold of "Sangat Baik" and the province's stated ambition (a band from 3.00 to 3.50).
SANGAT_BAIK = Decimal("3.50")
AMBITION_LOWER = Decimal("3.00")
AMBITION_UPPER = Decimal("3.50")
