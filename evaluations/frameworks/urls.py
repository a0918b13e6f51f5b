"""URLs of the administrator's framework pages (mounted at /kelola-kerangka/, namespace "frameworks")."""

from django.urls import path

from evaluations.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("unggah/", views.upload, name="upload"),
    path("konfirmasi/", views.confirm, name="confirm"),
    path("riwayat/", views.history, name="history"),
    path("riwayat/<int:pk>/sebelumnya.json", views.previous_file, name="previous_file"),
    path("<slug:code>/ekspor.json", views.export, name="export"),
    path("padanan/<slug:from_code>/<slug:to_code>/ekspor.json", views.export_crosswalk, name="export_crosswalk"),
]
