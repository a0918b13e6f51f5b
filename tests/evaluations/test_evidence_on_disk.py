"""Evidence on disk: files 640 in folders 750, and orphans from interrupted uploads are found and removed."""

import os
import stat
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from evaluations.answers import services
from tests.factories import make_answering_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def world(evidence_storage):
    w = make_answering_world()
    w.answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[1], w.unit_a)
    w.root = evidence_storage
    return w


def _upload(world, name="Pergub.pdf", data=PDF):
    return services.add_evidence_file(
        world.officer_a, world.answer, title="", uploaded_file=SimpleUploadedFile(name, data)
    ).file.file


def _orphan(root, name="evidence/2026/12/0123456789ab-putus.pdf", age_minutes=120):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 upload killed before its row was saved\n")
    then = time.time() - age_minutes * 60
    os.utime(path, (then, then))
    return path


def test_uploaded_evidence_is_640_in_folders_750(world):
    old_umask = os.umask(0o022)  # the usual umask, which alone would give 644 and 755
    try:
        stored = _upload(world)
    finally:
        os.umask(old_umask)
    path = world.root / stored.name
    assert mode(path) == 0o640
    folder = path.parent
    while folder != world.root.parent:
        assert mode(folder) == 0o750, folder
        folder = folder.parent


def test_clean_evidence_lists_an_orphan_by_default_and_keeps_it(world, capsys):
    kept = world.root / _upload(world).name
    orphan = _orphan(world.root)
    call_command("clean_evidence")
    out = capsys.readouterr().out
    assert str(orphan) in out and "1 file bukti yatim" in out and "--delete" in out
    assert str(kept) not in out
    assert orphan.exists() and kept.exists()


def test_clean_evidence_delete_removes_orphans_and_keeps_referenced_and_recent_files(world, capsys):
    kept = world.root / _upload(world).name
    orphan = _orphan(world.root)
    in_progress = _orphan(world.root, "evidence/2026/12/fedcba987654-baru.pdf", age_minutes=1)
    call_command("clean_evidence", "--delete")
    assert "1 file bukti yatim" in capsys.readouterr().out
    assert not orphan.exists()
    assert kept.exists() and kept.read_bytes() == PDF
    assert in_progress.exists()  # may be an upload whose row is about to be saved


def test_clean_evidence_never_follows_a_link_out_of_the_evidence_root(world, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.pdf"
    secret.write_bytes(b"not evidence")
    os.utime(secret, (0, 0))
    (world.root / "evidence").mkdir(parents=True, exist_ok=True)
    (world.root / "evidence" / "link.pdf").symlink_to(secret)
    (world.root / "evidence" / "folder").symlink_to(outside, target_is_directory=True)
    call_command("clean_evidence", "--delete", "--min-age", "0")
    assert secret.exists()
    assert (world.root / "evidence" / "link.pdf").is_symlink()
