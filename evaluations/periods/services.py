"""Writes about a period as a whole: its settings and status, its official results, carry-over.

Every function here checks the permission (``skpd.permissions``) and the period's state, and runs
in one transaction: views, admin actions, commands and the demo all call them. Answers themselves
are written by ``evaluations.answers.services`` (the answer lifecycle).

Status runs draft → open → in_review → closed → final. Closed and final periods are read-only;
only an administrator may reopen one, and must give a reason, which the period's history keeps.

Stage results exist only from the moment their stage can have happened (the SPBE evaluation runs:
self-assessment, internal verification, then the ministry's external assessors' stages dokumen →
interviu → visitasi, then the official final result fixed by decree). So:

- **dokumen, interviu, visitasi** are recorded once the self-assessment is submitted: while the
  period is in internal verification (``in_review``) or closed. Not while it is a draft or open
  (the units are still answering: no external assessor has seen anything).
- **the final result** is recorded once the self-assessment is closed (``closed``): after the
  external stages, before the period is made final. Making the period final is the publication:
  from then on the recorded final result is the official one and, like everything in a final
  period, read-only; a correction needs the administrator's reopen, with its reason on record.

Closed is the one read-only status that still takes stage results (the external assessment runs
after the internal one is closed); its answers and settings stay read-only. A refused write says
which stage, the period's status and when the stage opens (``stage_closed_reason``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from evaluations import audit
from evaluations.errors import ImportRowsError, PermissionDenied, ServiceError, StateError
from evaluations.frameworks.recorded import record_final_index
from evaluations.models import (
    Answer,
    Assignment,
    Evidence,
    Period,
    PeriodIndicator,
    StageResult,
    SummaryDomainValue,
)
from skpd import permissions
from spbe_portal.lib import uploads

Status = Period.Status
STAGE_COLUMNS = 10  # columns of an imported stage sheet that are read (indicator, level, notes)

# Forward steps, plus the one step back an administrator takes without a "reopen": handing an
# in-review period back to the officers. Leaving closed or final is a reopen (see reopen_period).
TRANSITIONS = {
    Status.DRAFT: {Status.OPEN},
    Status.OPEN: {Status.IN_REVIEW, Status.DRAFT},
    Status.IN_REVIEW: {Status.CLOSED, Status.OPEN},
    Status.CLOSED: {Status.FINAL},
    Status.FINAL: set(),
}
REOPEN_TARGETS = {Status.IN_REVIEW, Status.OPEN}
# A summary-only year (before the portal) has nothing to answer or review: it is drafted, its
# published values recorded, then made final. Reopening it brings it back to draft.
SUMMARY_TRANSITIONS = {Status.DRAFT: {Status.FINAL}, Status.FINAL: set()}


def allowed_transitions(period):
    """The statuses ``change_status`` accepts next for this period (reopening aside)."""
    table = SUMMARY_TRANSITIONS if period.is_summary_only else TRANSITIONS
    return table.get(Status(period.status), set())


PERIOD_FIELDS = (
    "year",
    "framework",
    "kind",
    "target_index",
    "is_summary_only",
    "summary_index",
    "is_illustrative",
    "notes",
    "self_assessment_start",
    "self_assessment_due",
    "verification_due",
    "document_review_date",
    "interview_date",
    "visit_date",
    "final_date",
)


def _require_manager(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Hanya administrator yang dapat mengubah periode."))


def _require_writable(period):
    if period.is_read_only:
        raise StateError(
            _("Periode %(year)s berstatus %(status)s dan hanya dapat dibaca; administrator dapat membukanya kembali.")
            % {"year": period.year, "status": period.get_status_display()}
        )


def _lock(period):
    return Period.objects.select_for_update().select_related("framework").get(pk=period.pk)


def _save_with_reason(instance, user, event):
    """Save with the history's who and why (``event``: an ``audit.event(...)``)."""
    audit.mark(instance, user, event)
    instance.save()


