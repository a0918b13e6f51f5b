"""One name per domain and aspect on every surface, weights with their two decimals, and the stage
pages and template carrying indicator names (issue 13, item 9)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators import structure_cache
from indicators.models import Aspect, Domain
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_framework, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db

FULL = "Kebijakan Internal SPBE"
SHORT = "Kebijakan SPBE"


@pytest.fixture
def world(db):
    """The mini framework with domain 1 and aspect 1 named like SPBE 2020's (a full and a short name)."""
    framework = make_framework()
    Domain.objects.filter(framework=framework, number=1).update(name=FULL, short_name=SHORT)
    Aspect.objects.filter(framework=framework, number=1).update(name="Kebijakan Internal Tata Kelola", short_name="")
    structure_cache.bump(framework.pk)  # QuerySet.update sends no signal
    period = make_period(framework, target_index=Decimal("3.00"))
    unit = make_unit("DISKOMINFO")
    indicators = {i.number: i for i in framework.indicators.all()}
    for number, level in {1: 3, 2: 2, 3: 3, 4: 2, 5: 2}.items():
        make_assignment(period, indicators[number], unit)
        make_answer(period, indicators[number], unit, proposed_level=level)
    period.unit = unit
    return period


def test_domain_display_name_is_the_short_name_else_the_full_one(world):
    domain = Domain.objects.get(framework=world.framework, number=1)
    assert domain.display_name == SHORT
    assert Domain.objects.get(framework=world.framework, number=2).display_name == "Domain Dua"
    structure = world.framework.structure()
    specs = {d.number: d for d in structure.domains}
    assert specs[1].display_name == SHORT and specs[1].name == FULL


def test_same_domain_name_on_dashboard_whatif_and_workbook(client, world):
    client.force_login(make_user("pimpinan", password=None, role=Role.EXECUTIVE))
    dashboard = client.get(reverse("reports:dashboard"), {"periode": world.year}).text
    assert f"1. {SHORT}" in dashboard
    assert FULL not in dashboard

    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    whatif = client.get(reverse("planning:whatif"), {"periode": world.year, "seri": "proposed"}).text
    assert f"Domain 1. {SHORT}" in whatif
    assert FULL not in whatif

    client.force_login(make_user("admin-x", password=None, role=Role.ADMIN))
    response = client.get(reverse("planning:export_xlsx", args=[world.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {str(c) for row in book["Indikator"].iter_rows(values_only=True) for c in row if c}
    assert f"1. {SHORT}" in cells
    assert not any(FULL in c for c in cells)

    csv_text = b"".join(client.get(reverse("planning:export_csv")).streaming_content).decode()
    assert SHORT in csv_text and FULL not in csv_text


def test_weights_are_printed_with_two_decimals(client, world):
    client.force_login(make_user("pimpinan", password=None, role=Role.EXECUTIVE))
    dashboard = client.get(reverse("reports:dashboard"), {"periode": world.year}).text
    # domain 1 weighs 40, aspect 3 weighs 30: "40,00" and "30,00", not "40" next to "1,30"
    assert '<td class="num">40,00</td>' in dashboard and '<td class="num">30,00</td>' in dashboard
    unit_page = client.get(reverse("reports:unit_detail", args=[world.unit.pk]), {"periode": world.year}).text
    assert ">20,00</td>" in unit_page and ">15,00</td>" in unit_page
    indicator = world.framework.indicators.get(number=3)
    indicator_page = client.get(reverse("reports:indicator_detail", args=[indicator.pk])).text
    assert "bobot 30,00%" in indicator_page
    assert f"1. {SHORT}" not in indicator_page  # indicator 3 sits in domain 2
    assert "2. Domain Dua" in indicator_page


def test_stage_template_and_pages_carry_indicator_names(client, world):
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    response = client.get(reverse("periods:stage_template", args=[world.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["indicator", "level", "name"]
    assert rows[1] == ["1", "", "Ind 1"] and rows[5] == ["5", "", "Ind 5"]
    page = client.get(reverse("periods:stage_results", args=[world.pk])).text
    assert "Ind 3" in page
    edit = client.get(reverse("periods:stage_edit", args=[world.pk, "final"])).text
    assert "3. Ind 3" in edit


def test_filled_in_template_imports_with_its_name_column(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.models import Period, StageResult

    # The external stages are recorded once the self-assessment is submitted (the period in review).
    Period.objects.filter(pk=world.pk).update(status=Period.Status.IN_REVIEW)
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    template = client.get(reverse("periods:stage_template", args=[world.pk, "csv"])).content.decode()
    filled = template.replace("1,,Ind 1", "1,4,Ind 1")
    assert filled != template
    upload = SimpleUploadedFile("hasil.csv", filled.encode())
    response = client.post(reverse("periods:stage_import", args=[world.pk]), {"stage": "dokumen", "file": upload})
    assert response.status_code in (200, 302)
    assert dict(StageResult.objects.values_list("indicator__number", "level")) == {1: 4}


def test_trend_marks_illustrative_years_and_says_so_in_the_legend():
    from evaluations.reports import charts, dashboard

    points = [
        dashboard.TrendPoint(2022, Decimal("2.5"), None, "final", "SPBE 2020", True),
        dashboard.TrendPoint(2023, Decimal("2.69"), None, "final", "SPBE 2020", False),
        dashboard.TrendPoint(2024, Decimal("2.9"), None, "summary", "SPBE 2020", True),
    ]
    figure = charts.trend(points)
    province = figure["data"][0]
    assert province["marker"]["symbol"] == ["diamond", "circle", "diamond-open"]
    legend = [trace for trace in figure["data"] if trace.get("name") == "ilustrasi"]
    assert len(legend) == 1 and legend[0]["marker"]["symbol"] == "diamond"
    assert legend[0].get("showlegend", True) is not False

    published_only = charts.trend(points[1:2])
    assert "ilustrasi" not in [trace.get("name") for trace in published_only["data"]]


def test_indicator_levels_chart_marks_illustrative_years_and_says_so_in_the_legend():
    from evaluations.reports import charts

    series = [("final", "Hasil akhir", [3, 4])]
    figure = charts.levels_by_series([2023, 2024], series, illustrative_years=[2024])
    assert figure["data"][0]["marker"]["pattern"]["shape"] == ["", "/"]
    assert [trace.get("name") for trace in figure["data"]] == ["Hasil akhir", "ilustrasi"]
    plain = charts.levels_by_series([2023, 2024], series)
    assert "pattern" not in plain["data"][0]["marker"] and len(plain["data"]) == 1
