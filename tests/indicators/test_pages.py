"""The framework pages: list, tree with weights, criteria and bands, indicator detail; access and query counts."""

import pytest
from django.urls import reverse

from indicators.loader import load_file, shipped_files
from indicators.models import Indicator
from skpd.roles import Role
from tests.factories import make_framework, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(make_user("petugas", role=Role.OFFICER))
    return client


def pemdi():
    return load_file(next(p for p in shipped_files() if p.name == "pemdi-2026.json")).framework


def test_framework_pages_need_sign_in_and_a_role(client, spbe_2020):
    url = reverse("indicators:framework_detail", args=["spbe-2020"])
    assert client.get(url).status_code == 302
    client.force_login(make_user("tanpa-peran"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("indicators:framework_list")).status_code == 403


def test_list_shows_each_framework_with_status_and_count(officer_client, spbe_2020):
    pemdi()
    page = officer_client.get(reverse("indicators:framework_list")).content.decode()
    assert "Evaluasi Sistem Pemerintahan Berbasis Elektronik 2020" in page
    assert reverse("indicators:framework_detail", args=["pemdi-2026"]) in page
    assert "Sementara" in page and "Resmi" in page
    assert ">47<" in page and ">20<" in page
    assert "2021–2025" in page and "None" not in page


def test_tree_shows_all_47_indicators_with_weights_criteria_and_bands(officer_client, spbe_2020):
    response = officer_client.get(reverse("indicators:framework_detail", args=["spbe-2020"]))
    page = response.content.decode()
    assert response.status_code == 200
    for indicator in Indicator.objects.filter(framework=spbe_2020).prefetch_related("criteria"):
        assert f'id="indikator-{indicator.number}"' in page
        for criterion in indicator.criteria.all():
            assert criterion.criterion.split(".")[0].replace("&", "&amp;") in page
    assert page.count('class="tree-indicator"') == 47
    assert "Domain 4: Layanan SPBE" in page and "45,50%" in page  # weights Indonesian style
    assert "Aspek 8: Layanan Publik Berbasis Elektronik" in page and "18,00%" in page
    assert "1,30%" in page and "2,75%" in page
    assert "Sangat Baik" in page and "3,50 – &lt; 4,20" in page and "4,20 – 5,00" in page
    assert "#27ae60" in page
    assert "Resmi" in page and "Kerangka ini sementara" not in page


def test_provisional_framework_is_marked_and_shows_generic_levels_labelled(officer_client):
    pemdi()
    page = officer_client.get(reverse("indicators:framework_detail", args=["pemdi-2026"])).content.decode()
    assert "Kerangka ini sementara" in page
    assert "Domain" not in page.split('id="h-tree"')[1].split("</h2>")[0]
    assert "Unggul" in page and "4,00 – 5,00" in page
    detail = officer_client.get(reverse("indicators:indicator_detail", args=["pemdi-2026", 5])).content.decode()
    assert "Kriteria resmi indikator ini belum tersedia" in detail
    assert "uraian umum skala, bukan kriteria resmi indikator" in detail
    assert "Tingkat 1 · Tingkat 1" not in detail
    assert "perkiraan" in detail


def test_indicator_page_has_question_and_five_level_criteria(officer_client, spbe_2020):
    response = officer_client.get(reverse("indicators:indicator_detail", args=["spbe-2020", 44]))
    page = response.content.decode()
    indicator = spbe_2020.indicators.get(number=44)
    assert indicator.question in page
    assert page.count('<li value="') == 5
    for name in ["Informasi", "Interaksi", "Transaksi", "Kolaborasi", "Optimum"]:
        assert name in page
    assert "Layanan JDIH" in page and "3,00%" in page
    assert reverse("indicators:indicator_detail", args=["spbe-2020", 43]) in page
    assert reverse("indicators:indicator_detail", args=["spbe-2020", 45]) in page


def test_unknown_framework_or_indicator_is_404(officer_client, spbe_2020):
    assert officer_client.get(reverse("indicators:framework_detail", args=["spbe-1999"])).status_code == 404
    assert officer_client.get(reverse("indicators:indicator_detail", args=["spbe-2020", 48])).status_code == 404


def test_htmx_request_gets_only_the_fragment(officer_client, spbe_2020):
    response = officer_client.get(
        reverse("indicators:framework_detail", args=["spbe-2020"]), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="content"' in page and "<html" not in page


def test_nav_links_to_frameworks_for_users_with_a_role(officer_client):
    page = officer_client.get(reverse("indicators:framework_list")).content.decode()
    assert f'href="{reverse("indicators:framework_list")}"' in page


# --- query counts at two sizes -----------------------------------------------------------------------


@pytest.mark.parametrize("size", ["mini", "spbe"])
def test_framework_detail_queries_do_not_grow_with_the_framework(
    officer_client, spbe_2020, size, django_assert_max_num_queries
):
    code = make_framework("mini").code if size == "mini" else "spbe-2020"
    officer_client.get(reverse("indicators:framework_list"))  # warm the session/role lookups
    with django_assert_max_num_queries(15):  # incl. the navigation's unread-notification count
        assert officer_client.get(reverse("indicators:framework_detail", args=[code])).status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_framework_list_queries_do_not_grow_with_frameworks(officer_client, extra, django_assert_max_num_queries):
    for n in range(extra):
        make_framework(f"mini-{n}")
    with django_assert_max_num_queries(9):  # incl. the navigation's unread count and the crosswalk pairs (one query)
        assert officer_client.get(reverse("indicators:framework_list")).status_code == 200


@pytest.mark.parametrize("number", [1, 47])
def test_indicator_detail_queries(officer_client, spbe_2020, number, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # incl. the navigation's unread-notification count
        assert officer_client.get(reverse("indicators:indicator_detail", args=["spbe-2020", number])).status_code == 200
