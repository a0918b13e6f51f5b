"""URLs of the skpd app (mounted at /skpd/ in spbe_portal/urls.py): units and people, for administrators."""

from django.urls import path

from skpd import views

app_name = "skpd"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("tambah/", views.unit_create, name="unit_create"),
    path("impor/", views.unit_import, name="unit_import"),
    path("<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("pengguna/", views.people_list, name="people_list"),
    path("pengguna/tambah/", views.person_create, name="person_create"),
    path("pengguna/<int:pk>/ubah/", views.person_edit, name="person_edit"),
    path("pengguna/<int:pk>/kata-sandi/", views.person_password, name="person_password"),
]
