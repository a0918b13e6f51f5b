"""Exports: the period workbook (opened with openpyxl, its numbers checked against the scores and
the dashboard's unit progress) and the index-series CSV; permissions and query counts."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations import series as scores
from evaluations.models import Answer, Evidence, Period, PublishedResult, Series, SummaryDomainValue
from evaluations.reports import exports, progress
from indicators import scoring, structure_cache
from skpd.roles import Role
from tests.evaluations.peers_world import make_national_average, make_published
from tests.evaluations.planning_world import planning_world
from tests.factories import make_period, make_user

pytestmark = pytest.mark.django_db


def _workbook(client, period):
    response = client.get(reverse("planning:export_xlsx", args=[period.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="spbe-{period.year}-' in response["Content-Disposition"]
    assert response.streaming  # FileResponse from the temporary file, not a bytes blob
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _two(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def test_workbook_sheets_and_summary_match_the_scores(client):
    world = planning_world(indicators=10, units=3, evidence_per_answer=2)
    client.force_login(world.users["executive"])
    book = _workbook(client, world.period)
    assert book.sheetnames == ["Ringkasan", "Indikator", "Progres SKPD", "Tren"]
    rows = _rows(book["Ringkasan"])
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Seri")
    header = rows[header_at]
    assert header[:5] == ["Seri", "Indeks", "Predikat", "Indikator dinilai", "Indikator total"]
    assert header[5:7] == ["Domain 1", "Domain 2"] and header[7:10] == ["Aspek 1", "Aspek 2", "Aspek 3"]
    by_label = {row[0]: row for row in rows[header_at + 1 : header_at + 7]}
    results = scores.scores_by_series(world.period)
    for series in Series:
        row = by_label[str(series.label)]
        result = results[series]
        assert _two(row[1]) == scoring.rounded(result.index), series
        assert row[2] == (result.predicate.name if result.predicate else None)
        assert row[3] == len(scores.series_levels(world.period, series)) and row[4] == 10
        assert _two(row[5]) == scoring.rounded(result.domains[1])
        assert [_two(v) for v in row[7:10]] == [scoring.rounded(result.aspects[n]) for n in (1, 2, 3)]
    # the final series is complete but for the unanswered indicator 10: its index is missing
    assert by_label[str(Series.FINAL.label)][1] is None
    assert by_label[str(Series.FINAL.label)][3] == 9


def test_indicator_sheet_has_every_level_explanation_and_evidence(client):
    world = planning_world(indicators=10, units=3, evidence_per_answer=2)
    client.force_login(world.users["admin"])
    rows = _rows(_workbook(client, world.period)["Indikator"])
    header, body = rows[0], rows[1:]
    assert header == [str(h) for h in exports.INDICATOR_HEADER] and header[0] == "Nomor"
    assert [row[0] for row in body] == list(range(1, 11))
    levels = scores.all_series_levels(world.period)
    for row in body:
        number = row[0]
        assert row[5] == world.leads[number].display_name
        assert row[7:13] == [levels[s].get(number) for s in Series]
    first = body[0]
    assert first[7] == world.proposed[1] and first[12] == world.final[1]
    assert first[13] == "Penjelasan indikator 1"
    document = Evidence.objects.get(answer__indicator__number=1, title="Dokumen 1.0")
    download = "http://testserver" + reverse("evaluations:evidence_download", args=[document.pk])
    assert first[14] == f"Dokumen 1.0 (Pergub-SPBE.pdf: {download})\nTautan 1.1 (https://contoh.go.id/1/1)"
    last = body[-1]
    assert last[6] == "Belum ada jawaban" and last[7:13] == [None] * 6 and last[14] is None


def test_user_text_stays_text_and_scoped_reviewers_do_not_get_other_aspects_answers(client):
    world = planning_world(indicators=5, units=2)
    Answer.objects.filter(period=world.period, indicator__number=1).update(explanation='=HYPERLINK("x")')
    Evidence.objects.filter(answer__indicator__number=2).update(title="@SUM(A1)")
    aspect_1 = world.framework.aspects.get(number=1)
    reviewer = make_user("rev-a1", password=None, role=Role.REVIEWER, aspects=[aspect_1])
    client.force_login(reviewer)
    rows = _rows(_workbook(client, world.period)["Indikator"])[1:]
    assert rows[0][13] == '=HYPERLINK("x")'  # indicator 1, aspect 1: a string, not a formula
    # indicator 2 is in aspect 2: levels shown, explanation and evidence withheld
    assert rows[1][7] == world.proposed[2]
    assert rows[1][13] == rows[1][14] == "(di luar aspek yang Anda reviu)"


def test_progress_sheet_matches_the_dashboard(client):
    world = planning_world(indicators=10, units=3)
    client.force_login(world.users["reviewer"])
    rows = _rows(_workbook(client, world.period)["Progres SKPD"])
    header_at = next(i for i, row in enumerate(rows) if row[0] == "SKPD")
    body, total = rows[header_at + 1 : -1], rows[-1]
    expected = progress.progress_by_unit(world.period)
    assert expected
    assert [row[0] for row in body] == [p.unit for p in expected]
    for row, unit_row in zip(body, expected, strict=True):
        assert row[1:] == [getattr(unit_row, f) for f in exports.PROGRESS_FIELDS]
    assert total[0] == "Jumlah"
    assert total[1] == 10 and total[1:] == [sum(getattr(p, f) for p in expected) for f in exports.PROGRESS_FIELDS]


def test_exports_are_refused_to_officers(client):
    world = planning_world(indicators=5, units=2)
    client.force_login(world.users["officer"])
    assert client.get(reverse("planning:export_xlsx", args=[world.period.pk])).status_code == 403
    assert client.get(reverse("planning:export_csv")).status_code == 403


def test_summary_only_period_exports_its_published_values(client):
    world = planning_world(indicators=5, units=2)
    old = make_period(world.framework, year=2021, status="final", is_summary_only=True, summary_index=Decimal("2.690"))
    SummaryDomainValue.objects.create(period=old, domain_number=1, index=Decimal("2.5"))
    client.force_login(world.users["admin"])
    rows = _rows(_workbook(client, old)["Ringkasan"])
    row = next(r for r in rows if r[0] == "Hasil akhir (nilai ringkasan)")
    assert _two(row[1]) == Decimal("2.69") and row[2] == "Baik" and _two(row[5]) == Decimal("2.50")


# --- CSV ---------------------------------------------------------------------------------------------


def _csv(client):
    response = client.get(reverse("planning:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text))), text.splitlines()[0]


def test_csv_has_the_documented_columns_and_the_scores(client):
    world = planning_world(indicators=10, units=3)
    old = make_period(world.framework, year=2021, status="final", is_summary_only=True, summary_index=Decimal("2.690"))
    SummaryDomainValue.objects.create(period=old, domain_number=2, index=Decimal("2.705"))
    Period.objects.filter(pk=world.period.pk).update(is_illustrative=True)
    client.force_login(world.users["executive"])
    rows, header = _csv(client)
    assert header == ",".join(exports.CSV_COLUMNS)
    assert rows[0] == {
        "tahun": "2021",
        "kerangka": world.framework.code,
        "seri": "final",
        "tingkat": "indeks",
        "nomor": "",
        "nama": "Indeks SPBE",
        "nilai": "2.69",
        "predikat": "Baik",
        "indikator_dinilai": "",
        "indikator_total": "",
        "sumber": "ringkasan",
        "data_ilustrasi": "tidak",
    }
    assert rows[1]["tingkat"] == "domain" and rows[1]["nomor"] == "2" and rows[1]["nilai"] == "2.71"
    results = scores.scores_by_series(world.period)
    current = [r for r in rows if r["tahun"] == "2026"]
    # only the series with levels (no external stage was recorded); 1 index + 2 domain + 3 aspect rows each
    assert [r["seri"] for r in current if r["tingkat"] == "indeks"] == ["proposed", "verified", "final"]
    assert len(current) == 3 * 6
    for row in current:
        result = results[Series(row["seri"])]
        value = {
            "indeks": result.index,
            "domain": result.domains.get(int(row["nomor"] or 0)),
            "aspek": result.aspects.get(int(row["nomor"] or 0)),
        }[row["tingkat"]]
        assert row["nilai"] == scoring.display(value), row
        assert row["data_ilustrasi"] == "ya" and row["sumber"] == "tingkat_indikator"
    proposed = next(r for r in current if r["seri"] == "proposed" and r["tingkat"] == "indeks")
    assert (proposed["indikator_dinilai"], proposed["indikator_total"]) == ("9", "10")


# --- query counts --------------------------------------------------------------------------------


def _count(client, url):
    structure_cache.clear()  # cold, as every pinned count (tests/conftest.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(queries)


def test_workbook_query_count_does_not_grow_with_data(client):
    counts = []
    for world in (
        planning_world(indicators=5, units=2, evidence_per_answer=1, year=2025),
        planning_world(indicators=40, units=9, evidence_per_answer=4, year=2026),
    ):
        client.force_login(world.users["reviewer"])
        counts.append(_count(client, reverse("planning:export_xlsx", args=[world.period.pk])))
    assert counts[0] == counts[1], counts
    # 17 before the trend sheet; the sheet adds its own: the periods, their final levels, and the
    # other world's framework structure (4, once per framework, whatever the number of periods),
    # and the published results (peers and the national average: one).
    assert counts[0] <= 24, counts


def test_csv_query_count_does_not_grow_with_periods_or_levels(client):
    small = planning_world(indicators=5, units=2, year=2024)
    client.force_login(small.users["executive"])
    first = _count(client, reverse("planning:export_csv"))
    planning_world(indicators=5, units=4, year=2025, framework=small.framework, users=False, evidence_per_answer=3)
    planning_world(indicators=5, units=4, year=2026, framework=small.framework, users=False)
    make_period(small.framework, year=2021, status="final", is_summary_only=True, summary_index=Decimal("2.1"))
    second = _count(client, reverse("planning:export_csv"))
    assert first == second, (first, second)


def test_evidence_links_use_the_portals_public_address_when_set(client, settings):
    settings.PORTAL_URL = "https://spbe.kalselprov.go.id"
    world = planning_world(indicators=10, units=1, evidence_per_answer=1)
    client.force_login(world.users["admin"])
    first = _rows(_workbook(client, world.period)["Indikator"])[1]
    document = Evidence.objects.get(answer__indicator__number=1, title="Dokumen 1.0")
    link = "https://spbe.kalselprov.go.id" + reverse("evaluations:evidence_download", args=[document.pk])
    assert f"(Pergub-SPBE.pdf: {link})" in first[14]


def test_a_value_just_below_a_band_keeps_its_number_and_shows_three_decimals(client, spbe_2020):
    from tests.evaluations.test_dashboard import EDGE_LEVELS
    from tests.factories import make_stage_result

    period = make_period(spbe_2020, year=2025, status="final")
    indicators = {i.number: i for i in spbe_2020.indicators.all()}
    for number, level in EDGE_LEVELS.items():
        make_stage_result(period, indicators[number], level)
    client.force_login(make_user("admin-edge", password=None, role=Role.ADMIN))

    sheet = _workbook(client, period)["Ringkasan"]
    row = next(r for r in sheet.iter_rows() if r[0].value == str(Series.FINAL.label))
    assert Decimal(str(row[1].value)) == Decimal("3.495") and row[1].number_format == "0.000"
    assert row[2].value == "Baik"
    assert row[5].number_format == "0.00"  # domain 1 at 3.00: two decimals as before

    text = b"".join(client.get(reverse("planning:export_csv")).streaming_content).decode("utf-8-sig")
    index_rows = [r for r in csv.DictReader(io.StringIO(text)) if r["tingkat"] == "indeks" and r["seri"] == "final"]
    assert [r["nilai"] for r in index_rows] == ["3.495"]


# --- workbook layout: frozen panes, filters, dates, number formats, trend ----------------------------


def test_every_table_sheet_has_frozen_panes_and_an_autofilter(client):
    world = planning_world(indicators=10, units=3)
    client.force_login(world.users["admin"])
    book = _workbook(client, world.period)
    summary_rows = _rows(book["Ringkasan"])
    header = next(i for i, row in enumerate(summary_rows) if row[0] == "Seri") + 1  # 1-based
    progress_rows = len(_rows(book["Progres SKPD"]))
    trend_rows = 1 + len(scores.trend_summaries(list(Period.objects.with_framework())))
    expected = {
        # the series table: header and one row per series (the provisional rows below stay out)
        "Ringkasan": (f"B{header + 1}", f"A{header}:J{header + len(Series)}"),
        "Indikator": ("C2", f"A1:O{1 + 10}"),
        # header on row 2, the total row (the last) left out of the filter
        "Progres SKPD": ("B3", f"A2:I{progress_rows - 1}"),
        "Tren": ("B2", f"A1:H{trend_rows}"),  # no peers recorded here: no peer columns
    }
    for name, (panes, ref) in expected.items():
        sheet = book[name]
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == (panes, ref), name
    assert set(book.sheetnames) == set(expected)


def test_dates_are_date_cells_and_numbers_have_display_formats(client):
    world = planning_world(indicators=10, units=3)
    Period.objects.filter(pk=world.period.pk).update(
        self_assessment_due=date(2026, 3, 31), final_date=date(2026, 11, 30), visit_date=None
    )
    client.force_login(world.users["admin"])
    book = _workbook(client, world.period)
    info = {row[0].value: row[1] for row in book["Ringkasan"].iter_rows() if row[0].value}
    exported = info["Diekspor"]
    assert isinstance(exported.value, datetime) and exported.number_format == "dd/mm/yyyy hh:mm"
    now = timezone.localtime().replace(tzinfo=None)
    assert abs((now - exported.value).total_seconds()) < 120
    due = book["Progres SKPD"]["B1"]
    assert isinstance(due.value, datetime) and due.value.date() == date(2026, 3, 31)
    assert isinstance(info["Batas penilaian mandiri"].value, datetime)
    assert info["Batas penilaian mandiri"].value.date() == date(2026, 3, 31)
    assert info["Batas penilaian mandiri"].number_format == "dd/mm/yyyy"
    assert info["Penetapan hasil akhir"].value.date() == date(2026, 11, 30)
    assert info["Visitasi"].value == "belum ditetapkan"
    assert info["Target indeks"].number_format == "0.00"
    first = next(book["Indikator"].iter_rows(min_row=2, max_row=2))
    assert isinstance(first[4].value, (int, float)) and first[4].number_format == "0.00"  # weight
    assert first[7].value == world.proposed[1] and first[7].number_format == "0"  # level


def test_trend_sheet_rows_equal_the_trend_summaries(client):
    world = planning_world(indicators=10, units=3)
    old = make_period(world.framework, year=2021, status="final", is_summary_only=True, summary_index=Decimal("2.690"))
    SummaryDomainValue.objects.create(period=old, domain_number=1, index=Decimal("2.5"))
    Period.objects.filter(pk=world.period.pk).update(is_illustrative=True)
    make_national_average()
    make_published("Pemerintah Provinsi Kalimantan Tengah", 2021, "1.00")
    make_published("Pemerintah Provinsi Kalimantan Timur", 2021, "2.91")
    client.force_login(world.users["executive"])
    rows = _rows(_workbook(client, world.period)["Tren"])
    assert rows[0] == [
        "Tahun",
        "Kerangka",
        "Indeks",
        "Predikat",
        "Rata-rata nasional",
        "Sumber",
        "Data ilustrasi",
        "Peringkat di antara pembanding",
        "Pemerintah Provinsi Kalimantan Tengah",
        "Pemerintah Provinsi Kalimantan Timur",
    ]
    summaries = scores.trend_summaries(list(Period.objects.with_framework()))
    assert [s.year for s in summaries] == [2021, 2026]
    national = {r.year: r.index for r in PublishedResult.objects.filter(kind="nasional")}
    sources = {"final": "Hasil akhir", "summary": "Nilai ringkasan"}
    for row, summary in zip(rows[1:3], summaries, strict=True):
        period = summary.period
        assert row == [
            period.year,
            f"{period.framework.name} ({period.framework.code})",
            row[2],
            summary.predicate.name if summary.predicate else None,
            row[4],
            sources[summary.source],
            "Ya" if period.is_illustrative else "Tidak",
            row[7],
            row[8],
            row[9],
        ]
        assert _two(row[2]) == (scoring.rounded(summary.index) if summary.index is not None else None)
        assert _two(row[4]) == national.get(period.year)
    assert rows[1][2] == pytest.approx(2.69) and rows[1][4] == pytest.approx(2.24) and rows[1][6] == "Tidak"
    assert rows[2][5] == "Hasil akhir" and rows[2][6] == "Ya"
    # 2021: 2.69 between Kaltim's 2.91 and Kalteng's 1.00; no peer recorded for 2026
    assert rows[1][7:] == ["2 dari 3", pytest.approx(1.0), pytest.approx(2.91)]
    assert rows[2][7:] == [None, None, None]


def test_indonesian_csv_has_semicolons_and_decimal_commas_with_the_same_numbers(client):
    world = planning_world(indicators=10, units=3)
    old = make_period(world.framework, year=2021, status="final", is_summary_only=True, summary_index=Decimal("2.690"))
    SummaryDomainValue.objects.create(period=old, domain_number=2, index=Decimal("2.705"))
    client.force_login(world.users["executive"])
    international, _header = _csv(client)
    response = client.get(reverse("planning:export_csv_id"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="indeks-spbe-seri-id.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == list(exports.CSV_COLUMNS)
    indonesian = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert indonesian[0]["nilai"] == "2,69" and indonesian[1]["nilai"] == "2,71"
    assert len(indonesian) == len(international) > 2
    for ours, theirs in zip(indonesian, international, strict=True):
        assert ours["nilai"] == theirs["nilai"].replace(".", ","), (ours, theirs)
        assert {k: v for k, v in ours.items() if k != "nilai"} == {k: v for k, v in theirs.items() if k != "nilai"}
    assert any("," in row["nilai"] for row in indonesian if row["tahun"] == "2026")
    # the international CSV is unchanged: commas between fields, decimal points
    assert international[0]["nilai"] == "2.69"
