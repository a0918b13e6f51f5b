"""What was answered: periods, assignments, answers and their evidence, stage results, plans.

A *series* (proposed, verified, dokumen, interviu, visitasi, final) is "indicator → level" for a
period; ``Period.series_levels`` reads one and ``indicators.scoring`` turns it into an index.
Every write goes through ``evaluations/answers/services.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evaluations.audit import EventField, history_reason_field

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Series(models.TextChoices):
    PROPOSED = "proposed", _("Usulan SKPD")
    VERIFIED = "verified", _("Terverifikasi internal")
    DOKUMEN = "dokumen", _("Penilaian dokumen")
    INTERVIU = "interviu", _("Interviu")
    VISITASI = "visitasi", _("Visitasi")
    FINAL = "final", _("Hasil akhir")


class PeriodQuerySet(models.QuerySet):
    def with_framework(self):
        return self.select_related("framework")


class Period(models.Model):
    class Kind(models.TextChoices):
        PEMANTAUAN = "pemantauan", _("Pemantauan")
        EVALUASI = "evaluasi", _("Evaluasi")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Dibuka (penilaian mandiri)")
        IN_REVIEW = "in_review", _("Verifikasi internal")
        CLOSED = "closed", _("Ditutup")
        FINAL = "final", _("Final")

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    framework = models.ForeignKey(
        "indicators.Framework", on_delete=models.PROTECT, related_name="periods", verbose_name=_("kerangka")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.EVALUASI)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    target_index = models.DecimalField(_("target indeks"), max_digits=4, decimal_places=2, default=Decimal("3.50"))
    is_summary_only = models.BooleanField(
        _("hanya nilai ringkasan"),
        default=False,
        help_text=_("Tahun sebelum portal: hanya indeks (dan domain) yang diketahui."),
    )
    summary_index = models.DecimalField(_("indeks (ringkasan)"), max_digits=5, decimal_places=3, null=True, blank=True)
    is_illustrative = models.BooleanField(_("data ilustrasi"), default=False)
    notes = models.TextField(_("catatan"), blank=True)
    # Stage dates (the self-assessment deadline is what "overdue" is measured against).
    self_assessment_start = models.DateField(_("mulai penilaian mandiri"), null=True, blank=True)
    self_assessment_due = models.DateField(_("batas penilaian mandiri"), null=True, blank=True)
    verification_due = models.DateField(_("batas verifikasi internal"), null=True, blank=True)
    document_review_date = models.DateField(_("penilaian dokumen"), null=True, blank=True)
    interview_date = models.DateField(_("interviu"), null=True, blank=True)
    visit_date = models.DateField(_("visitasi"), null=True, blank=True)
    final_date = models.DateField(_("penetapan hasil akhir"), null=True, blank=True)
    # Set by a carry-over across frameworks: whose answers the answer pages show through the crosswalk.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jawaban terkait dari periode"),
    )
    # The official final index as recorded when the final results were entered or imported (and,
    # for older data, just before a framework change): kept as recorded, never recomputed. A page
    # computing the final from levels with today's framework compares the two
    # (``series.final_figure``) and flags a difference.
    final_index = models.DecimalField(
        _("indeks hasil akhir tercatat"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    final_index_recorded_at = models.DateTimeField(_("indeks hasil akhir dicatat pada"), null=True, blank=True)

    # The change reason is an event (evaluations.audit): JSON text, a reopen's reason kept in full.
    history = HistoricalRecords(history_change_reason_field=history_reason_field())
    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("periode")
        verbose_name_plural = _("periode")

    def __str__(self):
        return f"{self.year} ({self.framework.short_name or self.framework.code})"

    @property
    def is_editable_by_officers(self):
        return self.status == self.Status.OPEN

    @property
    def is_reviewable(self):
        return self.status in (self.Status.OPEN, self.Status.IN_REVIEW)

    @property
    def is_read_only(self):
        return self.status in (self.Status.CLOSED, self.Status.FINAL)


class SummaryDomainValue(models.Model):
    """A domain index known for a summary-only year (e.g. from a published report)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="summary_domains")
    domain_number = models.PositiveSmallIntegerField(_("nomor domain"))
    index = models.DecimalField(_("indeks"), max_digits=5, decimal_places=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "domain_number"], name="summary_domain_unique")]
        ordering = ["period", "domain_number"]

    def __str__(self):
        return f"{self.period.year} D{self.domain_number} = {self.index}"


