"""Admin for frameworks: versions with their domains, aspects, scales and bands inline, indicators with
their level criteria inline.

A locked framework (``indicators.locks``: a final period uses it) refuses, with the reason, any edit
that could change a result: weights, numbers, the hierarchy, scales of indicators, level numbers,
bands, and adding or deleting parts. Texts (names, questions, criteria wording, colours) stay
editable. The same edits are refused for a framework that periods use (``indicators.revisions.in_use``):
they go through the upload page, which shows their impact on each period's index and asks for a
confirmation. A provisional framework becomes official through the "confirm" action, on the record.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import locks, revisions
from indicators.loader import FrameworkFileError, delete_framework
from indicators.models import (
    Aspect,
    Domain,
    Framework,
    FrameworkRevision,
    Indicator,
    LevelCriterion,
    PredicateBand,
    Scale,
    ScaleLevel,
)
from indicators.services import confirm_framework

# Fields whose change could change an index or a predicate, per model.
LOCKED_FIELDS = {
    Domain: {"number", "weight"},
    Aspect: {"number", "weight", "domain"},
    Indicator: {"number", "weight", "aspect", "scale", "framework"},
    LevelCriterion: {"level"},
    PredicateBand: {"name", "lower", "upper"},
    Scale: {"code"},
    ScaleLevel: {"level"},
}


def framework_of(instance):
    """The framework an object of this app belongs to (None while unknown)."""
    if isinstance(instance, Framework):
        return instance if instance.pk else None
    if isinstance(instance, LevelCriterion):
        return instance.indicator.framework if instance.indicator_id else None
    if isinstance(instance, ScaleLevel):
        return instance.scale.framework if instance.scale_id else None
    return instance.framework if getattr(instance, "framework_id", None) else None


def lock_message(framework, reason):
    return _(
        "Kerangka %(code)s terkunci: %(reason)s Bobot, nomor, susunan, tingkat dan predikat tidak dapat "
        "diubah; buat versi baru untuk perubahan."
    ) % {"code": framework.code, "reason": reason}


def in_use_message(framework, reason):
    return _(
        "Kerangka %(code)s: %(reason)s Bobot, nomor, susunan, tingkat dan predikat diubah lewat "
        "Unggah berkas kerangka, yang menampilkan dampaknya pada indeks setiap periode dan meminta "
        "konfirmasi; di sini hanya teks yang dapat diubah."
    ) % {"code": framework.code, "reason": reason}


def _scoring_refusal(framework):
    """The message refusing a scoring edit of ``framework`` here, or None when it may be edited."""
    reason = locks.is_locked(framework) if framework else None
    if reason:
        return lock_message(framework, reason)
    usage = revisions.in_use(framework) if framework else None
    return in_use_message(framework, usage) if usage else None


class LockAwareForm(forms.ModelForm):
    """Refuses changes to the model's LOCKED_FIELDS, and new rows, when the framework is locked."""

    def _framework(self):
        chosen = self.cleaned_data.get("framework") if "framework" in self.fields else None
        return chosen or framework_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        framework = self._framework()
        refusal = _scoring_refusal(framework)
        if refusal:
            locked = LOCKED_FIELDS.get(self._meta.model, set())
            if self.instance.pk is None:
                if self.has_changed():
                    raise ValidationError(refusal)
            elif locked & set(self.changed_data):
                raise ValidationError(refusal)
        return cleaned


class LockAwareInlineFormSet(BaseInlineFormSet):
    """Refuses deleting rows of a locked framework (the forms refuse changes and additions)."""

    def clean(self):
        super().clean()
        framework = framework_of(self.instance)
        refusal = _scoring_refusal(framework)
        if refusal and any(form.instance.pk for form in self.deleted_forms):
            raise ValidationError(refusal)


