"""Write a framework as a file in the loader's format (to stdout, or to --output)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.loader import dumps, export_data
from indicators.models import Framework


class Command(BaseCommand):
    help = "Ekspor kerangka ke berkas JSON yang dapat dimuat kembali dengan load_framework."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Kode kerangka, misalnya spbe-2020")
        parser.add_argument("--output", "-o", help="Tulis ke berkas ini (bawaan: keluaran standar)")

    def handle(self, *args, code, output=None, **options):
        framework = Framework.objects.filter(code=code).first()
        if framework is None:
            known = ", ".join(Framework.objects.values_list("code", flat=True)) or "-"
            raise CommandError(f"Kerangka '{code}' tidak ada (yang ada: {known}).", returncode=2)
        text = dumps(export_data(framework))
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{output}: tidak dapat ditulis ({exc.strerror or exc}).", returncode=2) from None
            self.stderr.write(f"Kerangka {code} ditulis ke {output}.")
        else:
            self.stdout.write(text, ending="")
