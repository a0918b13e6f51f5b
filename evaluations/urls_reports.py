"""URLs of the evaluations app, part: reports (mounted at /laporan/ in spbe_portal/urls.py)."""

from django.urls import path

from evaluations import views_reports

app_name = "reports"

urlpatterns = [
    path("", views_reports.dashboard, name="dashboard"),
    path("skpd/", views_reports.unit_progress, name="unit_progress"),
    path("skpd/<int:unit_pk>/", views_reports.unit_detail, name="unit_detail"),
    path("indikator/<int:indicator_pk>/", views_reports.indicator_detail, name="indicator_detail"),
    path("kalibrasi/", views_reports.calibration, name="calibration"),
    path("ringkasan-gubernur/", views_reports.brief, name="brief"),
]
