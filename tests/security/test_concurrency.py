"""Two people saving at once, for real: threads with their own database connections (PostgreSQL).

The answer's optimistic lock is a conditional UPDATE (``version = base_version``), so of N saves
that started from the same version exactly one wins and the others get ``EditConflict`` with the
text they typed; saves of different answers never block each other out. SQLite serialises writers
on one file lock, which says nothing about production: these tests run on PostgreSQL only.
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection

from evaluations.answers import services
from evaluations.errors import EditConflict
from evaluations.models import Answer, Evidence, EvidenceFile
from tests.factories import make_answering_world

THREADS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency tests need PostgreSQL (set DATABASE_URL=postgres://…); SQLite serialises all writers",
    ),
]


def run_together(work, count):
    """Run ``work(i)`` in ``count`` threads started at the same moment; return (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def target(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # recorded for the assertions, never swallowed
            errors[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save hung (deadlock?)"
    close_old_connections()
    return results, errors


def test_same_answer_same_base_version_exactly_one_wins():
    w = make_answering_world()
    answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[1], w.unit_a)
    assert answer.version == 1
    history_before = answer.history.count()

    def save(i):
        return services.save_draft(
            w.officer_a, answer, proposed_level=1 + i % 5, explanation=f"Penjelasan dari tab {i}", base_version=1
        )

    results, errors = run_together(save, THREADS)
    winners = [i for i in range(THREADS) if errors[i] is None]
    assert len(winners) == 1, errors
    losers = [errors[i] for i in range(THREADS) if i not in winners]
    assert all(isinstance(e, EditConflict) for e in losers), losers
    # Each loser gets back the text they typed, to merge by hand.
    assert {e.explanation for e in losers} == {f"Penjelasan dari tab {i}" for i in range(THREADS) if i not in winners}

    winner = winners[0]
    answer.refresh_from_db()
    assert answer.version == 2  # incremented once
    assert answer.explanation == f"Penjelasan dari tab {winner}"  # no lost update: the winner's text
    assert answer.proposed_level == 1 + winner % 5
    assert answer.history.count() == history_before + 1


def test_saves_chained_on_each_version_all_land():
    """Saves that each start from the version the previous one left are not conflicts."""
    w = make_answering_world()
    answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[1], w.unit_a)
    for i in range(1, 4):
        answer = services.save_draft(w.officer_a, answer, proposed_level=i, explanation=f"v{i}", base_version=i)
    answer.refresh_from_db()
    assert (answer.version, answer.explanation) == (4, "v3")


def test_different_answers_saved_at_once_all_succeed():
    w = make_answering_world()
    answers = [services.get_or_create_answer(w.officer_a, w.period, w.indicators[n], w.unit_a) for n in (1, 2, 3, 4)]
    answers += [services.get_or_create_answer(w.officer_b, w.period, w.indicators[n], w.unit_b) for n in (4, 5)]
    officers = [w.officer_a] * 4 + [w.officer_b] * 2

    def save(i):
        return services.save_draft(
            officers[i], answers[i], proposed_level=3, explanation=f"Jawaban {i}", base_version=answers[i].version
        )

    _results, errors = run_together(save, len(answers))
    assert errors == [None] * len(answers)
    for i, answer in enumerate(answers):
        answer.refresh_from_db()
        assert (answer.version, answer.explanation, answer.proposed_level) == (2, f"Jawaban {i}", 3)


def test_same_file_uploaded_at_once_is_stored_once(evidence_storage):
    """The SHA-256 is unique: racing uploads of the same bytes keep one stored file and every attachment."""
    w = make_answering_world()
    answers = [services.get_or_create_answer(w.officer_a, w.period, w.indicators[n], w.unit_a) for n in (1, 2, 3)]
    data = b"%PDF-1.7\nberkas yang sama\n%%EOF\n"

    def upload(i):
        return services.add_evidence_file(
            w.officer_a, answers[i], title=f"SK {i}", uploaded_file=SimpleUploadedFile(f"sk-{i}.pdf", data)
        )

    _results, errors = run_together(upload, len(answers))
    assert errors == [None] * len(answers)
    assert EvidenceFile.objects.count() == 1
    assert Evidence.objects.count() == len(answers)
    files = [p for p in evidence_storage.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert files[0].read_bytes() == data
    assert Answer.objects.filter(evidence__isnull=False).distinct().count() == len(answers)
