"""Builds a benchmark dataset of a given size in the current database, fast.

Sizes (``SIZES``): *province* is 45 units × 47 indicators × 10 periods (21,150 answers); *national*
is 600 units each answering all 47 indicators in 10 periods (282,000 answers, ~494,000 evidence
rows). Every unit answers every indicator: one unit leads each indicator (its answer is the
instansi's), the others contribute. Evidence rows point at a handful of small shared files, as
real evidence does (one Perda backs many answers).

Rows go in with PostgreSQL's COPY (``bulk_create`` on other databases) with explicit primary keys,
then the sequences are reset. No history rows are written: a bulk load is not an edit anyone made.
Values are drawn from a seeded random generator, so two builds of one size are identical.

Years: the last period is open (self-assessment, drafts and submissions), the one before it is in
review (mostly submitted), the others are final with every stage result recorded.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.core.management.color import no_style
from django.db import connection, transaction

from evaluations.answers import uses
from evaluations.models import Answer, Assignment, Evidence, EvidenceFile, Period, PeriodIndicator, StageResult
from indicators.models import Aspect, Domain, Framework, Indicator, LevelCriterion, PredicateBand, Scale, ScaleLevel
from skpd.models import Profile, Unit
from skpd.roles import GROUP_NAMES, Role

PASSWORD = "bench-kata-sandi-123"
FRAMEWORK_CODE = "spbe-2020"
SHARED_FILES = 5
FIRST_YEAR = 2017


@dataclass(frozen=True)
class Size:
    name: str
    units: int
    periods: int


SIZES = {
    "tiny": Size("tiny", units=3, periods=3),
    "province": Size("province", units=45, periods=10),
    "national": Size("national", units=600, periods=10),
}


@dataclass
class Built:
    """What a build made, for the measuring code: ids and counts, no model instances of bulk rows."""

    size: Size
    framework_id: int
    period_ids: dict[int, int]  # year → pk
    unit_ids: list[int]
    officer_ids: dict[int, int]  # unit pk → user pk
    admin_id: int
    reviewer_id: int
    executive_id: int
    counts: dict[str, int]

    @property
    def final_year(self):
        """The latest year with final results (every answer verified, every stage recorded)."""
        return self.open_year - 2

    @property
    def open_year(self):
        return max(self.period_ids)

    @property
    def review_year(self):
        return self.open_year - 1


# --- writing rows -----------------------------------------------------------------------------------


def _next_id(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def insert_rows(model, fields, rows, *, batch_size=5000):
    """Insert ``rows`` (tuples in ``fields`` order, attnames like ``period_id``) into ``model``'s table.

    PostgreSQL: one COPY. Others: ``bulk_create`` in batches. Returns the number of rows.
    """
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
        count = 0
        sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    count = 0
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= batch_size:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _reset_sequences(models):
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# --- the framework ----------------------------------------------------------------------------------

# SPBE 2020 (PermenPANRB 59/2020): domain (weight) → aspects (weight, first..last indicator, each).
SPBE_2020_SHAPE = [
    (1, "Kebijakan Internal SPBE", "13", [(1, "Kebijakan Internal Tata Kelola SPBE", "13", 1, 10, "1.30")]),
    (
        2,
        "Tata Kelola SPBE",
        "25",
        [
            (2, "Perencanaan Strategis SPBE", "10", 11, 14, "2.50"),
            (3, "Teknologi Informasi dan Komunikasi", "10", 15, 18, "2.50"),
            (4, "Penyelenggara SPBE", "5", 19, 20, "2.50"),
        ],
    ),
    (
        3,
        "Manajemen SPBE",
        "16.5",
        [
            (5, "Penerapan Manajemen SPBE", "12", 21, 28, "1.50"),
            (6, "Pelaksanaan Audit TIK", "4.5", 29, 31, "1.50"),
        ],
    ),
    (
        4,
        "Layanan SPBE",
        "45.5",
        [
            (7, "Layanan Administrasi Pemerintahan Berbasis Elektronik", "27.5", 32, 41, "2.75"),
            (8, "Layanan Publik Berbasis Elektronik", "18", 42, 47, "3.00"),
        ],
    ),
]
SPBE_BANDS = [
    ("Kurang", "1.00", "1.80", "#b00020"),
    ("Cukup", "1.80", "2.60", "#e67e22"),
    ("Baik", "2.60", "3.50", "#f1c40f"),
    ("Sangat Baik", "3.50", "4.20", "#27ae60"),
    ("Memuaskan", "4.20", None, "#1e5aa8"),
]


def _builtin_framework():
    """The SPBE 2020 shape with placeholder texts, for when the shipped loader is not available."""
    framework = Framework.objects.create(
        code=FRAMEWORK_CODE, name="SPBE 2020 (bench)", short_name="SPBE 2020", status=Framework.Status.OFFICIAL
    )
    scales = {}
    for code, names in [
        ("proses", ["Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"]),
        ("layanan", ["Informasi", "Interaksi", "Transaksi", "Kolaborasi", "Optimum"]),
    ]:
        scales[code] = Scale.objects.create(framework=framework, code=code, name=code.title())
        for level, name in enumerate(names, 1):
            ScaleLevel.objects.create(scale=scales[code], level=level, name=name)
    for d_number, d_name, d_weight, aspects in SPBE_2020_SHAPE:
        domain = Domain.objects.create(framework=framework, number=d_number, name=d_name, weight=Decimal(d_weight))
        for a_number, a_name, a_weight, first, last, each in aspects:
            aspect = Aspect.objects.create(
                framework=framework, domain=domain, number=a_number, name=a_name, weight=Decimal(a_weight)
            )
            for number in range(first, last + 1):
                indicator = Indicator.objects.create(
                    framework=framework,
                    aspect=aspect,
                    number=number,
                    name=f"Indikator {number}",
                    weight=Decimal(each),
                    scale=scales["proses" if number <= 31 else "layanan"],
                    is_flagship_slot=number >= 45,
                )
                LevelCriterion.objects.bulk_create(
                    LevelCriterion(indicator=indicator, level=level, criterion=f"Kriteria {number}.{level}")
                    for level in range(1, 6)
                )
    for name, lower, upper, colour in SPBE_BANDS:
        PredicateBand.objects.create(
            framework=framework, name=name, lower=Decimal(lower), upper=Decimal(upper) if upper else None, colour=colour
        )
    return framework


def ensure_framework(*, shipped=True):
    """The SPBE 2020 framework: the shipped file through its loader when there is one, else built here."""
    framework = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    if framework is None and shipped and "load_shipped_frameworks" in get_commands():
        call_command("load_shipped_frameworks", verbosity=0)
        framework = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    return framework or _builtin_framework()


# --- the build --------------------------------------------------------------------------------------

EXPLANATION = (
    "Fakta: Peraturan Gubernur Nomor {n} Tahun {year} tentang {topic}, Pasal 3 ayat (2), halaman 4; "
    "file Indikator{ind}-Pergub-{topic_slug}.pdf. Analisis: kebijakan berlaku di seluruh perangkat daerah "
    "dan ditinjau berkala. Justifikasi: kriteria tingkat {level} terpenuhi."
)


def _answer_state(rng, year, *, final_before, review_year, open_year):
    """(status, proposed, verified) of one answer in a year of the given phase."""
    proposed = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
    if year < final_before:
        return Answer.Status.VERIFIED, proposed, max(1, proposed - rng.choice((0, 0, 0, 1)))
    if year == review_year:
        status = rng.choices(
            (Answer.Status.SUBMITTED, Answer.Status.VERIFIED, Answer.Status.RETURNED), weights=(70, 20, 10)
        )[0]
        return status, proposed, proposed if status == Answer.Status.VERIFIED else None
    status = rng.choices((Answer.Status.DRAFT, Answer.Status.SUBMITTED), weights=(60, 40))[0]
    return status, (proposed if rng.random() < 0.8 else None), None


@transaction.atomic
def build(size: Size | str, *, seed: int = 2026, shipped_framework=True, progress=None) -> Built:
    """Build the dataset of ``size`` into the current (empty, migrated) database."""
    size = SIZES[size] if isinstance(size, str) else size
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    counts = {}

    framework = ensure_framework(shipped=shipped_framework)
    indicators = list(Indicator.objects.filter(framework=framework).order_by("number").values_list("pk", "number"))
    say(f"framework {framework.code}: {len(indicators)} indicators")

    # Units, and a user per role (officers: one per unit), with one precomputed password hash.
    user_model = get_user_model()
    unit_start = _next_id(Unit)
    kinds = [k for k, _label in Unit.Kind.choices]
    unit_ids = list(range(unit_start, unit_start + size.units))
    counts["units"] = insert_rows(
        Unit,
        ["id", "code", "name", "short_name", "kind", "is_active"],
        (
            (pk, f"B{i:04d}", f"Perangkat Daerah Bench {i:04d}", f"PD {i:04d}", kinds[i % len(kinds)], True)
            for i, pk in enumerate(unit_ids, 1)
        ),
    )
    password = make_password(PASSWORD)
    user_start = _next_id(user_model)
    staff = {"bench-admin": Role.ADMIN, "bench-reviewer": Role.REVIEWER, "bench-executive": Role.EXECUTIVE}
    usernames = list(staff) + [f"bench-officer-{i:04d}" for i in range(1, size.units + 1)]
    user_ids = dict(zip(usernames, range(user_start, user_start + len(usernames)), strict=True))
    counts["users"] = insert_rows(
        user_model,
        ["id", "username", "password", "first_name", "last_name", "email", "is_staff", "is_superuser", "is_active"]
        + ["date_joined"],
        (
            (pk, name, password, name.split("-", 1)[1].title(), "", "", name == "bench-admin", False, True, now)
            for name, pk in user_ids.items()
        ),
    )
    groups = {role: Group.objects.get_or_create(name=GROUP_NAMES[role])[0].pk for role in Role}
    membership = user_model.groups.through
    insert_rows(
        membership,
        ["user_id", "group_id"],
        ((pk, groups[staff.get(name, Role.OFFICER)]) for name, pk in user_ids.items()),
    )
    officer_ids = {unit_ids[i - 1]: user_ids[f"bench-officer-{i:04d}"] for i in range(1, size.units + 1)}
    insert_rows(
        Profile,
        ["user_id", "unit_id", "phone"],
        [(user_pk, unit_pk, "") for unit_pk, user_pk in officer_ids.items()] + [(user_ids["bench-reviewer"], None, "")],
    )
    say(f"{size.units} units, {len(user_ids)} users")

    # Periods: final years, then one in review, then the open one.
    open_year = FIRST_YEAR + size.periods - 1
    review_year = open_year - 1
    period_ids = {}
    for year in range(FIRST_YEAR, open_year + 1):
        status = (
            Period.Status.OPEN
            if year == open_year
            else Period.Status.IN_REVIEW
            if year == review_year
            else Period.Status.FINAL
        )
        period = Period.objects.create(
            year=year,
            framework=framework,
            status=status,
            kind=Period.Kind.EVALUASI if year % 2 else Period.Kind.PEMANTAUAN,
            self_assessment_due=date(year, 6, 30),
            verification_due=date(year, 7, 31),
            is_illustrative=True,
            notes="Data bench (sintetis).",
        )
        period_ids[year] = period.pk
    insert_rows(
        PeriodIndicator,
        ["period_id", "indicator_id", "service_name", "target_level", "feasible_max"],
        (
            (period_pk, ind_pk, f"Layanan sektor {number - 44}" if number >= 45 else "", 3, 5)
            for period_pk in period_ids.values()
            for ind_pk, number in indicators
        ),
    )

    # Assignments: one lead per indicator (spread over the units), every other unit contributes.
    def lead_of(number, year):
        return unit_ids[(number * 7 + year) % size.units]

    counts["assignments"] = insert_rows(
        Assignment,
        ["period_id", "indicator_id", "unit_id", "role"],
        (
            (
                period_pk,
                ind_pk,
                unit_pk,
                Assignment.Role.LEAD if unit_pk == lead_of(number, year) else Assignment.Role.CONTRIBUTOR,
            )
            for year, period_pk in period_ids.items()
            for ind_pk, number in indicators
            for unit_pk in unit_ids
        ),
    )
    say(f"{counts['assignments']} assignments")

    # Shared evidence files: small real files in the evidence storage.
    files = []
    for i in range(1, SHARED_FILES + 1):
        content = f"%PDF-1.4\n% bukti dukung bench {i}\n".encode() * 40
        digest = hashlib.sha256(content).hexdigest()
        existing = EvidenceFile.objects.filter(sha256=digest).first()
        if existing is None:
            name = default_storage.save(f"evidence/bench/bukti-{i}.pdf", ContentFile(content))
            existing = EvidenceFile.objects.create(
                file=name,
                sha256=digest,
                original_name=f"Indikator{i}-Pergub-Bench.pdf",
                size=len(content),
                content_type="application/pdf",
                uploaded_by_id=user_ids["bench-admin"],
            )
        files.append(existing.pk)

    # Answers and evidence, generated together so evidence knows its answer's id.
    answer_start = _next_id(Answer)
    officer_by_unit = officer_ids
    reviewer_pk = user_ids["bench-reviewer"]
    answers, evidence = [], []
    answer_pk = answer_start
    for year, period_pk in period_ids.items():
        for ind_pk, number in indicators:
            lead = lead_of(number, year)
            for unit_pk in unit_ids:
                status, proposed, verified = _answer_state(
                    rng, year, final_before=review_year, review_year=review_year, open_year=open_year
                )
                reviewed = status in (Answer.Status.VERIFIED, Answer.Status.RETURNED)
                submitted = status != Answer.Status.DRAFT
                officer = officer_by_unit[unit_pk]
                # Submissions spread over the self-assessment months, as people really submit.
                submitted_at = datetime(year, 4, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(90 * 86400))
                answers.append(
                    (
                        answer_pk,
                        period_pk,
                        ind_pk,
                        unit_pk,
                        unit_pk == lead,
                        proposed,
                        EXPLANATION.format(
                            n=number,
                            year=year - 1,
                            topic="Tata Kelola SPBE",
                            topic_slug="TataKelola",
                            ind=number,
                            level=proposed or 1,
                        ),
                        status,
                        verified,
                        "Bukti sudah sesuai." if reviewed else "",
                        submitted_at if submitted else None,
                        submitted_at + timedelta(days=7) if reviewed else None,
                        reviewer_pk if reviewed else None,
                        1,
                        now,
                        officer,
                    )
                )
                # 1.75 evidence rows per answer on average: a file for all, a second (file or link) for 3 in 4.
                evidence.append(
                    (
                        answer_pk,
                        f"Pergub {number}/{year}",
                        files[answer_pk % SHARED_FILES],
                        f"Pergub-{number}-{year}.pdf",
                        "",
                        officer,
                        now,
                    )
                )
                if answer_pk % 4:
                    if answer_pk % 3:
                        evidence.append(
                            (
                                answer_pk,
                                "Laporan pelaksanaan",
                                files[(answer_pk + 1) % SHARED_FILES],
                                f"Laporan-{answer_pk}.pdf",
                                "",
                                officer,
                                now,
                            )
                        )
                    else:
                        evidence.append(
                            (
                                answer_pk,
                                "Tautan layanan",
                                None,
                                "",
                                f"https://layanan.example.go.id/{answer_pk}",
                                officer,
                                now,
                            )
                        )
                answer_pk += 1
    counts["answers"] = insert_rows(
        Answer,
        ["id", "period_id", "indicator_id", "unit_id", "is_lead", "proposed_level", "explanation", "status"]
        + ["verified_level", "reviewer_note", "submitted_at", "reviewed_at", "reviewed_by_id", "version"]
        + ["updated_at", "updated_by_id"],
        answers,
    )
    del answers
    say(f"{counts['answers']} answers")
    counts["evidence"] = insert_rows(
        Evidence, ["answer_id", "title", "file_id", "file_name", "url", "added_by_id", "added_at"], evidence
    )
    del evidence
    say(f"{counts['evidence']} evidence rows on {len(files)} shared files")
    # COPY bypasses Evidence.save(), which keeps the EvidenceUse summary in step: count it once here.
    counts["evidence_uses"] = uses.rebuild()
    say(f"{counts['evidence_uses']} evidence-use summary rows")

    # Stage results for the final years: every stage of every indicator.
    counts["stage_results"] = insert_rows(
        StageResult,
        ["period_id", "indicator_id", "stage", "level", "note", "recorded_by_id", "recorded_at"],
        (
            (period_pk, ind_pk, stage, rng.choice((1, 2, 2, 3, 3, 3, 4)), "", user_ids["bench-admin"], now)
            for year, period_pk in period_ids.items()
            if year < review_year
            for ind_pk, _number in indicators
            for stage in StageResult.Stage.values
        ),
    )
    _reset_sequences(
        [Unit, user_model, Profile, Period, PeriodIndicator, Assignment, Answer, Evidence, EvidenceFile, StageResult]
    )
    return Built(
        size=size,
        framework_id=framework.pk,
        period_ids=period_ids,
        unit_ids=unit_ids,
        officer_ids=officer_ids,
        admin_id=user_ids["bench-admin"],
        reviewer_id=reviewer_pk,
        executive_id=user_ids["bench-executive"],
        counts=counts,
    )


def analyze():
    """Fresh planner statistics after a bulk load (PostgreSQL); nothing elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
