"""Carry-over: a new period starts from last year's answers, as drafts, with the same evidence."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from evaluations.errors import PermissionDenied, ServiceError, StateError
from evaluations.models import Answer, Evidence, EvidenceFile
from evaluations.periods import services as periods
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    old = make_period(year=2025, status="final")
    new = make_period(old.framework, year=2026, status="draft")
    ind = {i.number: i for i in old.framework.indicators.all()}
    kominfo, bappeda = make_unit("KOMINFO"), make_unit("BAPPEDA")
    admin = make_user("admin", role=Role.ADMIN)
    stored = EvidenceFile.objects.create(
        file=ContentFile(b"%PDF-1.4 isi", name="pergub.pdf"),
        sha256=hashlib.sha256(b"%PDF-1.4 isi").hexdigest(),
        original_name="Indikator1a-Pergub.pdf",
        size=12,
        content_type="application/pdf",
    )
    a1 = make_answer(
        old,
        ind[1],
        kominfo,
        status="verified",
        proposed_level=3,
        verified_level=3,
        explanation="Pergub 12/2024 pasal 3",
    )
    Evidence.objects.create(answer=a1, title="Pergub Tata Kelola", file=stored)
    Evidence.objects.create(answer=a1, title="Portal", url="https://spbe.example.go.id/")
    make_answer(old, ind[2], bappeda, status="returned", proposed_level=2, explanation="Renstra")
    make_answer(old, ind[4], bappeda, is_lead=False, status="submitted", proposed_level=4, explanation="kontribusi")
    return {"old": old, "new": new, "ind": ind, "kominfo": kominfo, "bappeda": bappeda, "admin": admin, "file": stored}


def test_copies_answers_as_drafts_with_evidence(world):
    report = periods.carry_over(world["admin"], world["new"], world["old"])
    copied = {a.indicator.number: a for a in Answer.objects.filter(period=world["new"]).select_related("indicator")}
    assert set(copied) == {1, 2, 4}
    a1 = copied[1]
    assert (a1.status, a1.proposed_level, a1.verified_level, a1.explanation) == (
        "draft",
        3,
        None,
        "Pergub 12/2024 pasal 3",
    )
    assert a1.indicator.pk == world["ind"][1].pk and a1.unit == world["kominfo"]
    evidence = list(a1.evidence.order_by("id"))
    assert [(e.title, e.file_id, e.url) for e in evidence] == [
        ("Pergub Tata Kelola", world["file"].pk, ""),
        ("Portal", None, "https://spbe.example.go.id/"),
    ]
    assert EvidenceFile.objects.count() == 1  # the same stored file backs both periods
    assert copied[4].is_lead is False
    assert len(report.created) == 3 and report.evidence_copied == 2
    assert a1.history.first().history_change_reason.data == {"year": 2025}
    # the old period is untouched
    assert Answer.objects.get(period=world["old"], indicator=world["ind"][1]).status == "verified"


def test_second_run_copies_nothing_and_says_why(world):
    periods.carry_over(world["admin"], world["new"], world["old"])
    report = periods.carry_over(world["admin"], world["new"], world["old"])
    assert report.created == []
    assert [(n, reason) for n, _unit, reason in report.skipped] == [
        (1, "jawaban sudah ada"),
        (2, "jawaban sudah ada"),
        (4, "jawaban sudah ada"),
    ]
    assert Answer.objects.filter(period=world["new"]).count() == 3
    assert Evidence.objects.filter(answer__period=world["new"]).count() == 2


def test_respects_new_assignments(world):
    # Indicator 2 now belongs to KOMINFO; BAPPEDA's old answer to it is not carried.
    make_assignment(world["new"], world["ind"][1], world["kominfo"])
    make_assignment(world["new"], world["ind"][2], world["kominfo"])
    make_assignment(world["new"], world["ind"][4], world["bappeda"])  # now the lead
    report = periods.carry_over(world["admin"], world["new"], world["old"])
    assert sorted(n for n, _unit in report.created) == [1, 4]
    assert [(n, u.code) for n, u, _reason in report.skipped] == [(2, "BAPPEDA")]
    assert Answer.objects.get(period=world["new"], indicator=world["ind"][4]).is_lead is True


def test_across_frameworks_without_a_crosswalk_copies_nothing_and_says_why(world):
    from tests.factories import make_framework

    other = make_framework("mini-b")
    new = make_period(other, year=2027, status="open")
    with pytest.raises(ServiceError, match="Tidak ada padanan indikator"):
        periods.carry_over(world["admin"], new, world["old"])
    assert not Answer.objects.filter(period=new).exists()


def test_only_admin_and_only_into_a_draft_or_open_period(world):
    reviewer = make_user("rev", role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        periods.carry_over(reviewer, world["new"], world["old"])
    closed = make_period(world["old"].framework, year=2027, status="closed")
    with pytest.raises(StateError):
        periods.carry_over(world["admin"], closed, world["old"])
    assert not Answer.objects.filter(period__in=[world["new"], closed]).exists()


def test_copied_evidence_keeps_its_own_file_name(world):
    # Issue 15: the name is the attachment's, not the stored file's first uploader's.
    Evidence.objects.filter(file=world["file"]).update(file_name="Kominfo-Pergub-2024.pdf")
    periods.carry_over(world["admin"], world["new"], world["old"])
    copied = Evidence.objects.get(answer__period=world["new"], file=world["file"])
    assert copied.shown_file_name == "Kominfo-Pergub-2024.pdf"
