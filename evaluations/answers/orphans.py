"""Evidence files on disk that no ``EvidenceFile`` row references: what an interrupted upload leaves.

An upload stores its bytes before the row is committed; when the process is killed in between,
the file stays with nothing pointing at it. ``manage.py clean_evidence`` lists (and with
``--delete`` removes) such files; ``backup`` leaves them out of the archive.

Only regular files under the evidence root are considered. Symbolic links are never followed and
never listed: a link could point anywhere on the server, and nothing here may read or remove a
file outside the root.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from evaluations.models import EvidenceFile

# An upload in progress has its file on disk a moment before its row is committed: files younger
# than this are left alone by the cleaner.
DEFAULT_MIN_AGE_MINUTES = 60


def stored_files(root: Path):
    """Relative POSIX paths of the regular files under ``root``, without following any link."""
    root = Path(root)
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix()


def referenced_names() -> set[str]:
    return set(EvidenceFile.objects.values_list("file", flat=True))


def find_orphans(root: Path | None = None, *, min_age_minutes: float = DEFAULT_MIN_AGE_MINUTES) -> list[str]:
    """Relative paths of the files under ``root`` that no row references and that are old enough."""
    root = Path(root or settings.EVIDENCE_ROOT)
    referenced = referenced_names()
    newest = time.time() - min_age_minutes * 60
    return [name for name in stored_files(root) if name not in referenced and (root / name).lstat().st_mtime <= newest]


def delete_orphans(root: Path | None = None, *, min_age_minutes: float = DEFAULT_MIN_AGE_MINUTES) -> list[str]:
    """Remove the files ``find_orphans`` lists; returns what was removed."""
    root = Path(root or settings.EVIDENCE_ROOT)
    removed = []
    for name in find_orphans(root, min_age_minutes=min_age_minutes):
        path = root / name
        # Checked again just before unlinking: still a regular file, not a link, still inside root.
        if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
            continue
        path.unlink()
        removed.append(name)
    return removed
