"""Every write to answers and their evidence: one function per action, in a transaction.

Each function asks ``skpd.permissions`` whether the user may do it, checks the period's status and
the answer's status, writes, and leaves a history record (django-simple-history) whose change
reason says what happened ("diajukan", "dikembalikan: <catatan>"; stored in Indonesian, shown in the
reader's language: ``evaluations.audit``). Views, admin actions and commands call these; nothing
else changes an answer's status.

Concurrency: an answer carries a ``version``. A save names the version it started from; the
version is bumped with a conditional ``UPDATE … WHERE version = <base>`` first, so of two saves
from the same base exactly one wins and the other gets ``EditConflict`` (on PostgreSQL and on
SQLite alike), and the loser's text is handed back so the page can keep it.

Decisions worth knowing:
- A returned answer stays *returned* while the officer edits it, until it is submitted again.
- Officers write while the period is *open*; while it is *in review* they may still fix and
  resubmit answers returned to them (the verification round trip), nothing else. Closed and final
  periods are read-only for everyone.
- A reviewer may return a *verified* answer (re-opening it) while the period is open or in review;
  the history shows it. ``verify_answer`` only verifies *submitted* answers.
- ``return_answer(verified_level=…)`` stores the reviewer's assessed level with the note, so the
  officer sees it; only answers whose status is *verified* belong to the verified series.
- Verifying below the proposed level, or an answer without evidence, needs a note to the officer;
  bulk verification applies the same rule to each answer and reports each refusal.
- Consecutive autosaves of the same person within ``AUTOSAVE_COALESCE`` merge into one history
  record, so the history shows an editing session, not every keystroke pause.
"""

import datetime
import logging

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import audit, notifications
from evaluations.answers import evidence as evidence_checks
from evaluations.errors import (
    DuplicateEvidence,
    EditConflict,
    InvalidInput,
    NoEvidenceUnconfirmed,
    PermissionDenied,
    ServiceError,
    StateError,
)
from evaluations.models import Answer, Assignment, Evidence, EvidenceFile
from skpd import permissions

logger = logging.getLogger(__name__)

AUTOSAVE_REASON = audit.event(audit.DRAFT_SAVED)
AUTOSAVE_COALESCE = datetime.timedelta(minutes=10)
EDITABLE_STATUSES = (Answer.Status.DRAFT, Answer.Status.RETURNED)


# --- helpers -----------------------------------------------------------------------------------


def _save(instance, user, event, **kwargs):
    """Save with the history's who and why (``event``: an ``audit.event(...)``)."""
    audit.mark(instance, user, event)
    instance.save(**kwargs)


def _check_level(level, *, required):
    if level in (None, ""):
        if required:
            raise InvalidInput(_("Pilih tingkat (1–5) terlebih dahulu."))
        return None
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise InvalidInput(_("Tingkat harus angka 1 sampai 5.")) from None
    if not 1 <= level <= 5:
        raise InvalidInput(_("Tingkat harus angka 1 sampai 5, bukan %(level)s.") % {"level": level})
    return level


def officer_may_edit_in_period(answer):
    """Officers write while the period is open; during internal verification only what was returned to them."""
    period = answer.period
    if period.status == period.Status.OPEN:
        return True
    return period.status == period.Status.IN_REVIEW and answer.status == Answer.Status.RETURNED


