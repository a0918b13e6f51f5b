"""URLs of the evaluations app, part: assignments (mounted at /penugasan/ in spbe_portal/urls.py)."""

from django.urls import path

from evaluations.assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.index, name="index"),
    path("simpan/", views.save, name="save"),
    path("salin-periode-sebelumnya/", views.copy_previous, name="copy"),
]
