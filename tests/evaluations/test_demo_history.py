"""The demo's illustrative history: 2023's final index is the published 2,69, and a rerun changes nothing."""

from decimal import Decimal
from io import StringIO

import pytest

from evaluations import audit, demo
from evaluations import series as scores
from evaluations.models import Answer, Notification, Period, Series, StageResult
from skpd.models import Unit
from skpd.roles import Role
from tests.factories import make_assignment, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(spbe_2020):
    current = make_period(spbe_2020, year=2026, status="open")
    units = [make_unit(f"UNIT{i}") for i in range(6)]
    for indicator in spbe_2020.indicators.all():
        make_assignment(current, indicator, units[indicator.number % 6])
    for unit in units:
        make_user(f"petugas-{unit.code.lower()}", password=None, role=Role.OFFICER, unit=unit)
    demo.seed_history(StringIO())
    return current


def final_index(year):
    return scores.period_scores(Period.objects.get(year=year), Series.FINAL)


def test_final_indices_rise_to_published_2023(seeded):
    results = {year: final_index(year) for year in range(2021, 2026)}
    assert all(r.missing == () for r in results.values())
    two = {year: r.index.quantize(Decimal("0.01")) for year, r in results.items()}
    assert two[2023] == Decimal("2.69")
    assert results[2023].predicate.name == "Baik"
    assert Decimal("2.30") <= two[2021] < Decimal("2.40")
    assert two[2022] < Decimal("3")
    assert two[2021] < two[2022] < two[2023] < two[2024] < two[2025]
    assert two[2025] >= Decimal("3")


def test_self_assessment_above_final(seeded):
    period = Period.objects.get(year=2023)
    proposed = scores.period_scores(period, Series.PROPOSED).index
    verified = scores.period_scores(period, Series.VERIFIED).index
    assert proposed.quantize(Decimal("0.01")) == Decimal("3.02")
    assert proposed > verified > final_index(2023).index
    assert not Answer.objects.filter(period__year=2021).exists()


def test_periods_labelled_illustrative(seeded):
    for period in Period.objects.filter(year__lt=2026).exclude(year=2023):
        assert period.is_illustrative and "Data ilustrasi" in period.notes
        assert period.status == Period.Status.FINAL


def test_published_2023_is_not_illustrative(seeded):
    """2,69 is Kalimantan Selatan's published 2023 result, not an invented one."""
    period = Period.objects.get(year=2023)
    assert not period.is_illustrative
    assert period.status == Period.Status.FINAL
    assert final_index(2023).index.quantize(Decimal("0.01")) == Decimal("2.69")
    assert "dipublikasikan" in period.notes


def test_open_period_has_work_in_every_state(seeded):
    statuses = set(Answer.objects.filter(period=seeded).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "verified"}
    returned = Answer.objects.filter(period=seeded, status="returned")
    assert all(a.reviewer_note for a in returned)
    # the officers of a unit with a returned answer find it in their notifications
    for answer in returned:
        assert Notification.objects.filter(
            user__profile__unit=answer.unit, kind="returned", message__contains=answer.reviewer_note
        ).exists()


def test_demo_writes_events(seeded):
    """The demo's history and notifications are events like every other write's."""
    period = Period.objects.get(year=2023)
    assert period.history.first().history_change_reason == audit.event(audit.DEMO_DATA)
    answer = Answer.objects.filter(period=seeded).first()
    assert answer.history.first().history_change_reason == audit.event(audit.DEMO_DATA)
    messages = Notification.objects.values_list("message", flat=True)
    assert {m.code for m in messages} == {audit.NOTICE_RETURNED, audit.NOTICE_VERIFIED}


def test_second_run_changes_nothing(seeded):
    def snapshot():
        return (
            list(Period.objects.order_by("year").values_list("year", "status", "notes")),
            list(StageResult.objects.order_by("id").values_list("period__year", "indicator__number", "stage", "level")),
            list(
                Answer.objects.order_by("id").values_list(
                    "period__year", "indicator__number", "unit_id", "status", "proposed_level", "verified_level"
                )
            ),
            Unit.objects.count(),
            Notification.objects.count(),
        )

    before = snapshot()
    out = StringIO()
    demo.seed_history(out)
    assert snapshot() == before
    assert "sudah ada" in out.getvalue()


def test_same_levels_on_a_fresh_database(seeded):
    """Deterministic: the levels come from a seeded generator, not from the clock or dict order."""
    first = list(
        StageResult.objects.filter(period__year=2023).order_by("indicator__number").values_list("level", flat=True)
    )
    StageResult.objects.all().delete()
    Answer.objects.all().delete()
    Period.objects.filter(year__lt=2026).delete()
    demo.seed_history(StringIO())
    again = list(
        StageResult.objects.filter(period__year=2023).order_by("indicator__number").values_list("level", flat=True)
    )
    assert first == again