class LockedDeleteMixin:
    """Deleting a part of a locked framework is refused, one object or a selection."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and locks.is_locked(framework_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        for framework in {framework_of(obj) for obj in queryset.select_related("framework")}:
            reason = locks.is_locked(framework)
            if reason:
                self.message_user(request, lock_message(framework, reason), messages.ERROR)
                return
        super().delete_queryset(request, queryset)


class LockAwareInline(admin.TabularInline):
    form = LockAwareForm
    formset = LockAwareInlineFormSet
    extra = 0


class DomainInline(LockAwareInline):
    model = Domain
    fields = ["number", "name", "short_name", "weight"]


class AspectInline(LockAwareInline):
    model = Aspect
    fields = ["number", "domain", "name", "short_name", "weight"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "domain":
            framework_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = (
                Domain.objects.filter(framework_id=framework_id) if framework_id else Domain.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PredicateBandInline(LockAwareInline):
    model = PredicateBand
    fields = ["name", "alt_name", "lower", "upper", "colour"]


class ScaleInline(LockAwareInline):
    model = Scale
    fields = ["code", "name"]
    show_change_link = True


class IndicatorListInline(admin.TabularInline):
    """The framework's indicators at a glance; each opens its own page (criteria inline there)."""

    model = Indicator
    fields = ["number", "name", "aspect", "weight", "scale"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("aspect", "scale")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    form = LockAwareForm
    list_display = ["code", "name", "status", "indicator_count", "lock_state"]
    list_filter = ["status"]
    search_fields = ["code", "name", "short_name"]
    inlines = [DomainInline, AspectInline, PredicateBandInline, ScaleInline, IndicatorListInline]
    actions = ["confirm_official"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(indicator_total=Count("indicators"))

    @admin.display(description=gettext_lazy("indikator"), ordering="indicator_total")
    def indicator_count(self, obj):
        return obj.indicator_total

    @admin.display(description=gettext_lazy("terkunci"))
    def lock_state(self, obj):
        return locks.is_locked(obj) or "–"

    def get_readonly_fields(self, request, obj=None):
        # A provisional framework becomes official only through the confirm action (on the record).
        return ["status"] if obj is not None else []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        framework = self.get_object(request, object_id)
        reason = locks.is_locked(framework) if framework else None
        if reason and request.method == "GET":
            self.message_user(request, lock_message(framework, reason), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        # Django's collector counts a scale as protected by indicators that the same delete removes;
        # ask again without the indicators (in a rolled-back savepoint) to name only real blockers.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = self._really_protected(objs, request)
        return deleted, counts, perms_needed, protected

    def _really_protected(self, objs, request):
        class Rollback(Exception):
            pass

        found = []
        try:
            with transaction.atomic():
                for framework in objs:
                    framework.indicators.all().delete()
                found = super().get_deleted_objects(objs, request)[3]
                raise Rollback
        except Rollback:
            pass
        except ProtectedError as exc:
            found = sorted(str(obj) for obj in exc.protected_objects)
        return found

    def delete_model(self, request, obj):
        self._delete(request, [obj])

    def delete_queryset(self, request, queryset):
        self._delete(request, list(queryset))

    def _delete(self, request, frameworks):
        for framework in frameworks:
            try:
                delete_framework(framework)
            except (FrameworkFileError, ProtectedError) as exc:
                message = (
                    "; ".join(exc.errors)
                    if isinstance(exc, FrameworkFileError)
                    else _("Kerangka %(code)s masih dipakai periode atau jawaban.") % {"code": framework.code}
                )
                self.message_user(request, message, messages.ERROR)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and locks.is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Konfirmasi kerangka sementara sebagai resmi"))
    def confirm_official(self, request, queryset):
        for framework in queryset:
            try:
                confirm_framework(framework, request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            else:
                self.message_user(
                    request, _("Kerangka %(code)s kini resmi.") % {"code": framework.code}, messages.SUCCESS
                )


class LevelCriterionInline(LockAwareInline):
    model = LevelCriterion
    fields = ["level", "criterion"]
    max_num = 5


@admin.register(Indicator)
class IndicatorAdmin(LockedDeleteMixin, admin.ModelAdmin):
    form = LockAwareForm
    list_display = ["number", "name", "short_name", "framework", "aspect", "weight", "scale"]
    list_display_links = ["number", "name"]
    list_filter = ["framework", "scale__code"]
    search_fields = ["name", "short_name", "question"]
    list_select_related = ["framework", "aspect", "scale"]
    inlines = [LevelCriterionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in {"aspect", "scale"}:
            field.queryset = field.queryset.select_related("framework")
        return field


class ScaleLevelInline(LockAwareInline):
    model = ScaleLevel
    fields = ["level", "name", "description"]
    max_num = 5


@admin.register(Scale)
class ScaleAdmin(LockedDeleteMixin, admin.ModelAdmin):
    form = LockAwareForm
    list_display = ["code", "name", "framework"]
    list_filter = ["framework"]
    inlines = [ScaleLevelInline]


def _part_admin(model, display):

    class PartAdmin(LockedDeleteMixin, admin.ModelAdmin):
        list_display = display
        list_filter = ["framework"]
        list_select_related = ["framework"]

    PartAdmin.form = LockAwareForm
    admin.site.register(model, PartAdmin)


_part_admin(Domain, ["number", "name", "short_name", "weight", "framework"])
_part_admin(Aspect, ["number", "name", "domain", "weight", "framework"])
_part_admin(PredicateBand, ["name", "alt_name", "lower", "upper", "colour", "framework"])


@admin.register(FrameworkRevision)
class FrameworkRevisionAdmin(admin.ModelAdmin):
    """The history of framework loads, to inspect: written only by ``indicators.revisions``."""

    list_display = ["created_at", "code", "action", "user", "source", "file_name"]
    list_filter = ["code", "action", "source"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
