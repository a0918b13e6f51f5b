"""PORTAL_URL: the portal's address, validated at start-up, makes the links in e-mails absolute."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluations import notifications
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_period, make_unit, make_user
from tests.spbe_portal.test_settings import start_django

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value",
    [
        "spbe.kalselprov.go.id",  # no scheme
        "https://spbe.kalselprov.go.id/portal",  # a path: reverse() already gives the whole path
        "https://spbe.kalselprov.go.id:port",
        "https://spbe kalselprov.go.id",
    ],
)
def test_malformed_portal_url_refuses_to_start_and_names_the_variable(value):
    result = start_django(PORTAL_URL=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PORTAL_URL" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("value", ["https://spbe.kalselprov.go.id", "http://10.0.0.5:8000/"])
def test_well_formed_portal_url_starts(value):
    result = start_django(PORTAL_URL=value)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def setup():
    """An answer returned to KOMINFO, whose officer has an e-mail address; its period is due in 3 days."""
    period = make_period(self_assessment_due=timezone.localdate() + datetime.timedelta(days=3))
    indicator = period.framework.indicators.get(number=1)
    unit = make_unit("KOMINFO")
    make_user("ani", role=Role.OFFICER, unit=unit, email="ani@example.go.id")
    make_assignment(period, indicator, unit)
    answer = make_answer(period, indicator, unit, status="returned", proposed_level=3, reviewer_note="Lengkapi")
    return {"answer": answer, "reviewer": make_user("rev", role=Role.REVIEWER)}


@pytest.mark.parametrize(
    ("portal_url", "link_prefix"),
    [("https://spbe.kalselprov.go.id", "https://spbe.kalselprov.go.id"), ("", ": ")],
)
def test_mail_links_are_absolute_only_with_portal_url(
    setup, settings, django_capture_on_commit_callbacks, portal_url, link_prefix
):
    settings.PORTAL_URL = portal_url
    answer = setup["answer"]
    with django_capture_on_commit_callbacks(execute=True):
        notes = notifications.notify_answer_event(answer, "returned", setup["reviewer"])
    path = reverse("evaluations:answer_detail", args=[answer.pk])
    assert notes[0].url == path  # the in-app link stays a path
    assert f"{link_prefix}{path}\n" in mail.outbox[0].body
    assert ("http" in mail.outbox[0].body) == bool(portal_url)


def test_reminder_mail_links_to_the_worklist_on_the_portal(setup, settings):
    settings.PORTAL_URL = "https://spbe.kalselprov.go.id"
    notifications.send_due_reminders(timezone.localdate(), 7)
    assert f"https://spbe.kalselprov.go.id{reverse('evaluations:worklist')}\n" in mail.outbox[0].body
