"""manage.py import_units FILE [--update-existing]: work units from a CSV (code,name,short_name,kind)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skpd import units


class Command(BaseCommand):
    help = "Impor perangkat daerah dari CSV (code,name,short_name,kind). Bila ada baris salah, tidak ada yang disimpan."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas CSV, UTF-8, baris pertama kepala kolom")
        parser.add_argument(
            "--update-existing",
            action="store_true",
            help="perbarui nama, nama singkat dan jenis unit yang kodenya sudah terdaftar (tanpa ini: ditolak)",
        )

    def handle(self, *args, file, update_existing=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.", returncode=2)
        try:
            report = units.import_units(None, path.read_bytes(), update_existing=update_existing)
        except units.UnitImportError as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(
                f"{path}: {exc.total} kesalahan, tidak ada yang disimpan:\n{lines}", returncode=2
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} ditambahkan, {len(report.updated)} diperbarui, {len(report.unchanged)} tidak berubah."
            )
        )
