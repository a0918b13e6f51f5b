"""Names from the data are plain text in every figure: plotly renders <a href>, <b> in labels, so they are escaped."""

import json
import re

import pytest
from django.urls import reverse

from evaluations.models import Period
from evaluations.reports import charts
from indicators.models import Indicator
from skpd.models import Unit
from tests.evaluations.reports_world import build_world, make_viewers
from tests.factories import make_answer, make_assignment, make_framework, make_period, make_stage_result, make_unit

pytestmark = pytest.mark.django_db

EVIL = '<a href="https://evil">X</a>'
ESCAPED = '&lt;a href="https://evil"&gt;X&lt;/a&gt;'


def _figure(response, figure_id):
    match = re.search(rf'<script id="{figure_id}" type="application/json">(.*?)</script>', response.text, re.S)
    assert match, f"figure {figure_id} missing from the page"
    return json.loads(match.group(1))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _assert_plain(figure):
    texts = list(_strings(figure))
    assert any(ESCAPED in text for text in texts), "the unit's name is missing from the figure"
    assert not any("<a" in text for text in texts), "a tag reached the figure"


def test_plain_escapes_plotly_markup():
    assert charts.plain("Sarana & <b>Prasarana</b>") == "Sarana &amp; &lt;b&gt;Prasarana&lt;/b&gt;"
    assert charts.plain("&lt;") == "&amp;lt;"  # an entity typed by a person shows as typed


def test_a_unit_name_with_a_link_is_plain_text_in_the_dashboard_figures(client):
    viewers = make_viewers()
    world = build_world(units=2, years=1)
    Unit.objects.filter(code="UNIT00").update(short_name=EVIL)
    client.force_login(viewers["admin"])

    response = client.get(reverse("reports:dashboard"), {"periode": world.periods[-1].year})

    assert response.status_code == 200
    _assert_plain(_figure(response, "fig-units"))
    _assert_plain(_figure(response, "fig-levers"))


def test_a_unit_name_with_a_link_is_plain_text_in_the_calibration_figure(client):
    viewers = make_viewers()
    framework = make_framework()
    unit = make_unit("JAHAT", "Dinas Jahat")
    Unit.objects.filter(pk=unit.pk).update(short_name=EVIL)
    period = make_period(framework, year=2025, status=Period.Status.FINAL)
    for indicator in Indicator.objects.filter(framework=framework):
        make_assignment(period, indicator, unit)
        make_answer(period, indicator, unit, status="verified", proposed_level=5, verified_level=3)
        make_stage_result(period, indicator, 2)
    client.force_login(viewers["reviewer"])

    response = client.get(reverse("reports:calibration"))

    assert response.status_code == 200
    _assert_plain(response.context["figure"])
