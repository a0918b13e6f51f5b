"""URLs of the evaluations app, part: periods (mounted in spbe_portal/urls.py at /periode/)."""

from django.urls import path

from evaluations.periods import views

app_name = "periods"

urlpatterns = [
    path("", views.period_list, name="list"),
    path("baru/", views.period_create, name="create"),
    path("antrean-reviu/", views.review_queue, name="review_queue"),
    path("notifikasi/", views.notification_list, name="notifications"),
    path("<int:pk>/", views.period_detail, name="detail"),
    path("<int:pk>/ubah/", views.period_edit, name="edit"),
    path("<int:pk>/status/", views.period_status, name="status"),
    path("<int:pk>/buka-kembali/", views.period_reopen, name="reopen"),
    path("<int:pk>/indikator/", views.indicator_settings, name="indicator_settings"),
    path("<int:pk>/hasil/", views.stage_results, name="stage_results"),
    path("<int:pk>/hasil/impor/", views.stage_import, name="stage_import"),
    path("<int:pk>/hasil/templat.<str:kind>", views.stage_template, name="stage_template"),
    path("<int:pk>/hasil/<str:stage>/", views.stage_edit, name="stage_edit"),
    path("<int:pk>/salin-jawaban/", views.carry_over, name="carry_over"),
    path("<int:pk>/ringkasan/", views.summary, name="summary"),
]