class PeriodIndicator(models.Model):
    """Per period and indicator: the flagship service's name (45–47), the target level, a feasible cap."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="indicator_settings")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="+")
    service_name = models.CharField(_("nama layanan unggulan"), max_length=200, blank=True)
    target_level = models.PositiveSmallIntegerField(
        _("target tingkat"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    feasible_max = models.PositiveSmallIntegerField(
        _("tingkat maksimum yang layak"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )

    history = HistoricalRecords(history_change_reason_field=history_reason_field())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "indicator"], name="period_indicator_unique")]

    def __str__(self):
        return f"{self.period.year} · {self.indicator.number}"


class Assignment(models.Model):
    """Which unit answers which indicator in a period: one lead unit and any number of contributors."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Penanggung jawab")
        CONTRIBUTOR = "contributor", _("Kontributor")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="assignments")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey("skpd.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.LEAD)

    history = HistoricalRecords(history_change_reason_field=history_reason_field())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "indicator", "unit"], name="assignment_unique_unit"),
            models.UniqueConstraint(
                fields=["period", "indicator"], condition=models.Q(role="lead"), name="assignment_one_lead"
            ),
        ]
        ordering = ["period", "indicator__number", "role", "unit__name"]

    def __str__(self):
        return f"{self.period.year} · {self.indicator.number} · {self.unit} ({self.get_role_display()})"

    @property
    def is_lead(self):
        """This unit leads the indicator: its answer is the instansi's (``evaluations.series``)."""
        return self.role == self.Role.LEAD


class AnswerQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(period=period).select_related("indicator", "indicator__aspect", "unit")


class Answer(models.Model):
    """One unit's answer to one indicator in one period. The lead unit's answer is the instansi's."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Terverifikasi")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="answers")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="answers")
    unit = models.ForeignKey("skpd.Unit", on_delete=models.PROTECT, related_name="answers")
    is_lead = models.BooleanField(_("jawaban penanggung jawab"), default=True)
    proposed_level = models.PositiveSmallIntegerField(
        _("tingkat usulan"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    explanation = models.TextField(_("penjelasan"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    verified_level = models.PositiveSmallIntegerField(
        _("tingkat terverifikasi"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    reviewer_note = models.TextField(_("catatan peninjau"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("direviu pada"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic locking: a save must name the version it started from (see services.save_draft).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(history_change_reason_field=history_reason_field())
    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "indicator", "unit"], name="answer_unique_unit")]
        indexes = [
            models.Index(fields=["period", "status"]),
            models.Index(fields=["period", "unit"]),
            # The review queue: a period's submitted answers, oldest first, one page at a time.
            models.Index(fields=["period", "status", "submitted_at"], name="answer_queue_order"),
            # Every index on every page reads a period's lead answers: 47 of 28,200 at national size.
            models.Index(fields=["period", "indicator"], condition=models.Q(is_lead=True), name="answer_lead"),
        ]
        ordering = ["period", "indicator__number", "-is_lead", "unit__name"]

    def __str__(self):
        return f"{self.period.year} · {self.indicator.number} · {self.unit}"

    @property
    def status_badge(self):
        """The status badge's extra class, with its leading space ("" for a draft)."""
        return STATUS_BADGES.get(self.status, "")


STATUS_BADGES = {
    Answer.Status.RETURNED: " badge-bad",
    Answer.Status.VERIFIED: " badge-ok",
    Answer.Status.SUBMITTED: " badge-info",
}


