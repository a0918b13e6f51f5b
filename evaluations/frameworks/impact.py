"""What a framework file does to the periods that use the framework: registered with
``indicators.revisions`` from ``EvaluationsConfig.ready()`` (``indicators`` imports no other app).

``period_impact(framework, new_structure)``: for every period on the framework, the index of each of
its series that has levels (always the final and the verified ones), computed from the same levels
with the loaded framework and with the file: ``ImpactRow(old → new)``. An incomplete series is
compared at its floor (missing levels at level 1), as the pages show it, and marked so. Three
queries whatever the number of periods: the periods, their levels (``series.levels_by_period``),
the loaded structure.

``keep_recorded_finals(framework, user)``: before a change is loaded, a period whose final levels
were entered before final indices were recorded gets its final index recorded with the framework
as it still is, so the change cannot rewrite it (``recorded.record_final_index``).
"""

from evaluations import series
from evaluations.frameworks.recorded import periods_to_record, record_final_index
from evaluations.models import Period, Series
from indicators import scoring
from indicators.revisions import ImpactRow

ALWAYS = (Series.VERIFIED, Series.FINAL)
ORDER = (Series.PROPOSED, Series.VERIFIED, Series.DOKUMEN, Series.INTERVIU, Series.VISITASI, Series.FINAL)


def _predicate(score):
    return score.predicate.name if score.predicate is not None else ""


def period_impact(framework, new_structure):
    periods = list(Period.objects.filter(framework=framework, is_summary_only=False).order_by("year"))
    if not periods:
        return []
    old_structure = framework.structure()
    levels = series.levels_by_period([p.pk for p in periods])
    numbers = set(new_structure.numbers)
    rows = []
    for period in periods:
        for key in ORDER:
            found = levels[period.pk][key]
            if not found and key not in ALWAYS:
                continue
            old = series.score(old_structure, found)
            new = series.score(new_structure, {n: lv for n, lv in found.items() if n in numbers})
            rows.append(
                ImpactRow(
                    year=period.year,
                    status=str(period.get_status_display()),
                    series=key.value,
                    series_label=str(key.label),
                    old=old.index,
                    new=new.index,
                    old_predicate=_predicate(old),
                    new_predicate=_predicate(new),
                    provisional=old.is_provisional or new.is_provisional,
                    recorded=period.final_index if key == Series.FINAL else None,
                    old_display=scoring.display_index(old.index, old_structure.sorted_bands),
                    new_display=scoring.display_index(new.index, new_structure.sorted_bands),
                )
            )
    return rows


def keep_recorded_finals(framework, user):
    structure = framework.structure()
    for period in periods_to_record(framework).select_related("framework"):
        levels = series.series_levels(period, Series.FINAL)
        if levels:
            record_final_index(period, user, structure=structure, levels=levels, before_change=framework.code)
