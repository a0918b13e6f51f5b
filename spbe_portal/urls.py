"""Root URLs: auth, language switch, health check, admin, and each app's own urls."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from spbe_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("kerangka/", include("indicators.urls")),
    path("skpd/", include("skpd.urls")),
    path("evaluasi/", include("evaluations.urls")),
    path("penugasan/", include("evaluations.urls_assignments")),
    path("periode/", include("evaluations.urls_periods")),
    path("laporan/", include("evaluations.urls_reports")),
    path("rencana/", include("evaluations.urls_planning")),
]
