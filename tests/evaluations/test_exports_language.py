"""The period workbook's sheet names follow the user's language and always satisfy Excel's rules."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.reports import exports
from tests.evaluations.planning_world import planning_world

pytestmark = pytest.mark.django_db


def _sheet_names(client, period):
    response = client.get(reverse("planning:export_xlsx", args=[period.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).sheetnames


def test_english_export_has_english_sheet_names(client):
    world = planning_world(indicators=3, units=2)
    client.force_login(world.users["executive"])
    assert _sheet_names(client, world.period) == ["Ringkasan", "Indikator", "Progres SKPD", "Tren"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _sheet_names(client, world.period) == ["Summary", "Indicators", "Unit progress", "Trend"]


@pytest.mark.parametrize(
    ("translated", "title"),
    [
        ("Unit progress", "Unit progress"),
        ("Progress: units [all] / *?\\", "Progress units all"),
        ("A very long translated sheet name beyond Excel's limit", "A very long translated sheet na"),
        ("'quoted'", "quoted"),
        ("[]:*?/\\", "Sheet"),
    ],
)
def test_sheet_titles_are_made_safe_for_excel(translated, title):
    assert exports._sheet_title(translated) == title
    assert len(title) <= 31
