"""``PeriodIndicator.feasible_max`` has one writer (``planning.services.set_feasible_caps``): both the
caps page and the period's indicator settings write through it, under one permission rule
(administrators; reviewers within their aspect scope), and every change leaves history."""

import pytest
from django.urls import reverse

from evaluations import audit
from evaluations.errors import PermissionDenied
from evaluations.models import PeriodIndicator
from evaluations.periods import services as periods
from evaluations.planning import services as planning
from indicators.models import Aspect
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    framework = make_framework()
    period = make_period(framework)
    aspect_1 = Aspect.objects.get(framework=framework, number=1)  # indicators 1 and 2
    return {
        "period": period,
        "ind": {i.number: i for i in framework.indicators.all()},
        "admin": make_user("adm", password=None, role=Role.ADMIN),
        "scoped": make_user("rev-aspek-1", password=None, role=Role.REVIEWER, aspects=[aspect_1]),
    }


def _cap(period, number):
    row = PeriodIndicator.objects.filter(period=period, indicator__number=number).first()
    return row.feasible_max if row else None


@pytest.fixture
def writer_calls(monkeypatch):
    """Every call of the one writer, whichever page made it."""
    calls = []
    original = planning.set_feasible_caps

    def spy(user, period, caps):
        calls.append(dict(caps))
        return original(user, period, caps)

    monkeypatch.setattr(planning, "set_feasible_caps", spy)
    return calls


def test_both_pages_write_the_cap_through_the_one_writer(client, world, writer_calls):
    period = world["period"]
    client.force_login(world["admin"])
    response = client.post(reverse("periods:indicator_settings", args=[period.pk]), {"cap_1": "3", "target_1": "3"})
    assert response.status_code == 302
    client.force_login(world["scoped"])
    response = client.post(
        f"{reverse('planning:caps')}?periode={period.year}", {"periode": period.year, "cap_1": "3", "cap_2": "4"}
    )
    assert response.status_code == 302
    assert writer_calls == [{1: 3}, {1: 3, 2: 4}]  # the caps page sends every cap it may change
    assert (_cap(period, 1), _cap(period, 2)) == (3, 4)


def test_an_out_of_scope_reviewer_is_refused_on_both_paths(client, world):
    period, scoped = world["period"], world["scoped"]
    with pytest.raises(PermissionDenied, match="di luar aspek"):
        planning.set_feasible_caps(scoped, period, {3: 2})
    with pytest.raises(PermissionDenied):
        periods.set_indicator_settings(scoped, period, {world["ind"][3]: {"feasible_max": 2}})
    client.force_login(scoped)
    # the caps page does not offer indicator 3 to this reviewer: a forged value changes nothing
    client.post(f"{reverse('planning:caps')}?periode={period.year}", {"periode": period.year, "cap_3": "2"})
    assert client.post(reverse("periods:indicator_settings", args=[period.pk]), {"cap_3": "2"}).status_code == 403
    assert _cap(period, 3) is None
    assert not PeriodIndicator.history.filter(period=period).exists()


def test_every_cap_change_is_in_the_history_with_who_and_before_after(world):
    period, admin, scoped = world["period"], world["admin"], world["scoped"]
    planning.set_feasible_caps(admin, period, {1: 3})
    planning.set_feasible_caps(scoped, period, {1: 4})
    periods.set_indicator_settings(admin, period, {world["ind"][1]: {"feasible_max": None}})
    records = list(
        PeriodIndicator.history.filter(period=period, indicator__number=1).order_by("history_date", "history_id")
    )
    caps = [(r.history_user, r.feasible_max, r.history_change_reason) for r in records]
    assert [(who, cap) for who, cap, _ in caps[:3]] == [(admin, 3), (scoped, 4), (admin, None)]
    reasons = [r for _, _, r in caps[:3]]
    assert all(r.code == audit.FEASIBLE_MAX_SET for r in reasons)
    assert [(r.data["old"], r.data["new"]) for r in reasons] == [(None, 3), (3, 4), (4, None)]
    assert str(reasons[1]) == "Batas kelayakan indikator 1: 3 → 4"
    # the row left empty is removed, and that is on the record too
    assert records[-1].history_type == "-" and _cap(period, 1) is None
