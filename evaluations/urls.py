"""URLs of the evaluations app (mounted in spbe_portal/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "evaluations"

urlpatterns = []
