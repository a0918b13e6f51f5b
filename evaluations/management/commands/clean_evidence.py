"""``manage.py clean_evidence [--delete] [--min-age MINUTES]``: evidence files no row references.

An interrupted upload can leave its file in the evidence folder with no ``EvidenceFile`` row.
By default this only lists such files; ``--delete`` removes them. Only regular files under
``EVIDENCE_ROOT`` are considered (links are never followed), and files younger than
``--min-age`` minutes (60) are left alone, because an upload in progress looks the same.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluations.answers.orphans import DEFAULT_MIN_AGE_MINUTES, delete_orphans, find_orphans


class Command(BaseCommand):
    help = "Mendaftar (atau dengan --delete menghapus) file bukti di EVIDENCE_ROOT yang tidak dirujuk data mana pun."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Hapus file yatim (bawaan: hanya daftar).")
        parser.add_argument(
            "--min-age",
            type=float,
            default=DEFAULT_MIN_AGE_MINUTES,
            help=f"Abaikan file yang lebih muda dari N menit (bawaan {DEFAULT_MIN_AGE_MINUTES}).",
        )

    def handle(self, *args, delete, min_age, **options):
        if not min_age >= 0:
            raise CommandError("--min-age harus 0 atau lebih.")
        root = settings.EVIDENCE_ROOT
        if delete:
            names = delete_orphans(root, min_age_minutes=min_age)
            verb = "dihapus"
        else:
            names = find_orphans(root, min_age_minutes=min_age)
            verb = "akan dihapus dengan --delete"
        for name in names:
            self.stdout.write(f"{root / name}")
        self.stdout.write(f"{len(names)} file bukti yatim di {root} {verb}.")
