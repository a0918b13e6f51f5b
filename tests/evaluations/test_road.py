"""The road to target: goal-seek's steps with lead units and cumulative index, caps, unreachable targets."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.errors import InvalidInput, PermissionDenied, StateError
from evaluations.models import Period, PeriodIndicator
from evaluations.planning import services as planning
from indicators import scoring
from skpd.roles import Role
from tests.evaluations.planning_world import planning_world
from tests.factories import make_answer, make_assignment, make_framework, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mini(db):
    """Mini framework (weights 20, 20, 30, 15, 15); proposed levels 3, 2, 3, 2, indicator 5 missing.
    Unit A leads 1–3, unit B leads 4; indicator 5 has no lead. Start index 2.35, target 3.00."""
    framework = make_framework()
    period = make_period(framework, target_index=Decimal("3.00"))
    indicators = {i.number: i for i in framework.indicators.all()}
    unit_a = make_unit("BAPPEDA", short_name="Bappeda")
    unit_b = make_unit("DISKOMINFO", short_name="Diskominfo")
    for number, level in {1: 3, 2: 2, 3: 3, 4: 2}.items():
        unit = unit_a if number <= 3 else unit_b
        make_assignment(period, indicators[number], unit)
        make_answer(period, indicators[number], unit, proposed_level=level)
    return period


def _steps(html, section):
    """(indicator, from → to, cumulative) of each step row of road section ``section``."""
    part = html.split(f'id="road-{section}"')[1].split("</section>")[0]
    rows = part.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    out = []
    for row in rows:
        cells = [c.split(">", 1)[1].split("<")[0].strip() for c in row.split("<t")[1:] if ">" in c]
        out.append(cells)
    return out


def test_road_to_period_target_and_to_sangat_baik(client, mini):
    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))
    response = client.get(reverse("planning:road"), {"periode": mini.year, "seri": "proposed"})
    assert response.status_code == 200
    text = response.text
    assert "Target periode 3,00" in text and "Sangat Baik 3,50" in text
    assert '<strong id="start-index">2,35</strong>' in text
    expected = scoring.goal_seek(mini.framework.structure(), {1: 3, 2: 2, 3: 3, 4: 2, 5: 1}, Decimal("3.00"))
    # heaviest first: indicator 3 (0.30) 3→4, 4→5, then indicator 1 (0.20) 3→4 → 2.35 + 0.60 + 0.20 = 3.15
    assert [(s.indicator, s.from_level, s.to_level) for s in expected.steps] == [(3, 3, 4), (3, 4, 5), (1, 3, 4)]
    rows = _steps(text, 1)
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[0][1].startswith("3. Ind 3") and rows[0][2] == "3 → 4" and rows[0][3] == "+0,300"
    assert rows[0][4] == "2,65" and rows[1][4] == "2,95" and rows[2][4] == "3,15"
    assert rows[0][5] == "Bappeda"
    assert "Tercapai dengan 3 langkah tingkat, indeks menjadi 3,15." in text
    # 3.50: after 3, 1 → 5 (3.35), then 2 → 3 (3.55)
    rows = _steps(text, 2)
    assert rows[-1][4] == "3,55"
    assert "1 indikator belum dinilai, dihitung pada tingkat 1." in text


def test_caps_limit_the_road_and_an_unreachable_target_says_the_best_index(client, mini):
    admin = make_user("adm", password=None, role=Role.ADMIN)
    planning.set_feasible_caps(admin, mini, {1: 3, 2: 3, 3: 4, 4: 3, 5: 2})
    client.force_login(admin)
    text = client.get(reverse("planning:road"), {"periode": mini.year, "seri": "proposed", "caps": "on"}).text
    # under caps: 3: 3→4 (+0.30), 2: 2→3 (+0.20), 4: 2→3 (+0.15) reach 3.00; 5: 1→2 (+0.15) tops out at 3.15
    first = text.split('id="road-1"')[1].split("</section>")[0]
    second = text.split('id="road-2"')[1].split("</section>")[0]
    assert "Tercapai dengan 3 langkah tingkat, indeks menjadi 3,00." in first
    assert "Tidak tercapai dalam batas yang ada. Indeks terbaik yang dapat dicapai: 3,15 (kurang 0,35)." in second
    assert "(batas 4)" in text
    default = client.get(reverse("planning:road"), {"periode": mini.year, "seri": "proposed"}).text
    assert "Tidak tercapai dalam batas yang ada" in default  # caps apply unless turned off
    uncapped = client.get(reverse("planning:road"), {"periode": mini.year, "seri": "proposed", "caps": "off"}).text
    assert "Tidak tercapai" not in uncapped and "Batas kelayakan tidak dipakai." in uncapped


def test_custom_target_and_already_reached(client, mini):
    client.force_login(make_user("rev", password=None, role=Role.REVIEWER))
    text = client.get(reverse("planning:road"), {"periode": mini.year, "seri": "proposed", "target": "2,20"}).text
    assert "Target 2,20" in text and "Sudah tercapai: indeks awal 2,35." in text
    response = client.get(reverse("planning:road"), {"periode": mini.year, "target": "7"})
    assert response.status_code == 400
    assert "Target lain" in response.text


def test_road_is_for_dashboard_roles_only(client, mini):
    client.force_login(make_user("op", password=None, role=Role.OFFICER, unit=make_unit("X")))
    assert client.get(reverse("planning:road")).status_code == 403


# --- caps ----------------------------------------------------------------------------------------


def test_admin_sets_and_clears_caps_through_the_page(client, mini):
    client.force_login(make_user("adm", password=None, role=Role.ADMIN))
    url = reverse("planning:caps")
    response = client.post(url, {"periode": mini.year, "cap_1": "4", "cap_3": "5", "cap_5": ""})
    assert response.status_code == 302
    assert planning.feasible_caps(mini) == {1: 4, 3: 5}
    response = client.post(url, {"periode": mini.year, "cap_1": "", "cap_3": "5"})
    assert planning.feasible_caps(mini) == {3: 5}
    assert PeriodIndicator.objects.filter(period=mini).count() == 2  # the cleared row stays, without a cap
    page = client.get(url, {"periode": mini.year}).text
    assert '<option value="5" selected>5</option>' in page.split('id="id_cap_3"')[1].split("</select>")[0]


def test_bad_cap_is_a_400_and_saves_nothing(client, mini):
    client.force_login(make_user("adm", password=None, role=Role.ADMIN))
    response = client.post(reverse("planning:caps"), {"periode": mini.year, "cap_1": "4", "cap_2": "9"})
    assert response.status_code == 400
    assert "Batas indikator 2" in response.text
    assert planning.feasible_caps(mini) == {}


def test_scoped_reviewer_changes_only_caps_in_their_aspects(client, mini):
    aspect_2 = mini.framework.aspects.get(number=2)
    reviewer = make_user("rev2", password=None, role=Role.REVIEWER, aspects=[aspect_2])
    client.force_login(reviewer)
    response = client.post(reverse("planning:caps"), {"periode": mini.year, "cap_1": "2", "cap_3": "4"})
    assert response.status_code == 302
    assert planning.feasible_caps(mini) == {3: 4}  # indicator 1 (aspect 1) is outside the scope
    with pytest.raises(PermissionDenied):
        planning.set_feasible_caps(reviewer, mini, {1: 2})


def test_caps_service_refuses_executives_final_periods_and_bad_levels(mini):
    with pytest.raises(PermissionDenied):
        planning.set_feasible_caps(make_user("exec", password=None, role=Role.EXECUTIVE), mini, {1: 3})
    admin = make_user("adm", password=None, role=Role.ADMIN)
    with pytest.raises(InvalidInput, match="Indikator 1: tingkat harus 1 sampai 5"):
        planning.set_feasible_caps(admin, mini, {1: 0})
    Period.objects.filter(pk=mini.pk).update(status=Period.Status.FINAL)
    with pytest.raises(StateError):
        planning.set_feasible_caps(admin, mini, {1: 3})
    assert planning.feasible_caps(mini) == {}


def test_caps_page_is_not_for_executives_or_officers(client, mini):
    client.force_login(make_user("exec", password=None, role=Role.EXECUTIVE))
    assert client.get(reverse("planning:caps")).status_code == 403
    assert client.post(reverse("planning:caps"), {"periode": mini.year, "cap_1": "3"}).status_code == 403
    assert planning.feasible_caps(mini) == {}


# --- query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["road", "caps"])
def test_query_count_does_not_grow_with_data(client, view):
    counts = []
    for world in (planning_world(5, 2, year=2025), planning_world(40, 9, year=2026, evidence_per_answer=3)):
        admin = world.users["admin"]
        planning.set_feasible_caps(admin, world.period, dict.fromkeys(list(world.indicators)[:3], 4))
        client.force_login(admin)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"planning:{view}"), {"periode": world.period.year, "caps": "on"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
