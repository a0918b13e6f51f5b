"""``python -m bench.static_charts``: the CPU cost of ``figure_svg`` on the dashboard's figures at province size.

The six figures the dashboard draws, built by ``charts.py`` from plain values of the province dataset's
size (45 units in the stacked unit chart, 10 years on the trend with the national average, 8 aspects,
10 levers), each drawn ``--number`` times; CPU time (``time.process_time``), so other processes on a
shared machine inflate it less than wall time. No database.
"""

import argparse
import os
import time
import timeit
from decimal import Decimal
from types import SimpleNamespace


def figures():
    from evaluations.reports import charts
    from indicators.scoring import BandSpec

    bands = [
        BandSpec("Kurang", Decimal("1"), Decimal("1.8"), "#b00020"),
        BandSpec("Cukup", Decimal("1.8"), Decimal("2.6"), "#e67e22"),
        BandSpec("Baik", Decimal("2.6"), Decimal("3.5"), "#f1c40f"),
        BandSpec("Sangat Baik", Decimal("3.5"), Decimal("4.2"), "#27ae60"),
        BandSpec("Memuaskan", Decimal("4.2"), None, "#1e5aa8"),
    ]
    points = [
        SimpleNamespace(
            year=2017 + i,
            index=Decimal("2.1") + Decimal(i) / 10,
            target=Decimal("3.5"),
            source="final",
            source_label="final",
            framework="SPBE 2020",
            illustrative=i < 3,
            bands=bands,
        )
        for i in range(10)
    ]
    national = [SimpleNamespace(year=2017 + i, index=Decimal("2.0") + Decimal(i) / 10, note="") for i in range(9)]
    units = [
        SimpleNamespace(
            unit=f"Dinas Nomor {i}",
            overdue=i % 5 == 0,
            verified=i % 7,
            submitted=i % 3,
            returned=i % 2,
            draft=1,
            not_started=3,
            assigned=20,
        )
        for i in range(45)
    ]
    levers = [
        SimpleNamespace(
            label=f"{i}. Tingkat Kematangan Layanan Nomor {i}",
            potential=Decimal("0.12"),
            gain_per_step=Decimal("0.03"),
            lead="Diskominfo",
        )
        for i in range(10)
    ]
    target = Decimal("3.5")
    return {
        "bullet": charts.bullet(Decimal("2.97"), bands, target=target),
        "trend": charts.trend(points, national=national, bands=bands),
        "domains": charts.values_vs_target([(f"{i}. Domain", Decimal("2.5")) for i in range(4)], bands, target=target),
        "aspects": charts.values_vs_target(
            [(f"{i}. Aspek {i}", Decimal("2.5")) for i in range(8)], bands, target=target
        ),
        "levers": charts.levers(levers),
        "units": charts.progress_bars(units, {status: status for status in charts.STATUS_ORDER}),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=500, help="calls per figure")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")
    import django

    django.setup()
    from django.utils import translation

    from evaluations.reports.static_charts import figure_svg

    translation.activate("id")
    total = 0
    for name, figure in figures().items():
        timer = timeit.Timer(lambda figure=figure, name=name: figure_svg(figure, key=name), timer=time.process_time)
        ms = timer.timeit(number=args.number) / args.number * 1000
        total += ms
        print(f"{name:8s} {ms:.3f} ms CPU  {len(figure_svg(figure, key=name)):,} B")
    print(f"all six  {total:.2f} ms CPU")


if __name__ == "__main__":
    main()
