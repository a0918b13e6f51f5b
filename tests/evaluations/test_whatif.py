"""The what-if simulator and saved action plans: numbers, htmx fragment, saving, roles, query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.errors import InvalidInput, PermissionDenied, StateError
from evaluations.models import ActionPlan, Period
from evaluations.planning import services as planning
from indicators import scoring
from skpd.roles import Role
from tests.evaluations.planning_world import planning_world
from tests.factories import make_answer, make_assignment, make_framework, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mini(db):
    """Mini framework (weights 20, 20, 30, 15, 15); proposed levels 3, 2, 3, 2 and indicator 5 missing."""
    framework = make_framework()
    period = make_period(framework, target_index=Decimal("3.00"))
    indicators = {i.number: i for i in framework.indicators.all()}
    unit = make_unit("DISKOMINFO")
    for number, level in {1: 3, 2: 2, 3: 3, 4: 2}.items():
        make_assignment(period, indicators[number], unit)
        make_answer(period, indicators[number], unit, proposed_level=level)
    return period


def _post(period, **levels):
    base = {1: 3, 2: 2, 3: 3, 4: 2, 5: 1}
    base.update({int(k[1:]): v for k, v in levels.items()})
    return {"periode": period.year, "seri": "proposed", **{f"level_{n}": v for n, v in base.items()}}


def test_page_lists_indicators_with_current_levels_and_marks_unassessed(client, mini):
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    response = client.get(reverse("planning:whatif"), {"periode": mini.year, "seri": "proposed"})
    assert response.status_code == 200
    text = response.text
    assert text.count('class="level-select"') == 5
    assert "belum dinilai" in text
    assert "1 indikator belum dinilai: dihitung pada tingkat 1 untuk perencanaan." in text
    # (3·20 + 2·20 + 3·30 + 2·15 + 1·15) / 100 = 2.35, indicator 5 floored at 1
    assert '<span class="big-number" id="index-after">2,35</span>' in text
    assert 'data-figure="fig-whatif-delta"' in text


def test_htmx_recompute_returns_only_the_result_fragment_with_scoring_numbers(client, mini):
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    response = client.post(reverse("planning:whatif"), _post(mini, n3=4, n5=3), headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.text
    assert "<html" not in text and 'id="h-levels"' not in text and 'id="index-after"' in text
    structure = mini.framework.structure()
    expected = scoring.what_if(structure, {1: 3, 2: 2, 3: 3, 4: 2, 5: 1}, {3: 4, 5: 3})
    assert expected.after.index == Decimal("2.95")
    assert '<span class="big-number" id="index-after">2,95</span>' in text
    assert "(+0,60)" in text
    assert '<strong id="predicate-after">Baik</strong>' in text
    assert "Indikator 3: tingkat 3 → 4" in text and "Indikator 5: tingkat 1 → 3" in text
    # domain 2 = (3·30 + 2·15 + 1·15)/60 = 2.25 → (4·30 + 2·15 + 3·15)/60 = 3.25
    assert '<td class="num">2,25</td><td class="num">3,25</td><td class="num">+1,00</td>' in text


def test_reaching_sangat_baik_changes_the_predicate(client, mini):
    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))
    response = client.post(
        reverse("planning:whatif"), _post(mini, n1=4, n2=4, n3=4, n4=3, n5=3), headers={"HX-Request": "true"}
    )
    # (4·20 + 4·20 + 4·30 + 3·15 + 3·15) / 100 = 3.70
    assert '<span class="big-number" id="index-after">3,70</span>' in response.text
    assert '<strong id="predicate-after">Sangat Baik</strong>' in response.text


def test_bad_level_is_a_400_naming_the_indicator_and_saves_nothing(client, mini):
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    response = client.post(reverse("planning:whatif"), _post(mini, n2=7), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "Indikator 2: tingkat harus 1 sampai 5." in response.text
    response = client.post(reverse("planning:plan_save"), {**_post(mini, n2=9), "name": "Rencana"})
    assert response.status_code == 400
    assert not ActionPlan.objects.exists()


def test_bad_filter_is_a_400_with_a_message(client, mini):
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    response = client.get(reverse("planning:whatif"), {"periode": "1999", "seri": "proposed"})
    assert response.status_code == 400
    assert "Periode:" in response.text and "1999" in response.text
    response = client.get(reverse("planning:whatif"), {"period": "999", "series": "proposed"})  # an old link
    assert response.status_code == 400
    assert "Periode tidak ditemukan" in response.text
    response = client.get(reverse("planning:whatif"), {"periode": mini.year, "seri": "tebakan"})
    assert response.status_code == 400
    assert "tebakan" in response.text


def test_reviewer_saves_a_plan_with_only_the_changed_levels_and_reopens_it(client, mini):
    reviewer = make_user("rev", password=None, role=Role.REVIEWER)
    client.force_login(reviewer)
    response = client.post(
        reverse("planning:plan_save"), {**_post(mini, n3=5, n5=2), "name": " Naik ke Baik ", "note": "Fokus layanan"}
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_detail", args=[plan.pk])
    assert (plan.name, plan.base_series, plan.levels, plan.created_by) == (
        "Naik ke Baik",
        "proposed",
        {"3": 5, "5": 2},
        reviewer,
    )
    # The baseline: every indicator's proposed level at save (5 not yet assessed), and the index then.
    assert plan.baseline_levels == {"1": 3, "2": 2, "3": 3, "4": 2, "5": None}
    # (3·20 + 2·20 + 3·30 + 2·15 + 1·15) / 100 = 2.35; with the steps (3·20 + 2·20 + 5·30 + 2·15 + 2·15) / 100 = 3.10
    assert (plan.baseline_index, plan.planned_index) == (Decimal("2.35"), Decimal("3.10"))
    page = client.get(response["Location"]).text
    assert "Rencana aksi: Naik ke Baik" in page
    assert '<dd id="index-at-save">2,35' in page
    assert "3 → 5" in page.split('id="step-3"')[1].split("</tr>")[0]
    assert '1 → 2 <small class="muted">(belum dinilai saat disimpan)</small>' in page.split('id="step-5"')[1]
    assert '<strong id="index-reached">3,10</strong>' in page
    # Reopened in the simulator: today's base with the steps applied.
    reopened = client.post(reverse("planning:whatif"), _post(mini, n3=5, n5=2)).text
    assert '<span class="big-number" id="index-after">3,10</span>' in reopened


def test_plan_without_a_name_or_without_changes_is_refused(client, mini):
    client.force_login(make_user("adm", password=None, role=Role.ADMIN))
    response = client.post(reverse("planning:plan_save"), {**_post(mini, n3=5), "name": ""})
    assert response.status_code == 400
    assert "Nama rencana" in response.text
    response = client.post(reverse("planning:plan_save"), {**_post(mini), "name": "Tanpa perubahan"})
    assert response.status_code == 400
    assert "Rencana belum mengubah tingkat indikator mana pun." in response.text
    assert not ActionPlan.objects.exists()


def test_executive_simulates_but_may_not_save_and_officer_sees_nothing(client, mini):
    executive = make_user("exec", password=None, role=Role.EXECUTIVE)
    client.force_login(executive)
    page = client.get(reverse("planning:whatif"), {"periode": mini.year})
    assert page.status_code == 200
    assert "Hanya peninjau dan administrator yang menyimpan rencana aksi" in page.text
    assert client.post(reverse("planning:plan_save"), {**_post(mini, n3=5), "name": "X"}).status_code == 403
    client.force_login(make_user("op", password=None, role=Role.OFFICER, unit=make_unit("X")))
    assert client.get(reverse("planning:whatif")).status_code == 403
    assert client.get(reverse("planning:plan_list")).status_code == 403
    assert not ActionPlan.objects.exists()


def test_service_checks_permission_and_period_state(mini):
    with pytest.raises(PermissionDenied):
        planning.save_action_plan(
            make_user("exec", password=None, role=Role.EXECUTIVE), mini, name="X", base_series="proposed", levels={3: 4}
        )
    admin = make_user("adm", password=None, role=Role.ADMIN)
    with pytest.raises(InvalidInput, match="Indikator 9 tidak ada"):
        planning.save_action_plan(admin, mini, name="X", base_series="proposed", levels={9: 4})
    Period.objects.filter(pk=mini.pk).update(status=Period.Status.FINAL)
    with pytest.raises(StateError, match="sudah final"):
        planning.save_action_plan(admin, mini, name="X", base_series="proposed", levels={3: 4})
    assert not ActionPlan.objects.exists()


def test_final_period_page_says_plans_are_closed(client, mini):
    Period.objects.filter(pk=mini.pk).update(status=Period.Status.FINAL)
    client.force_login(make_user("adm", password=None, role=Role.ADMIN))
    page = client.get(reverse("planning:whatif"), {"periode": mini.year})
    assert "Periode ini sudah final: rencana tidak dapat disimpan lagi." in page.text
    response = client.post(reverse("planning:plan_save"), {**_post(mini, n3=5), "name": "X"})
    assert response.status_code == 400
    assert not ActionPlan.objects.exists()


def test_plan_list_shows_each_plans_index(client, mini):
    admin = make_user("adm", password=None, role=Role.ADMIN)
    planning.save_action_plan(admin, mini, name="Rencana A", base_series="proposed", levels={3: 5})
    planning.save_action_plan(admin, mini, name="Rencana B", base_series="proposed", levels={1: 5, 2: 5})
    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))
    text = client.get(reverse("planning:plan_list"), {"periode": mini.year}).text
    assert "Rencana A" in text and "Rencana B" in text
    # A: 2.35 + 0.60 = 2.95; B: 2.35 + 0.40 + 0.60 = 3.35
    assert '<td class="num plan-reached">2,95</td>' in text and '<td class="num plan-reached">3,35</td>' in text
    assert text.count('<td class="num plan-at-save">2,35</td>') == 2


# --- query counts: the same at two data sizes ------------------------------------------------------


def _count(client, django_assert_max_num_queries, url, params=None, method="get", data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data if data is not None else (params or {}))
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


@pytest.mark.parametrize(
    "view",
    ["whatif", "whatif_post", "plan_list", "plan_detail"],
)
def test_query_count_does_not_grow_with_data(client, view, django_assert_max_num_queries):
    small = planning_world(indicators=5, units=2, plans=1, year=2025)
    large = planning_world(indicators=40, units=9, plans=12, year=2026, evidence_per_answer=3)
    counts = []
    for world in (small, large):
        client.force_login(world.users["reviewer"])
        period = world.period
        if view == "whatif":
            url, params, method = reverse("planning:whatif"), {"periode": period.year, "seri": "proposed"}, "get"
        elif view == "whatif_post":
            data = {"periode": period.year, "seri": "proposed"}
            data.update({f"level_{n}": 3 for n in world.indicators})
            url, params, method = reverse("planning:whatif"), data, "post"
        elif view == "plan_list":
            url, params, method = reverse("planning:plan_list"), {"periode": period.year}, "get"
        else:
            plan = ActionPlan.objects.filter(period=period).first()
            url, params, method = reverse("planning:plan_detail", args=[plan.pk]), None, "get"
        counts.append(_count(client, django_assert_max_num_queries, url, params, method))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts


def test_result_just_below_sangat_baik_shows_three_decimals_and_the_distance(client, spbe_2020):
    from tests.evaluations.test_dashboard import EDGE_LEVELS

    period = make_period(spbe_2020, year=2027, target_index=Decimal("3.50"))
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    data = {"periode": period.year, "seri": "proposed", **{f"level_{n}": v for n, v in EDGE_LEVELS.items()}}

    response = client.post(reverse("planning:whatif"), data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert '<span class="big-number" id="index-after">3,495</span>' in response.text
    assert '<strong id="predicate-after">Baik</strong>' in response.text
    assert "0,005 lagi ke Sangat Baik" in response.text
