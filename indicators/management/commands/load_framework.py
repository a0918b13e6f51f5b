"""Load a framework file (docs/framework-format.md): everything is checked first, nothing is saved on error.

A change that would move the computed index of an existing period (weights, bands, indicators
added or removed) is shown first, period by period, and loaded only with ``--confirm``; without it
the command exits with status 3 having changed nothing. Every load is kept in the framework's
history (``indicators.revisions``).
"""

from django.core.management.base import BaseCommand, CommandError

from indicators.loader import FrameworkFileError, read_file
from indicators.revisions import ConfirmationRequired, apply_change

ACTIONS = {
    "created": "Kerangka {code} dimuat: {count} indikator.",
    "updated": "Kerangka {code} diperbarui dari berkas: {count} indikator.",
    "unchanged": "Kerangka {code} sudah sama dengan berkas: tidak ada yang diubah.",
}
NOT_CONFIRMED = 3  # exit status: the change needs --confirm
PARTS = {
    "framework": "kerangka",
    "scale": "skala",
    "domain": "domain",
    "aspect": "aspek",
    "indicator": "indikator",
    "band": "predikat",
}
KINDS = {
    "added": "ditambahkan",
    "removed": "dihapus",
    "renamed": "berganti nama",
    "weight": "bobot",
    "moved": "pindah induk",
    "bounds": "batas",
    "text": "teks",
}


def _number(value):
    return "–" if value is None else f"{value:.2f}"


def impact_lines(preview):
    """The change and its effect as plain text lines (what the web preview shows as tables)."""
    lines = [f"Perubahan kerangka {preview.code}:"]
    for change in preview.changes:
        what = f"  {PARTS.get(change.part, change.part)} {change.key} ({KINDS.get(change.kind, change.kind)})"
        if change.old or change.new:
            what += f": {change.old or '–'} → {change.new or '–'}"
        elif change.field:
            what += f": {change.field}"
        lines.append(what)
    if preview.impact:
        lines.append("Dampak pada periode (indeks lama → baru):")
        for row in preview.impact:
            mark = " *" if row.changed else ""
            floor = " (sementara)" if row.provisional else ""
            lines.append(
                f"  {row.year} {row.series_label}: {_number(row.old)} {row.old_predicate} → "
                f"{_number(row.new)} {row.new_predicate}{floor}{mark}"
            )
    return lines


class Command(BaseCommand):
    help = (
        "Muat berkas kerangka (JSON). Semua diperiksa dulu; bila ada kesalahan tidak ada yang disimpan. "
        "Perubahan yang mengubah indeks periode yang ada hanya dimuat dengan --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas kerangka .json")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Muat juga bila perubahan mengubah indeks periode yang sudah ada (dampaknya dicetak dulu).",
        )

    def handle(self, *args, file, confirm=False, **options):
        try:
            data = read_file(file)
            preview, revision = apply_change(data, confirm=confirm, source="command", file_name=str(file))
        except FrameworkFileError as exc:
            # exit 2 (bad input), one line when there is one problem: no traceback for any file
            if len(exc.errors) == 1:
                raise CommandError(
                    f"{exc.source or file}: berkas tidak dimuat: {exc.errors[0]}", returncode=2
                ) from None
            lines = [f"{exc.source or file}: berkas tidak dimuat."] + exc.errors
            raise CommandError("\n".join(lines), returncode=2) from None
        except ConfirmationRequired as exc:
            self.stdout.write("\n".join(impact_lines(exc.preview)))
            raise CommandError(
                f"{file}: {exc} Jalankan lagi dengan --confirm untuk memuatnya.", returncode=NOT_CONFIRMED
            ) from None
        if preview.impact:
            self.stdout.write("\n".join(impact_lines(preview)))
        framework = revision.framework if revision is not None else preview.framework
        message = ACTIONS[preview.action].format(code=preview.code, count=framework.indicators.count())
        self.stdout.write(self.style.SUCCESS(message))
