"""manage.py load_published_results [FILE]: published index results of other governments and the
national average (default: the shipped ``evaluations/reference/published-indexes.csv``).

Idempotent: results already recorded are left as they are. A bad row refuses the whole file with
one line per problem (file, row, column, reason) and exit status 2.
"""

from django.core.management.base import BaseCommand, CommandError

from evaluations.peers.loader import SHIPPED_FILE, PublishedFileError, load_published_results

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Muat hasil indeks terpublikasi instansi lain dan rata-rata nasional (aman dijalankan berulang)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_FILE), help="Berkas CSV hasil terpublikasi")

    def handle(self, *args, file, **options):
        try:
            report = load_published_results(file)
        except PublishedFileError as exc:
            raise CommandError("\n".join(exc.errors), returncode=EXIT_BAD_INPUT) from None
        self.stdout.write(f"Hasil terpublikasi: {report.created} ditambahkan, {report.unchanged} sudah ada.")
