"""URLs of the framework transition (mounted at /transisi/ in spbe_portal/urls.py)."""

from django.urls import path

from evaluations.transition import views

app_name = "transition"

urlpatterns = [
    path("", views.page, name="page"),
    path("jawaban/<int:pk>/penjelasan/<int:source_pk>/", views.reuse_explanation, name="reuse_explanation"),
    path("jawaban/<int:pk>/bukti/<int:evidence_pk>/", views.reattach_evidence, name="reattach_evidence"),
]
