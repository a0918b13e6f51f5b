"""One period filter: ``?periode=<year>`` (``&seri=<series>`` where a page shows a series) on every page.

Report and planning pages, the officer's work list, the review queue and the assignments page alike. The
old ``?period=<pk>&series=<series>`` links keep working through a redirect to the canonical URL; a bad
value in either form is a 400 with its message, never a 500.
"""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from evaluations.models import Assignment
from evaluations.planning import services as planning
from skpd.models import Unit
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_framework, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db

PLANNING_PAGES = ["whatif", "road", "plan_list", "caps"]
WITH_SERIES = ["whatif", "road"]


@pytest.fixture
def years(db):
    """Periods 2026 (open), 2025 (in review) with proposed levels, and 2020 with summary scores only."""
    framework = make_framework()
    periods = {
        2026: make_period(framework, year=2026, status="open"),
        2025: make_period(framework, year=2025, status="in_review", target_index=Decimal("3.00")),
        2020: make_period(framework, year=2020, status="final", is_summary_only=True, summary_index=Decimal("2.10")),
    }
    unit = make_unit("DISKOMINFO")
    for year, level in ((2026, 4), (2025, 2)):
        for indicator in framework.indicators.all():
            make_assignment(periods[year], indicator, unit)
            make_answer(periods[year], indicator, unit, proposed_level=level)
    return periods


@pytest.fixture
def admin(client):
    user = make_user("admin", password=None, role=Role.ADMIN)
    client.force_login(user)
    return user


def _url(page, params=None):
    return reverse(f"planning:{page}") + (f"?{urlencode(params)}" if params else "")


# --- the old names redirect ----------------------------------------------------------------------


@pytest.mark.parametrize("page", PLANNING_PAGES)
def test_old_params_redirect_to_the_canonical_url_keeping_the_others(client, admin, years, page):
    old = {"period": years[2025].pk, "series": "proposed", "catatan": "a b", "caps": "off"}

    response = client.get(_url(page), old)

    assert response.status_code == 302
    assert response["Location"] == _url(page, {"periode": 2025, "seri": "proposed", "catatan": "a b", "caps": "off"})
    assert client.get(response["Location"]).context["period"] == years[2025]


@pytest.mark.parametrize("page", WITH_SERIES)
def test_old_series_alone_redirects_and_the_page_plans_on_it(client, admin, years, page):
    response = client.get(_url(page), {"series": "verified"}, follow=True)

    assert response.redirect_chain == [(_url(page, {"seri": "verified"}), 302)]
    assert response.status_code == 200
    assert response.context["series"] == "verified" and response.context["period"] == years[2026]


def test_the_new_name_wins_when_a_link_has_both(client, admin, years):
    response = client.get(_url("whatif"), {"periode": 2026, "period": years[2025].pk})

    assert response["Location"] == _url("whatif", {"periode": 2026})


@pytest.mark.parametrize("page", PLANNING_PAGES)
@pytest.mark.parametrize("value", ["999999", "abc", "summary-only"])
def test_old_period_that_is_no_plannable_period_is_a_400(client, admin, years, page, value):
    pk = years[2020].pk if value == "summary-only" else value

    response = client.get(_url(page), {"period": pk})

    assert response.status_code == 400
    assert "Periode tidak ditemukan atau hanya berisi nilai ringkasan." in response.text


@pytest.mark.parametrize("page", WITH_SERIES)
def test_old_unknown_series_is_a_400_not_a_redirect(client, admin, years, page):
    response = client.get(_url(page), {"period": years[2025].pk, "series": "tebakan"})

    assert response.status_code == 400
    assert "Seri dasar:" in response.text and "tebakan" in response.text


def test_a_page_loaded_before_the_rename_still_posts_to_its_period(client, admin, years):
    """A POST in the old names is read, not ignored: else it would quietly plan on the newest period."""
    levels = {f"level_{n}": 2 for n in range(1, 6)}
    whatif = client.post(_url("whatif"), {"period": years[2025].pk, "series": "proposed", **levels})
    caps = client.post(_url("caps"), {"period": years[2025].pk, "cap_1": "3"})

    assert whatif.status_code == 200 and whatif.context["period"] == years[2025]
    assert caps.status_code == 302 and planning.feasible_caps(years[2025]) == {1: 3}
    assert planning.feasible_caps(years[2026]) == {}


