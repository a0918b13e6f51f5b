"""Assignments across a change of framework (issue 14): the proposal through the crosswalk (most
source weight wins, ties to the lowest-numbered counterpart), reviewed before saving; past periods'
assignments recorded from who answered."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from evaluations.assignments import services as assignments
from evaluations.errors import PermissionDenied, ServiceError, StateError
from evaluations.models import Assignment
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_period, make_unit, make_user
from tests.transition_world import load_shipped_crosswalk

pytestmark = pytest.mark.django_db
LEAD, CONTRIBUTOR = "lead", "contributor"


def test_propose_leads_most_weight_wins_and_ties_go_to_the_lowest_number():
    weights = {1: Decimal("1.3"), 2: Decimal("1.3"), 3: Decimal("2.5"), 4: Decimal("2.5")}
    # target 10: A leads 1 and 2 (2.6) vs B leads 3 (2.5) → A; C contributes to 3
    # target 20: B leads 4 and A leads 3... equal 2.5 each → the unit leading 3 (lower number)
    leads = {1: "A", 2: "A", 3: "B", 4: "C"}
    proposed = assignments.propose_leads({10: (1, 2, 3), 20: (4, 3), 30: (5,)}, weights, leads, {3: {"D"}, 1: {"A"}})
    assert proposed[10] == ("A", {"B", "D"})
    assert proposed[20] == ("B", {"C", "D"})
    assert 30 not in proposed  # no counterpart with a lead


@pytest.fixture
def world():
    crosswalk = load_shipped_crosswalk()
    spbe, pemdi = crosswalk.from_framework, crosswalk.to_framework
    old = make_period(spbe, year=2025, status="final")
    new = make_period(pemdi, year=2026, status="draft")
    s = {i.number: i for i in spbe.indicators.all()}
    kominfo, bappeda, inspektorat = make_unit("DISKOMINFO"), make_unit("BAPPEDA"), make_unit("INSPEKTORAT")
    for number in (11, 19, 17, 22, 31):
        make_assignment(old, s[number], kominfo)
    for number in (12, 16):
        make_assignment(old, s[number], bappeda)
    for number in (29, 30):
        make_assignment(old, s[number], inspektorat)
    make_assignment(old, s[22], inspektorat, role=CONTRIBUTOR)
    return {
        "old": old,
        "new": new,
        "units": (kominfo, bappeda, inspektorat),
        "admin": make_user("admin", role=Role.ADMIN),
    }


def test_crosswalk_proposal(world):
    kominfo, bappeda, inspektorat = world["units"]
    proposal = assignments.crosswalk_proposal(world["new"])
    assert proposal.source == world["old"]
    assert proposal.plan[1] == (kominfo.pk, {bappeda.pk})  # 11 + 19 (5.0) against 12 (2.5)
    assert proposal.plan[9] == (inspektorat.pk, {kominfo.pk})  # 29 + 30 (3.0) against 31 (1.5)
    assert proposal.plan[10] == (kominfo.pk, {inspektorat.pk})  # 22's lead; its contributor contributes
    assert proposal.plan[14] == (bappeda.pk, {kominfo.pk})  # 16 and 17 weigh the same: 16 is lower
    assert 11 not in proposal.plan and 11 in proposal.without_counterpart  # only a partial counterpart
    assert 2 in proposal.without_lead  # SPBE 28 had no lead in 2025
    assert not Assignment.objects.filter(period=world["new"]).exists()  # nothing saved


def test_copy_across_frameworks_is_refused_by_the_service(world):
    with pytest.raises(ServiceError, match="kerangka lain"):
        assignments.copy_previous(world["admin"], world["new"])
    assert not Assignment.objects.filter(period=world["new"]).exists()


def test_page_prefills_the_proposal_and_the_administrator_saves_it(client, world):
    kominfo, bappeda, _inspektorat = world["units"]
    client.force_login(world["admin"])
    page = client.post(reverse("assignments:copy"), {"periode": 2026})
    assert page.status_code == 200
    assert not Assignment.objects.filter(period=world["new"]).exists()  # reviewed before saving
    html = page.content.decode()
    assert "tidak ada yang disalin" in html
    rows = {item["row"].indicator.number: item["row"] for item in page.context["table"]}
    assert (rows[1].lead_id, rows[1].contributor_ids) == (kominfo.pk, {bappeda.pk})
    # The administrator changes nothing and saves: the proposal is what is stored.
    data = {"periode": 2026}
    for number, row in rows.items():
        if row.lead_id:
            data[f"lead-{number}"] = row.lead_id
            data[f"contributors-{number}"] = sorted(row.contributor_ids)
    assert client.post(reverse("assignments:save"), data).status_code == 302
    saved = set(Assignment.objects.filter(period=world["new"], indicator__number=1).values_list("unit__code", "role"))
    assert saved == {("DISKOMINFO", LEAD), ("BAPPEDA", CONTRIBUTOR)}


# --- past periods --------------------------------------------------------------------------------------


@pytest.fixture
def past():
    from tests.factories import make_framework

    framework = make_framework()
    period = make_period(framework, year=2024, status="final")
    ind = {i.number: i for i in framework.indicators.all()}
    a, b = make_unit("DISKOMINFO"), make_unit("BAPPEDA")
    make_answer(period, ind[1], a, status="verified", proposed_level=3)
    make_answer(period, ind[1], b, is_lead=False, status="verified", proposed_level=2)
    make_answer(period, ind[2], b, status="verified", proposed_level=4)
    return period, a, b


def _state(period):
    return sorted(Assignment.objects.filter(period=period).values_list("indicator__number", "unit__code", "role"))


def test_past_period_gets_its_assignments_from_who_answered(past):
    period, _a, _b = past
    admin = make_user("admin", role=Role.ADMIN)
    rows = assignments.record_past_assignments(admin, period)
    assert len(rows) == 3
    assert _state(period) == [(1, "BAPPEDA", CONTRIBUTOR), (1, "DISKOMINFO", LEAD), (2, "BAPPEDA", LEAD)]
    assert Assignment.objects.filter(period=period).first().history.first().history_change_reason.code == (
        "assignments.from_answers"
    )
    with pytest.raises(StateError):  # never twice, never over a decision
        assignments.record_past_assignments(admin, period)
    with pytest.raises(PermissionDenied):
        assignments.record_past_assignments(make_user("rev", role=Role.REVIEWER), period)


def test_migration_records_past_assignments(past):
    period, _a, _b = past
    migration = importlib.import_module("evaluations.migrations.0010_past_assignments")
    migration.record_past_assignments(apps, None)
    assert _state(period) == [(1, "BAPPEDA", CONTRIBUTOR), (1, "DISKOMINFO", LEAD), (2, "BAPPEDA", LEAD)]
    migration.record_past_assignments(apps, None)  # a period with assignments is left alone
    assert len(_state(period)) == 3


def test_unit_report_of_a_past_year_credits_who_answered(past):
    from evaluations.reports.unit import build_unit_report

    period, a, b = past
    assert build_unit_report(period, a).lead_rows == []  # before: nobody led anything in 2024
    assignments.record_past_assignments(make_user("admin", role=Role.ADMIN), period)
    assert [r.indicator.number for r in build_unit_report(period, a).lead_rows] == [1]
    assert [r.indicator.number for r in build_unit_report(period, b).lead_rows] == [2]
