"""Access review beyond the matrix: contributing units, the lead unit, scoped reviewers and the
Django admin. A curious officer trying another unit's URL gets 403 and not one byte of its content.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.answers import services
from skpd.roles import Role
from tests.factories import make_answering_world, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\nbukti\n%%EOF\n"


@pytest.fixture
def world(evidence_storage):
    """Unit B leads indicator 4 and unit A contributes to it; each has an answer with a file."""
    w = make_answering_world()
    w.lead_answer = services.get_or_create_answer(w.officer_b, w.period, w.indicators[4], w.unit_b)
    services.save_draft(
        w.officer_b, w.lead_answer, proposed_level=3, explanation="RAHASIA-PENANGGUNG-JAWAB", base_version=1
    )
    w.lead_evidence = services.add_evidence_file(
        w.officer_b, w.lead_answer, title="Bukti PJ", uploaded_file=SimpleUploadedFile("pj.pdf", PDF + b"pj")
    )
    w.contribution = services.get_or_create_answer(w.officer_a, w.period, w.indicators[4], w.unit_a)
    services.save_draft(w.officer_a, w.contribution, proposed_level=2, explanation="DATA-KONTRIBUTOR", base_version=1)
    w.contribution_evidence = services.add_evidence_file(
        w.officer_a, w.contribution, title="Bukti kontributor", uploaded_file=SimpleUploadedFile("k.pdf", PDF + b"k")
    )
    return w


def test_contributor_sees_its_own_contribution_and_reads_the_lead_answer(client, world):
    # Issue 15: a contributor sees the lead unit and its answer, read-only (it could not before).
    client.force_login(world.officer_a)
    assert client.get(reverse("evaluations:answer_detail", args=[world.contribution.pk])).status_code == 200
    response = client.get(reverse("evaluations:answer_detail", args=[world.lead_answer.pk]))
    assert response.status_code == 200
    assert "RAHASIA-PENANGGUNG-JAWAB" in response.text
    assert "data-answer-form" not in response.text
    download = client.get(reverse("evaluations:evidence_download", args=[world.lead_evidence.pk]))
    assert download.status_code == 200
    save = client.post(
        reverse("evaluations:answer_save", args=[world.lead_answer.pk]),
        {"proposed_level": "1", "explanation": "diubah kontributor", "base_version": "2"},
    )
    assert save.status_code == 403


def test_indicator_report_shows_a_contributor_only_its_own_text_and_files(client, world):
    client.force_login(world.officer_a)
    response = client.get(reverse("reports:indicator_detail", args=[world.indicators[4].pk]))
    assert response.status_code == 200
    assert "DATA-KONTRIBUTOR" in response.text
    assert "RAHASIA-PENANGGUNG-JAWAB" not in response.text
    assert reverse("evaluations:evidence_download", args=[world.lead_evidence.pk]) not in response.text


def test_lead_unit_sees_its_contributors(client, world):
    client.force_login(world.officer_b)
    response = client.get(reverse("reports:indicator_detail", args=[world.indicators[4].pk]))
    assert "DATA-KONTRIBUTOR" in response.text and "RAHASIA-PENANGGUNG-JAWAB" in response.text
    url = reverse("evaluations:evidence_download", args=[world.contribution_evidence.pk])
    assert client.get(url).status_code == 200
    # … but may not change them.
    save = client.post(
        reverse("evaluations:answer_save", args=[world.contribution.pk]),
        {"proposed_level": "5", "explanation": "diubah PJ", "base_version": "2"},
    )
    assert save.status_code == 403


def test_scoped_reviewer_gets_nothing_of_other_aspects(client, world):
    aspect_4 = world.indicators[4].aspect
    outside = make_user(
        "reviu-sempit", password=None, role=Role.REVIEWER, aspects=list(world.framework.aspects.exclude(pk=aspect_4.pk))
    )
    client.force_login(outside)
    for url in (
        reverse("evaluations:answer_detail", args=[world.lead_answer.pk]),
        reverse("evaluations:evidence_download", args=[world.lead_evidence.pk]),
        reverse("evaluations:evidence_download", args=[world.contribution_evidence.pk]),
        reverse("reports:indicator_detail", args=[world.indicators[4].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "RAHASIA-PENANGGUNG-JAWAB" not in response.content.decode(errors="replace")
    # The results template lists only the reviewer's own aspects' indicators.
    template = client.get(reverse("periods:stage_template", args=[world.period.pk, "csv"]))
    numbers = {line.split(",")[0] for line in template.content.decode().splitlines()[1:]}
    assert "4" not in numbers and numbers
    # The workbook leaves the other aspects' explanations out.
    workbook = client.get(reverse("planning:export_xlsx", args=[world.period.pk]))
    assert workbook.status_code == 200
    assert b"RAHASIA-PENANGGUNG-JAWAB" not in _xlsx_text(workbook)


def _xlsx_text(response):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
    return "\n".join(cells).encode()


def test_exports_refused_to_officers_of_any_unit(client, world):
    for officer in (world.officer_a, world.officer_b):
        client.force_login(officer)
        for url in (
            reverse("planning:export_xlsx", args=[world.period.pk]),
            reverse("planning:export_csv"),
            reverse("periods:stage_template", args=[world.period.pk, "csv"]),
            reverse("periods:stage_template", args=[world.period.pk, "xlsx"]),
        ):
            assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", [Role.OFFICER, Role.REVIEWER, Role.EXECUTIVE, Role.ADMIN])
def test_django_admin_needs_staff_status_not_a_portal_role(client, world, role):
    """The portal's roles do not open Django's admin; only staff accounts do."""
    user = make_user(f"peran-{role}", password=None, role=role, unit=world.unit_a if role == Role.OFFICER else None)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