# --- the period itself ----------------------------------------------------------------------------


def create_period(user, **fields):
    _require_manager(user)
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise ServiceError(_("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        if Period.objects.filter(year=fields.get("year")).exists():
            raise ServiceError(_("Periode tahun %s sudah ada.") % fields.get("year"))
        period = Period(**fields)
        period.full_clean()
        _save_with_reason(period, user, audit.event(audit.PERIOD_CREATED))
    return period


def update_period(user, period, **fields):
    _require_manager(user)
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise ServiceError(_("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        period = _lock(period)
        _require_writable(period)
        changes_framework = "framework" in fields and fields["framework"].pk != period.framework_id
        if changes_framework and (period.answers.exists() or period.stage_results.exists()):
            raise StateError(_("Kerangka tidak dapat diganti setelah ada jawaban atau hasil penilaian."))
        for name, value in fields.items():
            setattr(period, name, value)
        period.full_clean()
        _save_with_reason(period, user, audit.event(audit.PERIOD_CHANGED))
    return period


def change_status(user, period, new_status, *, reason=""):
    """One step along draft → open → in_review → closed → final (or in_review → open, open → draft)."""
    _require_manager(user)
    new_status = Status(new_status)
    with transaction.atomic():
        period = _lock(period)
        current = Status(period.status)
        if new_status not in allowed_transitions(period):
            if current in (Status.CLOSED, Status.FINAL) and new_status in REOPEN_TARGETS | {Status.DRAFT}:
                raise StateError(_("Periode yang ditutup atau final hanya dapat dibuka kembali dengan alasan."))
            raise StateError(
                _("Status tidak dapat diubah dari %(old)s ke %(new)s.")
                % {"old": current.label, "new": new_status.label}
            )
        if new_status == Status.DRAFT and period.answers.exists():
            raise StateError(_("Periode yang sudah berisi jawaban tidak dapat dikembalikan ke draf."))
        if new_status == Status.OPEN and period.is_summary_only:
            raise StateError(_("Periode ringkasan tidak dibuka untuk penilaian mandiri."))
        period.status = new_status
        reason = (reason or "").strip()
        _save_with_reason(period, user, audit.event(audit.STATUS_CHANGED, old=current, new=new_status, reason=reason))
    return period


def reopen_period(user, period, *, reason, to_status=Status.IN_REVIEW):
    """An administrator's explicit reopen of a closed or final period, with the reason on record."""
    if not permissions.can_reopen_period(user):
        raise PermissionDenied(_("Hanya administrator yang dapat membuka kembali periode."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Alasan membuka kembali periode wajib diisi."))
    to_status = Status(to_status)
    if to_status not in REOPEN_TARGETS:
        raise ServiceError(_("Periode hanya dapat dibuka kembali ke status verifikasi internal atau dibuka."))
    with transaction.atomic():
        period = _lock(period)
        if not period.is_read_only:
            raise StateError(_("Periode ini tidak ditutup; tidak perlu dibuka kembali."))
        if period.is_summary_only:
            to_status = Status.DRAFT  # nothing to answer or review: back to where values are recorded
        old = Status(period.status)
        period.status = to_status
        _save_with_reason(
            period,
            user,
            audit.event(audit.REOPENED, old=old, new=to_status, reason=reason),
        )
    return period


def set_indicator_settings(user, period, settings_by_indicator):
    """``{indicator: {"service_name": str, "target_level": int|None, "feasible_max": int|None}}``.

    The feasible caps among them are written by ``planning.services.set_feasible_caps``, the one
    writer of ``feasible_max`` (its permission rule, its state rule, its history); a row left with
    nothing in it is removed.
    """
    from evaluations.planning.services import set_feasible_caps

    _require_manager(user)
    with transaction.atomic():
        period = _lock(period)
        _require_writable(period)
        existing = {s.indicator_id: s for s in period.indicator_settings.all()}
        errors = []
        for indicator, values in settings_by_indicator.items():
            if indicator.framework_id != period.framework_id:
                raise ServiceError(_("Indikator %s bukan bagian dari kerangka periode ini.") % indicator.number)
            target, cap = values.get("target_level"), values.get("feasible_max")
            if target is not None and cap is not None and target > cap:
                errors.append(
                    _("Indikator %(n)s: target tingkat %(t)s melebihi tingkat maksimum yang layak %(c)s.")
                    % {"n": indicator.number, "t": target, "c": cap}
                )
        if errors:
            raise ImportRowsError(errors)
        caps = {}
        for indicator, values in settings_by_indicator.items():
            row = existing.get(indicator.pk) or PeriodIndicator(period=period, indicator=indicator)
            service_name, target = (values.get("service_name") or "").strip(), values.get("target_level")
            if values.get("feasible_max") != row.feasible_max:
                caps[indicator.number] = values.get("feasible_max")
            if (row.service_name, row.target_level) == (service_name, target):
                continue
            row.service_name, row.target_level = service_name, target
            if row.pk or service_name or target:
                row.full_clean()
                _save_with_reason(row, user, audit.event(audit.INDICATOR_SETTINGS_CHANGED, number=indicator.number))
        if caps:
            set_feasible_caps(user, period, caps)
        empty = PeriodIndicator.objects.filter(
            period=period,
            indicator__in=list(settings_by_indicator),
            service_name="",
            target_level__isnull=True,
            feasible_max__isnull=True,
        ).select_related("indicator")
        for row in empty:
            audit.mark(row, user, audit.event(audit.INDICATOR_SETTINGS_CHANGED, number=row.indicator.number))
            row.delete()
    return period


def record_summary(user, period, *, index, domains=None):
    """Summary-only years: the published index and, when known, domain indices ``{number: Decimal}``."""
    if not permissions.can_record_summary(user):
        raise PermissionDenied(
            _("Nilai ringkasan dicatat oleh administrator dan peninjau yang tidak dibatasi pada aspek tertentu.")
        )
    domains = domains or {}
    with transaction.atomic():
        period = _lock(period)
        _require_writable(period)
        if not period.is_summary_only:
            raise StateError(_("Nilai ringkasan hanya untuk periode ringkasan (tahun sebelum portal)."))
        for value in [index, *domains.values()]:
            if value is not None and not (Decimal("1") <= Decimal(value) <= Decimal("5")):
                raise ServiceError(_("Indeks harus antara 1,00 dan 5,00 (diterima: %s).") % value)
        period.summary_index = index
        _save_with_reason(period, user, audit.event(audit.SUMMARY_RECORDED))
        numbers = set(period.framework.domains.values_list("number", flat=True))
        for number, value in domains.items():
            if numbers and number not in numbers:
                raise ServiceError(_("Domain %s tidak ada dalam kerangka periode ini.") % number)
            if value is None:
                SummaryDomainValue.objects.filter(period=period, domain_number=number).delete()
            else:
                SummaryDomainValue.objects.update_or_create(
                    period=period, domain_number=number, defaults={"index": value}
                )
    return period


# --- stage results --------------------------------------------------------------------------------


Stage = StageResult.Stage
EXTERNAL_STAGE_STATES = frozenset({Status.IN_REVIEW, Status.CLOSED})
# The statuses in which each stage's results may be recorded (see the module's docstring).
STAGE_STATES = {
    Stage.DOKUMEN: EXTERNAL_STAGE_STATES,
    Stage.INTERVIU: EXTERNAL_STAGE_STATES,
    Stage.VISITASI: EXTERNAL_STAGE_STATES,
    Stage.FINAL: frozenset({Status.CLOSED}),
}


def stage_closed_reason(period, stage):
    """Why ``stage``'s results cannot be recorded in ``period`` now, or ``None`` when they can."""
    stage = Stage(stage)
    status = Status(period.status)
    if period.is_summary_only:
        return _("Periode ringkasan tidak memiliki hasil per indikator.")
    if status == Status.DRAFT:
        return _("Periode masih draf; buka periode sebelum mencatat hasil.")
    if status in STAGE_STATES[stage]:
        return None
    values = {"stage": stage.label, "year": period.year, "status": status.label}
    if status == Status.FINAL:
        return (
            _(
                "Hasil tahap %(stage)s tidak dapat dicatat: periode %(year)s berstatus %(status)s dan hanya dapat "
                "dibaca; administrator dapat membukanya kembali."
            )
            % values
        )
    if stage == Stage.FINAL:
        return (
            _(
                "Hasil tahap %(stage)s tidak dapat dicatat: periode %(year)s berstatus %(status)s. Hasil akhir "
                "dicatat setelah periode ditutup (sesudah tahap penilaian eksternal)."
            )
            % values
        )
    return (
        _(
            "Hasil tahap %(stage)s tidak dapat dicatat: periode %(year)s berstatus %(status)s. Hasil penilaian "
            "eksternal dicatat setelah penilaian mandiri dikirim (status verifikasi internal atau ditutup)."
        )
        % values
    )


def stage_availability(period):
    """Each stage with whether it is open for recording now and, when not, why: ``[(stage, reason)]``."""
    return [(stage, stage_closed_reason(period, stage)) for stage in Stage]


def _require_results_writer(user, period, stage):
    if not permissions.can_record_results(user):
        raise PermissionDenied(_("Anda tidak berwenang mencatat hasil penilaian."))
    reason = stage_closed_reason(period, stage)
    if reason:
        raise StateError(reason)


def record_stage_result(user, period, indicator, stage, level, note="", *, record_final=True):
    """Set (or, with ``level=None``, clear) one indicator's level at one stage.

    A final-stage write records the period's official final index as a value
    (``frameworks.recorded``); ``record_final=False`` leaves that to a caller writing several."""
    stage = StageResult.Stage(stage)
    with transaction.atomic():
        period = _lock(period)
        _require_results_writer(user, period, stage)
        result = _record_stage_result(user, period, indicator, stage, level, note)
        if record_final and stage == Stage.FINAL:
            record_final_index(period, user)
    return result


def _record_stage_result(user, period, indicator, stage, level, note):
    if indicator.framework_id != period.framework_id:
        raise ServiceError(_("Indikator %s bukan bagian dari kerangka periode ini.") % indicator.number)
    if not permissions.can_view_indicator_work(user, indicator) and not permissions.is_admin(user):
        raise PermissionDenied(_("Indikator %s di luar aspek yang Anda reviu.") % indicator.number)
    current = StageResult.objects.filter(period=period, indicator=indicator, stage=stage).first()
    if level in (None, ""):
        if current:
            audit.mark(current, user, audit.event(audit.RESULT_REMOVED))
            current.delete()
        return None
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        raise ServiceError(_("Tingkat harus bilangan bulat 1–5 (diterima: %s).") % level)
    result = current or StageResult(period=period, indicator=indicator, stage=stage)
    if current and current.level == level and current.note == (note or ""):
        return current
    result.level = level
    result.note = note or ""
    result.recorded_by = user
    _save_with_reason(result, user, audit.event(audit.RESULT_RECORDED, note=note or ""))
    return result


def record_stage_levels(user, period, stage, levels, note=""):
    """Record several indicators' levels at one stage (``{indicator: level or None}``), all or none.

    Each goes through ``record_stage_result`` (its permission, scope and state checks, its history).
    Returns how many were recorded. The stage's state rule is checked even when nothing changed, so
    a form saved in the wrong state says why rather than "0 saved".
    """
    stage = Stage(stage)
    with transaction.atomic():
        _require_results_writer(user, _lock(period), stage)
        for indicator, level in levels.items():
            record_stage_result(user, period, indicator, stage, level, note, record_final=False)
        if stage == Stage.FINAL:
            record_final_index(_lock(period), user)
    return len(levels)


def stage_template(kind, indicators):
    """A template to fill in: ``(filename, content_type, bytes)``; kind is "csv" or "xlsx".

    A third column carries each indicator's name, so whoever fills it in sees what each number is;
    the import reads only the first two columns (``indicator``, ``level``) and ignores it.
    """
    rows = [(indicator.number, "", indicator.display_name) for indicator in indicators]
    header = ["indicator", "level", "name"]
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        # a name a spreadsheet would run as a formula is written as text
        writer.writerows(
            (number, level, "'" + name if name[:1] in ("=", "+", "-", "@") else name) for number, level, name in rows
        )
        return "hasil-tahap.csv", "text/csv; charset=utf-8", out.getvalue().encode("utf-8")
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "hasil"
        sheet.append(header)
        for number, _level, name in rows:
            sheet.append([number, None, None])
            cell = sheet.cell(row=sheet.max_row, column=3, value=name)
            cell.data_type = "s"  # text, never a formula
        sheet.column_dimensions["C"].width = 60
        out = io.BytesIO()
        book.save(out)
        return (
            "hasil-tahap.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            out.getvalue(),
        )
    raise ValueError(kind)


def _read_rows(upload):
    """The rows of an uploaded CSV or XLSX as lists of cell values, header first.

    Bounded (``spbe_portal.lib.uploads``): bytes before reading, an .xlsx's unpacked sheet size
    before parsing, rows while reading; an over-limit file is refused before any row is checked.
    """
    name = upload.name or "file"
    lowered = name.lower()
    if not lowered.endswith((".xlsx", ".csv")):
        raise ImportRowsError([_("%s: jenis file tidak didukung; unggah CSV atau XLSX.") % name])
    try:
        data = uploads.read_bytes(upload, name)
        if lowered.endswith(".xlsx"):
            # only the first columns matter (indicator, level, and a note): a sheet claiming
            # 16,384 columns is not padded out to them
            return uploads.xlsx_rows(data, name, max_col=STAGE_COLUMNS)
        reader = csv.reader(uploads.csv_text(data), delimiter=uploads.sniff_delimiter(data))
        return list(uploads.csv_rows(reader, name))
    except uploads.UploadRefused as exc:
        raise ImportRowsError([str(exc)]) from None


def _whole_number(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "empty"
    if isinstance(value, bool):
        return None, "bad"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        return (int(value), None) if value.is_integer() else (None, "bad")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None, "bad"
    # Infinity, NaN and 1e999999999 (whose int() would take minutes) are not row numbers or levels.
    if not number.is_finite() or number.adjusted() > 6:
        return None, "bad"
    if number != number.to_integral_value():
        return None, "bad"
    return int(number), None


def parse_stage_rows(rows, indicators_by_number):
    """Validate ``indicator,level`` rows; returns ``({number: level}, [numbers left blank])``.

    Raises ``ImportRowsError`` listing every wrong row. A row with an empty level (a template row
    not filled in) is skipped, not an error.
    """
    errors = []
    # Row numbers are the file's own (blank lines count), so a message points at the right line.
    numbered = [(n, row) for n, row in enumerate(rows or [], start=1) if any(c not in (None, "") for c in row)]
    if not numbered:
        raise ImportRowsError([_("File kosong: baris judul 'indicator,level' tidak ditemukan.")])
    header_number, header_row = numbered[0]
    header = [str(cell or "").strip().lower() for cell in header_row]
    if header[:2] != ["indicator", "level"]:
        raise ImportRowsError(
            [
                _("Baris %(row)s: judul kolom harus 'indicator,level' (ditemukan: %(found)s).")
                % {"row": header_number, "found": ",".join(h for h in header if h) or "-"}
            ]
        )
    levels = {}
    blank = []
    seen_at = {}
    for row_number, row in numbered[1:]:
        cells = list(row) + [None, None]
        number, problem = _whole_number(cells[0])
        if problem:
            errors.append(
                _("Baris %(row)s: nomor indikator '%(value)s' tidak sah.")
                % {"row": row_number, "value": cells[0] or ""}
            )
            continue
        if number not in indicators_by_number:
            errors.append(
                _("Baris %(row)s: indikator %(n)s tidak ada dalam kerangka periode.") % {"row": row_number, "n": number}
            )
            continue
        if number in seen_at:
            errors.append(
                _("Baris %(row)s: indikator %(n)s sudah ada di baris %(first)s.")
                % {"row": row_number, "n": number, "first": seen_at[number]}
            )
            continue
        seen_at[number] = row_number
        level, problem = _whole_number(cells[1])
        if problem == "empty":
            blank.append(number)  # a template row left empty: not assessed at this stage
            continue
        if problem or not 1 <= level <= 5:
            errors.append(
                _("Baris %(row)s: tingkat '%(value)s' harus bilangan bulat 1–5.")
                % {"row": row_number, "value": cells[1]}
            )
            continue
        levels[number] = level
    if errors:
        raise ImportRowsError(uploads.capped(errors))
    if not levels:
        raise ImportRowsError([_("Tidak ada baris berisi tingkat untuk diimpor.")])
    return levels, blank


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    blank: int = 0  # rows without a level, skipped

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def import_stage_results(user, period, stage, upload):
    """Import ``indicator,level`` rows for one stage from CSV or XLSX: all rows or none."""
    stage = StageResult.Stage(stage)
    with transaction.atomic():
        period = _lock(period)
        _require_results_writer(user, period, stage)
        indicators = {i.number: i for i in period.framework.indicators.select_related("aspect")}
        levels, blank = parse_stage_rows(_read_rows(upload), indicators)
        if not permissions.is_admin(user):
            outside = [n for n in sorted(levels) if not permissions.can_view_indicator_work(user, indicators[n])]
            if outside:
                raise ImportRowsError([_("Indikator %s di luar aspek yang Anda reviu.") % ", ".join(map(str, outside))])
        current = {r.indicator_id: r for r in StageResult.objects.filter(period=period, stage=stage)}
        report = ImportReport(blank=len(blank))
        note = _("Impor dari %s") % upload.name
        change_reason = audit.event(audit.RESULTS_IMPORTED, file=upload.name)
        for number, level in levels.items():
            indicator = indicators[number]
            result = current.get(indicator.pk)
            if result is None:
                result = StageResult(period=period, indicator=indicator, stage=stage)
                report.created += 1
            elif result.level == level:
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            result.level = level
            result.note = note
            result.recorded_by = user
            _save_with_reason(result, user, change_reason)
        if stage == Stage.FINAL:
            record_final_index(period, user)
    return report


# --- carry-over -----------------------------------------------------------------------------------


@dataclass
class CarryOverReport:
    created: list = field(default_factory=list)  # (indicator number, unit)
    skipped: list = field(default_factory=list)  # (indicator number, unit, reason)
    evidence_copied: int = 0
    # Across frameworks (nothing is copied): the crosswalk used, each new indicator with its
    # counterparts [(source number, relation, answers in the source period)], and the new work.
    across_frameworks: bool = False
    crosswalk: object = None
    linked: list = field(default_factory=list)  # (new Indicator, [(source number, relation, answers)])
    new_work: list = field(default_factory=list)  # new Indicators without counterpart


def _link_across_frameworks(user, new_period, from_period):
    """Carry-over between two frameworks: no answer and no level is copied (an SPBE level means
    nothing on a Pemdi indicator). The new period remembers its source, so each answer page shows
    the related answers of ``from_period`` through the crosswalk and the officer reuses what fits."""
    from indicators.crosswalk import map_between

    mapping = map_between(from_period.framework_id, new_period.framework_id)
    if mapping.crosswalk is None:
        raise ServiceError(
            _("Tidak ada padanan indikator dari %(source)s ke %(target)s: muat berkas padanannya dulu.")
            % {"source": from_period.framework.code, "target": new_period.framework.code}
        )
    answered = {}
    for number in Answer.objects.filter(period=from_period).values_list("indicator__number", flat=True):
        answered[number] = answered.get(number, 0) + 1
    report = CarryOverReport(across_frameworks=True, crosswalk=mapping.crosswalk)
    for indicator in new_period.framework.indicators.order_by("number"):
        sources = mapping.sources_of(indicator.number)
        if sources:
            report.linked.append(
                (indicator, [(number, relation, answered.get(number, 0)) for number, relation, _note in sources])
            )
        else:
            report.new_work.append(indicator)
    if new_period.carried_from_id != from_period.pk:
        new_period.carried_from = from_period
        _save_with_reason(new_period, user, audit.event(audit.LINKED_ACROSS, year=from_period.year))
    return report


def carry_over(user, new_period, from_period):
    """Start ``new_period`` from ``from_period``'s answers: drafts with the same evidence links.

    Within one framework indicators match by number. Between two frameworks nothing is copied
    (``_link_across_frameworks``): the report lists what the crosswalk links and the new work.
    A unit's answer is carried only when
    the unit is assigned to that indicator in the new period (when the new period has
    assignments at all). Existing answers are never touched, so running it twice is safe.
    """
    _require_manager(user)
    with transaction.atomic():
        new_period = _lock(new_period)
        if new_period.pk == from_period.pk:
            raise ServiceError(_("Periode asal dan tujuan sama."))
        if new_period.status not in (Status.DRAFT, Status.OPEN):
            raise StateError(_("Salinan jawaban hanya untuk periode berstatus draf atau dibuka."))
        if new_period.framework_id != from_period.framework_id:
            return _link_across_frameworks(user, new_period, from_period)
        targets = {i.number: i for i in new_period.framework.indicators.all()}
        assigned = {}
        for a in Assignment.objects.filter(period=new_period).select_related("indicator"):
            assigned[(a.indicator.number, a.unit_id)] = a.is_lead
        existing = set(Answer.objects.filter(period=new_period).values_list("indicator__number", "unit_id"))
        source = (
            Answer.objects.filter(period=from_period)
            .select_related("indicator", "unit")
            .prefetch_related("evidence")
            .order_by("indicator__number", "unit__name")
        )
        report = CarryOverReport()
        new_evidence = []
        copied = audit.event(audit.COPIED_FROM_PERIOD, year=from_period.year)
        for old in source:
            number, unit = old.indicator.number, old.unit
            if number not in targets:
                report.skipped.append((number, unit, _("indikator tidak ada di kerangka baru")))
                continue
            if assigned and (number, unit.pk) not in assigned:
                report.skipped.append((number, unit, _("SKPD tidak ditugaskan pada indikator ini")))
                continue
            if (number, unit.pk) in existing:
                report.skipped.append((number, unit, _("jawaban sudah ada")))
                continue
            answer = Answer(
                period=new_period,
                indicator=targets[number],
                unit=unit,
                is_lead=assigned.get((number, unit.pk), old.is_lead),
                proposed_level=old.proposed_level,
                explanation=old.explanation,
                status=Answer.Status.DRAFT,
                updated_by=user,
            )
            try:
                with transaction.atomic():
                    _save_with_reason(answer, user, copied)
            except IntegrityError:
                report.skipped.append((number, unit, _("jawaban sudah ada")))
                continue
            report.created.append((number, unit))
            for evidence in old.evidence.all():
                new_evidence.append(
                    Evidence(
                        answer=answer,
                        title=evidence.title,
                        file_id=evidence.file_id,
                        file_name=evidence.file_name,
                        url=evidence.url,
                        added_by=user,
                    )
                )
        for evidence in new_evidence:
            _save_with_reason(evidence, user, copied)
        report.evidence_copied = len(new_evidence)
    return report
