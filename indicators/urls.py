"""URLs of the indicators app (mounted in spbe_portal/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "indicators"

urlpatterns = []
