"""URLs of the evaluations app, part: planning (what-if, action plans, road to target, caps, exports).

Mounted at /rencana/ in spbe_portal/urls.py.
"""

from django.urls import path

from evaluations.planning import views

app_name = "planning"

urlpatterns = [
    path("simulasi/", views.whatif, name="whatif"),
    path("rencana-aksi/", views.plan_list, name="plan_list"),
    path("rencana-aksi/simpan/", views.plan_save, name="plan_save"),
    path("rencana-aksi/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana-aksi/bandingkan/", views.plan_compare, name="plan_compare"),
    path("jalan-ke-target/", views.road, name="road"),
    path("batas-kelayakan/", views.caps, name="caps"),
    path("ekspor/periode/<int:pk>.xlsx", views.export_xlsx, name="export_xlsx"),
    path("ekspor/seri-indeks.csv", views.export_csv, name="export_csv"),
    path("ekspor/seri-indeks-id.csv", views.export_csv, {"dialect": "indonesian"}, name="export_csv_id"),
]
