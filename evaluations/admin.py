"""Admin for answers and evidence: for looking and correcting titles, never for changing an answer's
status, levels or text, which only the service functions (with their checks and history) do."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import Answer, Evidence, EvidenceFile


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
        # Viewing only: every change goes through evaluations.services (answer page).
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
