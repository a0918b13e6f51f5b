"""manage.py seed_demo [--force]: illustrative units, accounts, the open 2026 period and its assignments.

Refuses to run with DEBUG off unless given ``--force``, so demo accounts (all with the password
``demo-spbe``) never reach production by accident. Idempotent: it only creates what is missing and
never changes what exists (a unit renamed, a password changed or an assignment edited after the
first run stays as it is), so running it twice changes nothing.

Steps: the shipped frameworks (``load_shipped_frameworks``, when SPBE 2020 is missing), the units of
``skpd/fixtures/kalsel-skpd-demo.csv``, the accounts of ``DEMO_ACCOUNTS`` plus one officer per unit
(``op-<code in lower case>``), the open 2026 period on SPBE 2020 with the typical assignments of
``TYPICAL_ASSIGNMENTS`` and the flagship services of 45–47, then ``evaluations.demo.seed_history``
(past periods 2021–2025 and answers in progress) when that module exists.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from evaluations import demo
from evaluations.assignments import services as assignments
from evaluations.models import Assignment, Period, PeriodIndicator
from indicators.models import Aspect, Framework
from skpd import people, units
from skpd.models import Profile, Unit
from skpd.roles import Role

DEMO_PASSWORD = "demo-spbe"
UNITS_FILE = Path(__file__).resolve().parents[3] / "skpd" / "fixtures" / "kalsel-skpd-demo.csv"
PERIOD_YEAR = 2026

# username: (role, unit code or None, review aspects by number or None = all, description for the README)
DEMO_ACCOUNTS = {
    "admin": (Role.ADMIN, "DISKOMINFO", None, "Administrator (juga superuser untuk halaman Administrasi Django)"),
    "reviewer": (Role.REVIEWER, "DISKOMINFO", None, "Reviewer, tim asesor internal, semua aspek"),
    "reviewer-layanan": (
        Role.REVIEWER,
        "DISKOMINFO",
        (7, 8),
        "Reviewer terbatas pada aspek 7 dan 8 (domain 4 Layanan SPBE)",
    ),
    "pimpinan": (Role.EXECUTIVE, "SETDA-ADPIM", None, "Pimpinan (Kantor Gubernur): hanya membaca"),
}
OFFICER_PREFIX = "op-"  # plus the unit code in lower case: op-bappeda, op-diskominfo, …

# (indicator numbers, lead unit, contributing units): shared/reference/README.md, a plausible default.
TYPICAL_ASSIGNMENTS = [
    ([1, 2, 3, 4, 5, 6, 7, 8, 10], "DISKOMINFO", ["SETDA-HUK"]),
    ([9], "DISKOMINFO", ["INSP"]),
    ([11, 12], "DISKOMINFO", ["BAPPEDA"]),
    ([13], "BAPPEDA", ["BPKAD"]),
    ([14, 27], "SETDA-ORG", ["DISKOMINFO"]),
    ([15, 16, 17, 18, 19, 20, 22, 23, 26, 28], "DISKOMINFO", []),
    ([21], "DISKOMINFO", ["INSP"]),
    ([24], "BPKAD", ["DISKOMINFO"]),
    ([25], "BKD", ["BPSDM"]),
    ([29, 30, 31], "INSP", ["DISKOMINFO"]),
    ([32], "BAPPEDA", []),
    ([33, 34, 38], "BPKAD", []),
    ([35], "SETDA-PBJ", []),
    ([36, 41], "BKD", []),
    ([37], "DISPERSIP", []),
    ([39], "INSP", []),
    ([40], "SETDA-ORG", []),
    ([42], "DISKOMINFO", ["SETDA-ORG"]),
    ([43], "DISKOMINFO", []),
    ([44], "SETDA-HUK", []),
    ([45], "DPMPTSP", ["DISKOMINFO"]),
    ([46], "DINKES", ["RSUD-ULIN"]),
    ([47], "DISDIKBUD", []),
]
# The three flagship sector services the province picked (illustrative).
FLAGSHIP_SERVICES = {
    45: "Perizinan online (SIMPONI)",
    46: "Layanan kesehatan daring (rujukan dan antrean RSUD Ulin)",
    47: "Penerimaan peserta didik baru daring (PPDB SMA/SMK)",
}


def demo_accounts(unit_codes):
    """Every demo account as (username, role, unit code, aspect numbers, description), officers last."""
    rows = [(name, *spec) for name, spec in DEMO_ACCOUNTS.items()]
    rows += [
        (f"{OFFICER_PREFIX}{code.lower()}", Role.OFFICER, code, None, f"Petugas SKPD {code}") for code in unit_codes
    ]
    return rows


class Command(BaseCommand):
    help = "Isi data demo (ilustrasi): perangkat daerah, akun demo, periode 2026 dan penugasannya. Aman diulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="jalankan walau DEBUG mati (jangan di server produksi)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo menolak berjalan dengan DEBUG mati: akun demo (kata sandi demo-spbe) tidak boleh "
                "sampai ke produksi. Pakai DEBUG=1 untuk pengembangan, atau --force bila memang disengaja."
            )
        self._framework()
        with transaction.atomic():
            unit_by_code = self._units()
            admin = self._accounts(unit_by_code)
            period = self._period(admin)
            if period is not None:
                self._assignments(admin, period, unit_by_code)
        self._history()
        self.stdout.write(self.style.SUCCESS(f"Data demo siap. Kata sandi semua akun demo: {DEMO_PASSWORD}"))

    # --- steps -----------------------------------------------------------------------------------

    def _framework(self):
        if Framework.objects.filter(code=demo.FRAMEWORK_CODE).exists():
            return
        if "load_shipped_frameworks" in get_commands():
            call_command("load_shipped_frameworks", stdout=self.stdout, stderr=self.stderr)
        if not Framework.objects.filter(code=demo.FRAMEWORK_CODE).exists():
            self.stderr.write(f"Peringatan: kerangka {demo.FRAMEWORK_CODE} tidak ada; periode dan penugasan dilewati.")

    def _units(self):
        rows = units.parse_units(UNITS_FILE.read_bytes())
        existing = {u.code: u for u in Unit.objects.all()}
        created = 0
        for row in rows:
            if row["code"] not in existing:
                existing[row["code"]] = units.create_unit(
                    None, code=row["code"], name=row["name"], short_name=row["short_name"], kind=row["kind"]
                )
                created += 1
        self.stdout.write(f"Perangkat daerah: {created} dibuat, {len(rows) - created} sudah ada.")
        return {row["code"]: existing[row["code"]] for row in rows}

    def _accounts(self, unit_by_code):
        user_model = get_user_model()
        framework = Framework.objects.filter(code=demo.FRAMEWORK_CODE).first()
        existing = {u.username: u for u in user_model.objects.all()}
        created = 0
        # One hash for all demo accounts: Argon2 is deliberately slow, and these share a password anyway.
        hashed = None
        for username, role, unit_code, aspect_numbers, _description in demo_accounts(unit_by_code):
            unit = unit_by_code.get(unit_code)
            aspects = []
            if aspect_numbers and framework is not None:
                aspects = list(Aspect.objects.filter(framework=framework, number__in=aspect_numbers))
            user = existing.get(username)
            if user is None:
                user = people.create_person(
                    None,
                    username=username,
                    role=role,
                    password=None,
                    unit=unit,
                    aspects=aspects,
                    first_name=_display_name(username, unit),
                )
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
                user.save(update_fields=["password"])
                existing[username] = user
                created += 1
            elif aspects:
                # The framework may have arrived after the account: fill a missing scope, never replace one.
                profile, _created = Profile.objects.get_or_create(user=user)
                if not profile.review_aspects.exists():
                    profile.review_aspects.set(aspects)
            if username == "admin" and not (user.is_staff and user.is_superuser):
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        total = len(demo_accounts(unit_by_code))
        self.stdout.write(f"Akun demo: {created} dibuat, {total - created} sudah ada.")
        return existing["admin"]

    def _period(self, admin):
        framework = Framework.objects.filter(code=demo.FRAMEWORK_CODE).first()
        period = Period.objects.filter(year=PERIOD_YEAR).select_related("framework").first()
        if period is not None:
            if period.framework_id != getattr(framework, "pk", None):
                self.stdout.write(f"Periode {PERIOD_YEAR} sudah ada dengan kerangka lain: penugasan contoh dilewati.")
                return None
            self.stdout.write(f"Periode {PERIOD_YEAR} sudah ada.")
            return period
        if framework is None:
            return None
        from evaluations.periods import services as periods

        today = timezone.localdate()
        period = periods.create_period(
            admin,
            year=PERIOD_YEAR,
            framework=framework,
            kind=Period.Kind.EVALUASI,
            target_index="3.50",
            is_illustrative=True,
            notes="Data ilustrasi: periode demo, bukan penilaian resmi.",
            self_assessment_start=today - datetime.timedelta(days=14),
            self_assessment_due=today + datetime.timedelta(days=28),
            verification_due=today + datetime.timedelta(days=56),
        )
        periods.change_status(admin, period, Period.Status.OPEN, reason="Periode demo dibuka (seed_demo)")
        self.stdout.write(f"Periode {PERIOD_YEAR} dibuat dan dibuka (data ilustrasi).")
        return Period.objects.select_related("framework").get(pk=period.pk)

    def _assignments(self, admin, period, unit_by_code):
        assigned = set(Assignment.objects.filter(period=period).values_list("indicator__number", flat=True))
        numbers = set(period.framework.indicators.values_list("number", flat=True))
        plan = {}
        for indicator_numbers, lead, contributors in TYPICAL_ASSIGNMENTS:
            for number in indicator_numbers:
                if number in numbers and number not in assigned:
                    plan[number] = (unit_by_code[lead].pk, {unit_by_code[c].pk for c in contributors})
        if plan and not period.is_read_only:
            assignments.save_assignments(admin, period, plan)
        self.stdout.write(f"Penugasan {PERIOD_YEAR}: {len(plan)} indikator diisi, {len(assigned)} sudah ada.")
        services = {}
        settings_rows = {
            s.indicator.number: s
            for s in PeriodIndicator.objects.filter(
                period=period, indicator__number__in=FLAGSHIP_SERVICES
            ).select_related("indicator")
        }
        for indicator in period.framework.indicators.filter(number__in=FLAGSHIP_SERVICES):
            row = settings_rows.get(indicator.number)
            if row is None or not row.service_name:
                services[indicator] = {
                    "service_name": FLAGSHIP_SERVICES[indicator.number],
                    "target_level": getattr(row, "target_level", None),
                    "feasible_max": getattr(row, "feasible_max", None),
                }
        if services and not period.is_read_only:
            from evaluations.periods import services as periods

            periods.set_indicator_settings(admin, period, services)

    def _history(self):
        demo.seed_history(self.stdout)


def _display_name(username, unit):
    if username.startswith(OFFICER_PREFIX) and unit is not None:
        return f"Petugas {unit.display_name}"
    return {
        "admin": "Admin Portal",
        "reviewer": "Reviewer",
        "reviewer-layanan": "Reviewer Layanan",
        "pimpinan": "Pimpinan",
    }[username]