class EvidenceFile(models.Model):
    """A stored file, identified by its SHA-256; one file can back several answers and periods.

    Only the bytes are shared: ``original_name`` is the first uploader's name, kept for the admin.
    What people see is each attachment's own ``Evidence.file_name``.
    """

    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=300)
    sha256 = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(_("nama file"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.original_name


class Evidence(models.Model):
    """A piece of bukti dukung attached to an answer: a stored file or a link, with a title."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("judul"), max_length=255)
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, null=True, blank=True, related_name="uses")
    # The name this attachment's uploader gave the file: identical bytes uploaded by two units (or
    # twice by one) share one EvidenceFile, never a name.
    file_name = models.CharField(_("nama file"), max_length=255, blank=True)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(history_change_reason_field=history_reason_field())

    class Meta:
        ordering = ["answer", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file__isnull=False) & models.Q(url=""))
                | (models.Q(file__isnull=True) & ~models.Q(url="")),
                name="evidence_file_xor_url",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def shown_file_name(self):
        """The attachment's own file name (rows made before names were kept per attachment: the file's)."""
        if self.file_id is None:
            return ""
        return self.file_name or self.file.original_name


class EvidenceUse(models.Model):
    """How many attachments of one file (or link) back answers of one indicator in one period.

    A summary of ``Evidence`` kept for the evidence-quality flags (``answers/flags.py``): "the same
    file backs another aspect's indicators" and "this evidence was already used last year" read a
    few of these rows instead of every attachment of a period (a Perda attached by 600 units is
    thousands of ``Evidence`` rows and one row here per indicator). ``answers/uses.py`` keeps it
    in step on every save and delete of an ``Evidence`` and can rebuild it from scratch.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    # "f<file id>" for a stored file, "u<SHA-256 of the link>" for a link (``uses.use_key``).
    key = models.CharField(max_length=66)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "key", "indicator"], name="evidence_use_unique")]

    def __str__(self):
        return f"{self.key} × {self.uses}"


class StageResult(models.Model):
    """The external assessors' level at one stage, or the official final level."""

    class Stage(models.TextChoices):
        DOKUMEN = "dokumen", _("Penilaian dokumen")
        INTERVIU = "interviu", _("Interviu")
        VISITASI = "visitasi", _("Visitasi")
        FINAL = "final", _("Hasil akhir")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="stage_results")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="stage_results")
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    level = models.PositiveSmallIntegerField(_("tingkat"), validators=LEVEL_VALIDATORS)
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(history_change_reason_field=history_reason_field())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "indicator", "stage"], name="stage_result_unique")]
        ordering = ["period", "stage", "indicator__number"]

    def __str__(self):
        return f"{self.period.year} · {self.indicator.number} · {self.stage} = {self.level}"


