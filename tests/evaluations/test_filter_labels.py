"""Empty choices say what they mean ("Periode berjalan", "Semua aspek"), never Django's "---------"."""

import pytest
from django.conf import settings
from django.urls import reverse

from skpd.roles import Role
from tests.factories import make_period, make_user

pytestmark = pytest.mark.django_db


def _page(client, url, *, english=False):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    ("english", "labels"),
    [
        (False, ["Periode berjalan", "Semua perangkat daerah", "Semua aspek"]),
        (True, ["Current period", "All work units", "All aspects"]),
    ],
)
def test_review_queue_filters_name_their_empty_choice(client, english, labels):
    make_period(year=2026)
    client.force_login(make_user("reviu", role=Role.REVIEWER))
    page = _page(client, reverse("periods:review_queue"), english=english)
    for label in labels:
        assert f'<option value="" selected>{label}</option>' in page
    # The status shows what the queue lists by default (submitted answers); "all" is a choice of its own.
    assert '<option value="submitted" selected>' in page
    assert f'<option value="">{"All statuses" if english else "Semua status"}</option>' in page
    assert "---------" not in page


@pytest.mark.parametrize("english", [False, True])
def test_period_forms_prompt_for_a_choice(client, english):
    period = make_period(year=2026, status="draft")
    make_period(period.framework, year=2025, status="final")
    client.force_login(make_user("admin", role=Role.ADMIN))
    new_period = _page(client, reverse("periods:create"), english=english)
    carry_over = _page(client, reverse("periods:carry_over", args=[period.pk]), english=english)
    assert ("— choose a framework —" if english else "— pilih kerangka —") in new_period
    assert ("— choose a period —" if english else "— pilih periode —") in carry_over
    assert "---------" not in new_period + carry_over
