"""The framework as data: a version, its hierarchy, weights, scales, level criteria and bands.

SPBE 2020 is domain → aspect → indicator; Pemdi 2026 has no domain level (``Aspect.domain`` is
null). Weights are Decimal percentages of the whole index. Nothing here computes an index: that
is ``indicators/scoring.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3, 4, 5)


def new_structure_version():
    import uuid

    return uuid.uuid4().hex


WEIGHT = {"max_digits": 8, "decimal_places": 4, "validators": [MinValueValidator(Decimal("0"))]}


class FrameworkQuerySet(models.QuerySet):
    def with_counts(self):
        """Each framework with ``indicator_count`` (one query for the list page)."""
        return self.annotate(indicator_count=models.Count("indicators")).order_by("code")


class Framework(models.Model):
    class Status(models.TextChoices):
        OFFICIAL = "official", _("Resmi")
        PROVISIONAL = "provisional", _("Sementara")

    code = models.SlugField(_("kode"), max_length=40, unique=True, help_text=_("Misalnya spbe-2020 atau pemdi-2026."))
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    index_name = models.CharField(_("nama indeks"), max_length=100, default="Indeks SPBE")
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROVISIONAL)
    status_note = models.TextField(_("catatan status"), blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    valid_from_year = models.PositiveSmallIntegerField(_("berlaku sejak tahun"), null=True, blank=True)
    valid_to_year = models.PositiveSmallIntegerField(_("berlaku sampai tahun"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Replaced whenever an indicator, aspect, domain or band changes: keys the per-process structure
    # cache (``indicators.structure_cache``). Never written by ``save()``, only by ``structure_cache.bump``.
    structure_version = models.CharField(max_length=32, default=new_structure_version, editable=False)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kerangka")
        verbose_name_plural = _("kerangka")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        # An instance loaded before a change must not write its old ``structure_version`` back (the
        # per-process caches would serve the old structure again): an update writes every field but it.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()  # as Django does: a deferred field is not written
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "structure_version" and f.attname not in deferred
            ]
        return super().save(*args, **kwargs)

    @property
    def is_provisional(self):
        return self.status == self.Status.PROVISIONAL

    def structure(self):
        """The framework as ``scoring.Structure``: cached on this instance, and per process by
        ``(pk, structure_version)`` (``indicators.structure_cache``); four queries when neither has it."""
        return self._structure_entry().structure

    def indicator_names(self):
        """``{number: (pk, display name)}`` of the framework's indicators (cached with the structure)."""
        return self._structure_entry().names

    def cached_number_by_indicator_id(self):
        """``{indicator pk: number}`` once ``structure()`` has run on this instance (it comes from the
        same query), else ``None``; never queries. Lets hot queries read ``indicator_id`` instead of
        joining the indicator table when the map is already at hand."""
        entry = self.__dict__.get("_structure_cache")
        return entry.number_by_id if entry is not None else None

    def _structure_entry(self):
        from indicators import structure_cache

        entry = self.__dict__.get("_structure_cache")
        if entry is None:
            key = structure_cache.key_of(self)
            entry = structure_cache.get(key)
            if entry is None:
                entry = self._build_structure()
                structure_cache.put(key, entry)
            self._structure_cache = entry
        return entry

    def _build_structure(self):
        from indicators import scoring, structure_cache

        rows = list(
            Indicator.objects.filter(framework=self)
            .order_by("number")
            .values_list("pk", "number", "weight", "aspect__number", "name", "short_name")
        )
        number_by_id = {pk: number for pk, number, *_rest in rows}
        names = {number: (pk, short or name) for pk, number, _weight, _aspect, name, short in rows}
        indicators = tuple(
            scoring.IndicatorSpec(number=number, weight=weight, aspect=aspect)
            for _pk, number, weight, aspect, _name, _short in rows
        )
        aspects = tuple(
            scoring.AspectSpec(number=number, weight=weight, domain=domain, name=name, short_name=short_name)
            for number, weight, domain, name, short_name in Aspect.objects.filter(framework=self)
            .order_by("number")
            .values_list("number", "weight", "domain__number", "name", "short_name")
        )
        domains = tuple(
            scoring.DomainSpec(number=number, weight=weight, name=name, short_name=short_name)
            for number, weight, name, short_name in Domain.objects.filter(framework=self)
            .order_by("number")
            .values_list("number", "weight", "name", "short_name")
        )
        bands = tuple(
            scoring.BandSpec(name=name, lower=lower, upper=upper, colour=colour)
            for name, lower, upper, colour in PredicateBand.objects.filter(framework=self)
            .order_by("lower")
            .values_list("name", "lower", "upper", "colour")
        )
        structure = scoring.Structure(indicators=indicators, aspects=aspects, domains=domains, bands=bands)
        return structure_cache.Entry(structure=structure, number_by_id=number_by_id, names=names)

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_structure_cache", None)
        return super().refresh_from_db(*args, **kwargs)

    def locked_reason(self):
        """Why this framework may not change (a final period uses it), or None."""
        from indicators.locks import is_locked

        return is_locked(self)


