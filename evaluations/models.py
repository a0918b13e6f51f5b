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
    reviewer_note = models.TextField(_("catatan reviewer"), blank=True)
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
    """A saved what-if scenario: target levels for some indicators of a period."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="action_plans")
    name = models.CharField(_("nama rencana"), max_length=200)
    base_series = models.CharField(_("seri dasar"), max_length=10, choices=Series.choices, default=Series.VERIFIED)
    levels = models.JSONField(_("tingkat yang diubah"), default=dict, help_text=_("{nomor indikator: tingkat}"))
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


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
