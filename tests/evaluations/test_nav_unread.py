"""The navigation shows how many notifications the user has not read: one COUNT query, none for visitors."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Notification
from skpd.roles import Role
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db

BADGE_ID = '<span class="nav-count">(3<span class="visually-hidden"> belum dibaca</span>)</span>'
BADGE_EN = '<span class="nav-count">(3<span class="visually-hidden"> unread</span>)</span>'


def _notify(user, count, *, read=False):
    Notification.objects.bulk_create(
        Notification(user=user, kind="info", message=f"n{i}", read_at=timezone.now() if read else None)
        for i in range(count)
    )


@pytest.fixture
def officer(client):
    user = make_user("ani", role=Role.OFFICER, unit=make_unit())
    client.force_login(user)
    return user


def _notification_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, [q["sql"] for q in queries if "evaluations_notification" in q["sql"]]


def test_unread_count_in_the_navigation_with_a_hidden_word_for_screen_readers(client, officer):
    _notify(officer, 3)
    _notify(officer, 2, read=True)
    _notify(make_user("budi", role=Role.OFFICER, unit=make_unit("BAPPEDA")), 4)  # someone else's
    page, queries = _notification_queries(client, reverse("periods:list"))
    link = f'<a href="{reverse("periods:notifications")}">Notifikasi {BADGE_ID}</a>'
    assert link in page
    assert len(queries) == 1 and "COUNT" in queries[0].upper()


def test_unread_count_in_english(client, officer):
    _notify(officer, 3)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("periods:list")).text
    assert f"Notifications {BADGE_EN}</a>" in page


def test_no_count_when_everything_is_read(client, officer):
    _notify(officer, 2, read=True)
    page = client.get(reverse("periods:list")).text
    assert f'<a href="{reverse("periods:notifications")}">Notifikasi</a>' in page
    assert "nav-count" not in page


def test_reading_them_clears_the_count(client, officer):
    _notify(officer, 3)
    assert BADGE_ID in client.get(reverse("periods:list")).text
    client.post(reverse("periods:notifications"))
    assert "nav-count" not in client.get(reverse("periods:list")).text


def test_visitors_pay_no_query(client):
    page, queries = _notification_queries(client, reverse("login"))
    assert queries == []
    assert "nav-count" not in page


def test_the_notifications_page_offers_to_mark_the_unread_ones_with_one_count(client, officer):
    _notify(officer, 2)
    _notify(officer, 4, read=True)
    page, queries = _notification_queries(client, reverse("periods:notifications"))
    assert "Tandai 2 notifikasi sudah dibaca" in page
    unread_counts = [sql for sql in queries if "COUNT(" in sql.upper() and '"read_at" IS NULL' in sql]
    assert len(unread_counts) == 1  # the button and the navigation share it


def test_no_mark_button_when_everything_is_read(client, officer):
    _notify(officer, 3, read=True)
    assert "sudah dibaca</button>" not in client.get(reverse("periods:notifications")).content.decode()
