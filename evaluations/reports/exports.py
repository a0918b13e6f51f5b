"""Exports of a period: an Excel workbook, and the index series of every period as CSV for open data.

The workbook is written by openpyxl in *write-only* mode (rows go to disk as they are appended)
into an anonymous temporary file that the view streams with ``FileResponse``; the answers and
evidence are read with ``.iterator()``, so memory does not grow with the number of rows. Its four
sheets (named in the user's language), each with its panes frozen below (and right of) the table's
header and an autofilter over the table; dates are date cells and numbers are numeric cells with
display formats (index and weights ``0.00``, levels and counts ``0``), which Excel shows in the
reader's locale (2,69 in Indonesian):

- **Ringkasan**: the period, its framework and target, the export time (WITA); per series the
  index, predicate, how many indicators have a level, and every domain and aspect index (the same
  ``evaluations.series`` numbers as the pages); below them the period's schedule (its dates);
- **Indikator**: one row per indicator: aspect, domain, weight, lead unit, answer status, the
  levels of every series (usulan, terverifikasi, dokumen, interviu, visitasi, final), the lead
  answer's explanation and its evidence (title and file name or link). For a reviewer limited to
  some aspects, the explanation and evidence of other aspects are left out, as on the pages;
- **Progres SKPD**: per unit the dashboard's progress counts (``progress.progress_by_unit``);
- **Tren**: every year's official value (``series.trend_summaries``: year, framework, index,
  predicate, the national average of that year, source, illustrative flag, the rank among the
  recorded peers, one column per peer: ``series.published_results``).

User text is written as text cells, never as formulas (a title starting with "=" stays text).

The CSV (``index_series_csv``) has one row per period × series × level of the hierarchy. Its
columns are stable; a new framework adds rows, never columns:

==================  ==========================================================================
column              meaning
==================  ==========================================================================
tahun               the period's year
kerangka            the framework's code (``spbe-2020``, ``pemdi-2026``, …)
seri                proposed, verified, dokumen, interviu, visitasi, final
tingkat             ``indeks`` (the whole index), ``domain`` or ``aspek``
nomor               the domain's or aspect's number; empty on ``indeks`` rows
nama                the domain's or aspect's name; the index's name on ``indeks`` rows
nilai               the value, two decimals, decimal point (``2.69``); empty when not computable
predikat            the predicate of the index (``indeks`` rows only)
indikator_dinilai   indicators with a level in this series (``indeks`` rows; empty for summaries)
indikator_total     indicators in the framework (``indeks`` rows; empty for summaries)
sumber              ``tingkat_indikator`` (computed from levels) or ``ringkasan`` (published value)
data_ilustrasi      ``ya`` when the period holds illustrative (demo) data, else ``tidak``
==================  ==========================================================================

Only series with at least one level appear; a summary-only year appears as its ``final`` series.
UTF-8 without BOM, comma-separated, header on the first line.

An **Indonesian** variant (``planning:export_csv_id``, ``indeks-spbe-seri-id.csv``) has the same
columns, rows and header, separated by semicolons, with a decimal comma in ``nilai`` (``2,69``):
what Excel in an Indonesian locale opens as columns and numbers. ``planning:export_csv`` stays the
international file above.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from evaluations import reference_data
from evaluations.models import Answer, Evidence, Period, PublishedResult, Series
from evaluations.reports.progress import progress_by_unit
from evaluations.series import (
    all_series_levels,
    lead_units,
    levels_by_period,
    live_scores,
    national_average,
    peers_of,
    published_results,
    ranks_by_year,
    share_frameworks,
    structure_of,
    trend_summaries,
)
from indicators import scoring
from indicators.models import Indicator
from skpd import permissions

CHUNK = 500
EXCEL_TEXT_LIMIT = 32767
CSV_FILENAME = "indeks-spbe-seri.csv"
CSV_COLUMNS = (
    "tahun",
    "kerangka",
    "seri",
    "tingkat",
    "nomor",
    "nama",
    "nilai",
    "predikat",
    "indikator_dinilai",
    "indikator_total",
    "sumber",
    "data_ilustrasi",
)
SERIES_ORDER = tuple(Series)
PROVISIONAL_LABEL = gettext_lazy("sementara")
# Number formats are locale-neutral codes: Excel shows "0.00" as 2,69 in an Indonesian locale.
LEVEL_FORMAT = "0"
INDEX_FORMAT = "0.00"
WEIGHT_FORMAT = "0.00"
COUNT_FORMAT = "0"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# Excel refuses a sheet name with any of []:*?/\ and cuts it at 31 characters.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


def _specs(collection):
    return list(collection.values()) if isinstance(collection, dict) else list(collection)


def workbook_filename(period):
    return f"spbe-{period.year}-{period.framework.code}.xlsx"


def _index_format(value, structure):
    """An index, domain or aspect cell's number format: "0.00", or "0.000" (more if needed) where two
    decimals would show a band the value has not reached (scoring.index_places)."""
    return "0." + "0" * scoring.index_places(value, structure)


def _rounded(value, places="0.0001"):
    return None if value is None else Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


class _Sheet:
    """A write-only worksheet with helpers for typed cells.

    ``header_row`` is the row (1-based) of the sheet's table header: the panes are frozen below it
    (and right of ``frozen_columns``) before any row is written, as write-only mode requires; the
    autofilter, written after the rows, spans from it to the last row of the table (``end_table``)."""

    def __init__(self, workbook, title, *, header_row=1, frozen_columns=1):
        self.ws = workbook.create_sheet(title)
        self.rows = 0
        self.header_row = header_row
        self.ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
        self._table_end = None
        self._columns = 0

    def cell(self, value, *, number_format=None, bold=False, wrap=False):
        cell = WriteOnlyCell(self.ws, value=None)
        if isinstance(value, str):
            # Set as text explicitly: openpyxl would turn "=…" into a formula.
            cell.value = value[:EXCEL_TEXT_LIMIT]
            cell.data_type = "s"
        else:
            cell.value = value
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD
        if wrap:
            cell.alignment = WRAP
        return cell

    def row(self, values, **style):
        self.ws.append([v if isinstance(v, Cell) else self.cell(v, **style) for v in values])
        self.rows += 1
        if self.rows == self.header_row:
            self._columns = len(values)

    def end_table(self):
        """Mark the last row written as the table's last row (rows after it stay out of the filter)."""
        self._table_end = self.rows

    def finish(self):
        """Set the autofilter over the table (header to its last row), once its rows are written."""
        last = self._table_end if self._table_end is not None else self.rows
        if self._columns:
            self.ws.auto_filter.ref = (
                f"A{self.header_row}:{get_column_letter(self._columns)}{max(last, self.header_row)}"
            )

    def widths(self, *widths):
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width


