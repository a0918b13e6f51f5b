"""Backup and restore of the whole portal: the database and the evidence files, in one archive.

An archive ``spbe-backup-YYYYmmdd-HHMMSS.tar.gz`` holds ``manifest.json`` (engine, time, file
list with SHA-256), the database (``database.pgdump`` from pg_dump's custom format, or
``database.sqlite3`` from SQLite's online backup API) and ``evidence/`` (every stored file that
an ``EvidenceFile`` row references; orphans from interrupted uploads are left out).
Restore goes into an empty database only, and never overwrites an evidence file whose content
differs: data is never silently lost.

An archive holds every password hash and every evidence file, so it is written readable by its
owner only (mode 600, in a folder of mode 700), created with those modes rather than tightened
afterwards. Sessions are left out: a restored portal starts with everyone signed out, and a
stolen archive holds no session key that could be replayed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1
SESSION_TABLE = "django_session"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def _pg_env(db):
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db):
    args = []
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return args


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(alias: str, target_dir: Path) -> str:
    connection = connections[alias]
    db = connection.settings_dict
    vendor = connection.vendor
    if vendor == "postgresql":
        out = target_dir / "database.pgdump"
        result = subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--exclude-table-data={SESSION_TABLE}",
                "-f",
                str(out),
                *_pg_args(db),
                db["NAME"],
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return out.name
    if vendor == "sqlite":
        out = target_dir / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(out)
        try:
            connection.connection.backup(destination)
            # Drop the sessions from the copy; VACUUM rewrites the file so no freed page keeps a key.
            tables = {row[0] for row in destination.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if SESSION_TABLE in tables:
                destination.execute(f'DELETE FROM "{SESSION_TABLE}"')
                destination.commit()
                destination.execute("VACUUM")
        finally:
            destination.close()
        return out.name
    raise BackupError(f"Database engine {vendor!r} is not supported by backup.")


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) as mode 700; tighten an existing one we own."""
    old_umask = os.umask(0o077)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    finally:
        os.umask(old_umask)
    if folder.stat().st_mode & 0o077:
        # Not ours (a shared mount): the archive itself is still mode 600.
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def _open_private(path: Path):
    """A new file readable and writable by its owner only, created so (never chmod-ed after)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise BackupError(f"{path} already exists; wait a second and run the backup again.") from None
    return os.fdopen(fd, "wb")


def create_backup(output_dir: Path, *, alias: str = "default", evidence_root: Path | None = None) -> Path:
    """Write one dated archive into ``output_dir`` and return its path."""
    from evaluations.answers.orphans import referenced_names, stored_files

    evidence_root = Path(evidence_root or settings.EVIDENCE_ROOT)
    output_dir = Path(output_dir)
    _private_folder(output_dir)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"spbe-backup-{stamp}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second and run the backup again.")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        database_file = _dump_database(alias, tmp_path)
        # Read after the dump, so every file the dumped rows reference is included; a file no row
        # references (an interrupted upload) is left out.
        referenced = referenced_names()
        files = [
            {"path": name, "sha256": _sha256(evidence_root / name)}
            for name in stored_files(evidence_root)
            if name in referenced
        ]
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.now().astimezone().isoformat(),
            "engine": connections[alias].vendor,
            "database_file": database_file,
            "evidence_files": files,
        }
        raw = _open_private(archive)
        try:
            with raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                tar.add(tmp_path / database_file, arcname=database_file)
                for entry in files:
                    tar.add(evidence_root / entry["path"], arcname=f"evidence/{entry['path']}")
        except BaseException:
            archive.unlink(missing_ok=True)  # a half-written archive would pass for a backup
            raise
    return archive


def _database_is_empty(alias: str) -> bool:
    connection = connections[alias]
    tables = connection.introspection.table_names()
    if "django_migrations" not in tables:
        return True
    with connection.cursor() as cursor:
        for table in ("auth_user", "evaluations_answer", "indicators_framework"):
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                if cursor.fetchone()[0]:
                    return False
    return True


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        name = member.name
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry {name!r}; refusing to restore it.")
        yield member


def restore_backup(archive: Path, *, alias: str = "default", evidence_root: Path | None = None) -> dict:
    """Restore an archive made by ``create_backup`` into an empty database. Returns the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file.")
    evidence_root = Path(evidence_root or settings.EVIDENCE_ROOT)
    connection = connections[alias]
    if not _database_is_empty(alias):
        raise BackupError(
            "The target database already holds portal data. Restore only into an empty database "
            "(create a new one and point DATABASE_URL at it) so nothing is overwritten."
        )
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(tmp_path, members=list(_safe_members(tar)), filter="data")
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:  # EOFError: a truncated archive
            raise BackupError(f"{archive}: not a readable backup archive ({exc}).") from exc
        manifest_path = tmp_path / "manifest.json"
        if not manifest_path.exists():
            raise BackupError(f"{archive}: manifest.json is missing; this is not a portal backup.")
        try:
            manifest = json.loads(manifest_path.read_text())
        except (ValueError, RecursionError) as exc:
            raise BackupError(f"{archive}: manifest.json is not readable ({exc}).") from None
        if manifest.get("engine") != connection.vendor:
            raise BackupError(
                f"The backup was made on {manifest.get('engine')}, the target database is {connection.vendor}."
            )
        # Check the files first: nothing is written when any file is damaged or would overwrite another.
        for entry in manifest["evidence_files"]:
            source = tmp_path / "evidence" / entry["path"]
            if not source.exists() or _sha256(source) != entry["sha256"]:
                raise BackupError(f"Evidence file {entry['path']} in the archive is missing or damaged.")
            target = evidence_root / entry["path"]
            if target.exists() and _sha256(target) != entry["sha256"]:
                raise BackupError(f"Evidence file {target} exists with different content; move it away first.")
        database_file = tmp_path / manifest["database_file"]
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            connection.close()
            result = subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--clean",
                    "--if-exists",
                    "-d",
                    db["NAME"],
                    *_pg_args(db),
                    str(database_file),
                ],
                env=_pg_env(db),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        for entry in manifest["evidence_files"]:
            target = evidence_root / entry["path"]
            _evidence_folder(target.parent)
            if not target.exists():
                _copy_evidence(tmp_path / "evidence" / entry["path"], target)
    return manifest


def _evidence_folder(folder: Path) -> None:
    """Create an evidence folder with the mode uploads get (FILE_UPLOAD_DIRECTORY_PERMISSIONS)."""
    mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o750
    old_umask = os.umask(0o777 & ~mode)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    finally:
        os.umask(old_umask)


def _copy_evidence(source: Path, target: Path) -> None:
    """Copy one evidence file, created with the mode uploads get (FILE_UPLOAD_PERMISSIONS)."""
    mode = settings.FILE_UPLOAD_PERMISSIONS or 0o640
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
        shutil.copyfileobj(handle, out)
