"""The officer's safety rules (issue 15): submit without evidence asks first, a session that ended
loses no text and leads to no 405, evidence keeps its own name, duplicates and removals, inline
preview, opening an indicator writes nothing, a contributor sees the lead, unique field ids."""

import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations import errors
from evaluations.answers import services
from evaluations.models import Answer, Evidence, EvidenceFile
from tests.factories import make_answering_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def world(evidence_storage):
    w = make_answering_world()
    w.answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[1], w.unit_a)
    return w


def draft(world, answer, *, level, text="FAKTA: Pergub 1/2025"):
    return services.save_draft(
        world.officer_a, answer, proposed_level=level, explanation=text, base_version=answer.version
    )


def answer_page(world, number=1):
    return reverse("evaluations:answer", args=[world.period.pk, number])


# --- 1. safe submit -------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [2, 3, 5])
def test_submit_at_level_two_or_more_without_evidence_needs_confirmation(world, level):
    answer = draft(world, world.answer, level=level)
    with pytest.raises(errors.NoEvidenceUnconfirmed) as refused:
        services.submit_answer(world.officer_a, answer)
    assert refused.value.level == level
    assert Answer.objects.get(pk=answer.pk).status == "draft"
    assert services.submit_answer(world.officer_a, answer, confirm_no_evidence=True).status == "submitted"


def test_submit_at_level_one_or_with_evidence_needs_no_confirmation(world):
    answer = draft(world, world.answer, level=1)
    assert services.submit_answer(world.officer_a, answer).status == "submitted"
    other = services.get_or_create_answer(world.officer_a, world.period, world.indicators[2], world.unit_a)
    other = draft(world, other, level=4)
    services.add_evidence_link(world.officer_a, other, title="Aplikasi", url="https://aplikasi.go.id")
    assert services.submit_answer(world.officer_a, other).status == "submitted"


def test_submit_page_asks_first_then_submits_on_confirmation(client, world):
    client.force_login(world.officer_a)
    url = reverse("evaluations:answer_save", args=[world.answer.pk])
    data = {"proposed_level": "3", "explanation": "FAKTA: SK Tim SPBE", "base_version": world.answer.version}
    asked = client.post(url, data | {"action": "submit"})
    assert asked.status_code == 200
    assert "Tetap ajukan tanpa bukti" in asked.text
    assert "Reviewer akan mengharapkan bukti" in asked.text
    answer = Answer.objects.get(pk=world.answer.pk)
    # The text is saved as a draft, not submitted; the confirm button carries the flag (no JS needed).
    assert (answer.status, answer.proposed_level, answer.explanation) == ("draft", 3, "FAKTA: SK Tim SPBE")
    assert 'name="confirm_no_evidence" value="1"' in asked.text
    done = client.post(url, data | {"action": "submit", "confirm_no_evidence": "1", "base_version": answer.version})
    assert done.status_code == 302
    assert Answer.objects.get(pk=answer.pk).status == "submitted"


def test_evidence_section_comes_before_the_submit_button(client, world):
    client.force_login(world.officer_a)
    page = client.get(answer_page(world)).text
    assert page.index('id="bukti"') < page.index('name="action" value="submit"')


def test_post_after_session_ended_returns_to_answer_page_with_text_restored(client, world):
    world.officer_a.set_password("rahasia-uji-123")
    world.officer_a.save()
    save_url = reverse("evaluations:answer_save", args=[world.answer.pk])
    data = {"proposed_level": "2", "explanation": "Teks yang belum terkirim", "base_version": "1", "action": "submit"}
    response = client.post(save_url, data)  # signed out
    assert response.status_code == 302
    page_url = reverse("evaluations:answer_detail", args=[world.answer.pk])
    assert response["Location"].startswith(reverse("login"))
    assert f"next={page_url}" in response["Location"].replace("%2F", "/")
    signed_in = client.post(response["Location"], {"username": world.officer_a.username, "password": "rahasia-uji-123"})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == page_url  # a GET page, never the POST-only save URL
    page = client.get(page_url)
    assert page.status_code == 200
    assert "Pengajuan belum terkirim" in page.text
    assert "Teks yang belum terkirim" in page.text
    assert 'value="2" checked' in page.text
    # Nothing was saved or submitted, and the text is given back once only.
    assert Answer.objects.get(pk=world.answer.pk).status == "draft"
    assert Answer.objects.get(pk=world.answer.pk).explanation == ""
    assert "Teks yang belum terkirim" not in client.get(page_url).text


