"""Values every page template needs: the portal's name and the instansi it serves, and the
signed-in user's unread notifications for the navigation."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject, cached_property


class UnreadNotifications:
    """The user's unread notification count, counted (one query) only when a page shows it.

    Pages without the navigation (htmx fragments, downloads) never ask, so they pay nothing.
    """

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self):
        from evaluations.notifications import unread_count

        return unread_count(self.user)


def portal(request):
    values = {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_INSTANSI": settings.PORTAL_INSTANSI}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        values["portal_unread"] = UnreadNotifications(user)
        # Built only when a page shows the navigation (htmx fragments and downloads never do).
        values["portal_nav"] = SimpleLazyObject(lambda: _navigation(user, request.path))
    return values


def _navigation(user, path):
    from spbe_portal.navigation import navigation

    return navigation(user, path)