# --- the new names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PLANNING_PAGES)
def test_new_params_choose_the_period(client, admin, years, page):
    response = client.get(_url(page), {"periode": 2025})

    assert response.status_code == 200
    assert response.context["period"] == years[2025]
    assert '<option value="2025" selected>2025</option>' in response.text
    assert '<option value="2020"' not in response.text  # summary-only: nothing to plan
    if page in WITH_SERIES:
        assert response.context["series"] == "proposed"  # the period's most official series with levels


@pytest.mark.parametrize("page", PLANNING_PAGES)
def test_without_params_the_newest_period_is_planned(client, admin, years, page):
    assert client.get(_url(page)).context["period"] == years[2026]


@pytest.mark.parametrize("page", WITH_SERIES)
def test_new_series_is_the_base(client, admin, years, page):
    response = client.get(_url(page), {"periode": 2025, "seri": "verified"})

    assert response.status_code == 200
    assert response.context["series"] == "verified"


@pytest.mark.parametrize("page", PLANNING_PAGES)
@pytest.mark.parametrize("year", ["1999", "2020", "dua ribu"])
def test_invalid_year_is_a_400_with_a_message(client, admin, years, page, year):
    response = client.get(_url(page), {"periode": year})

    assert response.status_code == 400
    assert "Periode:" in response.text and year in response.text


@pytest.mark.parametrize("page", WITH_SERIES)
def test_invalid_series_is_a_400_with_a_message(client, admin, years, page):
    response = client.get(_url(page), {"periode": 2025, "seri": "tebakan"})

    assert response.status_code == 400
    assert "Seri dasar:" in response.text and "tebakan" in response.text


def test_forms_and_links_carry_the_new_names(client, admin, years):
    whatif = client.get(_url("whatif"), {"periode": 2025, "seri": "proposed"}).text
    road = client.get(_url("road"), {"periode": 2025}).text
    caps = client.get(_url("caps"), {"periode": 2025}).text

    assert '<input type="hidden" name="periode" value="2025">' in whatif
    assert '<input type="hidden" name="seri" value="proposed">' in whatif
    for page in ("whatif", "plan_list", "road"):
        assert f'href="{_url(page)}?periode=2025"' in whatif  # the planning pages' own navigation
    assert f'href="{_url("caps")}?periode=2025"' in road
    assert f'action="{_url("caps")}?periode=2025"' in caps
    assert '<input type="hidden" name="periode" value="2025">' in caps
    for text in (whatif, road, caps):
        assert "?period=" not in text and 'name="period"' not in text and 'name="series"' not in text


def test_saving_caps_returns_to_the_canonical_url(client, admin, years):
    response = client.post(_url("caps") + "?periode=2025", {"periode": 2025, "cap_1": "4"})

    assert response.status_code == 302
    assert response["Location"] == _url("caps", {"periode": 2025})
    assert planning.feasible_caps(years[2025]) == {1: 4}


def test_saving_a_plan_reads_the_new_names(client, admin, years):
    levels = {f"level_{n}": 2 for n in range(1, 6)} | {"level_1": 5}
    response = client.post(reverse("planning:plan_save"), {"periode": 2025, "seri": "proposed", "name": "R", **levels})

    assert response.status_code == 302
    plan = planning.plans_for(years[2025]).get()
    assert (plan.name, plan.base_series, planning.plan_levels(plan)) == ("R", "proposed", {1: 5})


# --- the report pages, as before -------------------------------------------------------------------