def test_signed_out_upload_returns_to_answer_page(client, world):
    response = client.post(reverse("evaluations:evidence_add_file", args=[world.answer.pk]), {})
    assert response.status_code == 302
    assert "jawaban" in response["Location"] and "bukti%2Ffile" not in response["Location"]


# --- 2. evidence identity and handling ----------------------------------------------------------


def test_identical_bytes_keep_each_attachments_name_in_list_and_download(client, world):
    a = services.add_evidence_file(
        world.officer_a, world.answer, title="", uploaded_file=upload("Kominfo-Manajemen-Risiko-2026.pdf", PDF)
    )
    answer_b = services.get_or_create_answer(world.officer_b, world.period, world.indicators[4], world.unit_b)
    b = services.add_evidence_file(
        world.officer_b, answer_b, title="", uploaded_file=upload("Indikator32-SK-Layanan.pdf", PDF)
    )
    assert a.file_id == b.file_id  # the bytes are stored once
    assert EvidenceFile.objects.count() == 1
    assert (a.shown_file_name, b.shown_file_name) == ("Kominfo-Manajemen-Risiko-2026.pdf", "Indikator32-SK-Layanan.pdf")
    client.force_login(world.officer_b)
    page = client.get(reverse("evaluations:answer_detail", args=[answer_b.pk])).text
    assert "Indikator32-SK-Layanan.pdf" in page
    assert "Kominfo-Manajemen-Risiko-2026" not in page
    download = client.get(reverse("evaluations:evidence_download", args=[b.pk]))
    assert "Indikator32-SK-Layanan.pdf" in download["Content-Disposition"]
    client.force_login(world.officer_a)
    download = client.get(reverse("evaluations:evidence_download", args=[a.pk]))
    assert "Kominfo-Manajemen-Risiko-2026.pdf" in download["Content-Disposition"]


def test_same_file_twice_on_one_answer_is_refused(world):
    services.add_evidence_file(world.officer_a, world.answer, title="SK", uploaded_file=upload("sk.pdf", PDF))
    with pytest.raises(errors.DuplicateEvidence, match="sudah terlampir.*“SK”"):
        services.add_evidence_file(world.officer_a, world.answer, title="", uploaded_file=upload("salinan.pdf", PDF))
    assert Evidence.objects.filter(answer=world.answer).count() == 1
    # The same bytes on another answer of the unit are fine.
    other = services.get_or_create_answer(world.officer_a, world.period, world.indicators[2], world.unit_a)
    services.add_evidence_file(world.officer_a, other, title="", uploaded_file=upload("sk.pdf", PDF))


def test_reuse_keeps_own_name_and_refuses_duplicate(world):
    first = services.add_evidence_file(
        world.officer_a, world.answer, title="", uploaded_file=upload("Nama-Unit-A.pdf", PDF)
    )
    answer_b = services.get_or_create_answer(world.officer_b, world.period, world.indicators[4], world.unit_b)
    services.add_evidence_file(world.officer_b, answer_b, title="", uploaded_file=upload("Nama-Unit-B.pdf", PDF))
    other = services.get_or_create_answer(world.officer_a, world.period, world.indicators[2], world.unit_a)
    reused = services.attach_existing_evidence(world.officer_a, other, first.file, title="")
    assert reused.shown_file_name == "Nama-Unit-A.pdf"
    with pytest.raises(errors.DuplicateEvidence):
        services.attach_existing_evidence(world.officer_a, other, first.file, title="")


