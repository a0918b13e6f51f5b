"""Load a framework file (docs/framework-format.md): everything is checked first, nothing is saved on error."""

from django.core.management.base import BaseCommand, CommandError

from indicators.loader import FrameworkFileError, load_file

ACTIONS = {
    "created": "Kerangka {code} dimuat: {count} indikator.",
    "updated": "Kerangka {code} diperbarui dari berkas: {count} indikator.",
    "unchanged": "Kerangka {code} sudah sama dengan berkas: tidak ada yang diubah.",
}


class Command(BaseCommand):
    help = "Muat berkas kerangka (JSON). Semua diperiksa dulu; bila ada kesalahan tidak ada yang disimpan."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas kerangka .json")

    def handle(self, *args, file, **options):
        try:
            result = load_file(file)
        except FrameworkFileError as exc:
            # exit 2 (bad input), one line when there is one problem: no traceback for any file
            if len(exc.errors) == 1:
                raise CommandError(
                    f"{exc.source or file}: berkas tidak dimuat: {exc.errors[0]}", returncode=2
                ) from None
            lines = [f"{exc.source or file}: berkas tidak dimuat."] + exc.errors
            raise CommandError("\n".join(lines), returncode=2) from None
        framework = result.framework
        message = ACTIONS[result.action].format(code=framework.code, count=framework.indicators.count())
        self.stdout.write(self.style.SUCCESS(message))
