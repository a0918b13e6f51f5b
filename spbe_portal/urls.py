"""Root URLs: auth, language switch, health check, admin, and each app's own urls."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from spbe_portal import password_reset, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    *password_reset.urlpatterns,
    # The language switch works before signing in too (the login page has it in its footer).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("kerangka/", include("indicators.urls")),
    path("kelola-kerangka/", include("evaluations.frameworks.urls")),
    path("skpd/", include("skpd.urls")),
    path("evaluasi/", include("evaluations.answers.urls")),
    path("penugasan/", include("evaluations.assignments.urls")),
    path("periode/", include("evaluations.periods.urls")),
    path("laporan/", include("evaluations.reports.urls")),
    path("rencana/", include("evaluations.planning.urls")),
    path("transisi/", include("evaluations.transition.urls")),
]
