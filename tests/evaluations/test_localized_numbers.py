"""Decimal inputs in the reader's format: "4,90" in the Indonesian interface, "4.90" in English,
and a saved value shown back the same way."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from evaluations.models import Period, SummaryDomainValue
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", role=Role.ADMIN))
    return client


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "index", "domain", "shown_index", "shown_domain"),
    [("id", "4,90", "3,25", 'value="4,90"', 'value="3,25"'), ("en", "4.90", "3.25", 'value="4.90"', 'value="3.25"')],
)
def test_summary_form_reads_and_shows_numbers_in_the_readers_format(
    admin_client, language, index, domain, shown_index, shown_domain
):
    period = make_period(year=2020, status="draft", is_summary_only=True)
    url = reverse("periods:summary", args=[period.pk])
    client = in_language(admin_client, language)
    response = client.post(url, {"index": index, "domain_1": domain})
    assert response.status_code == 302, response.text
    period.refresh_from_db()
    assert period.summary_index == Decimal("4.90")
    assert SummaryDomainValue.objects.get(period=period, domain_number=1).index == Decimal("3.25")
    page = client.get(url).text
    assert shown_index in page and shown_domain in page


def test_summary_form_refuses_the_other_languages_comma_in_english(admin_client):
    """In English the comma groups thousands: "4,90" is 490, out of range, and nothing is saved."""
    period = make_period(year=2020, status="draft", is_summary_only=True)
    response = in_language(admin_client, "en").post(reverse("periods:summary", args=[period.pk]), {"index": "4,90"})
    assert response.status_code == 400
    period.refresh_from_db()
    assert period.summary_index is None


@pytest.mark.parametrize(
    ("language", "typed", "shown"), [("id", "3,75", 'value="3,75"'), ("en", "3.75", 'value="3.75"')]
)
def test_period_form_reads_and_shows_the_target_in_the_readers_format(admin_client, language, typed, shown):
    framework = make_framework()
    client = in_language(admin_client, language)
    data = {"year": 2027, "framework": framework.pk, "kind": "evaluasi", "target_index": typed}
    response = client.post(reverse("periods:create"), data)
    assert response.status_code == 302, response.text
    period = Period.objects.get(year=2027)
    assert period.target_index == Decimal("3.75")
    assert shown in client.get(reverse("periods:edit", args=[period.pk])).text
