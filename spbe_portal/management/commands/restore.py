"""``manage.py restore FILE``: restore a backup archive into an empty database and the evidence folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spbe_portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore an archive made by 'backup' into an EMPTY database (refuses to overwrite data)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of spbe-backup-….tar.gz")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(Path(archive))
        except BackupError as exc:  # one line, exit 2: the archive or the folder given is wrong
            raise CommandError(str(exc), returncode=2) from None
        except OSError as exc:
            raise CommandError(f"{exc.filename or ''}: {exc.strerror or exc}", returncode=2) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {archive}: basis data {manifest['engine']}, {len(manifest['evidence_files'])} file bukti."
            )
        )