class Scale(models.Model):
    """A capability scale (process or service) whose level names indicators share."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="scale_unique_code")]
        ordering = ["framework", "code"]
        verbose_name = _("skala")
        verbose_name_plural = _("skala")

    def __str__(self):
        return self.name


class ScaleLevel(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("tingkat"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    name = models.CharField(_("nama"), max_length=100)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scale", "level"], name="scalelevel_unique_level")]
        ordering = ["scale", "level"]
        verbose_name = _("tingkat skala")
        verbose_name_plural = _("tingkat skala")

    def __str__(self):
        return f"{self.level} {self.name}"


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=100, blank=True)
    weight = models.DecimalField(_("bobot (%)"), **WEIGHT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="domain_unique_number")]
        ordering = ["framework", "number"]
        verbose_name = _("domain")
        verbose_name_plural = _("domain")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def display_name(self):
        """The one name every page, chart and export shows: the short name, else the full one."""
        return self.short_name or self.name


class Aspect(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aspects")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="aspects", null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=100, blank=True)
    weight = models.DecimalField(_("bobot (%)"), **WEIGHT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="aspect_unique_number")]
        ordering = ["framework", "number"]
        verbose_name = _("aspek")
        verbose_name_plural = _("aspek")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def display_name(self):
        """The one name every page, chart and export shows: the short name, else the full one."""
        return self.short_name or self.name


class IndicatorQuerySet(models.QuerySet):
    def with_hierarchy(self):
        return self.select_related("aspect", "aspect__domain", "scale", "framework")


class Indicator(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama resmi"), max_length=300)
    short_name = models.CharField(_("nama singkat"), max_length=150, blank=True)
    aliases = models.JSONField(_("nama lain"), default=list, blank=True)
    weight = models.DecimalField(_("bobot (%)"), **WEIGHT)
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="indicators")
    question = models.TextField(_("pertanyaan"), blank=True)
    note = models.TextField(
        _("catatan"), blank=True, help_text=_("Misalnya seberapa pasti bobotnya pada kerangka sementara.")
    )
    is_flagship_slot = models.BooleanField(
        _("layanan unggulan pilihan instansi"),
        default=False,
        help_text=_("Indikator 45–47 SPBE 2020: setiap periode menamai layanan yang dinilai."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="indicator_unique_number")]
        ordering = ["framework", "number"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")

    def __str__(self):
        return f"{self.number}. {self.short_name or self.name}"

    @property
    def display_name(self):
        return self.short_name or self.name


class LevelCriterion(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField(_("tingkat"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    criterion = models.TextField(_("kriteria"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "level"], name="criterion_unique_level")]
        ordering = ["indicator", "level"]
        verbose_name = _("kriteria tingkat")
        verbose_name_plural = _("kriteria tingkat")

    def __str__(self):
        return f"{self.indicator.number}/{self.level}"


class PredicateBand(models.Model):
    """A predicate (Kurang … Memuaskan): lower bound inclusive, upper bound exclusive (null at the top)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("predikat"), max_length=60)
    alt_name = models.CharField(_("nama lain"), max_length=60, blank=True)
    lower = models.DecimalField(_("batas bawah (termasuk)"), max_digits=4, decimal_places=2)
    upper = models.DecimalField(_("batas atas (tidak termasuk)"), max_digits=4, decimal_places=2, null=True, blank=True)
    colour = models.CharField(_("warna"), max_length=7, default="#888888")

    class Meta:
        ordering = ["framework", "lower"]
        constraints = [models.UniqueConstraint(fields=["framework", "lower"], name="band_unique_lower")]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")

    def __str__(self):
        return f"{self.name} (≥ {self.lower})"