def _require_officer_edit(user, answer):
    if not permissions.can_edit_answer(user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mengubah jawaban perangkat daerah ini."))
    if not officer_may_edit_in_period(answer):
        raise StateError(
            _("Periode %(year)s berstatus “%(status)s”: jawaban tidak dapat diubah.")
            % {"year": answer.period.year, "status": answer.period.get_status_display()}
        )


def _require_answer_editable(answer):
    if answer.status not in EDITABLE_STATUSES:
        raise StateError(
            _("Jawaban berstatus “%(status)s” dan tidak dapat diubah lagi oleh perangkat daerah.")
            % {"status": answer.get_status_display()}
        )


def _require_review(user, answer):
    if not permissions.can_review_answer(user, answer):
        raise PermissionDenied(_("Anda tidak berwenang mereviu jawaban ini."))
    if not answer.period.is_reviewable:
        raise StateError(
            _("Periode %(year)s berstatus “%(status)s”: jawaban tidak dapat direviu.")
            % {"year": answer.period.year, "status": answer.period.get_status_display()}
        )


def _conflict(answer_pk, proposed_level, explanation):
    current = Answer.objects.select_related("updated_by", "period", "indicator", "unit").get(pk=answer_pk)
    who = (
        current.updated_by.get_full_name() or current.updated_by.get_username()
        if current.updated_by
        else _("orang lain")
    )
    when = timezone.localtime(current.updated_at).strftime("%H.%M")
    return EditConflict(
        _(
            "Jawaban ini sudah diubah oleh %(who)s pukul %(when)s setelah Anda mulai menyunting, jadi "
            "simpanan Anda ditolak agar tidak saling menimpa. Teks Anda tetap di formulir; bandingkan "
            "dengan versi terbaru di bawah, lalu simpan lagi."
        )
        % {"who": who, "when": when},
        current=current,
        proposed_level=proposed_level,
        explanation=explanation,
    )


def _claim_version(answer, base_version, *, proposed_level=None, explanation="", statuses=None):
    """Bump the version in the database iff it still is ``base_version`` (and the status is allowed).

    Returns the new version. Raises EditConflict when someone else saved first.
    """
    rows = Answer.objects.filter(pk=answer.pk, version=base_version)
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    if rows.update(version=F("version") + 1) != 1:
        fresh = Answer.objects.filter(pk=answer.pk).values("version", "status").first()
        if fresh and fresh["version"] == base_version and statuses is not None and fresh["status"] not in statuses:
            raise StateError(_("Status jawaban sudah berubah; muat ulang halaman."))
        raise _conflict(answer.pk, proposed_level, explanation)
    return base_version + 1


def _coalesce_autosave(answer, user):
    """Merge this autosave's history record into the previous one when it is the same editing session."""
    records = list(answer.history.order_by("-history_date", "-history_id")[:2])
    if len(records) < 2:
        return
    latest, previous = records
    if (
        previous.history_change_reason == AUTOSAVE_REASON
        and latest.history_change_reason == AUTOSAVE_REASON
        and previous.history_user_id == latest.history_user_id == getattr(user, "pk", None)
        and previous.status == latest.status
        and latest.history_date - previous.history_date <= AUTOSAVE_COALESCE
    ):
        # The newer record holds the after-state; the one before `previous` holds the before-state.
        previous.delete()


# --- answers -----------------------------------------------------------------------------------


def get_or_create_answer(user, period, indicator, unit):
    """The unit's answer to the indicator in the period, created (as a draft) when it does not exist.

    Called on the first *write* (a save, an upload), never on opening the page: an officer who only
    looks at an indicator leaves no draft and no history (``answers.views.answer_for_indicator``
    shows an unsaved ``Answer`` then, see ``new_answer``).
    """
    if not permissions.can_answer_for_unit(user, unit):
        raise PermissionDenied(_("Hanya petugas perangkat daerah ini yang dapat membuka jawabannya."))
    assignment = Assignment.objects.filter(period=period, indicator=indicator, unit=unit).first()
    if assignment is None:
        raise PermissionDenied(
            _("%(unit)s tidak ditugasi menjawab indikator %(number)s pada periode %(year)s.")
            % {"unit": unit.display_name, "number": indicator.number, "year": period.year}
        )
    existing = Answer.objects.filter(period=period, indicator=indicator, unit=unit).first()
    if existing is not None:
        return existing
    if not period.is_editable_by_officers:
        raise StateError(
            _("Periode %(year)s berstatus “%(status)s”: jawaban baru tidak dapat dibuat.")
            % {"year": period.year, "status": period.get_status_display()}
        )
    answer = Answer(
        period=period,
        indicator=indicator,
        unit=unit,
        is_lead=assignment.is_lead,
        updated_by=user,
    )
    try:
        with transaction.atomic():
            _save(answer, user, audit.event(audit.ANSWER_CREATED))
    except IntegrityError:
        # Someone else of the same unit opened it at the same moment.
        return Answer.objects.get(period=period, indicator=indicator, unit=unit)
    return answer


def new_answer(user, period, indicator, unit):
    """The unsaved draft an officer sees on first opening an indicator (nothing is written).

    Same checks as ``get_or_create_answer``: this unit is assigned the indicator, and a new answer can
    still be made in this period (``StateError`` otherwise).
    """
    if not permissions.can_answer_for_unit(user, unit):
        raise PermissionDenied(_("Hanya petugas perangkat daerah ini yang dapat membuka jawabannya."))
    assignment = Assignment.objects.filter(period=period, indicator=indicator, unit=unit).first()
    if assignment is None:
        raise PermissionDenied(
            _("%(unit)s tidak ditugasi menjawab indikator %(number)s pada periode %(year)s.")
            % {"unit": unit.display_name, "number": indicator.number, "year": period.year}
        )
    if not period.is_editable_by_officers:
        raise StateError(
            _("Periode %(year)s berstatus “%(status)s”: jawaban baru tidak dapat dibuat.")
            % {"year": period.year, "status": period.get_status_display()}
        )
    return Answer(period=period, indicator=indicator, unit=unit, is_lead=assignment.is_lead)


def save_draft(user, answer, *, proposed_level, explanation, base_version):
    """Save the officer's level and explanation; refuse with EditConflict if the base is stale."""
    explanation = (explanation or "").replace("\r\n", "\n")
    with transaction.atomic():
        answer = Answer.objects.select_related("period", "indicator").get(pk=answer.pk)
        _require_officer_edit(user, answer)
        _require_answer_editable(answer)
        level = _check_level(proposed_level, required=False)
        try:
            base_version = int(base_version)
        except (TypeError, ValueError):
            raise InvalidInput(_("Versi formulir tidak terbaca; muat ulang halaman.")) from None
        if answer.proposed_level == level and answer.explanation == explanation:
            # Nothing to change (also when the base is stale but the text is already what is sent,
            # e.g. an autosave and the form's own save carrying the same text): no conflict.
            return answer
        if answer.version != base_version:
            raise _conflict(answer.pk, level, explanation)
        answer.version = _claim_version(
            answer, base_version, proposed_level=level, explanation=explanation, statuses=EDITABLE_STATUSES
        )
        answer.proposed_level = level
        answer.explanation = explanation
        answer.updated_by = user
        _save(answer, user, AUTOSAVE_REASON)
        _coalesce_autosave(answer, user)
    return answer


NO_EVIDENCE_FROM_LEVEL = 2


def needs_evidence_confirmation(level, evidence_count):
    """Submitting at ``level`` with ``evidence_count`` pieces of evidence asks the officer first."""
    return level is not None and level >= NO_EVIDENCE_FROM_LEVEL and evidence_count == 0


def submit_answer(user, answer, *, base_version=None, confirm_no_evidence=False):
    """Draft or returned → submitted. The level and the explanation are required.

    At level 2 or above an answer with no evidence is refused (``NoEvidenceUnconfirmed``) unless the
    officer confirmed it (``confirm_no_evidence``): evidence is locked once submitted, and reviewers
    expect documents for anything above the first level.
    """
    with transaction.atomic():
        answer = Answer.objects.select_related("period", "indicator").get(pk=answer.pk)
        _require_officer_edit(user, answer)
        _require_answer_editable(answer)
        if base_version is not None and int(base_version) != answer.version:
            raise _conflict(answer.pk, answer.proposed_level, answer.explanation)
        problems = []
        if answer.proposed_level is None:
            problems.append(_("pilih tingkat usulan"))
        if not answer.explanation.strip():
            problems.append(_("isi penjelasan (fakta, analisis, justifikasi)"))
        if problems:
            raise InvalidInput(_("Belum dapat diajukan: %(what)s.") % {"what": _(" dan ").join(problems)})
        if not confirm_no_evidence and needs_evidence_confirmation(answer.proposed_level, answer.evidence.count()):
            raise NoEvidenceUnconfirmed(
                _(
                    "Jawaban tingkat %(level)s belum memiliki bukti dukung. Konfirmasi dulu bahwa Anda tetap "
                    "ingin mengajukannya tanpa bukti."
                )
                % {"level": answer.proposed_level},
                level=answer.proposed_level,
            )
        was_returned = answer.status == Answer.Status.RETURNED
        answer.version = _claim_version(answer, answer.version, statuses=EDITABLE_STATUSES)
        answer.status = Answer.Status.SUBMITTED
        answer.submitted_at = timezone.now()
        answer.updated_by = user
        _save(answer, user, audit.event(audit.RESUBMITTED if was_returned else audit.SUBMITTED))
    return answer


def return_answer(user, answer, *, note, verified_level=None):
    """Submitted (or verified) → returned, with the reviewer's note and, optionally, their level."""
    note = (note or "").strip()
    with transaction.atomic():
        answer = Answer.objects.select_related("period", "indicator").get(pk=answer.pk)
        _require_review(user, answer)
        allowed = (Answer.Status.SUBMITTED, Answer.Status.VERIFIED)
        if answer.status not in allowed:
            raise StateError(
                _(
                    "Hanya jawaban yang sudah diajukan atau terverifikasi yang dapat dikembalikan (status sekarang: %(status)s)."
                )
                % {"status": answer.get_status_display()}
            )
        if not note:
            raise InvalidInput(_("Tulis catatan untuk perangkat daerah: apa yang perlu diperbaiki."))
        level = _check_level(verified_level, required=False)
        answer.version = _claim_version(answer, answer.version, statuses=allowed)
        answer.status = Answer.Status.RETURNED
        answer.reviewer_note = note
        answer.verified_level = level
        answer.reviewed_at = timezone.now()
        answer.reviewed_by = user
        answer.updated_by = user
        _save(answer, user, audit.event(audit.RETURNED, note=note))
        notifications.notify_answer_event(answer, "returned", user)
    return answer


def note_required_reasons(proposed_level, verified_level, *, has_evidence):
    """Why verifying at ``verified_level`` needs a note to the officer ([] when it does not).

    A level below the proposed one, or a verification without any evidence, must tell the officer
    why: the note reaches them in the answer's history and in their notification."""
    reasons = []
    if proposed_level is not None and verified_level is not None and verified_level < proposed_level:
        reasons.append(
            _("tingkat %(level)s di bawah usulan %(proposed)s, jelaskan kriteria yang belum terpenuhi")
            % {"level": verified_level, "proposed": proposed_level}
        )
    if not has_evidence:
        reasons.append(_("jawaban ini tanpa bukti dukung, jelaskan dasar verifikasinya"))
    return reasons


def verify_answer(user, answer, *, verified_level, note=""):
    """Submitted → verified at ``verified_level`` (which may differ from the proposed level).

    Below the proposed level, or without any evidence, a note to the officer is required
    (``note_required_reasons``)."""
    note = (note or "").strip()
    with transaction.atomic():
        answer = Answer.objects.select_related("period", "indicator").get(pk=answer.pk)
        _require_review(user, answer)
        if answer.status != Answer.Status.SUBMITTED:
            raise StateError(
                _("Hanya jawaban yang sudah diajukan yang dapat diverifikasi (status sekarang: %(status)s).")
                % {"status": answer.get_status_display()}
            )
        level = _check_level(verified_level, required=True)
        reasons = note_required_reasons(answer.proposed_level, level, has_evidence=answer.evidence.exists())
        if reasons and not note:
            raise InvalidInput(_("Tulis catatan untuk perangkat daerah: %(why)s.") % {"why": _("; ").join(reasons)})
        answer.version = _claim_version(answer, answer.version, statuses=(Answer.Status.SUBMITTED,))
        answer.status = Answer.Status.VERIFIED
        answer.verified_level = level
        answer.reviewer_note = note
        answer.reviewed_at = timezone.now()
        answer.reviewed_by = user
        answer.updated_by = user
        # The proposed level is part of the record only where the reviewer chose another one.
        differs = answer.proposed_level is not None and level != answer.proposed_level
        proposed = answer.proposed_level if differs else None
        _save(answer, user, audit.event(audit.VERIFIED, level=level, proposed=proposed, note=note))
        notifications.notify_answer_event(answer, "verified", user)
    return answer


def bulk_verify(user, answers, *, note=""):
    """Verify each submitted answer at its proposed level. Returns (verified_count, [(answer, reason)]).

    Each answer is verified in its own savepoint inside one transaction: one that cannot be verified
    is skipped with its reason and does not undo the others.
    """
    verified = 0
    skipped = []
    with transaction.atomic():
        for answer in answers:
            try:
                with transaction.atomic():
                    if answer.proposed_level is None:
                        raise InvalidInput(_("tidak ada tingkat usulan"))
                    verify_answer(user, answer, verified_level=answer.proposed_level, note=note)
            except ServiceError as exc:
                skipped.append((answer, str(exc)))
            else:
                verified += 1
    return verified, skipped


# --- evidence ----------------------------------------------------------------------------------


def _require_evidence_edit(user, answer):
    answer = Answer.objects.select_related("period", "indicator").get(pk=answer.pk)
    _require_officer_edit(user, answer)
    _require_answer_editable(answer)
    return answer


def _clean_title(title, fallback):
    title = " ".join((title or "").split())[:255]
    return title or fallback


def _store_file(user, uploaded_file):
    """The EvidenceFile for these bytes: an existing one with the same SHA-256, or a newly stored one.

    Returns (record, checked, created).
    """
    checked = evidence_checks.check_upload(uploaded_file)  # EvidenceRejected is an InvalidInput
    existing = EvidenceFile.objects.filter(sha256=checked.sha256).first()
    if existing is not None:
        return existing, checked, False
    record = EvidenceFile(
        sha256=checked.sha256,
        original_name=checked.display_name[:255],
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=user,
    )
    uploaded_file.seek(0)
    record.file.save(f"{checked.sha256[:12]}-{checked.storage_name}", File(uploaded_file), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same bytes were stored by someone else a moment ago: keep theirs, drop ours.
        record.file.storage.delete(record.file.name)
        return EvidenceFile.objects.get(sha256=checked.sha256), checked, False
    return record, checked, True


def _refuse_duplicate(answer, stored, name):
    """The same bytes attached twice to one answer add nothing: refuse, naming the attachment there."""
    same = Evidence.objects.filter(answer=answer, file=stored).first()
    if same is not None:
        raise DuplicateEvidence(
            _("File “%(name)s” sudah terlampir pada jawaban ini sebagai “%(title)s” (isi yang sama).")
            % {"name": name, "title": same.title}
        )


def add_evidence_file(user, answer, *, title, uploaded_file):
    """Check and store an uploaded file (or reuse the identical one already stored) and attach it."""
    new_file = None
    try:
        with transaction.atomic():
            answer = _require_evidence_edit(user, answer)
            stored, checked, created = _store_file(user, uploaded_file)
            if created:
                new_file = stored.file
            else:
                _refuse_duplicate(answer, stored, checked.display_name)
            item = Evidence(
                answer=answer,
                title=_clean_title(title, evidence_checks.split_extension(checked.display_name)[0]),
                file=stored,
                file_name=checked.display_name[:255],
                added_by=user,
            )
            _save(item, user, audit.event(audit.FILE_ADDED, title=item.title))
    except BaseException:
        # Bytes stored for a row that was rolled back would be orphans: remove them.
        if new_file is not None:
            new_file.storage.delete(new_file.name)
        raise
    return item


def add_evidence_files(user, answer, *, uploaded_files, title=""):
    """Several files in one upload, each checked and attached on its own (``add_evidence_file``).

    Returns (added evidence, refusal messages): a refused file does not stop the others. ``title``
    applies when there is one file; with several, each is titled by its file name.
    """
    uploaded_files = list(uploaded_files)
    if not uploaded_files:
        raise InvalidInput(_("Pilih setidaknya satu file."))
    one_title = title if len(uploaded_files) == 1 else ""
    added, refused = [], []
    for uploaded_file in uploaded_files:
        try:
            added.append(add_evidence_file(user, answer, title=one_title, uploaded_file=uploaded_file))
        except (InvalidInput, StateError) as exc:
            if isinstance(exc, StateError) or len(uploaded_files) == 1:
                raise
            refused.append(str(exc))
    return added, refused


def add_evidence_link(user, answer, *, title, url):
    url = (url or "").strip()
    with transaction.atomic():
        answer = _require_evidence_edit(user, answer)
        if not url.lower().startswith(("http://", "https://")):
            raise InvalidInput(_("Tautan harus diawali http:// atau https://."))
        item = Evidence(answer=answer, title=_clean_title(title, url[:255]), url=url[:1000], added_by=user)
        _save(item, user, audit.event(audit.LINK_ADDED, title=item.title))
    return item


def attach_existing_evidence(user, answer, evidence_file, *, title):
    """Attach an already stored file (e.g. last year's) to this answer without uploading it again."""
    with transaction.atomic():
        answer = _require_evidence_edit(user, answer)
        uses = Evidence.objects.filter(file=evidence_file).select_related("answer", "answer__indicator", "file")
        visible = [use for use in uses if permissions.can_view_evidence(user, use)]
        if not visible:
            raise PermissionDenied(_("File ini bukan milik perangkat daerah Anda."))
        # The name this unit gave the file (its latest use), never another unit's.
        own = [use for use in visible if use.answer.unit_id == answer.unit_id] or visible
        name = max(own, key=lambda use: (use.added_at, use.pk)).shown_file_name
        _refuse_duplicate(answer, evidence_file, name)
        item = Evidence(
            answer=answer,
            title=_clean_title(title, evidence_checks.split_extension(name)[0]),
            file=evidence_file,
            file_name=name,
            added_by=user,
        )
        _save(item, user, audit.event(audit.FILE_REUSED, title=item.title))
    return item


def remove_evidence(user, evidence):
    with transaction.atomic():
        evidence = Evidence.objects.select_related("answer").get(pk=evidence.pk)
        _require_evidence_edit(user, evidence.answer)
        audit.mark(evidence, user, audit.event(audit.EVIDENCE_REMOVED, title=evidence.title))
        evidence.delete()
    # The stored file stays: other answers or periods may use it, and the history refers to it.
