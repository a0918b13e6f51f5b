"""Values every page template needs: the portal's name and the instansi it serves."""

from django.conf import settings


def portal(request):
    return {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_INSTANSI": settings.PORTAL_INSTANSI}
