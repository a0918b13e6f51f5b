"""The per-process structure cache: a framework's structure is read once per change, not once per
request, and every kind of change is seen by the next request (indicators/structure_cache.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import loader, structure_cache
from indicators.models import Aspect, Domain, Framework, Indicator, PredicateBand
from tests.factories import make_framework

pytestmark = pytest.mark.django_db


def _fresh(framework):
    """The framework as the next request loads it."""
    return Framework.objects.get(pk=framework.pk)


def _weights(framework):
    return {spec.number: spec.weight for spec in _fresh(framework).structure().indicators}


def test_a_second_request_reads_the_structure_without_queries(django_assert_num_queries):
    framework = make_framework()
    first = _fresh(framework)
    with django_assert_num_queries(4):
        built = first.structure()
    second = _fresh(framework)
    with CaptureQueriesContext(connection) as queries:
        again = second.structure()
        names = second.indicator_names()
        numbers = second.cached_number_by_indicator_id()
    assert len(queries) == 0
    assert again == built
    assert names[1] == (
        Indicator.objects.get(framework=framework, number=1).pk,
        "Ind 1",
    )  # the short name, as pages show it
    assert numbers == dict(Indicator.objects.values_list("pk", "number"))


def test_saving_an_indicator_is_seen_by_the_next_request():
    framework = make_framework()
    assert _weights(framework)[1] == Decimal("20")
    indicator = Indicator.objects.get(framework=framework, number=1)
    indicator.weight = Decimal("25")
    indicator.save()
    assert _weights(framework)[1] == Decimal("25")


@pytest.mark.parametrize("model", [Aspect, Domain, PredicateBand])
def test_saving_or_deleting_any_part_is_seen_by_the_next_request(model):
    framework = make_framework()
    before = _fresh(framework).structure()
    part = model.objects.filter(framework=framework).order_by("pk").first()
    if model is PredicateBand:
        part.lower = part.lower + Decimal("0.01")
    else:
        part.weight = part.weight + 1
    part.save()
    changed = _fresh(framework).structure()
    assert changed != before
    if model is PredicateBand:
        part.delete()
        assert len(_fresh(framework).structure().bands) == len(before.bands) - 1


def test_a_stale_instance_cannot_restore_the_old_version():
    framework = make_framework()
    stale = _fresh(framework)
    stale.structure()
    Indicator.objects.filter(framework=framework, number=1).first().delete()
    stale.name = "Nama baru"
    stale.save()  # writes every field but the version
    fresh = _fresh(framework)
    assert fresh.name == "Nama baru"
    assert fresh.structure_version != stale.structure_version
    assert 1 not in fresh.structure().numbers


def test_a_queryset_update_needs_an_explicit_bump():
    framework = make_framework()
    _weights(framework)
    Indicator.objects.filter(framework=framework, number=1).update(weight=Decimal("21"))
    assert _weights(framework)[1] == Decimal("20")  # no signal: the documented limit
    structure_cache.bump(framework.pk)
    assert _weights(framework)[1] == Decimal("21")


def test_loading_a_changed_file_is_seen_by_the_next_request():
    result = loader.load_file(loader.shipped_files()[0])
    framework = result.framework
    data = loader.export_data(framework)
    before = _fresh(framework).structure()
    first = data["indicators"][0]
    second = next(item for item in data["indicators"][1:] if item["aspect"] == first["aspect"])
    # the aspect's total stays the same: half a point moves from one indicator to the other
    first["weight"] = str(Decimal(first["weight"]) + Decimal("0.5"))
    second["weight"] = str(Decimal(second["weight"]) - Decimal("0.5"))
    loaded = loader.load_data(data)
    assert loaded.action == "updated"
    after = _fresh(framework).structure()
    assert after != before
    assert after.indicator(first["number"]).weight == Decimal(first["weight"])
    # the returned instance carries the new version too
    assert loaded.framework.structure() == after


def test_an_instance_loaded_without_its_version_is_not_cached(django_assert_num_queries):
    framework = make_framework()
    for _ in range(2):
        partial = Framework.objects.only("pk", "code").get(pk=framework.pk)
        with django_assert_num_queries(4):
            partial.structure()


def test_the_dashboard_warm_reads_four_queries_fewer(client):
    from tests.evaluations.reports_world import build_world, make_viewers
    from tests.evaluations.test_dashboard import DASHBOARD_QUERIES

    build_world(units=2, years=2)
    client.force_login(make_viewers()["reviewer"])
    url = reverse("reports:dashboard")
    client.get(url)  # the session and user caches, as in the pinned count
    structure_cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"seri": "verified"}).status_code == 200
        counts.append(len(queries))
    assert counts == [DASHBOARD_QUERIES, DASHBOARD_QUERIES - 4]


def test_saving_a_framework_loaded_in_part_writes_only_what_was_loaded(django_assert_num_queries):
    framework = make_framework()
    version = _fresh(framework).structure_version
    partial = Framework.objects.only("pk", "name").get(pk=framework.pk)
    partial.name = "Nama lain"
    with django_assert_num_queries(1):  # one UPDATE of the loaded field, no read of the deferred ones
        partial.save()
    fresh = _fresh(framework)
    assert fresh.name == "Nama lain" and fresh.code == framework.code
    assert fresh.structure_version == version
