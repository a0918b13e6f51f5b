"""Export a crosswalk in the canonical JSON layout (the latest version unless --version is given)."""

from django.core.management.base import BaseCommand, CommandError

from indicators.crosswalk import dumps, export_data
from indicators.models import Crosswalk


class Command(BaseCommand):
    help = "Ekspor padanan indikator antara dua kerangka ke JSON."

    def add_arguments(self, parser):
        parser.add_argument("from_code", help="Kode kerangka asal, misalnya spbe-2020")
        parser.add_argument("to_code", help="Kode kerangka tujuan, misalnya pemdi-2026")
        parser.add_argument(
            "--crosswalk-version", dest="crosswalk_version", type=int, help="Versi (bawaan: yang terbaru)"
        )
        parser.add_argument("-o", "--output", help="Tulis ke berkas ini, bukan ke stdout")

    def handle(self, *args, from_code, to_code, crosswalk_version=None, output=None, **options):
        rows = Crosswalk.objects.filter(from_framework__code=from_code, to_framework__code=to_code).select_related(
            "from_framework", "to_framework"
        )
        if crosswalk_version is not None:
            rows = rows.filter(version=crosswalk_version)
        crosswalk = rows.order_by("-version").first()
        if crosswalk is None:
            raise CommandError(f"padanan {from_code} → {to_code} tidak ada", returncode=2)
        text = dumps(export_data(crosswalk))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
