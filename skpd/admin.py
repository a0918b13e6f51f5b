"""Admin for work units and for people: the user admin gains the profile (unit, review scope) inline.

A person's role is their group; the user list shows role and unit and filters by both.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from skpd.models import Profile, Unit
from skpd.roles import role_of


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["name"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    max_num = 1
    autocomplete_fields = ["unit"]
    filter_horizontal = ["review_aspects"]
    verbose_name_plural = _("perangkat daerah dan cakupan reviu")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", "role", "unit", "is_active", "is_staff"]
    list_filter = ["groups", "profile__unit", "is_active", "is_staff", "is_superuser"]
    list_select_related = ["profile__unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("peran"))
    def role(self, obj):
        role = role_of(obj)
        return role.label if role else "—"

    @admin.display(description=_("perangkat daerah"), ordering="profile__unit__name")
    def unit(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.unit if profile and profile.unit else "—"
