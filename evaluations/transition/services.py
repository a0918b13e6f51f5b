"""Writes of the framework transition: an officer reuses a related answer's explanation or
re-attaches its evidence on the new period's answer, in one action each.

Each checks that the user may edit the answer (``skpd.permissions.can_edit_answer``), that the
period and the answer are still editable (the answer lifecycle's own rules), and that the source is
really related: an answer of the period this one was carried over from, to an indicator the
crosswalk relates to this one. It writes in one transaction and leaves a history event.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import audit
from evaluations.answers import services as answers
from evaluations.errors import PermissionDenied, ServiceError, StateError
from evaluations.models import Answer, Evidence
from evaluations.transition.reads import source_period
from indicators.crosswalk import map_between
from skpd import permissions

SEPARATOR = "\n\n"


def _editable_answer(user, answer):
    answer = (
        # Only the answer's row is locked (PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join to ``carried_from``).
        Answer.objects.select_for_update(of=("self",))
        .select_related("period", "period__carried_from", "indicator")
        .get(pk=answer.pk)
    )
    if not permissions.can_edit_answer(user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mengubah jawaban perangkat daerah ini."))
    if not answers.officer_may_edit_in_period(answer):
        raise StateError(
            _("Periode %(year)s berstatus “%(status)s”: jawaban tidak dapat diubah.")
            % {"year": answer.period.year, "status": answer.period.get_status_display()}
        )
    if answer.status not in answers.EDITABLE_STATUSES:
        raise StateError(
            _("Jawaban berstatus “%(status)s” dan tidak dapat diubah lagi oleh perangkat daerah.")
            % {"status": answer.get_status_display()}
        )
    return answer


def _require_related(answer, source_answer):
    source = source_period(answer.period)
    if source is None or source_answer.period_id != source.pk:
        raise ServiceError(_("Jawaban itu bukan jawaban terkait periode asal indikator ini."))
    numbers = {
        n
        for n, _relation, _note in map_between(source.framework_id, answer.period.framework_id).sources_of(
            answer.indicator.number
        )
    }
    if source_answer.indicator.number not in numbers:
        raise ServiceError(_("Indikator itu tidak berpadanan dengan indikator ini."))
    return source


def reuse_explanation(user, answer, source_answer):
    """Append the related answer's explanation to this answer's (or set it, when empty).

    Appended, never replacing what the officer wrote; reusing the same text twice changes nothing.
    """
    with transaction.atomic():
        answer = _editable_answer(user, answer)
        source_answer = Answer.objects.select_related("indicator").get(pk=source_answer.pk)
        source = _require_related(answer, source_answer)
        text = source_answer.explanation.strip()
        if not text or text in answer.explanation:
            return answer, False
        answer.explanation = f"{answer.explanation.rstrip()}{SEPARATOR}{text}" if answer.explanation.strip() else text
        answer.version += 1  # an open form of the old version then meets an edit conflict, not a silent overwrite
        answer.updated_by = user
        audit.mark(
            answer,
            user,
            audit.event(audit.RELATED_EXPLANATION_REUSED, year=source.year, number=source_answer.indicator.number),
        )
        answer.save()
    return answer, True


def reattach_evidence(user, answer, source_evidence):
    """Attach a related answer's evidence (the same stored file or link) to this answer; the same
    file or link already attached is not attached twice."""
    with transaction.atomic():
        answer = _editable_answer(user, answer)
        source_evidence = Evidence.objects.select_related("answer", "answer__indicator").get(pk=source_evidence.pk)
        source = _require_related(answer, source_evidence.answer)
        present = Evidence.objects.filter(answer=answer)
        present = (
            present.filter(file_id=source_evidence.file_id)
            if source_evidence.file_id
            else present.filter(file__isnull=True, url=source_evidence.url)
        )
        existing = present.first()
        if existing is not None:
            return existing, False
        item = Evidence(
            answer=answer,
            title=source_evidence.title,
            file_id=source_evidence.file_id,
            url=source_evidence.url,
            added_by=user,
        )
        audit.mark(item, user, audit.event(audit.RELATED_EVIDENCE_REUSED, year=source.year, title=item.title))
        item.save()
    return item, True
