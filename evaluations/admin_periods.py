"""Admin for periods and what hangs off them: settings, stage results, summaries, plans, notifications.

The portal's own pages (``/periode/``) are where periods are run; the admin is for inspection and
repair. Status changes go through the portal's services so that reopening stays on record: the
admin shows status read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import (
    ActionPlan,
    Assignment,
    Notification,
    Period,
    PeriodIndicator,
    StageResult,
    SummaryDomainValue,
)


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