def test_report_pages_take_the_same_params(client, admin, years):
    dashboard = client.get(reverse("reports:dashboard"), {"periode": 2025, "seri": "proposed"})
    default = client.get(reverse("reports:dashboard"))

    assert dashboard.status_code == 200 and dashboard.context["period"] == years[2025]
    assert default.context["period"] == years[2026]
    assert '<option value="2026" selected>2026</option>' in default.text  # the default shown in the selector
    assert f'href="{_url("whatif")}?periode=2025&amp;seri=proposed"' in dashboard.text
    assert f'href="{_url("road")}?periode=2025&amp;seri=proposed"' in dashboard.text


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("reports:dashboard", {"periode": "1999"}, "Periode"),
        ("reports:dashboard", {"periode": "2020"}, "Periode"),
        ("reports:dashboard", {"seri": "tebakan"}, "Seri"),
        ("reports:brief", {"periode": "dua ribu"}, "Periode"),
        ("reports:unit_progress", {"periode": "1999"}, "Periode"),
    ],
)
def test_report_pages_reject_a_bad_filter_with_a_400(client, admin, years, name, params, field):
    response = client.get(reverse(name), params)

    assert response.status_code == 400
    assert "Filter tidak valid" in response.text and f"{field}:" in response.text


# --- the work list, the review queue and the assignments page: the period alone ----------------------

# Each page as the role that uses it; each keeps its own periods and default (see the tests below).
ONE_PERIOD_PAGES = {
    "evaluations:worklist": Role.OFFICER,
    "periods:review_queue": Role.REVIEWER,
    "assignments:index": Role.ADMIN,
}
# What each page says when an old link's period id names none of its periods.
UNKNOWN_PERIOD = {
    "evaluations:worklist": "Periode tidak ditemukan atau hanya berisi nilai ringkasan.",
    "periods:review_queue": "Periode tidak ditemukan atau hanya berisi nilai ringkasan.",
    "assignments:index": "Periode itu tidak ada (atau hanya berisi nilai ringkasan).",
}


# What each page says of a year that is none of its periods (the assignments page has its own words).
INVALID_YEAR = {
    "evaluations:worklist": "Masukkan pilihan yang valid. {year} bukan salah satu dari pilihan yang tersedia.",
    "periods:review_queue": "Filter tidak sah: Periode: Masukkan pilihan yang valid. {year} bukan salah satu",
    "assignments:index": "Periode itu tidak ada (atau hanya berisi nilai ringkasan).",
}


@pytest.fixture
def user_of(client, years):
    """Signs in the role that uses a page (the officer is DISKOMINFO's, which has work in 2026 and 2025)."""

    def sign_in(page):
        role = ONE_PERIOD_PAGES[page]
        user = make_user(role.value, password=None, role=role, unit=Unit.objects.get(code="DISKOMINFO"))
        client.force_login(user)
        return user

    return sign_in


@pytest.mark.parametrize("page", ONE_PERIOD_PAGES)
def test_old_period_link_redirects_to_the_year_keeping_the_others(client, years, user_of, page):
    user_of(page)
    old = {"period": years[2025].pk, "status": "verified", "catatan": "a b"}

    response = client.get(reverse(page), old)

    assert response.status_code == 302
    assert response["Location"] == reverse(page) + "?" + urlencode(
        {"periode": 2025, "status": "verified", "catatan": "a b"}
    )
    followed = client.get(response["Location"])
    assert followed.status_code == 200 and followed.context["period"] == years[2025]


@pytest.mark.parametrize("page", ONE_PERIOD_PAGES)
def test_old_empty_period_redirects_to_the_default(client, years, user_of, page):
    user_of(page)

    response = client.get(reverse(page), {"period": ""}, follow=True)

    assert response.redirect_chain == [(reverse(page), 302)]
    assert response.context["period"] == years[2026]


@pytest.mark.parametrize("page", ONE_PERIOD_PAGES)
@pytest.mark.parametrize("value", ["999999", "abc", "summary-only"])
def test_old_period_that_names_no_period_of_the_page_is_a_400(client, years, user_of, page, value):
    user_of(page)
    pk = years[2020].pk if value == "summary-only" else value

    response = client.get(reverse(page), {"period": pk})

    assert response.status_code == 400
    assert UNKNOWN_PERIOD[page] in response.text


@pytest.mark.parametrize("page", ONE_PERIOD_PAGES)
def test_new_param_chooses_the_period(client, years, user_of, page):
    user_of(page)

    response = client.get(reverse(page), {"periode": 2025})

    assert response.status_code == 200
    assert response.context["period"] == years[2025]
    assert '<option value="2025" selected>' in response.text
    assert '<option value="2020"' not in response.text  # summary-only: nothing to work on


