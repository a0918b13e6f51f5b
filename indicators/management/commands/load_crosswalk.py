"""Load a crosswalk file (docs/framework-format.md, "Crosswalk"): the whole file is checked first;
on any problem nothing is saved and every problem is listed with its row.

A load goes the way the web upload's goes (``evaluations.frameworks.crosswalks.apply``): the new
version, its changes and its effect on the estimates are recorded in the framework history
("Riwayat kerangka"), with "command" as its source."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.crosswalk import CrosswalkFileError, read_file

ACTIONS = {
    "created": "Padanan {from_code} → {to_code} versi {version} dimuat: {count} baris.",
    "updated": "Padanan {from_code} → {to_code} versi {version} dimuat: {count} baris.",
    "unchanged": "Padanan {from_code} → {to_code} versi {version} sudah sama dengan berkas: tidak ada yang diubah.",
}


class Command(BaseCommand):
    help = "Muat berkas padanan indikator (JSON, atau CSV dengan --from dan --to)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas padanan .json atau .csv")
        parser.add_argument("--from", dest="from_code", help="Kode kerangka asal (untuk CSV), misalnya spbe-2020")
        parser.add_argument("--to", dest="to_code", help="Kode kerangka tujuan (untuk CSV), misalnya pemdi-2026")

    def handle(self, *args, file, from_code=None, to_code=None, **options):
        # The history of a load (and its effect on periods' estimates) is the evaluations app's.
        from evaluations.frameworks import crosswalks

        try:
            checked = read_file(file, from_framework=from_code, to_framework=to_code)
        except CrosswalkFileError as exc:
            lines = [f"{exc.source or file}: berkas tidak dimuat."] + exc.errors
            raise CommandError("\n".join(lines), returncode=2) from None
        preview, revision = crosswalks.apply(checked, source="command", file_name=Path(file).name)
        crosswalk = revision.crosswalk if revision is not None else preview.current
        self.stdout.write(
            self.style.SUCCESS(
                ACTIONS["unchanged" if revision is None else str(revision.action)].format(
                    from_code=crosswalk.from_framework.code,
                    to_code=crosswalk.to_framework.code,
                    version=crosswalk.version,
                    count=crosswalk.rows.count(),
                )
            )
        )
