"""Published reference figures the charts compare the province against.

Source: KemenPANRB, national Indeks SPBE as published in the yearly evaluation reports
(*Laporan Hasil Evaluasi SPBE*), collected in ``/work/shared/reference/spbe-framework.md`` §5.
2020 was scored on the older 2018 framework (35 indicators in 3 domains), so charts mark it.
These are facts about the country, not the province's data: they live in code, not in the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SOURCE = _("KemenPANRB, Laporan Hasil Evaluasi SPBE (rata-rata nasional Indeks SPBE)")

# The threshold of "Sangat Baik" and the province's stated ambition (a band from 3.00 to 3.50).
SANGAT_BAIK = Decimal("3.50")
AMBITION_LOWER = Decimal("3.00")
AMBITION_UPPER = Decimal("3.50")


@dataclass(frozen=True)
class ReferencePoint:
    year: int
    index: Decimal
    note: str = ""  # why this point is not like the others (shown on hover and in the table)


NATIONAL_AVERAGE = (
    ReferencePoint(2018, Decimal("1.98")),
    ReferencePoint(2019, Decimal("2.18")),
    ReferencePoint(2020, Decimal("2.26"), note=_("kerangka lama 2018 (35 indikator, 3 domain)")),
    ReferencePoint(2021, Decimal("2.24")),
    ReferencePoint(2022, Decimal("2.34")),
    ReferencePoint(2023, Decimal("2.79")),
    ReferencePoint(2024, Decimal("3.12")),
)

# 2021 average of the provinces (same source), shown in the trend table's note.
PROVINCES_AVERAGE_2021 = Decimal("2.46")


def national_average(years=None):
    """The national points, optionally only those within the given years' span."""
    if not years:
        return list(NATIONAL_AVERAGE)
    low, high = min(years), max(years)
    return [point for point in NATIONAL_AVERAGE if low <= point.year <= high]
