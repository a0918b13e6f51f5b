"""Work units (SKPD) and each person's place in the portal: role, unit, reviewer's aspect scope.

A person's role is the Django auth group they belong to (see ``skpd/roles.py``); their unit and,
for reviewers, the aspects they may review are on ``Profile``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skpd.validators import refuse_bidi_controls


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Unit(models.Model):
    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        BIRO = "biro", _("Biro")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        SATUAN = "satuan", _("Satuan")
        RUMAH_SAKIT = "rumah_sakit", _("Rumah sakit")
        KANTOR = "kantor", _("Kantor")
        UPT = "upt", _("UPT")
        LAINNYA = "lainnya", _("Lainnya")

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200, validators=[refuse_bidi_controls])
    short_name = models.CharField(_("nama singkat"), max_length=80, blank=True, validators=[refuse_bidi_controls])
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("perangkat daerah"),
    )
    review_aspects = models.ManyToManyField(
        "indicators.Aspect",
        blank=True,
        related_name="reviewers",
        verbose_name=_("aspek yang direviu"),
        help_text=_("Kosong berarti semua aspek."),
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")

    def __str__(self):
        return str(self.user)
