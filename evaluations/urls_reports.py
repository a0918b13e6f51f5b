"""URLs of the evaluations app, part: reports (mounted in spbe_portal/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns = []
