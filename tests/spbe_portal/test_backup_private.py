"""A backup archive holds password hashes and evidence: it is private, holds no session, no orphan."""

import sqlite3
import stat
import tarfile

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.db import connection

from evaluations.models import EvidenceFile
from spbe_portal.backup import create_backup
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _stored(name, data):
    record = EvidenceFile(sha256=name[0] * 64, original_name=name, size=len(data), content_type="application/pdf")
    record.file.save(name, ContentFile(data), save=False)
    record.save()
    return record


def test_archive_is_mode_600_in_a_folder_of_mode_700(tmp_path, evidence_storage):
    folder = tmp_path / "backups" / "nightly"
    archive = create_backup(folder)
    assert mode(archive) == 0o600
    assert mode(folder) == 0o700
    assert mode(tmp_path / "backups") == 0o700


def test_an_existing_open_folder_is_tightened_to_700(tmp_path, evidence_storage):
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    archive = create_backup(folder)
    assert mode(folder) == 0o700 and mode(archive) == 0o600


# Transactional: SQLite's backup API waits forever on a source connection with a write pending.
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the archived SQLite file")
def test_archive_holds_no_session_and_no_orphan_file(tmp_path, evidence_storage):
    make_user("admin-sesi")
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    kept = _stored("kept.pdf", b"%PDF-1.4 kept\n")
    orphan = evidence_storage / "evidence" / "2026" / "12" / "orphan.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4 interrupted upload\n")

    archive = create_backup(tmp_path / "backups")

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        tar.extract("database.sqlite3", tmp_path, filter="data")
    assert f"evidence/{kept.file.name}" in names
    assert not any(name.endswith("orphan.pdf") for name in names)
    database = tmp_path / "database.sqlite3"
    copy = sqlite3.connect(database)
    try:
        assert copy.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)
        assert copy.execute("SELECT COUNT(*) FROM auth_user").fetchone() == (1,)
    finally:
        copy.close()
    # Not even a freed page of the file keeps the key.
    assert session.session_key.encode() not in database.read_bytes()