def _sheet_title(text):
    """A translated sheet name made safe for Excel (a translation must not break the file)."""
    title = SHEET_TITLE_FORBIDDEN.sub(" ", str(text))
    return " ".join(title.split())[:SHEET_TITLE_MAX].strip(" '") or "Sheet"


def period_workbook(period, user, *, site_url=""):
    """The period's workbook in an anonymous temporary file, positioned at its start.

    ``site_url`` (e.g. ``https://spbe.kalselprov.go.id``) makes stored evidence files clickable
    links to their download page; without it the file name alone is given."""
    structure = structure_of(period)
    workbook = Workbook(write_only=True)
    all_levels = all_series_levels(period)
    _summary_sheet(workbook, period, structure, all_levels)
    sheet = _Sheet(workbook, _sheet_title(pgettext("sheet", "Indikator")), frozen_columns=2)
    _indicator_sheet(sheet, period, all_levels, user, site_url)
    _progress_sheet(_Sheet(workbook, _sheet_title(pgettext("sheet", "Progres SKPD")), header_row=2), period)
    _trend_sheet(_Sheet(workbook, _sheet_title(pgettext("sheet", "Tren"))), period)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it, which deletes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


PERIOD_DATES = (
    "self_assessment_start",
    "self_assessment_due",
    "verification_due",
    "document_review_date",
    "interview_date",
    "visit_date",
    "final_date",
)


def _date_cell(sheet, value):
    """A real date cell (Excel shows it in the reader's locale), or "belum ditetapkan" when unset."""
    return sheet.cell(value, number_format=DATE_FORMAT) if value else _("belum ditetapkan")


