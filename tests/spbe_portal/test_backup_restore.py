"""make backup / make restore: restoring into an empty database gives back the same data and files."""

import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from evaluations.models import Answer, Assignment, Evidence, EvidenceFile, Period
from tests.factories import make_framework, make_unit, make_user

ROOT = Path(__file__).resolve().parents[2]

SNAPSHOT = """
import json, hashlib
from evaluations.models import Answer, Evidence
from django.core.files.storage import default_storage
answers = sorted((a.indicator.number, a.unit.code, a.proposed_level, a.verified_level, a.status, a.explanation)
                 for a in Answer.objects.select_related('indicator', 'unit'))
history = Answer.history.count()
files = sorted(hashlib.sha256(default_storage.open(e.file.file.name).read()).hexdigest()
               for e in Evidence.objects.select_related('file').exclude(file=None))
weighted = sum(a.verified_level * a.indicator.weight for a in Answer.objects.select_related('indicator') if a.verified_level)
print(json.dumps({'answers': answers, 'history': history, 'files': files, 'weighted': str(weighted / 100)}))
"""


def _snapshot(env=None):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SNAPSHOT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _sessions(env):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.sessions.models import Session; print(Session.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def _build_data(tmp_storage):
    framework = make_framework()
    unit = make_unit("DISKOMINFO")
    officer = make_user("op-diskominfo", unit=unit)
    period = Period.objects.create(year=2026, framework=framework, status=Period.Status.OPEN)
    for indicator in framework.indicators.all():
        Assignment.objects.create(period=period, indicator=indicator, unit=unit)
        answer = Answer.objects.create(
            period=period, indicator=indicator, unit=unit, proposed_level=3, explanation=f"Fakta {indicator.number}"
        )
        answer.status = Answer.Status.VERIFIED
        answer.verified_level = 2 + indicator.number % 3
        answer.save()
    stored = EvidenceFile(
        sha256="0" * 64,
        original_name="Indikator1-Pergub.pdf",
        size=9,
        content_type="application/pdf",
        uploaded_by=officer,
    )
    stored.file.save("Indikator1-Pergub.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    stored.save()
    Evidence.objects.create(answer=Answer.objects.first(), title="Pergub", file=stored, added_by=officer)
    session = SessionStore()
    session["_auth_user_id"] = str(officer.pk)
    session.create()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_empty_database_gives_same_data_and_files(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path / "evidence")}},
    }
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    _build_data(tmp_path)

    db = connection.settings_dict
    if connection.vendor == "postgresql":
        source_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        # The in-memory test database is visible only in this process: copy it to a file first.
        source_file = tmp_path / "source.sqlite3"
        import sqlite3

        target = sqlite3.connect(source_file)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        source_url = f"sqlite:///{source_file}"
    base_env = {"PATH": os.environ.get("PATH", ""), "DEBUG": "1"}
    source_env = {**base_env, "DATABASE_URL": source_url, "EVIDENCE_ROOT": str(tmp_path / "evidence")}
    before = _snapshot(source_env)
    assert len(before["answers"]) == 5 and before["files"] and before["history"] >= 10

    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "--output", str(tmp_path / "backups")],
        cwd=ROOT,
        env=source_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (archive,) = (tmp_path / "backups").glob("spbe-backup-*.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700

    if connection.vendor == "postgresql":
        empty_name = f"spbe_restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], empty_name], check=True)
        target_url = source_url.rsplit("/", 1)[0] + "/" + empty_name
    else:
        empty_name = None
        target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    target_env = {**base_env, "DATABASE_URL": target_url, "EVIDENCE_ROOT": str(tmp_path / "restored-evidence")}
    try:
        result = subprocess.run(
            ["make", "--no-print-directory", "restore", f"FILE={archive}"],
            cwd=ROOT,
            env={**target_env, "PYTHON": sys.executable},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        after = _snapshot(target_env)
        assert after == before
        # Nobody is signed in on the restored portal: the source's session was not archived.
        assert _sessions(source_env) == 1 and _sessions(target_env) == 0
        restored = [p for p in (tmp_path / "restored-evidence").rglob("*") if p.is_file()]
        assert restored and all(stat.S_IMODE(p.stat().st_mode) == 0o640 for p in restored)
        assert all(stat.S_IMODE(p.parent.stat().st_mode) == 0o750 for p in restored)

        # A second restore over the now non-empty database is refused and changes nothing.
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=target_env,
            capture_output=True,
            text=True,
        )
        assert again.returncode != 0
        assert "already holds portal data" in again.stderr
        assert _snapshot(target_env) == before
    finally:
        if empty_name:
            subprocess.run(["dropdb", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], "--if-exists", empty_name])


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"hello")
    with pytest.raises(Exception, match="not a readable backup archive"):
        call_command("restore", str(bogus))


@pytest.mark.django_db
def test_restore_of_a_truncated_archive_is_one_line_and_exit_2(tmp_path):
    """A backup cut short (a copy interrupted) ends gzip's stream early: EOFError, not a traceback."""
    import io
    import tarfile

    from django.core.management.base import CommandError

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (
            ("manifest.json", b'{"engine": "sqlite", "evidence_files": []}'),
            ("db", os.urandom(200_000)),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    truncated = tmp_path / "spbe-backup-terpotong.tar.gz"
    truncated.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(CommandError) as excinfo:
        call_command("restore", str(truncated))
    assert excinfo.value.returncode == 2
    assert "\n" not in str(excinfo.value) and "not a readable backup archive" in str(excinfo.value)


def test_backup_into_an_impossible_folder_is_one_line_and_exit_2(tmp_path):
    from django.core.management.base import CommandError

    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    with pytest.raises(CommandError) as excinfo:
        call_command("backup", "--output", str(blocker / "cadangan"))
    assert excinfo.value.returncode == 2 and "\n" not in str(excinfo.value)
