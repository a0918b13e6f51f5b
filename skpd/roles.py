"""The four roles of the portal, each a Django auth group, and how to read a user's role and unit."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Petugas SKPD")
    REVIEWER = "reviewer", _("Peninjau (tim asesor internal)")
    EXECUTIVE = "executive", _("Pimpinan")
    ADMIN = "admin", _("Administrator")


# The auth group that carries each role; created by a data migration with its permissions.
GROUP_NAMES = {
    Role.OFFICER: "Petugas SKPD",
    Role.REVIEWER: "Reviewer",
    Role.EXECUTIVE: "Pimpinan",
    Role.ADMIN: "Administrator",
}
ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}
# When someone is in several groups, the most powerful one wins.
PRECEDENCE = [Role.ADMIN, Role.REVIEWER, Role.EXECUTIVE, Role.OFFICER]


def role_of(user):
    """The user's role, or None for anonymous users and accounts without a role. Cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_portal_role", "unset")
    if cached != "unset":
        return cached
    if user.is_superuser:
        role = Role.ADMIN
    else:
        names = {group.name for group in user.groups.all()}
        roles = {ROLE_BY_GROUP[name] for name in names if name in ROLE_BY_GROUP}
        role = next((r for r in PRECEDENCE if r in roles), None)
    user._portal_role = role
    return role


def profile_of(user):
    """The user's Profile (unit, reviewer scope) or None. Cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_portal_profile", "unset")
    if cached != "unset":
        return cached
    from skpd.models import Profile

    profile = Profile.objects.select_related("unit").filter(user=user).first()
    user._portal_profile = profile
    return profile


def unit_of(user):
    profile = profile_of(user)
    return profile.unit if profile else None


def officers_of_units(unit_ids):
    """``{unit id: [user, …]}``: active officers whose profile names the unit (one query)."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__unit_id__in=list(unit_ids),
            groups__name=GROUP_NAMES[Role.OFFICER],
        )
        .select_related("profile")
        .order_by("username")
        .distinct()
    )
    by_unit = defaultdict(list)
    for user in users:
        by_unit[user.profile.unit_id].append(user)
    return by_unit
