"""``manage.py backup [--output DIR]``: the database and evidence files in one dated archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluations.answers.orphans import find_orphans
from spbe_portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite backup) and every evidence file into one dated archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.VAR_DIR / "backups"), help="Folder for the archive.")

    def handle(self, *args, output, **options):
        try:
            archive = create_backup(Path(output))
        except BackupError as exc:  # one line, exit 2: the archive or the folder given is wrong
            raise CommandError(str(exc), returncode=2) from None
        except OSError as exc:
            raise CommandError(f"{exc.filename or ''}: {exc.strerror or exc}", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"Cadangan dibuat: {archive} (hanya dapat dibaca pemiliknya)"))
        orphans = find_orphans(settings.EVIDENCE_ROOT, min_age_minutes=0)
        if orphans:
            self.stdout.write(
                f"{len(orphans)} file bukti yatim (tidak dirujuk data) tidak ikut dicadangkan; "
                "lihat dan hapus dengan: manage.py clean_evidence [--delete]"
            )
