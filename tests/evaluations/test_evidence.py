"""Evidence: type by content, size limit, empty files, safe names, SHA-256 dedupe, permission-checked download."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations import errors
from evaluations.answers import evidence as checks
from evaluations.answers import services
from evaluations.models import Evidence, EvidenceFile
from tests.factories import make_answering_world, make_period

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zipped(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
PLAIN_ZIP = zipped({"a.txt": "halo"})


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def world(evidence_storage):
    w = make_answering_world()
    w.answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[1], w.unit_a)
    w.storage_root = evidence_storage
    return w


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


# --- checks by content -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("Indikator1a-Pergub-TataKelolaSPBE.pdf", PDF, "pdf", "application/pdf"),
        ("tangkapan.PNG", PNG, "png", "image/png"),
        ("foto.jpg", JPEG, "jpeg", "image/jpeg"),
        ("sk.docx", DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("data.xlsx", XLSX, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("notulen.odt", ODT, "odt", "application/vnd.oasis.opendocument.text"),
        ("lama.doc", OLE, "ole", "application/msword"),
        ("lama.xls", OLE, "ole", "application/vnd.ms-excel"),
    ],
)
def test_accepted_types_by_content(name, data, kind, content_type):
    checked = checks.check_upload(upload(name, data))
    assert checked.kind.code == kind
    assert checked.content_type == content_type
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("laporan.pdf", PNG, "isi file bukan PDF (isinya terbaca sebagai PNG)"),
        ("laporan.pdf", b"MZ\x90\x00 program", "isi file bukan PDF (isinya tidak dikenali"),
        ("sk.docx", XLSX, "isi file bukan Word (DOCX) (isinya terbaca sebagai Excel (XLSX))"),
        ("sk.docx", PLAIN_ZIP, "isi file bukan Word (DOCX)"),
        ("gambar.png", PDF, "isi file bukan PNG"),
        ("program.exe", b"MZ\x90\x00", "jenis file .exe tidak diterima"),
        ("tanpa-ekstensi", PDF, "tanpa ekstensi tidak diterima"),
        ("arsip.zip", PLAIN_ZIP, "jenis file .zip tidak diterima"),
    ],
)
def test_refused_types_say_why_with_file_name(name, data, message):
    with pytest.raises(errors.EvidenceRejected) as caught:
        checks.check_upload(upload(name, data))
    assert message in str(caught.value)
    assert name in str(caught.value)


def test_oversized_file_refused_with_sizes(settings):
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    big = PDF + b"0" * (21 * 1024 * 1024)
    with pytest.raises(errors.EvidenceRejected) as caught:
        checks.check_upload(upload("besar.pdf", big))
    assert "besar.pdf" in str(caught.value)
    assert "berukuran 21,0 MB, melebihi batas 20 MB" in str(caught.value)


def test_empty_file_refused():
    with pytest.raises(errors.EvidenceRejected, match="kosong"):
        checks.check_upload(upload("kosong.pdf", b""))


@pytest.mark.parametrize(
    ("raw", "display", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\budi\\Desktop\\SK Tim.pdf", "SK Tim.pdf", "SK-Tim.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf", "win-ini.pdf"),
        ("Peraturan Gubernur №12 «SPBE».PDF", "Peraturan Gubernur №12 «SPBE».PDF", "Peraturan-Gubernur-No12-SPBE.pdf"),
        ("....pdf", "pdf", "pdf"),
        ("a\x00b/../c.pdf", "c.pdf", "c.pdf"),
        ("", "", "bukti"),
    ],
)
def test_names_lose_paths_and_unsafe_characters(raw, display, stored):
    assert checks.base_name(raw) == display
    assert checks.safe_storage_name(raw) == stored


# --- services ----------------------------------------------------------------------------------


def test_upload_stores_file_with_hash_outside_static(world):
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="Pergub SPBE", uploaded_file=upload("../../etc/passwd.pdf", PDF)
    )
    stored = item.file
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.original_name == "passwd.pdf"
    assert stored.content_type == "application/pdf"
    files = stored_files(world.storage_root)
    assert len(files) == 1
    assert files[0].read_bytes() == PDF
    assert world.storage_root in files[0].parents  # never outside the evidence folder
    assert files[0].name.endswith("-passwd.pdf")
    assert str(item.history.latest().history_change_reason) == "bukti ditambahkan: Pergub SPBE"


def test_same_bytes_reuse_one_file_across_answers_and_periods(world):
    services.add_evidence_file(world.officer_a, world.answer, title="SK", uploaded_file=upload("sk.pdf", PDF))
    other_answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[2], world.unit_a)
    services.add_evidence_file(world.officer_a, other_answer, title="SK lagi", uploaded_file=upload("salinan.pdf", PDF))
    next_year = make_period(world.framework, year=2027)
    from tests.factories import make_assignment

    make_assignment(next_year, world.indicators[4], world.unit_b)
    later = services.get_or_create_answer(world.officer_b, next_year, world.indicators[4], world.unit_b)
    services.add_evidence_file(world.officer_b, later, title="SK", uploaded_file=upload("sk.pdf", PDF))
    assert EvidenceFile.objects.count() == 1
    assert Evidence.objects.count() == 3
    assert len(stored_files(world.storage_root)) == 1


def test_title_defaults_to_file_name(world):
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="  ", uploaded_file=upload("Indikator1a-Pergub.pdf", PDF)
    )
    assert item.title == "Indikator1a-Pergub"


def test_refused_upload_saves_nothing(world):
    with pytest.raises(errors.InvalidInput, match="isi file bukan PDF"):
        services.add_evidence_file(world.officer_a, world.answer, title="x", uploaded_file=upload("x.pdf", PNG))
    assert not Evidence.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files(world.storage_root) == []


def test_evidence_locked_after_submit_and_in_closed_period(world):
    services.save_draft(world.officer_a, world.answer, proposed_level=2, explanation="Fakta", base_version=1)
    services.submit_answer(world.officer_a, world.answer, confirm_no_evidence=True)
    with pytest.raises(errors.StateError):
        services.add_evidence_link(world.officer_a, world.answer, title="x", url="https://contoh.go.id")
    other = services.get_or_create_answer(world.officer_a, world.period, world.indicators[2], world.unit_a)
    item = services.add_evidence_link(world.officer_a, other, title="x", url="https://contoh.go.id")
    world.period.status = "closed"
    world.period.save()
    with pytest.raises(errors.StateError):
        services.remove_evidence(world.officer_a, item)
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_other_unit_and_executive_cannot_add_evidence(world):
    for user in (world.officer_b, world.executive, world.reviewer):
        with pytest.raises(errors.PermissionDenied):
            services.add_evidence_link(user, world.answer, title="x", url="https://contoh.go.id")


def test_link_must_be_http(world):
    with pytest.raises(errors.InvalidInput, match="http"):
        services.add_evidence_link(world.officer_a, world.answer, title="x", url="javascript:alert(1)")


def test_remove_keeps_file_and_records_history(world):
    item = services.add_evidence_file(world.officer_a, world.answer, title="SK", uploaded_file=upload("sk.pdf", PDF))
    services.remove_evidence(world.officer_a, item)
    assert not Evidence.objects.exists()
    assert EvidenceFile.objects.count() == 1
    deleted = Evidence.history.filter(id=item.pk, history_type="-").get()
    assert str(deleted.history_change_reason) == "bukti dihapus: SK"
    assert deleted.history_user == world.officer_a


def test_attach_existing_only_own_units_files(world):
    item = services.add_evidence_file(world.officer_a, world.answer, title="SK", uploaded_file=upload("sk.pdf", PDF))
    other = services.get_or_create_answer(world.officer_a, world.period, world.indicators[2], world.unit_a)
    reused = services.attach_existing_evidence(world.officer_a, other, item.file, title="")
    assert reused.file_id == item.file_id
    assert reused.title == "sk"
    theirs = services.get_or_create_answer(world.officer_b, world.period, world.indicators[5], world.unit_b)
    with pytest.raises(errors.PermissionDenied):
        services.attach_existing_evidence(world.officer_b, theirs, item.file, title="curian")


# --- pages -------------------------------------------------------------------------------------


def test_upload_page_flow_and_error_message(client, world):
    client.force_login(world.officer_a)
    url = reverse("evaluations:evidence_add_file", args=[world.answer.pk])
    bad = client.post(url, {"title": "Palsu", "file": upload("laporan.pdf", PNG)})
    assert bad.status_code == 400
    assert "isi file bukan PDF" in bad.text
    assert 'value="Palsu"' in bad.text  # the title typed is kept
    good = client.post(url, {"title": "Pergub", "file": upload("pergub.pdf", PDF)})
    assert good.status_code == 302
    page = client.get(reverse("evaluations:answer_detail", args=[world.answer.pk]))
    assert "Pergub" in page.text
    assert "pergub.pdf" in page.text


def test_oversized_upload_through_page(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(world.officer_a)
    response = client.post(
        reverse("evaluations:evidence_add_file", args=[world.answer.pk]),
        {"title": "Besar", "file": upload("besar.pdf", PDF + b"0" * 2048)},
    )
    assert response.status_code == 400
    assert "melebihi batas 1 KB" in response.text
    assert not EvidenceFile.objects.exists()


def test_link_and_remove_through_pages(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("evaluations:evidence_add_link", args=[world.answer.pk]),
        {"title": "Aplikasi", "url": "https://aplikasi.kalselprov.go.id"},
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    client.force_login(world.officer_b)
    assert client.post(reverse("evaluations:evidence_remove", args=[item.pk])).status_code == 403
    client.force_login(world.officer_a)
    # Without JavaScript the first press asks (a page with the confirm button); nothing is removed yet.
    asked = client.post(reverse("evaluations:evidence_remove", args=[item.pk]))
    assert asked.status_code == 200
    assert "Hapus bukti dukung?" in asked.text
    assert Evidence.objects.exists()
    assert client.post(reverse("evaluations:evidence_remove", args=[item.pk]), {"confirm": "1"}).status_code == 302
    assert not Evidence.objects.exists()


def test_download_checks_permission_and_sends_attachment(client, world):
    # Unit B leads indicator 4, unit A contributes to it.
    contribution = services.get_or_create_answer(world.officer_a, world.period, world.indicators[4], world.unit_a)
    services.get_or_create_answer(world.officer_b, world.period, world.indicators[4], world.unit_b)
    item = services.add_evidence_file(
        world.officer_a, contribution, title="Data", uploaded_file=upload("data.pdf", PDF)
    )
    own = services.add_evidence_file(world.officer_a, world.answer, title="SK", uploaded_file=upload("sk.png", PNG))
    url = reverse("evaluations:evidence_download", args=[item.pk])

    client.force_login(world.officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # A PDF opens in the browser, under a policy that lets nothing in it run.
    assert response["Content-Disposition"].startswith("inline")
    assert "data.pdf" in response["Content-Disposition"]
    assert "default-src 'none'" in response["Content-Security-Policy"]

    client.force_login(world.officer_b)  # the lead unit sees its contributor's evidence …
    assert client.get(url).status_code == 200
    # … but not unit A's evidence for an indicator unit B has nothing to do with.
    assert client.get(reverse("evaluations:evidence_download", args=[own.pk])).status_code == 403

    for user in (world.reviewer, world.executive, world.admin):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302
