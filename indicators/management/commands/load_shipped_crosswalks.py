"""Load the crosswalks shipped in indicators/frameworks/crosswalks/ that the database lacks.

Idempotent, like load_shipped_frameworks: a pair of frameworks that already has a crosswalk is left
alone (an administrator may have loaded a newer version); a pair whose frameworks are not loaded
is skipped.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from indicators.crosswalk import CrosswalkFileError, load_file, shipped_files
from indicators.models import Crosswalk, Framework


class Command(BaseCommand):
    help = "Muat padanan indikator bawaan yang belum ada di basis data."

    def handle(self, *args, **options):
        for path in shipped_files():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: tidak dapat dibaca: {exc}") from None
            from_code, to_code = data.get("from_framework"), data.get("to_framework")
            if Framework.objects.filter(code__in=[from_code, to_code]).count() < 2:
                self.stdout.write(f"Padanan {from_code} → {to_code}: kerangkanya belum dimuat, dilewati.")
                continue
            if Crosswalk.objects.filter(from_framework__code=from_code, to_framework__code=to_code).exists():
                self.stdout.write(f"Padanan {from_code} → {to_code} sudah ada: dibiarkan.")
                continue
            try:
                result = load_file(path)
            except CrosswalkFileError as exc:
                raise CommandError("\n".join([f"{path}: berkas tidak dimuat."] + exc.errors)) from None
            self.stdout.write(
                self.style.SUCCESS(f"Padanan {from_code} → {to_code} dimuat: {result.crosswalk.rows.count()} baris.")
            )
