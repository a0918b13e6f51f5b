"""History change reasons: stored in Indonesian whoever writes them, shown in the reader's language.

The stored text is the record (other tests assert on it); ``evaluations.audit.display_reason``
translates the known formats at display time and leaves what people typed untouched.
"""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from evaluations import audit as history
from evaluations.answers import services
from evaluations.assignments import services as assignments
from evaluations.audit import display_reason
from evaluations.models import Period
from evaluations.periods import services as periods
from tests.factories import make_answering_world, make_period

pytestmark = pytest.mark.django_db

Status = Period.Status


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        ("jawaban dibuat", "answer created"),
        ("draf disimpan", "draft saved"),
        ("diajukan", "submitted"),
        ("diajukan ulang", "resubmitted"),
        ("dikembalikan: Lampirkan SK tim SPBE.", "returned: Lampirkan SK tim SPBE."),
        ("diverifikasi pada tingkat 3", "verified at level 3"),
        ("diverifikasi pada tingkat 3: Sudah lengkap", "verified at level 3: Sudah lengkap"),
        ("diverifikasi pada tingkat 2 (usulan 4)", "verified at level 2 (proposed 4)"),
        (
            "diverifikasi pada tingkat 2 (usulan 3): Tingkat 3 belum terpenuhi.",
            "verified at level 2 (proposed 3): Tingkat 3 belum terpenuhi.",
        ),
        ("bukti ditambahkan: Pergub SPBE", "evidence added: Pergub SPBE"),
        ("tautan ditambahkan: Aplikasi", "link added: Aplikasi"),
        ("bukti dipakai ulang: SK 2025", "evidence reused: SK 2025"),
        ("bukti dihapus: SK", "evidence removed: SK"),
        ("Periode dibuat", "Period created"),
        ("Periode diubah", "Period changed"),
        ("Status: Draf → Dibuka (penilaian mandiri)", "Status: Draft → Open (self-assessment)"),
        (
            "Status: Verifikasi internal → Ditutup. Semua jawaban diverifikasi",
            "Status: Internal verification → Closed. Semua jawaban diverifikasi",
        ),
        (
            "Dibuka kembali (Final → Verifikasi internal): koreksi berita acara",
            "Reopened (Final → Internal verification): koreksi berita acara",
        ),
        ("Nilai ringkasan dicatat", "Summary score recorded"),
        ("Hasil dicatat", "Result recorded"),
        ("Hasil dihapus", "Result deleted"),
        ("Impor dari tahap-dokumen.xlsx", "Imported from tahap-dokumen.xlsx"),
        ("Disalin dari periode 2025", "Copied from period 2025"),
        ("Penugasan diubah", "Assignments changed"),
        ("Data ilustrasi (seed_demo)", "Illustrative data (seed_demo)"),
    ],
)
def test_every_stored_format_reads_in_english_and_stays_as_stored_in_indonesian(stored, english):
    with translation.override("en"):
        assert display_reason(stored) == english
    with translation.override("id"):
        assert display_reason(stored) == stored


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "",
        "Berita acara nomor 045/123/2026",  # a stage result's note, recorded as the reason
        "diajukan oleh Bappeda",  # looks like a format's start, but is not one
        "diverifikasi pada tingkat tiga",  # not a number
        "Status: Sedang dikaji → Ditutup",  # not a status label
        "Period created",  # written in English before reasons were stored in Indonesian
    ],
)
def test_text_that_matches_no_format_is_shown_as_stored(stored):
    with translation.override("en"):
        assert display_reason(stored) == stored


def test_what_people_typed_is_never_translated():
    # A note that itself reads like a format stays as written inside the translated frame.
    stored = history.reason(history.RETURNED, note="diajukan ulang: Periode dibuat")
    with translation.override("en"):
        assert display_reason(stored) == "returned: diajukan ulang: Periode dibuat"


@pytest.fixture
def world():
    return make_answering_world()


def test_an_english_user_writes_the_same_indonesian_reasons(world):
    """Stored reasons do not depend on the writer's language (an Indonesian reader sees Indonesian)."""
    with translation.override("en"):
        answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[1], world.unit_a)
        answer = services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Fakta", base_version=1)
        answer = services.submit_answer(world.officer_a, answer)
        answer = services.verify_answer(world.reviewer, answer, verified_level=3, note="Belum terpadu")
        period = periods.change_status(world.admin, world.period, Status.IN_REVIEW, reason="Batas lewat")
        period = periods.change_status(world.admin, period, Status.CLOSED)
        period = periods.reopen_period(world.admin, period, reason="Koreksi")
        next_year = make_period(world.framework, year=2027, status="draft")
        assignments.copy_previous(world.admin, next_year, source=world.period)
    reasons = list(
        answer.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "jawaban dibuat",
        "draf disimpan",
        "diajukan",
        "diverifikasi pada tingkat 3 (usulan 4): Belum terpadu",
    ]
    period_reasons = list(period.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert period_reasons[-3:] == [
        "Status: Dibuka (penilaian mandiri) → Verifikasi internal. Batas lewat",
        "Status: Verifikasi internal → Ditutup",
        "Dibuka kembali (Ditutup → Verifikasi internal): Koreksi",
    ]
    copied = next_year.assignments.first().history.first()
    assert copied.history_change_reason == "Disalin dari periode 2026"


def test_stage_import_reason_names_the_file_in_indonesian(world):
    with translation.override("en"):
        upload = io.BytesIO(b"indicator,level\n1,3\n")
        upload.name = "dokumen.csv"
        periods.import_stage_results(world.admin, world.period, "dokumen", upload)
    result = world.period.stage_results.get()
    assert result.history.first().history_change_reason == "Impor dari dokumen.csv"


def _answer_with_history(world):
    answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[1], world.unit_a)
    answer = services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Fakta", base_version=1)
    answer = services.submit_answer(world.officer_a, answer)
    services.add_evidence_link(
        world.officer_a,
        services.return_answer(world.reviewer, answer, note="Kurang SK"),
        title="Portal layanan",
        url="https://contoh.go.id",
    )
    return answer


def test_answer_history_in_english(client, world):
    answer = _answer_with_history(world)
    client.force_login(world.reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk])).text
    for english in ("answer created", "submitted", "returned: Kurang SK", "link added: Portal layanan"):
        assert f"<td>{english}</td>" in page
    assert "dikembalikan:" not in page and "jawaban dibuat" not in page


def test_answer_history_in_indonesian(client, world):
    answer = _answer_with_history(world)
    client.force_login(world.reviewer)
    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk])).text
    for indonesian in ("jawaban dibuat", "diajukan", "dikembalikan: Kurang SK", "tautan ditambahkan: Portal layanan"):
        assert f"<td>{indonesian}</td>" in page
    assert "returned: Kurang SK" not in page


def test_period_history_in_both_languages(client, world):
    periods.change_status(world.admin, world.period, Status.IN_REVIEW, reason="Batas lewat")
    client.force_login(world.admin)
    url = reverse("periods:detail", args=[world.period.pk])
    assert "Status: Dibuka (penilaian mandiri) → Verifikasi internal. Batas lewat" in client.get(url).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).text
    assert "Status: Open (self-assessment) → Internal verification. Batas lewat" in page
    assert "Verifikasi internal. Batas lewat" not in page
