"""Daily reminder to SKPD officers whose answers are due soon or overdue (run from cron).

Example crontab line (07:00 WITA every day):
    0 7 * * * cd /srv/portal && .venv/bin/python manage.py send_reminders --days 7
Running it twice on the same day sends nothing new.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluations.notifications import send_due_reminders

MAX_DAYS = 3650  # ten years ahead


class Command(BaseCommand):
    help = (
        "Mengirim pengingat (in-app dan e-mail) kepada petugas SKPD yang jawabannya segera jatuh tempo atau terlambat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="Ingatkan jika batas penilaian mandiri dalam N hari (bawaan 7)."
        )

    def handle(self, *args, days, **options):
        if not 0 <= days <= MAX_DAYS:  # a date cannot be millions of years away: no OverflowError
            raise CommandError(f"--days harus 0 sampai {MAX_DAYS}.", returncode=2)
        today = timezone.localdate()
        run = send_due_reminders(today, days)
        self.stdout.write(
            f"Pengingat {today:%Y-%m-%d}: {run.units} SKPD dengan pekerjaan terbuka, "
            f"{run.notified} notifikasi baru, {run.mailed} e-mail dikirim, "
            f"{run.already_today} sudah dikirim hari ini."
        )
