"""Access cases of the project-level URLs: home, health check, sign-in and out, password change."""

from django.urls import reverse

from tests.access import AccessCase

SIGNED_IN = {
    "officer_own": 200,
    "officer_other": 200,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 200,
    "admin": 200,
}

CASES = [
    # Officers go to their unit's work list; the other roles see the dashboard.
    AccessCase(
        name="home",
        url=lambda w: reverse("home"),
        expect={**SIGNED_IN, "anonymous": 302, "officer_own": 302, "officer_other": 302},
    ),
    AccessCase(name="healthz", url=lambda w: reverse("healthz"), expect={**SIGNED_IN, "anonymous": 200}),
    # A signed-in visitor of the login page is sent home.
    AccessCase(
        name="login",
        url=lambda w: reverse("login"),
        expect={"anonymous": 200, **dict.fromkeys(SIGNED_IN, 302)},
    ),
    AccessCase(
        name="logout",
        method="post",
        url=lambda w: reverse("logout"),
        expect={"anonymous": 302, **dict.fromkeys(SIGNED_IN, 302)},
    ),
    AccessCase(
        name="password_change", url=lambda w: reverse("password_change"), expect={**SIGNED_IN, "anonymous": 302}
    ),
    AccessCase(
        name="password_change_done",
        url=lambda w: reverse("password_change_done"),
        expect={**SIGNED_IN, "anonymous": 302},
    ),
    # Password reset is for people who cannot sign in: open to everyone, signed in or not.
    AccessCase(
        name="password_reset",
        url=lambda w: reverse("password_reset"),
        expect={**SIGNED_IN, "anonymous": 200},
    ),
    AccessCase(
        name="password_reset_done",
        url=lambda w: reverse("password_reset_done"),
        expect={**SIGNED_IN, "anonymous": 200},
    ),
    # A made-up token: the page says the link no longer works (200), for everyone.
    AccessCase(
        name="password_reset_confirm",
        url=lambda w: reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}),
        expect={**SIGNED_IN, "anonymous": 200},
    ),
    AccessCase(
        name="password_reset_complete",
        url=lambda w: reverse("password_reset_complete"),
        expect={**SIGNED_IN, "anonymous": 200},
    ),
]
