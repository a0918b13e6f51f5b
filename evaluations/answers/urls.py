"""URLs of the evaluations app: answers, evidence and review actions (mounted at /evaluasi/)."""

from django.urls import path

from evaluations.answers import views

app_name = "evaluations"

urlpatterns = [
    path("daftar-kerja/", views.worklist, name="worklist"),
    path("unit-saya/", views.my_unit, name="my_unit"),
    path("periode/<int:period_pk>/indikator/<int:number>/", views.answer_for_indicator, name="answer"),
    path("periode/<int:period_pk>/indikator/<int:number>/mulai/", views.answer_start, name="answer_start"),
    path("jawaban/<int:pk>/", views.answer_detail, name="answer_detail"),
    path("jawaban/<int:pk>/simpan/", views.answer_save, name="answer_save"),
    path("jawaban/<int:pk>/reviu/", views.answer_review, name="answer_review"),
    path("jawaban/<int:pk>/bukti/file/", views.evidence_add_file, name="evidence_add_file"),
    path("jawaban/<int:pk>/bukti/tautan/", views.evidence_add_link, name="evidence_add_link"),
    path("jawaban/<int:pk>/bukti/pakai-ulang/", views.evidence_attach, name="evidence_attach"),
    path("bukti/<int:pk>/hapus/", views.evidence_remove, name="evidence_remove"),
    path("bukti/<int:pk>/unduh/", views.evidence_download, name="evidence_download"),
    path("verifikasi-massal/", views.bulk_verify, name="bulk_verify"),
]