def _summary_sheet(workbook, period, structure, all_levels):
    framework = period.framework
    exported = timezone.localtime()
    info = [  # label, value, its number format
        (_("Periode"), period.year, None),
        (_("Kerangka"), f"{framework.name} ({framework.code})", None),
        (_("Status kerangka"), framework.get_status_display(), None),
        (_("Jenis"), period.get_kind_display(), None),
        (_("Status periode"), period.get_status_display(), None),
        (_("Target indeks"), period.target_index, INDEX_FORMAT),
        (_("Data ilustrasi"), _("Ya") if period.is_illustrative else _("Tidak"), None),
        # Excel has no time zones: the local (WITA) time, the zone's name in the next cell.
        (_("Diekspor"), exported.replace(tzinfo=None), DATETIME_FORMAT),
    ]
    # the title, the information rows, a blank row, then the series table's header
    sheet = _Sheet(workbook, _sheet_title(pgettext("sheet", "Ringkasan")), header_row=len(info) + 3)
    sheet.widths(28, 16, 16, 12, 12, *([12] * 20))
    sheet.row([_("Ekspor data evaluasi SPBE")], bold=True)
    for label, value, number_format in info:
        zone = [exported.tzname()] if number_format == DATETIME_FORMAT else []
        sheet.row([label, sheet.cell(value, number_format=number_format), *zone])
    sheet.row([])
    _summary_table(sheet, period, structure, all_levels)
    # The schedule below the table, so that the frozen rows above it stay few.
    sheet.row([])
    sheet.row([_("Jadwal periode")], bold=True)
    for name in PERIOD_DATES:
        sheet.row([str(capfirst(Period._meta.get_field(name).verbose_name)), _date_cell(sheet, getattr(period, name))])
    sheet.finish()


def _summary_table(sheet, period, structure, all_levels):
    domains = sorted(_specs(structure.domains), key=lambda d: d.number)
    aspects = sorted(_specs(structure.aspects), key=lambda a: a.number)
    total = len(_specs(structure.indicators))
    header = [_("Seri"), _("Indeks"), _("Predikat"), _("Indikator dinilai"), _("Indikator total")]
    header += [_("Domain %(n)s") % {"n": d.number} for d in domains]
    header += [_("Aspek %(n)s") % {"n": a.number} for a in aspects]
    sheet.row(header, bold=True)
    if period.is_summary_only:
        index = period.summary_index
        predicate = scoring.predicate_for(structure, index) if index is not None else None
        values = {v.domain_number: v.index for v in period.summary_domains.all()}
        sheet.row(
            [
                _("Hasil akhir (nilai ringkasan)"),
                sheet.cell(_rounded(index), number_format=_index_format(index, structure)),
                predicate.name if predicate else "",
                None,
                None,
                *[
                    sheet.cell(
                        _rounded(values.get(d.number)), number_format=_index_format(values.get(d.number), structure)
                    )
                    for d in domains
                ],
            ]
        )
        sheet.end_table()
        return
    scores = live_scores(period, all_levels=all_levels)

    def series_row(label, series, result):
        sheet.row(
            [
                label,
                sheet.cell(_rounded(result.index), number_format=_index_format(result.index, structure)),
                result.predicate.name if result.predicate else "",
                sheet.cell(len(all_levels.get(series, {})), number_format=COUNT_FORMAT),
                sheet.cell(total, number_format=COUNT_FORMAT),
                *[
                    sheet.cell(
                        _rounded(result.domains.get(d.number)),
                        number_format=_index_format(result.domains.get(d.number), structure),
                    )
                    for d in domains
                ],
                *[
                    sheet.cell(
                        _rounded(result.aspects.get(a.number)),
                        number_format=_index_format(result.aspects.get(a.number), structure),
                    )
                    for a in aspects
                ],
            ]
        )

    for series in SERIES_ORDER:
        series_row(str(series.label), series, scores[series].result)
    sheet.end_table()
    provisional = [series for series in SERIES_ORDER if scores[series].is_provisional]
    if provisional:
        # What the pages show of an incomplete series: its floor, so the workbook and the dashboard agree.
        sheet.row([])
        sheet.row([_("Nilai sementara seri yang belum lengkap (batas bawah, seperti di dasbor)")], bold=True)
        for series in provisional:
            series_row(f"{series.label} ({PROVISIONAL_LABEL})", series, scores[series].floor)
    sheet.row([])
    sheet.row([_("Nilai dihitung dari tingkat yang ada; indikator yang belum dinilai tidak dihitung sebagai 0.")])


