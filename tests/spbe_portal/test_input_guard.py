"""In the admin, NUL bytes and integers past 64 bits in request values are a 400 with one line, never a 500.

The portal's own pages answer them through their forms (tests/security/test_fuzz_views.py).
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from skpd.models import Unit
from skpd.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "query",
    [
        {"q": "a\x00b"},  # the admin's search (PostgreSQL: "A string literal cannot contain NUL")
        {"kind__exact": "\x00"},
        {"kind\x00": "badan"},
    ],
)
def test_a_nul_byte_in_an_admin_changelist_filter_is_a_400(admin_client, query):
    response = admin_client.get(reverse("admin:skpd_unit_changelist"), query)
    assert response.status_code == 400
    assert "NUL" in response.text and "\n" not in response.text.strip()


def test_a_nul_byte_in_an_admin_form_post_or_path_is_a_400(admin_client):
    fields = {"code": "X", "name": "Nama\x00", "kind": "badan"}
    response = admin_client.post(
        reverse("admin:skpd_unit_add"), urlencode(fields), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and "Isian name berisi karakter NUL" in response.text
    assert not Unit.objects.exists()
    assert admin_client.get(reverse("admin:skpd_unit_changelist") + "a%00b/").status_code == 400


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("admin:evaluations_answer_changelist", {"period__id__exact": HUGE}),
        ("admin:indicators_indicator_changelist", {"framework": HUGE}),
        ("admin:evaluations_assignment_changelist", {"unit__exact": "-" + HUGE}),
        ("admin:evaluations_stageresult_changelist", {"period__id__exact": str(2**63)}),
    ],
)
def test_a_huge_integer_in_an_admin_filter_is_a_400_not_an_overflow(admin_client, url_name, query):
    """SQLite raised OverflowError binding it to the foreign-key filter's query: a 500."""
    response = admin_client.get(reverse(url_name), query)
    assert response.status_code == 400 and "terlalu besar" in response.text
    # the largest 64-bit integer and ordinary text still reach the page
    ordinary = {name: str(2**63 - 1) for name in query}
    assert admin_client.get(reverse(url_name), ordinary).status_code == 200
    assert admin_client.get(reverse(url_name), {"q": "Dinas 12"}).status_code == 200


def test_a_huge_integer_is_a_form_error_in_an_admin_form_and_a_400_in_its_filter(admin_client):
    from indicators.models import Framework

    changelist = reverse("admin:indicators_indicator_changelist")
    assert admin_client.get(changelist, {"framework__id__exact": HUGE}).status_code == 400

    response = admin_client.post(
        reverse("admin:indicators_framework_add"),
        {"code": "besar", "name": "Besar", "index_name": "Indeks", "status": "provisional", "valid_from_year": HUGE},
    )
    assert response.status_code == 200  # the form again, with the error beside the field
    assert response.context["adminform"].form.errors["valid_from_year"]
    assert not Framework.objects.exists()
