"""The dashboard's "since last week" panel: what happened to a period's answers in the last 7 days
(submissions, returns, verifications, level changes) and what each did to the index.

Read from the answers' history (django-simple-history, one record per save, see
``evaluations.audit``) in one query: the records of every answer changed in the window, with the
ones before it, so each change is compared with the answer's state just before. A change counts by
what it did to the answer: its status moved to submitted, returned or verified, or else one of its
two levels (``series.answer_levels``: the proposed one, and the verified one once verified) moved.
Its effect is on the lead answer's series only (a contributor's answer is in no series): the change
of the proposed and the verified index, missing levels counted at level 1 as the lowest possible
index counts them (``scoring.level_change_effect``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy

from evaluations.models import Answer
from evaluations.series import answer_levels, structure_of
from indicators import scoring

WINDOW = timedelta(days=7)
SHOWN = 8  # the newest changes listed; the counts and totals cover all of them

SUBMITTED, RETURNED, VERIFIED, LEVEL = "submitted", "returned", "verified", "level"
KIND_LABELS = {
    SUBMITTED: gettext_lazy("Diajukan"),
    RETURNED: gettext_lazy("Dikembalikan"),
    VERIFIED: gettext_lazy("Diverifikasi"),
    LEVEL: gettext_lazy("Tingkat berubah"),
}
_KIND_OF_STATUS = {
    Answer.Status.SUBMITTED: SUBMITTED,
    Answer.Status.RETURNED: RETURNED,
    Answer.Status.VERIFIED: VERIFIED,
}


@dataclass(frozen=True)
class Change:
    when: datetime
    kind: str
    number: int
    unit: str
    is_lead: bool
    proposed: tuple  # (before, after) proposed level of the series
    verified: tuple  # (before, after) verified level of the series
    effect_proposed: Decimal
    effect_verified: Decimal
    user: str = ""

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@dataclass
class RecentChanges:
    since: datetime
    changes: list[Change] = field(default_factory=list)  # newest first

    @property
    def shown(self):
        return self.changes[:SHOWN]

    @property
    def more(self):
        return max(0, len(self.changes) - SHOWN)

    @property
    def counts(self):
        """``[(label, count)]`` per kind, in a fixed order (zero counts included)."""
        return [(KIND_LABELS[k], sum(1 for c in self.changes if c.kind == k)) for k in KIND_LABELS]

    @property
    def effect_proposed(self):
        return sum((c.effect_proposed for c in self.changes), Decimal(0))

    @property
    def effect_verified(self):
        return sum((c.effect_verified for c in self.changes), Decimal(0))


def classify(before, after):
    """The kind of change from history row ``before`` (None: the answer is new) to ``after``, or
    None when it changed neither status nor level. Rows are ``(status, proposed, verified)``."""
    status = after[0]
    if (before is None or before[0] != status) and status in _KIND_OF_STATUS:
        return _KIND_OF_STATUS[status]
    old = answer_levels(before[1], before[2], before[0]) if before else (None, None)
    if answer_levels(after[1], after[2], after[0]) != old:
        return LEVEL
    return None


def changes_from(rows, weights, since):
    """``Change`` rows (newest first) from history ``rows`` ordered by answer and time: tuples of
    ``(answer id, when, status, proposed, verified, is_lead, number, unit, user)``. Pure."""
    out = []
    previous_of = {}
    for answer_id, when, status, proposed, verified, is_lead, number, unit, user in rows:
        before = previous_of.get(answer_id)
        after = (status, proposed, verified)
        previous_of[answer_id] = after
        if when < since:
            continue
        kind = classify(before, after)
        if kind is None:
            continue
        old = answer_levels(*before[1:], before[0]) if before else (None, None)
        new = answer_levels(proposed, verified, status)
        weight = weights.get(number, Decimal(0))
        effect = (
            (scoring.level_change_effect(weight, old[0], new[0]), scoring.level_change_effect(weight, old[1], new[1]))
            if is_lead
            else (Decimal(0), Decimal(0))
        )
        out.append(Change(when, kind, number, unit, is_lead, (old[0], new[0]), (old[1], new[1]), *effect, user))
    out.sort(key=lambda c: c.when, reverse=True)
    return out


def recent_changes(period, *, now=None) -> RecentChanges:
    """The period's answer changes of the last 7 days before ``now`` (one query)."""
    now = now or timezone.now()
    since = now - WINDOW
    structure = structure_of(period)
    weights = {spec.number: spec.weight for spec in structure.indicators}
    # The historical model's own manager: ``Answer.history`` builds a new manager class on each access.
    history = apps.get_model("evaluations", "HistoricalAnswer").objects
    touched = (
        history.filter(period_id=period.pk, history_date__gte=since, history_date__lte=now).order_by().values("id")
    )
    rows = (
        history.filter(period_id=period.pk, id__in=Subquery(touched), history_date__lte=now)
        .order_by("id", "history_date", "history_id")
        .values_list(
            "id",
            "history_date",
            "status",
            "proposed_level",
            "verified_level",
            "is_lead",
            "indicator__number",
            "unit__short_name",
            "unit__name",
            "history_user__username",
        )
    )
    cleaned = [(*row[:7], row[7] or row[8], row[9] or "") for row in rows]
    return RecentChanges(since=since, changes=changes_from(cleaned, weights, since))