INDICATOR_HEADER = (
    gettext_lazy("Nomor"),
    gettext_lazy("Indikator"),
    gettext_lazy("Aspek"),
    gettext_lazy("Domain"),
    gettext_lazy("Bobot (%)"),
    gettext_lazy("Penanggung jawab"),
    gettext_lazy("Status jawaban"),
    gettext_lazy("Usulan"),
    gettext_lazy("Terverifikasi"),
    gettext_lazy("Dokumen"),
    gettext_lazy("Interviu"),
    gettext_lazy("Visitasi"),
    gettext_lazy("Final"),
    gettext_lazy("Penjelasan"),
    gettext_lazy("Bukti dukung"),
)


def _evidence_text(pk, title, original_name, url, site_url):
    if url:
        return f"{title} ({url})"
    if site_url:
        return f"{title} ({original_name}: {site_url}{reverse('evaluations:evidence_download', args=[pk])})"
    return f"{title} ({original_name})"


def _indicator_sheet(sheet, period, all_levels, user, site_url):
    sheet.widths(6, 40, 28, 28, 10, 28, 16, 9, 12, 10, 10, 10, 9, 80, 60)
    sheet.row([str(label) for label in INDICATOR_HEADER], bold=True)
    leads = lead_units(period)
    scope = permissions.reviewer_aspect_ids(user)
    indicators = (
        Indicator.objects.with_hierarchy().filter(framework_id=period.framework_id).order_by("number").iterator(CHUNK)
    )
    answers = (
        Answer.objects.filter(period=period, is_lead=True)
        .order_by("indicator__number", "pk")
        .values_list("indicator__number", "status", "explanation", "unit__name", "unit__short_name")
        .iterator(CHUNK)
    )
    evidence = (
        Evidence.objects.filter(answer__period=period, answer__is_lead=True)
        .order_by("answer__indicator__number", "added_at", "pk")
        # Each attachment's own file name (older rows: the stored file's).
        .annotate(shown_name=Coalesce(NullIf("file_name", Value("")), "file__original_name"))
        .values_list("answer__indicator__number", "pk", "title", "shown_name", "url")
        .iterator(CHUNK)
    )
    answer_groups = groupby(answers, key=lambda row: row[0])
    evidence_groups = groupby(evidence, key=lambda row: row[0])
    next_answer = next(answer_groups, None)
    next_evidence = next(evidence_groups, None)
    status_labels = dict(Answer.Status.choices)
    hidden = _("(di luar aspek yang Anda reviu)")
    for indicator in indicators:
        number = indicator.number
        # Merge-join the three streams on the indicator number (all sorted by it).
        while next_answer is not None and next_answer[0] < number:
            next_answer = next(answer_groups, None)
        answer = None
        if next_answer is not None and next_answer[0] == number:
            answer = next(next_answer[1])
            next_answer = next(answer_groups, None)
        while next_evidence is not None and next_evidence[0] < number:
            next_evidence = next(evidence_groups, None)
        items = []
        if next_evidence is not None and next_evidence[0] == number:
            items = [_evidence_text(pk, title, name, url, site_url) for _n, pk, title, name, url in next_evidence[1]]
            next_evidence = next(evidence_groups, None)
        in_scope = scope is None or indicator.aspect_id in scope
        lead = leads.get(number)
        lead_name = lead.name if lead else ((answer[4] or answer[3]) if answer else "")
        aspect = indicator.aspect
        domain = aspect.domain
        sheet.row(
            [
                number,
                sheet.cell(indicator.display_name, wrap=True),
                f"{aspect.number}. {aspect.display_name}",
                f"{domain.number}. {domain.display_name}" if domain else "",
                sheet.cell(indicator.weight, number_format=WEIGHT_FORMAT),
                lead_name,
                str(status_labels.get(answer[1], answer[1])) if answer else _("Belum ada jawaban"),
                *[
                    sheet.cell(all_levels.get(series, {}).get(number), number_format=LEVEL_FORMAT)
                    for series in SERIES_ORDER
                ],
                sheet.cell((answer[2] if answer else "") if in_scope else hidden, wrap=True),
                sheet.cell("\n".join(items) if in_scope else hidden, wrap=True),
            ]
        )
    sheet.finish()


