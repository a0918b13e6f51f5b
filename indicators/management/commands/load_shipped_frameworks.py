"""Load the frameworks shipped in indicators/frameworks/ that the database does not have yet.

Idempotent: a framework already present is left as it is (an administrator may have confirmed or
edited it), so `make run` can call this every time.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from indicators.loader import FrameworkFileError, read_file, shipped_files
from indicators.models import Framework
from indicators.revisions import apply_change


class Command(BaseCommand):
    help = "Muat kerangka bawaan (indicators/frameworks/*.json) yang belum ada di basis data."

    def handle(self, *args, **options):
        for path in shipped_files():
            try:
                code = json.loads(path.read_text(encoding="utf-8")).get("code")
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: tidak dapat dibaca: {exc}") from None
            if Framework.objects.filter(code=code).exists():
                self.stdout.write(f"Kerangka {code} sudah ada: dibiarkan.")
                continue
            try:
                # a new framework (no period uses it): loaded on the record, never over an existing one
                _preview, revision = apply_change(read_file(path), source="shipped", file_name=path.name)
            except FrameworkFileError as exc:
                raise CommandError("\n".join([f"{path}: berkas tidak dimuat."] + exc.errors)) from None
            self.stdout.write(
                self.style.SUCCESS(f"Kerangka {code} dimuat: {revision.framework.indicators.count()} indikator.")
            )
