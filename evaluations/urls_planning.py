"""URLs of the evaluations app, part: planning (what-if, road to target, exports); mounted in spbe_portal/urls.py."""

from django.urls import path  # noqa: F401

app_name = "planning"

urlpatterns = []
