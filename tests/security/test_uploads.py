"""Hostile uploads through the real pages: spoofed types, sizes, empty files, path tricks in names,
and downloads that a browser can only save (attachment, nosniff, sandboxing CSP), only for those
who may see the answer.

The unit-level checks of ``evaluations/answers/evidence.py`` are in tests/evaluations/test_evidence.py;
here every request goes through Django's multipart parser, the form, the service and the storage.
"""

from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from evaluations.answers import services
from evaluations.models import Evidence, EvidenceFile
from skpd.roles import Role
from tests.factories import make_answering_world, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.fixture
def world(evidence_storage):
    w = make_answering_world()
    w.answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[1], w.unit_a)
    w.root = evidence_storage
    return w


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload_page(client, w, name, data, title="Bukti"):
    client.force_login(w.officer_a)
    return client.post(
        reverse("evaluations:evidence_add_file", args=[w.answer.pk]),
        {"title": title, "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def assert_nothing_saved(w):
    assert not Evidence.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files(w.root) == []


# --- type, size, emptiness -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("laporan.pdf", PNG, "isi file bukan PDF (isinya terbaca sebagai PNG)"),
        ("laporan.pdf", HTML, "isi file bukan PDF (isinya tidak dikenali"),
        ("sk.docx", EXE, "isi file bukan Word (DOCX)"),
        ("foto.png", SVG, "isi file bukan PNG"),
        ("gambar.svg", SVG, "jenis file .svg tidak diterima"),
        ("halaman.html", HTML, "jenis file .html tidak diterima"),
        ("setup.pdf.exe", EXE, "jenis file .exe tidak diterima"),
    ],
)
def test_spoofed_or_unaccepted_type_refused_with_its_name_and_nothing_saved(client, world, name, data, message):
    response = upload_page(client, world, name, data)
    assert response.status_code == 400
    assert message in response.text
    assert name in response.text
    assert_nothing_saved(world)


def test_oversized_file_refused_after_streaming_to_a_temporary_file(client, world, settings):
    """Over EVIDENCE_MAX_BYTES: a message with both sizes, nothing stored (the upload itself was on disk)."""
    settings.EVIDENCE_MAX_BYTES = 3 * 1024 * 1024
    big = PDF + b"0" * (3 * 1024 * 1024)
    assert len(big) > django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = upload_page(client, world, "besar.pdf", big)
    assert response.status_code == 400
    assert "besar.pdf" in response.text
    assert "melebihi batas 3 MB" in response.text
    assert_nothing_saved(world)


def test_file_at_the_limit_is_accepted(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 4096
    exact = PDF + b"0" * (4096 - len(PDF))
    assert upload_page(client, world, "pas.pdf", exact).status_code == 302
    assert EvidenceFile.objects.get().size == 4096


def test_empty_file_refused_naming_the_field(client, world):
    response = upload_page(client, world, "kosong.pdf", b"")
    assert response.status_code == 400
    assert "File bukti belum diunggah" in response.text
    assert "kosong" in response.text.lower()
    assert_nothing_saved(world)


def test_missing_file_refused(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("evaluations:evidence_add_file", args=[world.answer.pk]), {"title": "x"})
    assert response.status_code == 400
    assert_nothing_saved(world)


def test_upload_settings_bound_memory():
    """Uploads past FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file; form fields are capped."""
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None
    assert "django.core.files.uploadhandler.TemporaryFileUploadHandler" in django_settings.FILE_UPLOAD_HANDLERS


def test_large_upload_is_parsed_to_disk_not_memory(rf):
    request = rf.post("/", {"file": SimpleUploadedFile("besar.pdf", PDF + b"0" * (3 * 1024 * 1024))})
    uploaded = request.FILES["file"]
    assert isinstance(uploaded, TemporaryUploadedFile)
    assert uploaded.size == len(PDF) + 3 * 1024 * 1024


def test_huge_form_field_refused_with_400(client, world):
    """A non-file field over DATA_UPLOAD_MAX_MEMORY_SIZE is a 400, not a 500 or a memory spike."""
    client.force_login(world.officer_a)
    response = client.post(
        reverse("evaluations:answer_save", args=[world.answer.pk]),
        {"explanation": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "base_version": "1"},
    )
    assert response.status_code == 400


# --- names ---------------------------------------------------------------------------------------

TRICK_NAMES = [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\x\\y.pdf", "y.pdf"),
    ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
    ("laporan\x00.exe.pdf", "laporan.exe.pdf"),
    ("bukti\u202efdp.exe.pdf", "buktifdp.exe.pdf"),  # right-to-left override removed
    ("baris\r\nX-Header: 1.pdf", "barisX-Header: 1.pdf"),
]


@pytest.mark.parametrize(("raw", "shown"), TRICK_NAMES)
def test_path_tricks_never_leave_the_evidence_folder(world, raw, shown):
    """Through the service (the name exactly as a client could send it, bypassing Django's parser)."""
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="", uploaded_file=SimpleUploadedFile(raw, PDF)
    )
    assert item.file.original_name == shown
    files = stored_files(world.root)
    assert len(files) == 1
    assert world.root in files[0].parents
    stored = files[0].name
    assert "/" not in item.file.file.name.removeprefix("evidence/").split("/", 2)[-1]
    assert all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in stored), stored
    assert stored.endswith(".pdf")


