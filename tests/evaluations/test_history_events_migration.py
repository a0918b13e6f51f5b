"""Migration 0005: stored Indonesian reasons and notification messages become events, and back.

The conversion functions are tested directly (the migration module is imported by path, as Django
loads it); the events they write must read exactly as the app's own events do.
"""

import importlib

import pytest
from django.utils import translation

from evaluations import audit
from evaluations.audit import event

migration = importlib.import_module("evaluations.migrations.0005_history_events")


def converted(text):
    return audit.as_event(migration.reason_to_event(text))


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("dikembalikan: Kurang SK", event(audit.RETURNED, note="Kurang SK")),
        ("diverifikasi pada tingkat 3", event(audit.VERIFIED, level=3)),
        (
            "diverifikasi pada tingkat 2 (usulan 3): Tingkat 3 belum terpenuhi.",
            event(audit.VERIFIED, level=2, proposed=3, note="Tingkat 3 belum terpenuhi."),
        ),
        (
            "Status: Dibuka (penilaian mandiri) → Verifikasi internal. Batas lewat",
            event(audit.STATUS_CHANGED, old="open", new="in_review", reason="Batas lewat"),
        ),
        ("Status: Verifikasi internal → Ditutup", event(audit.STATUS_CHANGED, old="in_review", new="closed")),
        (
            "Dibuka kembali (Final → Verifikasi internal): koreksi",
            event(audit.REOPENED, old="final", new="in_review", reason="koreksi"),
        ),
        ("Impor dari tahap dokumen.xlsx", event(audit.RESULTS_IMPORTED, file="tahap dokumen.xlsx")),
        ("Disalin dari periode 2025", event(audit.COPIED_FROM_PERIOD, year=2025)),
        ("Data ilustrasi (seed_demo)", event(audit.DEMO_DATA)),
        ("jawaban dibuat", event(audit.ANSWER_CREATED)),
    ],
)
def test_a_stored_indonesian_reason_becomes_its_event(stored, expected):
    assert converted(stored) == expected
    with translation.override("id"):
        assert audit.display(converted(stored)) == stored  # reads as it did


@pytest.mark.parametrize(
    "stored",
    [
        "Berita acara nomor 045/123/2026",  # a stage result's note recorded as the reason
        "diverifikasi pada tingkat tiga",  # not a number
        "Status: Sedang dikaji → Ditutup",  # not a status label
        "Period created",  # English, from before reasons were stored in Indonesian
        "",
    ],
)
def test_a_reason_that_matches_no_format_is_kept_as_legacy_text(stored):
    ev = converted(stored)
    assert ev == audit.free_text(stored)
    with translation.override("en"):
        assert audit.display(ev) == stored


def test_null_stays_null():
    assert migration.reason_to_event(None) is None
    assert migration.event_to_reason(None) is None


def test_an_old_reason_reads_in_english_after_the_migration():
    with translation.override("en"):
        assert audit.display(converted("dikembalikan: Lampirkan SK")) == "returned: Lampirkan SK"
        assert (
            audit.display(converted("Status: Draf → Dibuka (penilaian mandiri)"))
            == "Status: Draft → Open (self-assessment)"
        )


def test_a_notification_message_becomes_its_event():
    returned = audit.as_event(
        migration.message_to_event("Jawaban indikator 7 (Tata kelola) periode 2026 dikembalikan: Lengkapi (pasal 3)")
    )
    assert returned == event(audit.NOTICE_RETURNED, n=7, name="Tata kelola", year=2026, note="Lengkapi (pasal 3)")
    due = audit.as_event(
        migration.message_to_event(
            "Penilaian mandiri periode 2026 berakhir 31-03-2026: 2 indikator belum diajukan (1, 12)."
        )
    )
    assert due == event(audit.NOTICE_DUE_SOON, year=2026, date="2026-03-31", count=2, numbers=[1, 12])
    verified = audit.as_event(
        migration.message_to_event("Jawaban indikator 4 (Arsitektur) periode 2026 terverifikasi pada tingkat -.")
    )
    assert verified.data["level"] is None
    with translation.override("en"):
        assert audit.display(returned).endswith("for period 2026 was returned: Lengkapi (pasal 3)")
        assert audit.display(due) == (
            "The self-assessment for period 2026 ends on 31-03-2026: 2 indicators not yet submitted (1, 12)."
        )
    hand_written = "Rapat koordinasi SPBE Jumat 09.00"
    assert audit.as_event(migration.message_to_event(hand_written)) == audit.free_text(hand_written)


@pytest.mark.parametrize(
    "stored",
    [
        "dikembalikan: Kurang SK",
        "diverifikasi pada tingkat 2 (usulan 3): Tingkat 3 belum terpenuhi.",
        "Status: Verifikasi internal → Ditutup. Semua diverifikasi",
        "Hasil dicatat",
        "Berita acara nomor 045/123/2026",
    ],
)
def test_the_reason_conversion_reverses(stored):
    assert migration.event_to_reason(migration.reason_to_event(stored)) == stored


def test_the_message_conversion_reverses():
    for stored in (
        "Penilaian mandiri periode 2026 sudah lewat batas 31-03-2026: 1 indikator belum diajukan (5).",
        "Jawaban indikator 7 (Tata kelola) periode 2026 dikembalikan: Lengkapi",
        "Pesan dari admin",
    ):
        assert migration.event_to_message(migration.message_to_event(stored)) == stored


def test_events_written_by_the_app_go_back_to_the_old_sentences():
    """Reversing after new writes: the sentence the old code would have stored, cut as it cut them."""
    assert migration.event_to_reason(event(audit.RESULT_RECORDED, note="BA 045").to_json()) == "BA 045"
    assert (
        migration.event_to_reason(event(audit.STATUS_CHANGED, old="open", new="in_review", reason="").to_json())
        == "Status: Dibuka (penilaian mandiri) → Verifikasi internal"
    )
    long = event(audit.RETURNED, note="x" * 300).to_json()
    cut = migration.event_to_reason(long, migration.OLD_REASON_MAX)
    assert len(cut) == 100 and cut.endswith("…")
