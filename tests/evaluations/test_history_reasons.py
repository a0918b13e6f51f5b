"""History events: stored as a code and its data whoever writes them, shown in the reader's language.

``evaluations.audit.display`` puts an event into words in the active language and leaves what
people typed untouched; text that is not an event is shown as stored.
"""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from evaluations import audit, notifications
from evaluations.answers import services
from evaluations.assignments import services as assignments
from evaluations.audit import display, event
from evaluations.models import Period
from evaluations.periods import services as periods
from tests.factories import make_answering_world, make_period

pytestmark = pytest.mark.django_db

Status = Period.Status


@pytest.mark.parametrize(
    ("stored", "indonesian", "english"),
    [
        (event(audit.ANSWER_CREATED), "jawaban dibuat", "answer created"),
        (event(audit.DRAFT_SAVED), "draf disimpan", "draft saved"),
        (event(audit.SUBMITTED), "diajukan", "submitted"),
        (event(audit.RESUBMITTED), "diajukan ulang", "resubmitted"),
        (
            event(audit.RETURNED, note="Lampirkan SK tim SPBE."),
            "dikembalikan: Lampirkan SK tim SPBE.",
            "returned: Lampirkan SK tim SPBE.",
        ),
        (event(audit.VERIFIED, level=3), "diverifikasi pada tingkat 3", "verified at level 3"),
        (
            event(audit.VERIFIED, level=3, note="Sudah lengkap"),
            "diverifikasi pada tingkat 3: Sudah lengkap",
            "verified at level 3: Sudah lengkap",
        ),
        (
            event(audit.VERIFIED, level=2, proposed=4),
            "diverifikasi pada tingkat 2 (usulan 4)",
            "verified at level 2 (proposed 4)",
        ),
        (
            event(audit.VERIFIED, level=2, proposed=3, note="Tingkat 3 belum terpenuhi."),
            "diverifikasi pada tingkat 2 (usulan 3): Tingkat 3 belum terpenuhi.",
            "verified at level 2 (proposed 3): Tingkat 3 belum terpenuhi.",
        ),
        (event(audit.FILE_ADDED, title="Pergub SPBE"), "bukti ditambahkan: Pergub SPBE", "evidence added: Pergub SPBE"),
        (event(audit.LINK_ADDED, title="Aplikasi"), "tautan ditambahkan: Aplikasi", "link added: Aplikasi"),
        (event(audit.FILE_REUSED, title="SK 2025"), "bukti dipakai ulang: SK 2025", "evidence reused: SK 2025"),
        (event(audit.EVIDENCE_REMOVED, title="SK"), "bukti dihapus: SK", "evidence removed: SK"),
        (event(audit.PERIOD_CREATED), "Periode dibuat", "Period created"),
        (event(audit.PERIOD_CHANGED), "Periode diubah", "Period changed"),
        (
            event(audit.STATUS_CHANGED, old=Status.DRAFT, new=Status.OPEN),
            "Status: Draf → Dibuka (penilaian mandiri)",
            "Status: Draft → Open (self-assessment)",
        ),
        (
            event(audit.STATUS_CHANGED, old=Status.IN_REVIEW, new=Status.CLOSED, reason="Semua jawaban diverifikasi"),
            "Status: Verifikasi internal → Ditutup. Semua jawaban diverifikasi",
            "Status: Internal verification → Closed. Semua jawaban diverifikasi",
        ),
        (
            event(audit.REOPENED, old=Status.FINAL, new=Status.IN_REVIEW, reason="koreksi berita acara"),
            "Dibuka kembali (Final → Verifikasi internal): koreksi berita acara",
            "Reopened (Final → Internal verification): koreksi berita acara",
        ),
        (event(audit.SUMMARY_RECORDED), "Nilai ringkasan dicatat", "Summary score recorded"),
        (event(audit.RESULT_RECORDED), "Hasil dicatat", "Result recorded"),
        (
            event(audit.RESULT_RECORDED, note="Berita acara 045/123"),
            "Hasil dicatat: Berita acara 045/123",
            "Result recorded: Berita acara 045/123",
        ),
        (event(audit.RESULT_REMOVED), "Hasil dihapus", "Result deleted"),
        (
            event(audit.RESULTS_IMPORTED, file="tahap-dokumen.xlsx"),
            "Impor dari tahap-dokumen.xlsx",
            "Imported from tahap-dokumen.xlsx",
        ),
        (event(audit.COPIED_FROM_PERIOD, year=2025), "Disalin dari periode 2025", "Copied from period 2025"),
        (event(audit.ASSIGNMENTS_CHANGED), "Penugasan diubah", "Assignments changed"),
        (event(audit.DEMO_DATA), "Data ilustrasi (seed_demo)", "Illustrative data (seed_demo)"),
    ],
)
def test_every_event_reads_in_english_and_in_indonesian(stored, indonesian, english):
    with translation.override("en"):
        assert display(stored) == english
        assert display(stored.to_json()) == english  # as read back from the database
    with translation.override("id"):
        assert display(stored) == indonesian


@pytest.mark.parametrize(
    "stored",
    [
        "Berita acara nomor 045/123/2026",  # a stage result's note, recorded as the reason before events
        "diajukan oleh Bappeda",
        "Period created",  # written in English before reasons were stored in Indonesian
        '{"code": "answer.submitted"}',  # JSON, but not a stored event
    ],
)
def test_text_that_is_not_an_event_is_shown_as_stored(stored):
    with translation.override("en"):
        assert display(stored) == stored
        assert display(audit.free_text(stored)) == stored


