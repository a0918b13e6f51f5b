"""Access cases for answers, evidence and review actions (namespace ``evaluations``).

Objects outside someone's reach are 403 (not 404) throughout. In the world both answers are drafts,
so an authorised reviewer's "verify" is a 400 (a draft cannot be verified) and bulk verify skips
it (302 back with a message); the officer's own writes are 302 (or 200 for the htmx autosave).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import AccessCase

# Reading an answer of unit_own (indicator 1, aspect 1).
READ_OWN = {
    "anonymous": 302,
    "officer_own": 200,
    "officer_other": 403,
    "reviewer": 200,
    "reviewer_out": 403,
    "executive": 200,
    "admin": 200,
}
# Changing unit_own's answer or evidence: its officers only.
OFFICER_WRITE = {
    "anonymous": 302,
    "officer_own": 302,
    "officer_other": 403,
    "reviewer": 403,
    "reviewer_out": 403,
    "executive": 403,
    "admin": 403,
}

WORKLIST = {
    "anonymous": 302,
    "officer_own": 200,
    "officer_other": 200,
    "reviewer": 403,
    "reviewer_out": 403,
    "executive": 403,
    "admin": 403,
}


def _answer_data(w):
    return {"proposed_level": "4", "explanation": "FAKTA: Pergub 1/2025", "base_version": w.answer_own.version}


def _pdf(w):
    return {"title": "Pergub", "file": SimpleUploadedFile("Indikator1-Pergub.pdf", b"%PDF-1.7\nmatriks akses\n")}


CASES = [
    AccessCase(name="evaluations:worklist", url=lambda w: reverse("evaluations:worklist"), expect=WORKLIST),
    AccessCase(
        name="evaluations:worklist",
        url=lambda w: reverse("evaluations:worklist") + f"?periode={w.period.year}",
        label="year",
        expect=WORKLIST,
    ),
    # An old link (``?period=<id>``) is sent to the same page by year.
    AccessCase(
        name="evaluations:worklist",
        url=lambda w: reverse("evaluations:worklist") + f"?period={w.period.pk}",
        label="old-link",
        expect=WORKLIST | {"officer_own": 302, "officer_other": 302},
    ),
    AccessCase(name="evaluations:my_unit", url=lambda w: reverse("evaluations:my_unit"), expect=WORKLIST),
    AccessCase(
        name="evaluations:my_unit",
        url=lambda w: reverse("evaluations:my_unit") + f"?periode={w.period.year}",
        label="year",
        expect=WORKLIST,
    ),
    AccessCase(
        name="evaluations:answer",
        url=lambda w: reverse("evaluations:answer", args=[w.period.pk, w.indicator_own.number]),
        # officer_other's unit is not assigned indicator 1.
        expect=READ_OWN,
    ),
    AccessCase(
        name="evaluations:answer_detail",
        url=lambda w: reverse("evaluations:answer_detail", args=[w.answer_own.pk]),
        expect=READ_OWN,
    ),
    AccessCase(
        name="evaluations:answer_save",
        method="post",
        url=lambda w: reverse("evaluations:answer_save", args=[w.answer_own.pk]),
        data=_answer_data,
        expect=OFFICER_WRITE,
    ),
    AccessCase(
        name="evaluations:answer_save",
        method="post",
        url=lambda w: reverse("evaluations:answer_save", args=[w.answer_own.pk]),
        data=_answer_data,
        htmx=True,
        label="autosave",
        expect={**OFFICER_WRITE, "officer_own": 200},
    ),
    AccessCase(
        name="evaluations:answer_review",
        method="post",
        url=lambda w: reverse("evaluations:answer_review", args=[w.answer_own.pk]),
        data=lambda w: {"action": "verify", "verified_level": "3", "note": ""},
        expect={
            "anonymous": 302,
            "officer_own": 403,
            "officer_other": 403,
            "reviewer": 400,
            "reviewer_out": 403,
            "executive": 403,
            "admin": 400,
        },
    ),
    AccessCase(
        name="evaluations:evidence_add_file",
        method="post",
        url=lambda w: reverse("evaluations:evidence_add_file", args=[w.answer_own.pk]),
        data=_pdf,
        expect=OFFICER_WRITE,
    ),
    AccessCase(
        name="evaluations:evidence_add_link",
        method="post",
        url=lambda w: reverse("evaluations:evidence_add_link", args=[w.answer_own.pk]),
        data=lambda w: {"title": "Aplikasi", "url": "https://aplikasi.contoh.go.id"},
        expect=OFFICER_WRITE,
    ),
    AccessCase(
        name="evaluations:evidence_attach",
        method="post",
        url=lambda w: reverse("evaluations:evidence_attach", args=[w.answer_own.pk]),
        # The only file of unit_own already backs this answer, so it is not offered again: 400.
        data=lambda w: {"evidence_file": w.evidence_own.file_id, "title": ""},
        expect={**OFFICER_WRITE, "officer_own": 400},
    ),
    AccessCase(
        name="evaluations:evidence_remove",
        method="post",
        url=lambda w: reverse("evaluations:evidence_remove", args=[w.evidence_own.pk]),
        data=lambda w: {"confirm": "1"},
        expect=OFFICER_WRITE,
    ),
    # Without the confirmation (no JavaScript): a page asking first, to the officer only.
    AccessCase(
        name="evaluations:evidence_remove",
        method="post",
        url=lambda w: reverse("evaluations:evidence_remove", args=[w.evidence_own.pk]),
        label="ask",
        expect={**OFFICER_WRITE, "officer_own": 200},
    ),
    # The first write to an answer (it exists here, so this is an ordinary save); only the officers
    # of a unit assigned the indicator (officer_other's unit is not assigned indicator 1).
    AccessCase(
        name="evaluations:answer_start",
        method="post",
        url=lambda w: reverse("evaluations:answer_start", args=[w.period.pk, w.indicator_own.number]) + "?then=save",
        data=_answer_data,
        expect=OFFICER_WRITE,
    ),
    AccessCase(
        name="evaluations:answer_start",
        method="post",
        url=lambda w: reverse("evaluations:answer_start", args=[w.period.pk, w.indicator_own.number]) + "?then=link",
        data=lambda w: {"title": "Aplikasi", "url": "https://aplikasi.contoh.go.id"},
        label="link",
        expect=OFFICER_WRITE,
    ),
    AccessCase(
        name="evaluations:evidence_download",
        url=lambda w: reverse("evaluations:evidence_download", args=[w.evidence_own.pk]),
        expect=READ_OWN,
    ),
    AccessCase(
        name="evaluations:bulk_verify",
        method="post",
        url=lambda w: reverse("evaluations:bulk_verify"),
        data=lambda w: {"answer_ids": [w.answer_own.pk], "next": "/"},
        expect={
            "anonymous": 302,
            "officer_own": 403,
            "officer_other": 403,
            "reviewer": 302,
            "reviewer_out": 403,
            "executive": 403,
            "admin": 302,
        },
    ),
]