PROGRESS_HEADER = (
    gettext_lazy("SKPD"),
    gettext_lazy("Ditugaskan"),
    gettext_lazy("Sebagai penanggung jawab"),
    gettext_lazy("Belum mulai"),
    gettext_lazy("Draf"),
    gettext_lazy("Diajukan"),
    gettext_lazy("Dikembalikan"),
    gettext_lazy("Terverifikasi"),
    gettext_lazy("Terlambat"),
)
PROGRESS_FIELDS = ("assigned", "leads", "not_started", "draft", "submitted", "returned", "verified", "overdue")


def _progress_sheet(sheet, period):
    sheet.widths(40, 12, 14, 12, 10, 10, 14, 14, 12)
    due = period.self_assessment_due
    sheet.row([_("Batas penilaian mandiri"), _date_cell(sheet, due)])
    sheet.row([str(label) for label in PROGRESS_HEADER], bold=True)
    totals = dict.fromkeys(PROGRESS_FIELDS, 0)
    for row in progress_by_unit(period):
        values = [getattr(row, name) for name in PROGRESS_FIELDS]
        for name, value in zip(PROGRESS_FIELDS, values, strict=True):
            totals[name] += value
        sheet.row([row.unit, *[sheet.cell(value, number_format=COUNT_FORMAT) for value in values]])
    sheet.end_table()  # the total row stays out of the filter (sorting must not move it)
    sheet.row([_("Jumlah"), *[totals[name] for name in PROGRESS_FIELDS]], bold=True, number_format=COUNT_FORMAT)
    sheet.finish()


TREND_HEADER = (
    gettext_lazy("Tahun"),
    gettext_lazy("Kerangka"),
    gettext_lazy("Indeks"),
    gettext_lazy("Predikat"),
    gettext_lazy("Rata-rata nasional"),
    gettext_lazy("Sumber"),
    gettext_lazy("Data ilustrasi"),
    gettext_lazy("Peringkat di antara pembanding"),
)


def _trend_sheet(sheet, period):
    """Every year's official value (``series.trend_summaries``: final levels, or a summary-only year's
    published index) beside the national average of that year, the province's rank among the
    recorded peers (``series.ranks_by_year``) and one column per peer (``series.published_results``)."""
    results = published_results()
    governments = [p for p in peers_of(results) if p.kind not in PublishedResult.AVERAGE_KINDS]
    sheet.widths(8, 28, 10, 16, 18, 22, 14, 16, *[24] * len(governments))
    sheet.row([str(label) for label in TREND_HEADER] + [peer.body for peer in governments], bold=True)
    periods = list(Period.objects.with_framework().order_by("year"))
    for other in periods:
        if other.framework_id == period.framework_id:
            other.framework = period.framework  # its structure is already read
    national = {point.year: point.index for point in national_average(results)}
    sources = {"final": _("Hasil akhir"), "summary": _("Nilai ringkasan")}
    summaries = trend_summaries(periods)
    ranks = {row.year: row.rank for row in ranks_by_year({s.year: s.index for s in summaries}, results)}
    for summary in summaries:
        other = summary.period
        structure = structure_of(other)
        rank = ranks.get(other.year)
        peer_cells = [
            sheet.cell(peer.value_in(other.year), number_format=_index_format(peer.value_in(other.year), structure))
            for peer in governments
        ]
        sheet.row(
            [
                other.year,
                f"{other.framework.name} ({other.framework.code})",
                sheet.cell(_rounded(summary.index), number_format=_index_format(summary.index, structure_of(other))),
                summary.predicate.name if summary.predicate else "",
                sheet.cell(national.get(other.year), number_format=INDEX_FORMAT),
                str(sources.get(summary.source, summary.source)),
                _("Ya") if other.is_illustrative else _("Tidak"),
                _("%(position)s dari %(total)s") % {"position": rank.position, "total": rank.total} if rank else "",
                *peer_cells,
            ]
        )
    sheet.end_table()
    sheet.row([])
    sheet.row([str(reference_data.SOURCE)])
    sheet.row([_("Pembanding: hasil terpublikasi yang dicatat administrator, dengan sumbernya (Administrasi).")])
    sheet.finish()