class ActionPlan(models.Model):
    """A saved what-if scenario: steps "indicator i from level a to b" of a period, on a baseline.

    ``levels`` holds each step's target b; ``baseline_levels`` the base series' recorded level of
    every indicator when the plan was saved (a missing level is ``None`` and counts as 1, as in
    planning), so a step's a is the baseline's level and the plan can be read against today's
    levels without ever showing a step as a downgrade (``planning.services.plan_progress``).
    A plan saved before baselines were kept (migration 0008) has ``baseline_levels`` ``None``:
    its starting levels and index at save are unknown, and the pages say so rather than guess.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="action_plans")
    name = models.CharField(_("nama rencana"), max_length=200)
    base_series = models.CharField(_("seri dasar"), max_length=10, choices=Series.choices, default=Series.VERIFIED)
    levels = models.JSONField(_("tingkat yang diubah"), default=dict, help_text=_("{nomor indikator: tingkat}"))
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Written once by planning.services.save_action_plan. The indices are exact (a level × a weight
    # of four decimals, over 100: six decimals at most).
    baseline_levels = models.JSONField(
        _("tingkat dasar saat disimpan"), null=True, editable=False, help_text=_("{nomor indikator: tingkat atau null}")
    )
    baseline_index = models.DecimalField(
        _("indeks saat disimpan"), max_digits=9, decimal_places=6, null=True, editable=False
    )
    planned_index = models.DecimalField(
        _("indeks rencana saat disimpan"), max_digits=9, decimal_places=6, null=True, editable=False
    )

    history = HistoricalRecords(history_change_reason_field=history_reason_field())

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def has_baseline(self):
        return self.baseline_levels is not None

    def target_levels(self):
        """``{number: target level}`` with integer keys (JSON keeps them as strings)."""
        return {int(number): int(level) for number, level in (self.levels or {}).items()}

    def baseline(self):
        """``{number: level or None}`` at save, integer keys; ``None`` when it was not recorded."""
        if self.baseline_levels is None:
            return None
        return {int(number): (None if level is None else int(level)) for number, level in self.baseline_levels.items()}

    def steps(self):
        """The plan's steps (``scoring.PlanStep``: indicator, from the baseline's level, to the target)."""
        from indicators import scoring

        return scoring.plan_steps(self.target_levels(), self.baseline())


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Terverifikasi")
        DUE_SOON = "due_soon", _("Segera jatuh tempo")
        OVERDUE = "overdue", _("Terlambat")
        INFO = "info", _("Informasi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # What happened, as an event (evaluations.audit), shown in the reader's language.
    message = EventField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.message)


class PublishedResultQuerySet(models.QuerySet):
    def with_framework(self):
        return self.select_related("framework")

    def averages(self):
        return self.filter(kind__in=PublishedResult.AVERAGE_KINDS)

    def peers(self):
        """Results of single governments (not averages)."""
        return self.exclude(kind__in=PublishedResult.AVERAGE_KINDS)


class PublishedResult(models.Model):
    """A published index result of another government (or a national average): reference data the
    trend compares the province against. Written by ``evaluations.peers.services`` only.

    Given as the index, or as domain values (aspect values for a framework without domains) from
    which ``computed_index`` is computed with the framework's weights; when both are given and
    differ by more than 0.005 the result is ``flagged``.
    """

    class Kind(models.TextChoices):
        NATIONAL = "nasional", _("Rata-rata nasional")
        PROVINCES_AVERAGE = "rata_provinsi", _("Rata-rata provinsi")
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KEMENTERIAN = "kementerian", _("Kementerian")
        LEMBAGA = "lembaga", _("Lembaga")

    AVERAGE_KINDS = (Kind.NATIONAL, Kind.PROVINCES_AVERAGE)

    body = models.CharField(_("instansi"), max_length=200)
    kind = models.CharField(_("jenis instansi"), max_length=16, choices=Kind.choices)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    framework = models.ForeignKey(
        "indicators.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_results",
        verbose_name=_("kerangka"),
        help_text=_("Kosong untuk kerangka yang tidak dimuat di portal (misalnya kerangka lama 2018)."),
    )
    index = models.DecimalField(_("indeks dipublikasikan"), max_digits=6, decimal_places=4, null=True, blank=True)
    domain_values = models.JSONField(_("nilai domain"), default=dict, blank=True, help_text=_("{nomor: nilai}"))
    aspect_values = models.JSONField(_("nilai aspek"), default=dict, blank=True, help_text=_("{nomor: nilai}"))
    computed_index = models.DecimalField(
        _("indeks dihitung"), max_digits=20, decimal_places=16, null=True, blank=True, editable=False
    )
    flagged = models.BooleanField(_("ditandai"), default=False, editable=False)
    predicate_as_published = models.CharField(_("predikat dipublikasikan"), max_length=40, blank=True)
    source = models.CharField(_("sumber"), max_length=500)
    source_date = models.CharField(
        _("tanggal sumber"),
        max_length=10,
        blank=True,
        help_text=_("TTTT, TTTT-BB atau TTTT-BB-HH (tanggal terbit sumber); kosong bila tidak tercatat."),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(history_change_reason_field=history_reason_field())
    objects = PublishedResultQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="published_result_unique")]
        ordering = ["year", "body"]
        verbose_name = _("hasil terpublikasi")
        verbose_name_plural = _("hasil terpublikasi")

    def __str__(self):
        return f"{self.body} {self.year}"

    @property
    def value(self):
        """The index the trend uses: the published one, else the one computed from its parts."""
        return self.index if self.index is not None else self.computed_index
