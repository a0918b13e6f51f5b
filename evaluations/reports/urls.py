"""URLs of the evaluations app, part: reports (mounted at /laporan/ in spbe_portal/urls.py)."""

from django.urls import path

from evaluations.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("skpd/", views.unit_progress, name="unit_progress"),
    path("skpd/<int:unit_pk>/", views.unit_detail, name="unit_detail"),
    path("indikator/<int:indicator_pk>/", views.indicator_detail, name="indicator_detail"),
    path("kalibrasi/", views.calibration, name="calibration"),
    path("ringkasan-gubernur/", views.brief, name="brief"),
    path("poin-tertahan/", views.held_back_ranking, name="held_back"),
]