class CrosswalkQuerySet(models.QuerySet):
    def current(self, from_framework, to_framework):
        """The latest version of the crosswalk between two frameworks (ids or objects), or None."""
        return (
            self.filter(from_framework=from_framework, to_framework=to_framework)
            .select_related("from_framework", "to_framework")
            .order_by("-version")
            .first()
        )

    def latest_of_each_pair(self):
        """The current version of every pair of frameworks (one query), by their codes."""
        found = {}
        for crosswalk in self.select_related("from_framework", "to_framework").order_by(
            "from_framework__code", "to_framework__code", "-version"
        ):
            found.setdefault((crosswalk.from_framework_id, crosswalk.to_framework_id), crosswalk)
        return list(found.values())


class Crosswalk(models.Model):
    """Which indicators of one framework version answer each indicator of another (docs/framework-format.md).

    Versioned: loading a changed file adds a version; pages read the latest (``current``). Rows name
    indicators by foreign key, so a framework updated in place keeps its crosswalk.
    """

    from_framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="crosswalks_from")
    to_framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="crosswalks_to")
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Framework.Status.choices, default=Framework.Status.PROVISIONAL
    )
    status_note = models.TextField(_("catatan status"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CrosswalkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_framework", "to_framework", "version"], name="crosswalk_unique_version"
            )
        ]
        ordering = ["from_framework", "to_framework", "-version"]
        verbose_name = _("padanan indikator")
        verbose_name_plural = _("padanan indikator")

    def __str__(self):
        return f"{self.from_framework.code} → {self.to_framework.code} v{self.version}"

    @property
    def is_provisional(self):
        return self.status == Framework.Status.PROVISIONAL

    def links(self):
        """``[(to number, from number or None, relation, note)]`` in file order (one query)."""
        return [
            (to_number, from_number, relation, note)
            for to_number, from_number, relation, note in self.rows.order_by(
                "to_indicator__number", "relation_rank", "from_indicator__number"
            ).values_list("to_indicator__number", "from_indicator__number", "relation", "note")
        ]


class CrosswalkRow(models.Model):
    class Relation(models.TextChoices):
        PRIMARY = "primary", _("utama")
        PARTIAL = "partial", _("sebagian")
        NONE = "none", _("tanpa padanan")

    RANKS = {"primary": 0, "partial": 1, "none": 2}

    crosswalk = models.ForeignKey(Crosswalk, on_delete=models.CASCADE, related_name="rows")
    to_indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    from_indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", null=True, blank=True)
    relation = models.CharField(_("hubungan"), max_length=8, choices=Relation.choices)
    relation_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["crosswalk", "to_indicator", "from_indicator"], name="crosswalk_row_unique_pair"
            )
        ]
        ordering = ["crosswalk", "relation_rank"]
        verbose_name = _("baris padanan")
        verbose_name_plural = _("baris padanan")

    def __str__(self):
        return f"{self.from_indicator_id} → {self.to_indicator_id} ({self.relation})"

    def save(self, *args, **kwargs):
        self.relation_rank = self.RANKS.get(self.relation, 9)
        super().save(*args, **kwargs)


class FrameworkRevision(models.Model):
    """One load of a framework file (or a crosswalk file, ``kind``) on the record: who, when, what
    changed, and its effect on the periods using it (old → new index per period and series; for a
    crosswalk, old → new estimated index and coverage). ``previous_spec`` is the framework as
    it was before (the file format's dictionary; empty for a newly created framework), so a change
    can be inspected and undone by loading it back. Written by ``indicators.revisions.apply_change``."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dimuat baru")
        UPDATED = "updated", _("Diperbarui")

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Kerangka")
        CROSSWALK = "crosswalk", _("Padanan indikator")

    kind = models.CharField(_("jenis berkas"), max_length=10, choices=Kind.choices, default=Kind.FRAMEWORK)
    framework = models.ForeignKey(Framework, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions")
    # A crosswalk load: the version it created (``framework`` is then its target framework).
    crosswalk = models.ForeignKey(
        "Crosswalk", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    code = models.CharField(_("kode"), max_length=90)  # a crosswalk's: "<from> → <to>"
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    previous_spec = models.JSONField(_("versi sebelumnya"), null=True, blank=True)
    digest = models.CharField(_("sidik berkas (SHA-256)"), max_length=64)
    changes = models.JSONField(_("perubahan"), default=list)
    impact = models.JSONField(_("dampak pada periode"), default=list)
    source = models.CharField(_("sumber"), max_length=20, blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("riwayat kerangka")
        verbose_name_plural = _("riwayat kerangka")

    def __str__(self):
        return f"{self.code} · {self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
