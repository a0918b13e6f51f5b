"""Password reset by e-mail: Django's own views, throttled (django-ratelimit).

A stranger must not be able to flood a user's inbox or probe which addresses exist. Requests are
limited per client address (``PASSWORD_RESET_ADDRESS_LIMIT`` an hour, the address as
``login_throttle.client_ip`` sees it behind trusted proxies) and per e-mail address
(``PASSWORD_RESET_EMAIL_LIMIT`` an hour). A limited request gets the same form back with a message
and a 429; it sends nothing. The page after a request never says whether the address has an
account. The link in the mail is Django's one-time token (valid ``PASSWORD_RESET_TIMEOUT``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from spbe_portal.login_throttle import client_ip


def _address_key(group, request):
    return client_ip(request) or "unknown"


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower()


def _limited(request) -> bool:
    """Counts this request against both limits and says whether either is exceeded."""
    by_address = is_ratelimited(
        request,
        group="password-reset-address",
        key=_address_key,
        rate=f"{settings.PASSWORD_RESET_ADDRESS_LIMIT}/h",
        method="POST",
        increment=True,
    )
    by_email = is_ratelimited(
        request,
        group="password-reset-email",
        key=_email_key,
        rate=f"{settings.PASSWORD_RESET_EMAIL_LIMIT}/h",
        method="POST",
        increment=True,
    )
    return by_address or by_email


@method_decorator(login_not_required, name="dispatch")
class ThrottledPasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    # The mail names the portal, not the host name the request came in on.
    extra_email_context = {"site_name": settings.PORTAL_NAME}

    def post(self, request, *args, **kwargs):
        if _limited(request):
            messages.error(
                request,
                _(
                    "Terlalu banyak permintaan atur ulang kata sandi. Tunggu satu jam lalu coba lagi, atau hubungi admin."
                ),
            )
            form = self.get_form()
            form.is_valid()
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)


urlpatterns = [
    path("akun/lupa-kata-sandi/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "akun/lupa-kata-sandi/terkirim/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "akun/atur-ulang/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "akun/atur-ulang/selesai/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
