"""The official final index, recorded as a value when the final results are entered.

``record_final_index`` stores the index the final levels give with the framework as loaded at that
moment (``Period.final_index``); the period's history keeps each value. Pages then show the
recorded value and, when today's computation differs, both (``series.final_figure``). It is called
by the stage-result services after a final-stage write, and before a framework change for periods
whose final was entered before values were recorded (``impact.keep_recorded_finals``).
"""

from django.utils import timezone

from evaluations import audit, series
from evaluations.models import Period, Series
from indicators import scoring


def record_final_index(period, user, *, structure=None, levels=None, before_change=""):
    """Store the final series' index of ``period`` (None while incomplete) when it differs from the
    recorded one. ``structure``: the framework to compute with (default: as loaded now). Returns
    the recorded value. ``before_change``: the code of the framework about to change (the history
    says the value was kept before that change)."""
    if period.is_summary_only:
        return period.summary_index
    if structure is None:
        structure = series.structure_of(period)
    if levels is None:
        levels = series.series_levels(period, Series.FINAL)
    index = series.stored_index(scoring.compute(structure, levels).index)
    if index == period.final_index:
        return index
    period.final_index = index
    period.final_index_recorded_at = timezone.now() if index is not None else None
    shown = "–" if index is None else scoring.display(index, 4)
    if before_change:
        event = audit.event(audit.FINAL_INDEX_KEPT, index=shown, framework=before_change)
    else:
        event = audit.event(audit.FINAL_INDEX_RECORDED, index=shown)
    audit.mark(period, user, event)
    period.save(update_fields=["final_index", "final_index_recorded_at"])
    return index


def periods_to_record(framework):
    return Period.objects.filter(framework=framework, is_summary_only=False, final_index__isnull=True)
