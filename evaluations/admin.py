"""The Django admin for evaluations: for looking and repairing, never for the writes the portal's
services own.

- Answers and evidence: titles may be corrected; an answer's status, levels and text change only
  through ``evaluations.answers.services`` (with their checks and history).
- Periods and what hangs off them (settings, stage results, summaries, assignments, plans): the
  portal's own pages (``/periode/``) are where periods are run. Status changes go through the
  portal's services so that reopening stays on record: the admin shows status read-only.
- Closed means closed here too: a closed or final period and everything hanging off it is shown
  read-only (a change is a 403), and a change to an open period goes through the same service
  function as the portal's page (``periods.services``, ``planning.services``,
  ``assignments.services``): its permission, state checks and history. A refusal comes back as
  a message on the admin page, and nothing is saved.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from evaluations.assignments import services as assignment_services
from evaluations.errors import ServiceError
from evaluations.models import (
    ActionPlan,
    Answer,
    Assignment,
    Evidence,
    EvidenceFile,
    Notification,
    Period,
    PeriodIndicator,
    StageResult,
    SummaryDomainValue,
)
from evaluations.periods import services as period_services
from evaluations.planning import services as planning_services


def _read_only_message(period):
    return _(
        "Periode %(year)s berstatus %(status)s dan hanya dapat dibaca; ubah melalui portal setelah dibuka kembali."
    ) % {"year": period.year, "status": period.get_status_display()}


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's "revert" form saves an old version with only the view permission checked:
    here it needs the change permission on the object as it is now (so never on a view-only model or
    a closed period), and then saves through the admin's own ``save_model``."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise DjangoPermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ThroughServicesAdmin(admin.ModelAdmin):
    """An admin whose writes are the portal's service functions, refused on a closed or final period.

    ``period_of(obj)`` names the period an object belongs to. A closed or final period's objects are
    view-only (Django answers a POST with 403) with a message saying why. ``save_model`` and
    ``delete_model`` call the feature's service; a ``ServiceError`` it raises rolls the whole admin
    request back and returns to the page with the service's message.
    """

    def period_of(self, obj):
        return obj.period

    def _locked(self, obj):
        return obj is not None and obj.pk is not None and self.period_of(obj).is_read_only

    def _locked_message(self, obj):
        return _read_only_message(self.period_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def _refusing(self, request, view, *args):
        """Run an admin view in one transaction; a service's refusal of a POST becomes its message."""
        try:
            with transaction.atomic():
                return view(request, *args)
        except ServiceError as exc:
            if request.method != "POST":
                raise
            for text in exc.messages:
                messages.error(request, text)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = self._refusing(request, super().changeform_view, object_id, form_url, extra_context)
        if request.method == "GET" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if self._locked(obj):
                messages.warning(request, self._locked_message(obj))
        return response

    def delete_view(self, request, object_id, extra_context=None):
        return self._refusing(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._refusing(request, super().changelist_view, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._refusing(request, super().history_form_view, object_id, version_id, extra_context)

    def delete_queryset(self, request, queryset):
        # The changelist's bulk delete: one object at a time through the service (its checks, its
        # history); a locked one refuses the whole action.
        for obj in queryset:
            if self._locked(obj):
                raise ServiceError(self._locked_message(obj))
            self.delete_model(request, obj)

    def _adopt(self, obj, saved):
        """After a service wrote the row, the admin continues (log entry, redirect) with its key."""
        obj.pk = saved.pk if saved is not None else None


class ViewOnly:
    """For looking only: no add, change or delete in the admin (the services own those writes)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyInline(ViewOnly, admin.TabularInline):
    """Rows shown for reading, each linking to its own admin page."""

    extra = 0
    can_delete = False
    show_change_link = True


class EvidenceInline(ViewOnlyInline):
    model = Evidence
    fields = ["title", "file", "url", "added_by", "added_at"]
    readonly_fields = fields


@admin.register(Answer)
class AnswerAdmin(ViewOnly, GuardedHistoryAdmin):
    # Viewing only: every change goes through evaluations.answers.services (answer page).
    list_display = [
        "period",
        "indicator",
        "unit",
        "is_lead",
        "status",
        "proposed_level",
        "verified_level",
        "updated_at",
    ]
    list_filter = ["period", "status", "is_lead", "unit"]
    search_fields = ["unit__name", "unit__code", "indicator__name", "explanation"]
    list_select_related = ["period", "period__framework", "indicator", "unit"]
    inlines = [EvidenceInline]
    readonly_fields = [
        "period",
        "indicator",
        "unit",
        "is_lead",
        "status",
        "proposed_level",
        "explanation",
        "verified_level",
        "reviewer_note",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "version",
        "updated_at",
        "updated_by",
    ]


@admin.register(Evidence)
class EvidenceAdmin(ViewOnly, GuardedHistoryAdmin):
    list_display = ["title", "answer", "file", "url", "added_by", "added_at"]
    list_select_related = [
        "answer",
        "answer__period",
        "answer__period__framework",
        "answer__indicator",
        "answer__unit",
        "file",
        "added_by",
    ]
    search_fields = ["title", "url", "file__original_name", "file__sha256"]
    readonly_fields = ["answer", "title", "file", "url", "added_by", "added_at"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    # The stored path is shown as text: evidence has no public URL, downloads go through the portal's view.
    fields = ["stored_as", "sha256", "original_name", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description="disimpan sebagai")
    def stored_as(self, obj):
        return obj.file.name


class PeriodIndicatorInline(ViewOnlyInline):
    # Each row's own admin page (or the portal's settings page) changes it through the services.
    model = PeriodIndicator
    fields = ("indicator", "service_name", "target_level", "feasible_max")
    readonly_fields = fields


class SummaryDomainValueInline(ViewOnlyInline):
    model = SummaryDomainValue
    fields = ("domain_number", "index")
    readonly_fields = fields


@admin.register(Period)
class PeriodAdmin(ThroughServicesAdmin, GuardedHistoryAdmin):
    list_display = ("year", "framework", "kind", "status", "is_summary_only", "is_illustrative", "self_assessment_due")
    list_filter = ("status", "kind", "framework", "is_illustrative")
    list_select_related = ("framework",)
    readonly_fields = ("status",)
    inlines = [PeriodIndicatorInline, SummaryDomainValueInline]

    def period_of(self, obj):
        return obj

    def has_delete_permission(self, request, obj=None):
        # Periods hold answers and official results: never deleted from the admin.
        return False

    def save_model(self, request, obj, form, change):
        # periods.services: a closed or final period refuses, and so does a framework switch once
        # the period has answers or results.
        fields = {name: getattr(obj, name) for name in form.changed_data if name in period_services.PERIOD_FIELDS}
        if change:
            saved = period_services.update_period(request.user, obj, **fields)
        else:
            saved = period_services.create_period(
                request.user,
                **{name: getattr(obj, name) for name in period_services.PERIOD_FIELDS if name in form.fields},
            )
        self._adopt(obj, saved)


@admin.register(StageResult)
class StageResultAdmin(ThroughServicesAdmin, GuardedHistoryAdmin):
    list_display = ("period", "indicator", "stage", "level", "recorded_by", "recorded_at")
    list_filter = ("stage", "period")
    list_select_related = ("period__framework", "indicator", "recorded_by")
    raw_id_fields = ("indicator",)
    readonly_fields = ("recorded_by", "recorded_at")

    def _locked(self, obj):
        # A result is changeable while its stage is open for recording (periods.services'
        # STAGE_STATES): a closed period still takes the external stages and the final result.
        return (
            obj is not None
            and obj.pk is not None
            and period_services.stage_closed_reason(self.period_of(obj), obj.stage) is not None
        )

    def _locked_message(self, obj):
        if self.period_of(obj).is_read_only:
            return _read_only_message(self.period_of(obj))
        return period_services.stage_closed_reason(self.period_of(obj), obj.stage)

    def get_readonly_fields(self, request, obj=None):
        # Which result a row is stays fixed: another indicator or stage is another result.
        if obj is not None:
            return ("period", "indicator", "stage", *self.readonly_fields)
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "note" in form.base_fields:
            # The note is the history's reason for the change (periods.services.record_stage_result).
            form.base_fields["note"].required = True
            form.base_fields["note"].help_text = gettext_lazy("Wajib: alasan perubahan, disimpan dalam riwayat.")
        return form

    def save_model(self, request, obj, form, change):
        saved = period_services.record_stage_result(
            request.user, obj.period, obj.indicator, obj.stage, obj.level, obj.note
        )
        self._adopt(obj, saved)

    def delete_model(self, request, obj):
        period_services.record_stage_result(request.user, obj.period, obj.indicator, obj.stage, None)


class PeriodIndicatorForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("service_name") or "").strip() and all(
            cleaned.get(name) is None for name in ("target_level", "feasible_max")
        ):
            raise ValidationError(
                _("Isi nama layanan, target tingkat, atau tingkat maksimum yang layak; hapus baris untuk mengosongkan.")
            )
        return cleaned


@admin.register(PeriodIndicator)
class PeriodIndicatorAdmin(ThroughServicesAdmin, GuardedHistoryAdmin):
    list_display = ("period", "indicator", "service_name", "target_level", "feasible_max")
    list_filter = ("period",)
    list_select_related = ("period__framework", "indicator")
    raw_id_fields = ("indicator",)
    form = PeriodIndicatorForm

    def get_readonly_fields(self, request, obj=None):
        return ("period", "indicator") if obj is not None else ()

    def _settings(self, request, obj, values):
        # periods.services.set_indicator_settings (feasible caps through planning.services.set_feasible_caps).
        period_services.set_indicator_settings(request.user, obj.period, {obj.indicator: values})
        return PeriodIndicator.objects.filter(period=obj.period, indicator=obj.indicator).first()

    def save_model(self, request, obj, form, change):
        values = {"service_name": obj.service_name, "target_level": obj.target_level, "feasible_max": obj.feasible_max}
        self._adopt(obj, self._settings(request, obj, values))

    def delete_model(self, request, obj):
        self._settings(request, obj, {"service_name": "", "target_level": None, "feasible_max": None})


@admin.register(SummaryDomainValue)
class SummaryDomainValueAdmin(ThroughServicesAdmin):
    list_display = ("period", "domain_number", "index")
    list_select_related = ("period__framework",)

    def get_readonly_fields(self, request, obj=None):
        return ("period", "domain_number") if obj is not None else ()

    def _record(self, request, obj, value):
        # periods.services.record_summary: its permission (no aspect-scoped reviewer), state and history.
        period_services.record_summary(
            request.user, obj.period, index=obj.period.summary_index, domains={obj.domain_number: value}
        )
        return SummaryDomainValue.objects.filter(period=obj.period, domain_number=obj.domain_number).first()

    def save_model(self, request, obj, form, change):
        self._adopt(obj, self._record(request, obj, obj.index))

    def delete_model(self, request, obj):
        self._record(request, obj, None)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "message", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("message", "user__username")

    def get_readonly_fields(self, request, obj=None):
        # A stored message is an event shown in the reader's language; editing its words would
        # replace the event with that text. A new one is typed as free text.
        return ("message",) if obj else ()


@admin.register(ActionPlan)
class ActionPlanAdmin(ThroughServicesAdmin):
    list_display = ("name", "period", "base_series", "created_by", "created_at")
    list_select_related = ("period__framework", "created_by")

    def get_readonly_fields(self, request, obj=None):
        # A saved plan is a record of a scenario; a new scenario is a new plan.
        if obj is None:
            return ("created_by",)
        # The baseline is written once, by the service (migration 0008: empty for older plans).
        return ("period", "base_series", "levels", "created_by", "baseline_levels", "baseline_index", "planned_index")

    def save_model(self, request, obj, form, change):
        if change:
            # Only the name and note of a plan of an open period (a closed one is view-only).
            obj.save()
            return
        saved = planning_services.save_action_plan(
            request.user, obj.period, name=obj.name, base_series=obj.base_series, levels=obj.levels, note=obj.note
        )
        self._adopt(obj, saved)


@admin.register(Assignment)
class AssignmentAdmin(ThroughServicesAdmin, GuardedHistoryAdmin):
    list_display = ("period", "indicator", "unit", "role")
    list_filter = ("period", "role")
    list_select_related = ("period__framework", "indicator", "unit")
    raw_id_fields = ("indicator", "unit")

    def get_readonly_fields(self, request, obj=None):
        return ("period", "indicator") if obj is not None else ()

    def _save_indicator(self, request, obj, *, drop=None, keep=None):
        """The indicator's lead and contributors with ``drop`` (the row as it was) taken out and
        ``keep`` (the row as it is now) put in, saved by ``assignments.services.save_assignments``."""
        rows = Assignment.objects.filter(period=obj.period, indicator=obj.indicator)
        if drop is not None:
            rows = rows.exclude(pk=drop)
        lead, contributors = None, set()
        for row in rows:
            if row.role == Assignment.Role.LEAD:
                lead = row.unit_id
            else:
                contributors.add(row.unit_id)
        if keep is not None:
            contributors.discard(keep.unit_id)
            if keep.role == Assignment.Role.LEAD:
                lead = keep.unit_id
            else:
                contributors.add(keep.unit_id)
                lead = None if lead == keep.unit_id else lead
        assignment_services.save_assignments(request.user, obj.period, {obj.indicator.number: (lead, contributors)})
        if keep is not None:
            return Assignment.objects.filter(period=obj.period, indicator=obj.indicator, unit=keep.unit).first()
        return None

    def save_model(self, request, obj, form, change):
        self._adopt(obj, self._save_indicator(request, obj, drop=obj.pk if change else None, keep=obj))

    def delete_model(self, request, obj):
        self._save_indicator(request, obj, drop=obj.pk)


# Published results of other governments (evaluations.peers): registered by the feature's own module.
from evaluations.peers import admin as _peers_admin  # noqa: E402, F401
