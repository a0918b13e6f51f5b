"""URLs of the evaluations app, part: assignments (mounted in spbe_portal/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "assignments"

urlpatterns = []