@pytest.mark.parametrize("page", ONE_PERIOD_PAGES)
@pytest.mark.parametrize("year", ["1999", "2020", "dua ribu"])
def test_invalid_year_on_a_one_period_page_is_a_400_with_a_message(client, years, user_of, page, year):
    user_of(page)

    response = client.get(reverse(page), {"periode": year})

    assert response.status_code == 400
    assert INVALID_YEAR[page].format(year=year) in response.text


@pytest.mark.parametrize(
    ("page", "offered", "selected"),
    [
        ("evaluations:worklist", False, '<option value="2026" selected>'),
        ("periods:review_queue", False, '<option value="" selected>Periode berjalan</option>'),
        ("assignments:index", True, '<option value="2026" selected>'),
    ],
)
def test_each_page_keeps_its_own_periods_and_default(client, years, user_of, page, offered, selected):
    """A draft period: assignments are made in it, nobody answers or reviews it yet; each defaults to the open one."""
    make_period(years[2026].framework, year=2027, status="draft")
    user_of(page)

    default = client.get(reverse(page))
    draft = client.get(reverse(page), {"periode": 2027})

    assert default.context["period"] == years[2026]
    assert selected in default.text
    assert ('<option value="2027"' in default.text) is offered
    assert draft.status_code == (200 if offered else 400)


@pytest.mark.parametrize("page", ONE_PERIOD_PAGES)
def test_pages_and_their_links_carry_the_new_name(client, years, user_of, page):
    user_of(page)

    text = client.get(reverse(page), {"periode": 2025}).text

    assert 'name="periode"' in text
    assert "?period=" not in text and 'name="period"' not in text


def test_the_answer_page_links_back_to_the_work_list_of_its_year(client, years, user_of):
    user_of("evaluations:worklist")
    answer = years[2025].answers.order_by("indicator__number").first()

    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]))

    assert f'href="{reverse("evaluations:worklist")}?periode=2025"' in page.text


def test_the_queue_keeps_the_year_in_its_other_links(client, years, user_of):
    user_of("periods:review_queue")

    page = client.get(reverse("periods:review_queue"), {"periode": 2025, "status": ""})

    assert page.context["query"] == "periode=2025&status="
    assert f'name="next" value="{reverse("periods:review_queue")}?periode=2025&amp;status="' in page.text


@pytest.mark.parametrize("name", ["periode", "period"])
def test_assignments_save_to_the_posted_period_in_either_name(client, years, user_of, name):
    """The old name is read, not ignored: a page loaded before the rename would else save to the open period."""
    draft = make_period(years[2026].framework, year=2027, status="draft")
    user_of("assignments:index")
    unit = Unit.objects.get(code="DISKOMINFO")
    value = draft.year if name == "periode" else draft.pk

    response = client.post(reverse("assignments:save"), {name: value, "lead-1": unit.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("assignments:index") + "?periode=2027"
    assert Assignment.objects.filter(period=draft, indicator__number=1, unit=unit, role=Assignment.Role.LEAD).exists()
    assert not Assignment.objects.filter(period=draft, indicator__number=2).exists()  # the rest left unassigned


@pytest.mark.parametrize("name", ["periode", "period"])
def test_a_refused_copy_goes_back_to_the_posted_period_in_either_name(client, years, user_of, name):
    """No period before 2025 with assignments: the refusal sends the administrator back to 2025's page."""
    user_of("assignments:index")
    value = 2025 if name == "periode" else years[2025].pk

    response = client.post(reverse("assignments:copy"), {name: value})

    assert response.status_code == 302
    assert response["Location"] == reverse("assignments:index") + "?periode=2025"


@pytest.mark.parametrize("data", [{"periode": "1999"}, {"period": "999999"}])
def test_assignments_post_to_no_period_is_a_400_and_saves_nothing(client, years, user_of, data):
    user_of("assignments:index")
    before = Assignment.objects.count()

    response = client.post(reverse("assignments:save"), {**data, "lead-1": Unit.objects.get(code="DISKOMINFO").pk})

    assert response.status_code == 400
    assert "Periode itu tidak ada (atau hanya berisi nilai ringkasan)." in response.text
    assert Assignment.objects.count() == before
