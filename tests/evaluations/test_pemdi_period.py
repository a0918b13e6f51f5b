"""A period on the provisional Indeks Pemdi 2026 (7 aspects, 20 indicators, no domains, its own bands)
flows through every page that SPBE 2020 periods use: the framework is data, not code."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from evaluations import series as scores
from evaluations.models import Series
from indicators import scoring
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_period, make_stage_result, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pemdi():
    from indicators.loader import load_file, shipped_files

    path = next(p for p in shipped_files() if p.name == "pemdi-2026.json")
    return load_file(path).framework


@pytest.fixture
def world(pemdi, spbe_2020):
    units = [make_unit("DISKOMINFO"), make_unit("BAPPEDA")]
    # An SPBE 2020 year before it, so the trend crosses the change of framework.
    old = make_period(spbe_2020, year=2025, status="final")
    for indicator in spbe_2020.indicators.all():
        make_stage_result(old, indicator, 3)
    period = make_period(pemdi, year=2026, status="in_review")
    indicators = list(pemdi.indicators.order_by("number"))
    for i, indicator in enumerate(indicators):
        unit = units[i % 2]
        make_assignment(period, indicator, unit)
        make_answer(period, indicator, unit, status="verified", proposed_level=5, verified_level=4, explanation="x")
    return {"period": period, "old": old, "units": units, "indicators": indicators, "framework": pemdi}


def test_the_pemdi_index_uses_its_own_weights_and_bands(world):
    assert world["framework"].indicators.count() == 20
    assert not world["framework"].domains.exists()
    result = scores.period_scores(world["period"], Series.VERIFIED)
    assert result.index == Decimal(4)
    # 4.00 is "Memuaskan" under Pemdi (from 4.00) but only "Sangat Baik" under SPBE 2020 (from 4.20).
    assert result.predicate.name == "Memuaskan"
    assert result.domains == {}
    assert len(result.aspects) == 7 and all(value == Decimal(4) for value in result.aspects.values())
    spbe = scoring.compute(world["old"].framework.structure(), dict.fromkeys(range(1, 48), 4))
    assert spbe.predicate.name == "Sangat Baik"


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("reports:dashboard", [], {"periode": 2026, "seri": "verified"}),
        ("reports:dashboard", [], {"periode": 2026, "seri": "proposed"}),
        ("reports:brief", [], {"periode": 2026}),
        ("reports:calibration", [], {}),
        ("reports:unit_progress", [], {"periode": 2026}),
        ("planning:whatif", [], {}),
        ("planning:road", [], {}),
        ("planning:plan_list", [], {}),
        ("periods:detail", ["period"], {}),
        ("periods:review_queue", [], {}),
    ],
)
def test_every_report_and_planning_page_serves_a_pemdi_period(client, world, name, args, query):
    client.force_login(make_user("admin", role=Role.ADMIN))
    url = reverse(name, args=[world["period"].pk for _ in args])
    response = client.get(url, query)
    assert response.status_code == 200, response.content[:500]


def test_unit_and_indicator_pages_and_exports(client, world):
    client.force_login(make_user("admin", role=Role.ADMIN))
    unit = world["units"][0]
    assert client.get(reverse("reports:unit_detail", args=[unit.pk]), {"periode": 2026}).status_code == 200
    first = world["indicators"][0]
    assert client.get(reverse("reports:indicator_detail", args=[first.pk]), {"periode": 2026}).status_code == 200
    workbook = client.get(reverse("planning:export_xlsx", args=[world["period"].pk]))
    assert workbook.status_code == 200
    assert b"".join(workbook.streaming_content if workbook.streaming else [workbook.content])[:2] == b"PK"
    csv = client.get(reverse("planning:export_csv"))
    assert csv.status_code == 200


def test_the_dashboard_shows_the_pemdi_result_without_a_domain_chart(client, world):
    client.force_login(make_user("admin", role=Role.ADMIN))
    response = client.get(reverse("reports:dashboard"), {"periode": 2026, "seri": "verified"})
    page = response.content.decode()
    assert "4,00" in page and "Memuaskan" in page
    figures = response.context["figures"]
    assert figures["domains"] is None  # Pemdi has no domain level
    assert len(figures["aspects"]["data"][0]["y"]) == 7


def test_the_road_to_3_50_is_already_reached_and_what_if_moves_the_pemdi_index(client, world):
    client.force_login(make_user("admin", role=Role.ADMIN))
    road = client.get(reverse("planning:road"), {"periode": world["period"].year, "seri": "verified"})
    assert road.status_code == 200
    assert "Sudah tercapai: indeks awal 4,00." in road.content.decode()
    levels = {f"level_{indicator.number}": 4 for indicator in world["indicators"]}
    levels["level_1"] = 1  # every verified level is 4: one drop is visible in the result
    whatif = client.post(reverse("planning:whatif"), {"periode": world["period"].year, "seri": "verified", **levels})
    assert whatif.status_code == 200
    weight = world["indicators"][0].weight
    expected = Decimal(4) - 3 * weight / 100
    assert scoring.display(expected).replace(".", ",") in whatif.content.decode()


def test_an_officer_sees_the_pemdi_indicators_of_their_unit_and_opens_one(client, world):
    period = world["period"]
    period.status = "open"
    period.save()
    officer = make_user("op2", role=Role.OFFICER, unit=world["units"][0])
    client.force_login(officer)
    worklist = client.get(reverse("evaluations:worklist"))
    assert worklist.status_code == 200
    rows = worklist.context["rows"]
    assert sorted(row["indicator"].number for row in rows) == sorted(i.number for i in world["indicators"][::2])
    answer = client.get(rows[0]["url"])
    assert answer.status_code == 200
    assert escape(rows[0]["indicator"].question) in answer.content.decode()
