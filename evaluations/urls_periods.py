"""URLs of the evaluations app, part: periods (mounted in spbe_portal/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "periods"

urlpatterns = []
