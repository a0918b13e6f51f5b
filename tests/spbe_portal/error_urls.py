"""The portal's URLs plus one view that fails, for the 500 page test."""

from django.urls import path

from spbe_portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("sengaja gagal")


urlpatterns = [*portal_urlpatterns, path("uji-gagal/", boom, name="test_boom")]