def test_attach_list_offers_files_by_the_units_own_name(client, world):
    services.add_evidence_file(
        world.officer_b,
        services.get_or_create_answer(world.officer_b, world.period, world.indicators[5], world.unit_b),
        title="",
        uploaded_file=upload("Punya-B.pdf", PDF),
    )
    services.add_evidence_file(world.officer_a, world.answer, title="", uploaded_file=upload("Punya-A.pdf", PDF))
    client.force_login(world.officer_a)
    page = client.get(answer_page(world, 2)).text
    assert "Punya-A.pdf" in page
    assert "Punya-B.pdf" not in page


def test_many_files_in_one_upload_each_reported(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 300
    client.force_login(world.officer_a)
    response = client.post(
        reverse("evaluations:evidence_add_file", args=[world.answer.pk]),
        {"title": "", "file": [upload("a.pdf", PDF), upload("b.png", PNG), upload("besar.doc", OLE)]},
        follow=True,
    )
    assert response.status_code == 200
    assert sorted(Evidence.objects.filter(answer=world.answer).values_list("file_name", flat=True)) == [
        "a.pdf",
        "b.png",
    ]
    assert "“besar.doc”" in response.text and "melebihi batas" in response.text


def test_upload_form_carries_the_size_limit_for_the_browser(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(world.officer_a)
    page = client.get(answer_page(world)).text
    field = re.search(r'<input type="file"[^>]*>', page).group(0)
    assert 'data-max-bytes="1024"' in field
    assert "multiple" in field


def test_htmx_upload_redirects_the_page_so_messages_show(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("evaluations:evidence_add_file", args=[world.answer.pk]),
        {"title": "", "file": upload("a.pdf", PDF)},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver" + answer_page(world)},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith("#bukti")


def test_remove_asks_first_and_stays_in_history(client, world):
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="SK Tim", uploaded_file=upload("sk.pdf", PDF)
    )
    client.force_login(world.officer_a)
    page = client.get(reverse("evaluations:answer_detail", args=[world.answer.pk])).text
    assert 'data-confirm="Hapus bukti “SK Tim”' in page
    url = reverse("evaluations:evidence_remove", args=[item.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.text
    assert Evidence.objects.filter(pk=item.pk).exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Evidence.objects.filter(pk=item.pk).exists()
    history = client.get(reverse("evaluations:answer_detail", args=[world.answer.pk])).text
    assert "bukti dihapus: SK Tim" in history


# --- 3. inline preview ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "disposition", "sandboxed"),
    [("sk.pdf", PDF, "inline", True), ("foto.png", PNG, "inline", True), ("lama.doc", OLE, "attachment", True)],
)
def test_pdf_and_images_inline_others_download(client, world, name, data, disposition, sandboxed):
    item = services.add_evidence_file(world.officer_a, world.answer, title="", uploaded_file=upload(name, data))
    client.force_login(world.officer_a)
    response = client.get(reverse("evaluations:evidence_download", args=[item.pk]))
    assert response["Content-Disposition"].startswith(disposition)
    assert name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy or "script-src 'none'" in policy
    assert ("sandbox" in policy) == sandboxed
    page = client.get(reverse("evaluations:answer_detail", args=[world.answer.pk])).text
    link = re.search(rf'<a href="{reverse("evaluations:evidence_download", args=[item.pk])}"[^>]*>', page).group(0)
    assert ('target="_blank"' in link) == (disposition == "inline")


# --- 7. small things -----------------------------------------------------------------------------


def test_opening_an_indicator_writes_nothing(client, world):
    client.force_login(world.officer_a)
    before = Answer.history.count()
    page = client.get(answer_page(world, 2))
    assert page.status_code == 200
    assert not Answer.objects.filter(indicator=world.indicators[2], unit=world.unit_a).exists()
    assert Answer.history.count() == before
    assert "?then=save" in page.text


def test_first_save_creates_the_answer_and_refused_first_upload_leaves_nothing(client, world):
    client.force_login(world.officer_a)
    start = reverse("evaluations:answer_start", args=[world.period.pk, 2])
    refused = client.post(start + "?then=file", {"title": "", "file": upload("bukan.pdf", PNG)})
    assert refused.status_code == 302
    assert not Answer.objects.filter(indicator=world.indicators[2], unit=world.unit_a).exists()
    saved = client.post(
        start + "?then=save",
        {"proposed_level": "2", "explanation": "FAKTA", "base_version": "1"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and saved["X-Answer-Save"] == "saved"
    answer = Answer.objects.get(indicator=world.indicators[2], unit=world.unit_a)
    assert (answer.proposed_level, answer.explanation) == (2, "FAKTA")
    # The page's next autosave goes to the same URL and saves the same answer.
    again = client.post(
        start + "?then=save",
        {"proposed_level": "3", "explanation": "FAKTA", "base_version": answer.version},
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 200
    assert Answer.objects.filter(indicator=world.indicators[2], unit=world.unit_a).get().proposed_level == 3
    assert client.post(start + "?then=hapus", {}).status_code == 400


def test_contributor_sees_lead_unit_and_its_answer(client, world):
    lead = services.get_or_create_answer(world.officer_b, world.period, world.indicators[4], world.unit_b)
    services.save_draft(world.officer_b, lead, proposed_level=4, explanation="Jawaban Unit B", base_version=1)
    client.force_login(world.officer_a)
    page = client.get(answer_page(world, 4)).text
    assert "Jawaban penanggung jawab" in page
    assert world.unit_b.name in page
    assert "Jawaban Unit B" in page
    assert reverse("evaluations:answer_detail", args=[lead.pk]) in page
    readonly = client.get(reverse("evaluations:answer_detail", args=[lead.pk]))
    assert readonly.status_code == 200 and "data-answer-form" not in readonly.text
    item = services.add_evidence_file(world.officer_b, lead, title="", uploaded_file=upload("b.pdf", PDF))
    assert client.get(reverse("evaluations:evidence_download", args=[item.pk])).status_code == 200
    # Only to contributors: unit B's answer to indicator 5 (no contributor) stays closed to unit A.
    other = services.get_or_create_answer(world.officer_b, world.period, world.indicators[5], world.unit_b)
    assert client.get(reverse("evaluations:answer_detail", args=[other.pk])).status_code == 403
    # Writing stays the lead unit's.
    save = reverse("evaluations:answer_save", args=[lead.pk])
    assert client.post(save, {"proposed_level": "1", "explanation": "x", "base_version": "2"}).status_code == 403


def test_worklist_shows_verified_level_once_verified(client, world):
    answer = draft(world, world.answer, level=4)
    services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
    services.verify_answer(
        world.reviewer, answer, verified_level=3, note="Bukti belum ada; kriteria tingkat 4 belum terpenuhi."
    )
    client.force_login(world.officer_a)
    page = client.get(reverse("evaluations:worklist")).text
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>1</td>.*?</tr>", page, re.S).group(0)
    assert re.search(r"Tingkat terverifikasi'?\"?>3</td>", row) or ">3</td>" in row


def test_every_id_on_the_answer_page_is_unique_and_the_link_title_is_labelled(client, world):
    services.add_evidence_file(world.officer_a, world.answer, title="", uploaded_file=upload("a.pdf", PDF))
    client.force_login(world.officer_a)
    page = client.get(answer_page(world, 2)).text  # with the "reuse a file" form too
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    assert '<label for="link_title">Judul tautan</label>' in page
    assert 'id="link_title"' in page


def test_migration_gives_existing_attachments_their_stored_name(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("evaluations.migrations.0016_evidence_names")
    item = services.add_evidence_file(world.officer_a, world.answer, title="", uploaded_file=upload("lama.pdf", PDF))
    link = services.add_evidence_link(world.officer_a, world.answer, title="Tautan", url="https://contoh.go.id")
    Evidence.objects.filter(pk=item.pk).update(file_name="")  # as rows were before 0012
    Evidence.history.filter(id=item.pk).update(file_name="")
    migration.copy_names(apps, None)
    assert Evidence.objects.get(pk=item.pk).file_name == "lama.pdf"
    assert set(Evidence.history.filter(id=item.pk).values_list("file_name", flat=True)) == {"lama.pdf"}
    assert Evidence.objects.get(pk=link.pk).file_name == ""


# --- 6. “Unit saya” ----------------------------------------------------------------------------


def _levels(world, unit_answers):
    """unit A's answers: {number: (proposed, verify_at or None)}."""
    for number, (proposed, verify_at) in unit_answers.items():
        answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[number], world.unit_a)
        answer = services.save_draft(
            world.officer_a, answer, proposed_level=proposed, explanation="FAKTA", base_version=answer.version
        )
        if verify_at:
            services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
            services.verify_answer(
                world.reviewer,
                answer,
                verified_level=verify_at,
                note="Diverifikasi tanpa bukti file: dasar dari wawancara.",
            )


def test_my_unit_shows_levels_and_share_of_index_per_series(client, world):
    from decimal import Decimal

    from tests.factories import make_stage_result

    _levels(world, {1: (4, 3), 2: (2, None)})
    world.period.status = "closed"
    world.period.save()
    make_stage_result(world.period, world.indicators[1], 3, stage="final")
    w1, w2 = world.indicators[1].weight, world.indicators[2].weight
    client.force_login(world.officer_a)
    response = client.get(reverse("evaluations:my_unit"))
    assert response.status_code == 200
    report = response.context["report"]
    shares = {share.series: share for share in report.shares}
    assert shares["proposed"].points == (w1 * 4 + w2 * 2) / Decimal(100)
    assert shares["verified"].points == w1 * 3 / Decimal(100)
    assert shares["final"].points == w1 * 3 / Decimal(100)
    assert (shares["proposed"].counted, shares["verified"].counted) == (2, 1)
    rows = {row.number: row for row in report.lead_rows}
    assert set(rows) == {1, 2, 3}
    assert (rows[1].levels["proposed"], rows[1].levels["verified"], rows[1].levels["final"]) == (4, 3, 3)
    assert rows[2].levels["verified"] is None  # a draft gives no verified level
    # What remains: indicator 2 (draft), 3 (not started) and the contribution to 4.
    assert [row.number for row in report.to_do] == [2, 3, 4]
    assert "Unit saya" in response.text  # the officer's navigation links it


def test_my_unit_is_for_officers_only(client, world):
    client.force_login(world.reviewer)
    assert client.get(reverse("evaluations:my_unit")).status_code == 403
    client.force_login(world.officer_a)
    assert client.get(reverse("evaluations:my_unit") + "?periode=abc").status_code == 400


# Measured (session, user, role, navigation included); the same at both sizes.
MY_UNIT_QUERIES = 14
CONTRIBUTOR_PAGE_QUERIES = 17


@pytest.mark.parametrize("size", [1, 3])
def test_my_unit_query_count_is_fixed(client, django_assert_num_queries, evidence_storage, size):
    from tests.factories import make_assignment

    w = make_answering_world()
    numbers = [1, 2, 3][:size]
    if size == 3:
        make_assignment(w.period, w.indicators[5], w.unit_a, role="contributor")
    _levels(w, {n: (2 + n % 3, 2) for n in numbers})
    client.force_login(w.officer_a)
    client.get(reverse("evaluations:my_unit"))  # warm caches (content types, sessions)
    with django_assert_num_queries(MY_UNIT_QUERIES):
        client.get(reverse("evaluations:my_unit"))


@pytest.mark.parametrize("size", [1, 5])
def test_contributor_page_query_count_is_fixed(client, django_assert_num_queries, evidence_storage, size):
    w = make_answering_world()
    lead = services.get_or_create_answer(w.officer_b, w.period, w.indicators[4], w.unit_b)
    contribution = services.get_or_create_answer(w.officer_a, w.period, w.indicators[4], w.unit_a)
    for i in range(size):
        services.add_evidence_link(w.officer_b, lead, title=f"Tautan {i}", url=f"https://contoh.go.id/{i}")
        services.add_evidence_link(w.officer_a, contribution, title=f"K {i}", url=f"https://contoh.go.id/k{i}")
    client.force_login(w.officer_a)
    url = reverse("evaluations:answer_detail", args=[contribution.pk])
    client.get(url)
    with django_assert_num_queries(CONTRIBUTOR_PAGE_QUERIES):
        client.get(url)
