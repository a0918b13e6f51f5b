"""``EvidenceUse``: the per-period, per-indicator count of each file's (and link's) attachments.

Kept in step by the two signal handlers below on every save and delete of an ``Evidence``, whatever
path writes it (upload, reuse, carry-over, a cascade from a deleted answer), inside the writer's
transaction: one or two small queries per attachment written. Deleting a period deletes its rows
with it (``on_delete=CASCADE``). ``rebuild`` recomputes it from ``Evidence`` (the migration that introduced it, bulk
loads that bypass ``save()`` such as the benchmark's ``COPY``).
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from evaluations.models import Answer, Evidence, EvidenceUse


def use_key(file_id, url):
    """The summary's key of one attachment: its stored file, else its link."""
    if file_id is not None:
        return f"f{file_id}"
    return "u" + hashlib.sha256((url or "").encode()).hexdigest()


def _answer_of(evidence):
    """``(period id, indicator id)`` of the evidence's answer: from the loaded answer, else one query."""
    if Evidence.answer.is_cached(evidence):
        return evidence.answer.period_id, evidence.answer.indicator_id
    return Answer.objects.filter(pk=evidence.answer_id).values_list("period_id", "indicator_id").first()


def _change(evidence, delta):
    found = _answer_of(evidence)
    if found is None:  # the answer is gone too (a cascade): its period's rows go with it or are rebuilt
        return
    period_id, indicator_id = found
    key = use_key(evidence.file_id, evidence.url)
    rows = EvidenceUse.objects.filter(period_id=period_id, indicator_id=indicator_id, key=key)
    if delta < 0:
        rows.filter(uses__lte=-delta).delete()
        rows.update(uses=F("uses") + delta)
        return
    if rows.update(uses=F("uses") + delta):
        return
    try:
        with transaction.atomic():
            EvidenceUse.objects.create(period_id=period_id, indicator_id=indicator_id, key=key, uses=delta)
    except IntegrityError:  # created by a concurrent writer a moment ago
        rows.update(uses=F("uses") + delta)


@receiver(post_save, sender=Evidence, dispatch_uid="evidence_use_added")
def _added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _change(instance, 1)


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence_use_removed")
def _removed(sender, instance, **kwargs):
    _change(instance, -1)


def rebuild(evidence_model=Evidence, use_model=EvidenceUse, *, batch_size=5000):
    """Recompute every ``EvidenceUse`` row from the attachments (models may be a migration's)."""
    use_model.objects.all().delete()
    counts = {}
    rows = (
        evidence_model.objects.order_by()
        .values_list("answer__period_id", "answer__indicator_id", "file_id", "url")
        .annotate(n=Count("id"))
    )
    for period_id, indicator_id, file_id, url, n in rows.iterator(chunk_size=batch_size):
        key = (period_id, indicator_id, use_key(file_id, url))
        counts[key] = counts.get(key, 0) + n
    use_model.objects.bulk_create(
        (use_model(period_id=p, indicator_id=i, key=k, uses=n) for (p, i, k), n in counts.items()),
        batch_size=batch_size,
    )
    return len(counts)