def test_no_event_shows_nothing():
    assert display(None) == ""


def test_what_people_typed_is_never_translated():
    # A note that itself reads like a format stays as written inside the translated frame.
    stored = event(audit.RETURNED, note="diajukan ulang: Periode dibuat")
    with translation.override("en"):
        assert display(stored) == "returned: diajukan ulang: Periode dibuat"


@pytest.mark.parametrize(
    "note",
    ["100% lengkap", "%(note)s dan %s", "{} {0} {note}", "dikembalikan: %(note)s", "50%% {level}", '"}, {"code'],
)
def test_a_note_with_format_characters_survives_as_typed(note):
    stored = event(audit.RETURNED, note=note)
    reread = audit.as_event(stored.to_json())
    assert reread == stored
    for language, frame in (("en", "returned: "), ("id", "dikembalikan: ")):
        with translation.override(language):
            assert display(reread) == frame + note


def test_an_unknown_code_is_refused_when_written():
    with pytest.raises(ValueError, match="unknown"):
        event("answer.teleported")


@pytest.fixture
def world():
    return make_answering_world()


def test_an_english_user_writes_the_same_events(world):
    """Stored events do not depend on the writer's language; an Indonesian reader sees Indonesian."""
    with translation.override("en"):
        answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[1], world.unit_a)
        answer = services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Fakta", base_version=1)
        answer = services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
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
        event(audit.ANSWER_CREATED),
        event(audit.DRAFT_SAVED),
        event(audit.SUBMITTED),
        event(audit.VERIFIED, level=3, proposed=4, note="Belum terpadu"),
    ]
    period_reasons = list(period.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert period_reasons[-3:] == [
        event(audit.STATUS_CHANGED, old=Status.OPEN, new=Status.IN_REVIEW, reason="Batas lewat"),
        event(audit.STATUS_CHANGED, old=Status.IN_REVIEW, new=Status.CLOSED, reason=""),
        event(audit.REOPENED, old=Status.CLOSED, new=Status.IN_REVIEW, reason="Koreksi"),
    ]
    with translation.override("id"):  # an Indonesian reader sees Indonesian
        assert [display(r) for r in period_reasons[-3:]] == [
            "Status: Dibuka (penilaian mandiri) → Verifikasi internal. Batas lewat",
            "Status: Verifikasi internal → Ditutup",
            "Dibuka kembali (Ditutup → Verifikasi internal): Koreksi",
        ]
    copied = next_year.assignments.first().history.first()
    assert copied.history_change_reason == event(audit.COPIED_FROM_PERIOD, year=2026)


def test_an_event_written_in_indonesian_reads_in_english(world):
    with translation.override("id"):
        answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[1], world.unit_a)
        answer = services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Fakta", base_version=1)
        answer = services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
        services.return_answer(world.reviewer, answer, note="Kurang SK")
    latest = answer.history.latest()
    with translation.override("en"):
        assert display(latest.history_change_reason) == "returned: Kurang SK"
        assert str(latest.history_change_reason) == "returned: Kurang SK"  # as simple_history's admin shows it
    with translation.override("id"):
        assert display(latest.history_change_reason) == "dikembalikan: Kurang SK"


def test_stage_import_event_names_the_file(world):
    Period.objects.filter(pk=world.period.pk).update(status=Period.Status.IN_REVIEW)  # external stages' state
    with translation.override("en"):
        upload = io.BytesIO(b"indicator,level\n1,3\n")
        upload.name = "dokumen.csv"
        periods.import_stage_results(world.admin, world.period, "dokumen", upload)
    result = world.period.stage_results.get()
    assert result.history.first().history_change_reason == event(audit.RESULTS_IMPORTED, file="dokumen.csv")
    with translation.override("id"):
        assert display(result.history.first().history_change_reason) == "Impor dari dokumen.csv"


def _answer_with_history(world):
    answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[1], world.unit_a)
    answer = services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Fakta", base_version=1)
    answer = services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
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


def test_the_admin_history_and_notification_list_show_events_in_words(client, world):
    from tests.factories import make_user

    answer = _answer_with_history(world)
    answer.refresh_from_db()
    notes = notifications.notify_answer_event(answer, "returned", world.reviewer)
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("admin:evaluations_answer_history", args=[answer.pk])).text
    assert "returned: Kurang SK" in page and "answer.returned" not in page
    page = client.get(reverse("admin:evaluations_notification_changelist")).text
    assert "was returned: Kurang SK" in page and "notice.answer_returned" not in page
    page = client.get(reverse("admin:evaluations_notification_change", args=[notes[0].pk])).text
    assert "was returned: Kurang SK" in page  # shown, not an editable JSON text


def test_period_history_in_both_languages(client, world):
    periods.change_status(world.admin, world.period, Status.IN_REVIEW, reason="Batas lewat")
    client.force_login(world.admin)
    url = reverse("periods:detail", args=[world.period.pk])
    assert "Status: Dibuka (penilaian mandiri) → Verifikasi internal. Batas lewat" in client.get(url).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).text
    assert "Status: Open (self-assessment) → Internal verification. Batas lewat" in page
    assert "Verifikasi internal. Batas lewat" not in page