# --- the index series as CSV -------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def _csv_text(value):
    """Text that a spreadsheet would not run as a formula when it opens the CSV."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _csv_number(value, structure):
    """Two decimals, or more where two would claim a band the value has not reached (scoring.display_index)."""
    return scoring.display_index(value, structure)


# The CSV's two dialects: international (``,`` between fields, ``2.69``) for open-data portals and
# scripts; Indonesian (``;`` between fields, ``2,69``), which Excel in an Indonesian locale opens
# as columns and numbers.
CSV_DIALECTS = {
    "international": {"delimiter": ",", "decimal": "."},
    "indonesian": {"delimiter": ";", "decimal": ","},
}
CSV_FILENAMES = {"international": CSV_FILENAME, "indonesian": "indeks-spbe-seri-id.csv"}


def index_series_rows():
    """The CSV's rows (dicts keyed by ``CSV_COLUMNS``), oldest period first.

    Queries: periods, summary domain values, lead answers, stage results, plus one structure read
    per framework, whatever the number of periods, indicators or answers.
    """
    periods = share_frameworks(
        list(Period.objects.with_framework().prefetch_related("summary_domains").order_by("year"))
    )
    levels = levels_by_period([p.pk for p in periods if not p.is_summary_only], chunk=CHUNK)
    for period in periods:
        structure = structure_of(period)
        common = {
            "tahun": period.year,
            "kerangka": period.framework.code,
            "data_ilustrasi": "ya" if period.is_illustrative else "tidak",
        }
        domains = sorted(_specs(structure.domains), key=lambda d: d.number)
        aspects = sorted(_specs(structure.aspects), key=lambda a: a.number)
        index_name = period.framework.index_name
        if period.is_summary_only:
            if period.summary_index is None:
                continue
            predicate = scoring.predicate_for(structure, period.summary_index)
            base = {**common, "seri": Series.FINAL.value, "sumber": "ringkasan"}
            yield {
                **base,
                "tingkat": "indeks",
                "nama": index_name,
                "nilai": _csv_number(period.summary_index, structure),
                "predikat": predicate.name if predicate else "",
            }
            names = {d.number: d.display_name for d in domains}
            for value in sorted(period.summary_domains.all(), key=lambda v: v.domain_number):
                yield {
                    **base,
                    "tingkat": "domain",
                    "nomor": value.domain_number,
                    "nama": names.get(value.domain_number, ""),
                    "nilai": _csv_number(value.index, structure),
                }
            continue
        total = len(_specs(structure.indicators))
        for series in SERIES_ORDER:
            series_levels = levels[period.pk][series]
            if not series_levels:
                continue
            result = scoring.compute(structure, series_levels)
            base = {**common, "seri": series.value, "sumber": "tingkat_indikator"}
            yield {
                **base,
                "tingkat": "indeks",
                "nama": index_name,
                "nilai": _csv_number(result.index, structure),
                "predikat": result.predicate.name if result.predicate else "",
                "indikator_dinilai": len(series_levels),
                "indikator_total": total,
            }
            for domain in domains:
                yield {
                    **base,
                    "tingkat": "domain",
                    "nomor": domain.number,
                    "nama": domain.display_name,
                    "nilai": _csv_number(result.domains.get(domain.number), structure),
                }
            for aspect in aspects:
                yield {
                    **base,
                    "tingkat": "aspek",
                    "nomor": aspect.number,
                    "nama": aspect.display_name,
                    "nilai": _csv_number(result.aspects.get(aspect.number), structure),
                }


def index_series_csv(dialect="international"):
    """The CSV, line by line (a generator for ``StreamingHttpResponse``), in one of ``CSV_DIALECTS``."""
    options = CSV_DIALECTS[dialect]
    writer = csv.DictWriter(
        _Echo(), fieldnames=CSV_COLUMNS, delimiter=options["delimiter"], lineterminator="\n", restval=""
    )
    yield writer.writeheader()
    for row in index_series_rows():
        if row.get("nilai"):
            row["nilai"] = row["nilai"].replace(".", options["decimal"])
        yield writer.writerow({key: _csv_text(value) for key, value in row.items()})


def index_series_text(dialect="international"):
    """The whole CSV as one string (tests, commands)."""
    buffer = io.StringIO()
    for line in index_series_csv(dialect):
        buffer.write(line)
    return buffer.getvalue()
