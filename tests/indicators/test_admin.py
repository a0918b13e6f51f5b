"""The framework admin: a locked framework refuses result-changing edits with the reason; texts stay
editable; a provisional framework is confirmed as official on the record."""

import pytest
from django.urls import reverse

from indicators import locks
from indicators.loader import load_file, shipped_files
from indicators.models import Framework, Indicator, LevelCriterion
from indicators.services import confirm_framework
from tests.factories import make_framework, make_period, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def locked_mini():
    framework = make_framework("mini")

    def check(fw):
        return "Dipakai periode final 2025." if fw.code == "mini" else None

    locks.register_lock_check(check)
    yield framework
    locks.unregister_lock_check(check)


def indicator_post(indicator, **changes):
    data = {
        "framework": indicator.framework_id,
        "aspect": indicator.aspect_id,
        "number": indicator.number,
        "name": indicator.name,
        "short_name": indicator.short_name,
        "aliases": "[]",
        "weight": str(indicator.weight),
        "scale": indicator.scale_id,
        "question": indicator.question,
        "note": indicator.note,
        "criteria-TOTAL_FORMS": "5",
        "criteria-INITIAL_FORMS": "5",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "5",
    }
    for i, criterion in enumerate(indicator.criteria.order_by("level")):
        data[f"criteria-{i}-id"] = criterion.pk
        data[f"criteria-{i}-indicator"] = indicator.pk
        data[f"criteria-{i}-level"] = criterion.level
        data[f"criteria-{i}-criterion"] = criterion.criterion
    data.update(changes)
    return data


def test_final_period_locks_its_framework_through_the_registered_check():
    framework = make_framework("mini")
    assert locks.is_locked(framework) is None
    make_period(framework, year=2025, status="final")
    assert "2025" in locks.is_locked(framework)


def test_a_locked_framework_refuses_a_weight_change_with_the_reason(admin_client, locked_mini):
    indicator = locked_mini.indicators.get(number=1)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = admin_client.post(url, indicator_post(indicator, weight="25"))
    assert response.status_code == 200
    assert "terkunci" in response.content.decode() and "Dipakai periode final 2025." in response.content.decode()
    indicator.refresh_from_db()
    assert str(indicator.weight) == "20.0000"


def test_a_locked_framework_refuses_a_criterion_level_change(admin_client, locked_mini):
    indicator = locked_mini.indicators.get(number=1)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = admin_client.post(url, indicator_post(indicator, **{"criteria-4-level": "4", "criteria-3-level": "5"}))
    assert response.status_code == 200 and "terkunci" in response.content.decode()
    assert list(indicator.criteria.order_by("level").values_list("criterion", flat=True))[4] == "Kriteria 1.5"


def test_a_locked_framework_still_takes_text_corrections(admin_client, locked_mini):
    indicator = locked_mini.indicators.get(number=1)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = admin_client.post(
        url, indicator_post(indicator, short_name="Nama baru", **{"criteria-0-criterion": "Teks diperbaiki."})
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.short_name == "Nama baru" and indicator.criteria.get(level=1).criterion == "Teks diperbaiki."


def test_an_unlocked_framework_takes_a_weight_change(admin_client):
    framework = make_framework("mini")
    indicator = framework.indicators.get(number=1)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    assert admin_client.post(url, indicator_post(indicator, weight="20.5")).status_code == 302
    indicator.refresh_from_db()
    assert str(indicator.weight) == "20.5000"


def test_deleting_parts_of_a_locked_framework_is_refused(admin_client, locked_mini):
    indicator = locked_mini.indicators.get(number=2)
    assert admin_client.get(reverse("admin:indicators_indicator_delete", args=[indicator.pk])).status_code == 403
    response = admin_client.post(
        reverse("admin:indicators_indicator_changelist"),
        {"action": "delete_selected", "_selected_action": [indicator.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert admin_client.get(reverse("admin:indicators_framework_delete", args=[locked_mini.pk])).status_code == 403


def test_framework_change_page_warns_when_locked(admin_client, locked_mini):
    response = admin_client.get(reverse("admin:indicators_framework_change", args=[locked_mini.pk]))
    assert response.status_code == 200
    assert "Dipakai periode final 2025." in response.content.decode()


def test_admin_pages_open(admin_client, spbe_2020):
    for name in ["framework", "indicator", "scale", "domain", "aspect", "predicateband"]:
        assert admin_client.get(reverse(f"admin:indicators_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:indicators_framework_change", args=[spbe_2020.pk])).status_code == 200
    indicator = spbe_2020.indicators.get(number=3)
    assert admin_client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk])).status_code == 200


def test_admin_deletes_an_unused_framework(admin_client):
    framework = make_framework("mini")
    response = admin_client.post(reverse("admin:indicators_framework_delete", args=[framework.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Framework.objects.filter(code="mini").exists()


def test_confirming_a_provisional_framework_needs_its_criteria(admin_client):
    pemdi = load_file(next(p for p in shipped_files() if p.name == "pemdi-2026.json")).framework
    response = admin_client.post(
        reverse("admin:indicators_framework_changelist"),
        {"action": "confirm_official", "_selected_action": [pemdi.pk]},
        follow=True,
    )
    assert "belum mempunyai kriteria tingkat 1–5" in response.content.decode()
    pemdi.refresh_from_db()
    assert pemdi.status == Framework.Status.PROVISIONAL
    for indicator in pemdi.indicators.all():
        LevelCriterion.objects.bulk_create(
            LevelCriterion(indicator=indicator, level=n, criterion=f"Kriteria resmi {n}") for n in range(1, 6)
        )
    response = admin_client.post(
        reverse("admin:indicators_framework_changelist"),
        {"action": "confirm_official", "_selected_action": [pemdi.pk]},
        follow=True,
    )
    assert "kini resmi" in response.content.decode()
    pemdi.refresh_from_db()
    assert pemdi.status == Framework.Status.OFFICIAL
    assert "Dikonfirmasi resmi oleh Admin" in pemdi.status_note


def test_confirming_needs_the_permission_to_change_frameworks():
    framework = make_framework("baru", status=Framework.Status.PROVISIONAL)
    with pytest.raises(Exception, match="tidak berhak"):
        confirm_framework(framework, make_user("biasa"))
    confirm_framework(framework, make_user("root", is_superuser=True), "Dicocokkan dengan naskah resmi.")
    framework.refresh_from_db()
    assert framework.status == Framework.Status.OFFICIAL and "naskah resmi" in framework.status_note


def test_admin_refuses_to_delete_a_framework_that_answers_use(admin_client):
    from tests.factories import make_answer, make_unit

    framework = make_framework("mini")
    make_answer(make_period(framework), framework.indicators.get(number=1), make_unit())
    response = admin_client.post(reverse("admin:indicators_framework_delete", args=[framework.pk]), {"post": "yes"})
    assert response.status_code in (200, 403)
    assert Framework.objects.filter(code="mini").exists()
    assert Indicator.objects.filter(framework=framework).count() == 5