@pytest.mark.parametrize(("raw", "shown"), TRICK_NAMES[:3] + [("Peraturan «SPBE» №12.pdf", "Peraturan «SPBE» №12.pdf")])
def test_path_tricks_through_the_page_and_download_name(client, world, raw, shown):
    assert upload_page(client, world, raw, PDF).status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == shown
    response = client.get(reverse("evaluations:evidence_download", args=[Evidence.objects.get().pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")  # a PDF opens in the browser (issue 15), by the same safe name
    assert "/" not in disposition and "\\" not in disposition
    if shown.isascii():
        assert f'filename="{shown}"' in disposition
    else:
        assert f"filename*=utf-8''{quote(shown)}" in disposition


def test_name_that_is_only_dots_and_an_extension_is_refused(client, world):
    response = upload_page(client, world, "....pdf", PDF)
    assert response.status_code == 400
    assert "tanpa ekstensi tidak diterima" in response.text
    assert_nothing_saved(world)


def test_very_long_name_keeps_its_extension_and_fits_the_columns(world):
    raw = "Laporan-" + "sangat-panjang-" * 30 + ".pdf"
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="", uploaded_file=SimpleUploadedFile(raw, PDF)
    )
    stored = item.file
    assert stored.original_name.endswith(".pdf")
    assert len(stored.original_name) <= 200
    assert len(stored.file.name) <= EvidenceFile._meta.get_field("file").max_length
    assert len(item.title) <= 255


def test_name_with_quotes_and_newlines_cannot_split_the_download_header(client, world):
    services.add_evidence_file(
        world.officer_a, world.answer, title="", uploaded_file=SimpleUploadedFile('a"b\r\nSet-Cookie: x=1.pdf', PDF)
    )
    client.force_login(world.officer_a)
    response = client.get(reverse("evaluations:evidence_download", args=[Evidence.objects.get().pk]))
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]
    assert "x=1" not in response.cookies


# --- downloads -----------------------------------------------------------------------------------


def test_download_is_a_sandboxed_document_browsers_cannot_sniff_or_run(client, world):
    assert upload_page(client, world, "Pergub-SPBE.pdf", PDF).status_code == 302
    url = reverse("evaluations:evidence_download", args=[Evidence.objects.get().pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    # Issue 15: a PDF opens in the browser, sandboxed (no script, a unique origin, nothing loaded).
    assert response["Content-Disposition"] == 'inline; filename="Pergub-SPBE.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Security-Policy"] == "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    assert "no-store" in response["Cache-Control"]
    head = client.head(url)
    assert head.status_code == 200


def test_file_of_another_unit_is_refused_everywhere(client, world):
    """Unit B's officer can neither download unit A's file nor attach it to their own answer."""
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="Rahasia", uploaded_file=SimpleUploadedFile("rahasia.pdf", PDF)
    )
    theirs = services.get_or_create_answer(world.officer_b, world.period, world.indicators[5], world.unit_b)
    client.force_login(world.officer_b)
    response = client.get(reverse("evaluations:evidence_download", args=[item.pk]))
    assert response.status_code == 403
    assert PDF not in response.content
    # Guessing the stored file's id for "use again": refused by the form's choices, nothing attached.
    response = client.post(
        reverse("evaluations:evidence_attach", args=[theirs.pk]), {"evidence_file": item.file_id, "title": "curian"}
    )
    assert response.status_code == 400
    assert not Evidence.objects.filter(answer=theirs).exists()
    # Uploading to unit A's answer or removing its evidence: 403.
    assert upload_page_as(client, world.officer_b, world.answer, "x.pdf", PDF).status_code == 403
    assert client.post(reverse("evaluations:evidence_remove", args=[item.pk])).status_code == 403
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_reviewer_outside_the_aspect_cannot_download(client, world):
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="SK", uploaded_file=SimpleUploadedFile("sk.pdf", PDF)
    )
    other_aspects = world.framework.aspects.exclude(pk=world.indicators[1].aspect_id)
    scoped = make_user("reviu-luar", password=None, role=Role.REVIEWER, aspects=list(other_aspects))
    in_scope = make_user("reviu-dalam", password=None, role=Role.REVIEWER, aspects=[world.indicators[1].aspect])
    url = reverse("evaluations:evidence_download", args=[item.pk])
    client.force_login(scoped)
    assert client.get(url).status_code == 403
    client.force_login(in_scope)
    assert client.get(url).status_code == 200


def test_missing_stored_file_is_404_not_500(client, world):
    item = services.add_evidence_file(
        world.officer_a, world.answer, title="SK", uploaded_file=SimpleUploadedFile("sk.pdf", PDF)
    )
    item.file.file.storage.delete(item.file.file.name)
    client.force_login(world.officer_a)
    assert client.get(reverse("evaluations:evidence_download", args=[item.pk])).status_code == 404


def upload_page_as(client, user, answer, name, data):
    client.force_login(user)
    return client.post(
        reverse("evaluations:evidence_add_file", args=[answer.pk]),
        {"title": "x", "file": SimpleUploadedFile(name, data)},
    )
