"""URLs of the indicators app (mounted at /kerangka/ in spbe_portal/urls.py)."""

from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<slug:code>/", views.framework_detail, name="framework_detail"),
    path("<slug:code>/indikator/<int:number>/", views.indicator_detail, name="indicator_detail"),
]
