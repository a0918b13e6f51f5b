"""The Django admin for evaluations: for looking and repairing, never for the writes the portal's
services own.

- Answers and evidence: titles may be corrected; an answer's status, levels and text change only
  through ``evaluations.answers.services`` (with their checks and history).
- Periods and what hangs off them (settings, stage results, summaries, plans, notifications): the
  portal's own pages (``/periode/``) are where periods are run. Status changes go through the
  portal's services so that reopening stays on record: the admin shows status read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "file", "url", "added_by", "added_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only: every change goes through evaluations.answers.services (answer page).
        return False


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    # The stored path is shown as text: evidence has no public URL, downloads go through the portal's view.
    fields = ["stored_as", "sha256", "original_name", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description="disimpan sebagai")
    def stored_as(self, obj):
        return obj.file.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PeriodIndicatorInline(admin.TabularInline):
    model = PeriodIndicator
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("indicator",)


class SummaryDomainValueInline(admin.TabularInline):
    model = SummaryDomainValue
    extra = 0


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    list_display = ("year", "framework", "kind", "status", "is_summary_only", "is_illustrative", "self_assessment_due")
    list_filter = ("status", "kind", "framework", "is_illustrative")
    list_select_related = ("framework",)
    readonly_fields = ("status",)
    inlines = [PeriodIndicatorInline, SummaryDomainValueInline]

    def has_delete_permission(self, request, obj=None):
        # Periods hold answers and official results: never deleted from the admin.
        return False


@admin.register(StageResult)
class StageResultAdmin(SimpleHistoryAdmin):
    list_display = ("period", "indicator", "stage", "level", "recorded_by", "recorded_at")
    list_filter = ("stage", "period")
    list_select_related = ("period__framework", "indicator", "recorded_by")
    raw_id_fields = ("indicator",)
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(PeriodIndicator)
class PeriodIndicatorAdmin(admin.ModelAdmin):
    list_display = ("period", "indicator", "service_name", "target_level", "feasible_max")
    list_filter = ("period",)
    list_select_related = ("period__framework", "indicator")
    raw_id_fields = ("indicator",)


@admin.register(SummaryDomainValue)
class SummaryDomainValueAdmin(admin.ModelAdmin):
    list_display = ("period", "domain_number", "index")
    list_select_related = ("period__framework",)


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
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("name", "period", "base_series", "created_by", "created_at")
    list_select_related = ("period__framework", "created_by")


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("period", "indicator", "unit", "role")
    list_filter = ("period", "role")
    list_select_related = ("period__framework", "indicator", "unit")
    raw_id_fields = ("indicator", "unit")
