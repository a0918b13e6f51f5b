"""Puts the signed-in user's role label and unit on every page (the header shows them)."""

from skpd.roles import role_of, unit_of


def user_place(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = role_of(user)
    return {"portal_role": role, "portal_role_label": role.label if role else "", "portal_unit": unit_of(user)}
