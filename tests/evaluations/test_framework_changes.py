"""A framework change on the record (issue 13 §5, 13 §3 second half, 14 §6): the impact on every
period before anything changes, ``load_framework --confirm``, the history, the web upload → preview
→ confirm, and the recorded official final index kept as recorded, with a difference flagged.

The world: the mini framework (indicators 1, 2 at 20 in aspect 1; 3 at 30; 4, 5 at 15) with
2025 closed, its final results recorded, and 2026 in review, every answer verified. The change
moves weight from indicator 2 to indicator 1 (20/20 → 25/15), so, by hand:

- 2025 final {1: 5, 2: 1, 3: 3, 4: 3, 5: 3}: (5·20 + 1·20 + 90 + 45 + 45) / 100 = 3.00 →
  (5·25 + 1·15 + 90 + 45 + 45) / 100 = 3.20
- 2026 verified {1: 1, 2: 5, 3: 2, 4: 4, 5: 4}: (20 + 100 + 60 + 60 + 60) / 100 = 3.00 →
  (25 + 75 + 60 + 60 + 60) / 100 = 2.80
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from evaluations import series
from evaluations.models import Period
from evaluations.periods import services as periods
from indicators import revisions
from indicators.loader import dumps, export_data
from indicators.models import FrameworkRevision, Indicator
from skpd.roles import Role
from tests.factories import make_answer, make_framework, make_period, make_stage_result, make_unit, make_user

FINAL_2025 = {1: 5, 2: 1, 3: 3, 4: 3, 5: 3}
VERIFIED_2026 = {1: 1, 2: 5, 3: 2, 4: 4, 5: 4}


@pytest.fixture
def admin(db):
    return make_user("admin", role=Role.ADMIN)


@pytest.fixture
def world(db, admin):
    framework = make_framework("mini")
    unit = make_unit()
    indicators = {i.number: i for i in framework.indicators.all()}
    closed = make_period(framework, year=2025, status="closed")
    periods.record_stage_levels(admin, closed, "final", {indicators[n]: lv for n, lv in FINAL_2025.items()})
    review = make_period(framework, year=2026, status="in_review")
    for number, level in VERIFIED_2026.items():
        make_answer(review, indicators[number], unit, status="verified", proposed_level=level, verified_level=level)
    return framework


def changed_spec(framework):
    data = export_data(framework)
    for item in data["indicators"]:
        if item["number"] == 1:
            item["weight"] = "25.00"
        if item["number"] == 2:
            item["weight"] = "15.00"
    return data


def weights(framework):
    return dict(Indicator.objects.filter(framework=framework).values_list("number", "weight"))


def _row(preview, year, series_code):
    return next(r for r in preview.impact if r.year == year and r.series == series_code)


# --- impact --------------------------------------------------------------------------------------------


def test_final_index_is_recorded_when_the_final_results_are_entered(world):
    assert Period.objects.get(year=2025).final_index == Decimal("3.000000")
    assert Period.objects.get(year=2026).final_index is None


def test_impact_of_a_weight_change_on_two_periods(world):
    preview = revisions.preview(changed_spec(world))
    final = _row(preview, 2025, "final")
    verified = _row(preview, 2026, "verified")
    assert (final.old, final.new) == (Decimal("3.00"), Decimal("3.20"))
    assert (verified.old, verified.new) == (Decimal("3.00"), Decimal("2.80"))
    assert final.recorded == Decimal("3.000000") and final.changed and verified.changed
    assert preview.needs_confirmation
    assert {(c.kind, c.key) for c in preview.changes} == {("weight", "1"), ("weight", "2")}


def test_a_text_only_change_needs_no_confirmation(world):
    data = export_data(world)
    data["indicators"][0]["question"] = "Pertanyaan yang diperjelas?"
    preview, revision = revisions.apply_change(data, source="test")
    assert not preview.impact and revision.action == "updated"
    assert revision.changes == [c.to_json() for c in preview.changes]


# --- the command ---------------------------------------------------------------------------------------


def test_command_without_confirm_shows_the_impact_and_changes_nothing(world, tmp_path, capsys):
    path = tmp_path / "mini.json"
    path.write_text(dumps(changed_spec(world)), encoding="utf-8")
    before = weights(world)
    with pytest.raises(CommandError) as refused:
        call_command("load_framework", str(path))
    assert refused.value.returncode == 3 and "--confirm" in str(refused.value)
    out = capsys.readouterr().out
    assert "2025 Hasil akhir: 3.00 Baik → 3.20 Baik" in out
    assert "2026 Terverifikasi internal: 3.00 Baik → 2.80 Baik" in out
    assert weights(world) == before
    assert not FrameworkRevision.objects.exists()


def test_command_with_confirm_applies_and_records_history(world, tmp_path, capsys):
    path = tmp_path / "mini.json"
    path.write_text(dumps(changed_spec(world)), encoding="utf-8")
    call_command("load_framework", str(path), "--confirm")
    assert "diperbarui" in capsys.readouterr().out
    assert weights(world)[1] == Decimal("25") and weights(world)[2] == Decimal("15")
    revision = FrameworkRevision.objects.get()
    assert revision.action == "updated" and revision.source == "command" and revision.user is None
    assert {i["number"]: i["weight"] for i in revision.previous_spec["indicators"]}[1] == "20.00"
    impact = {
        (r["year"], r["series"]): (r["old"] and Decimal(r["old"]), r["new"] and Decimal(r["new"]))
        for r in revision.impact
    }
    assert impact[2025, "final"] == (Decimal("3.00"), Decimal("3.20"))
    assert impact[2026, "verified"] == (Decimal("3.00"), Decimal("2.80"))


def test_setup_portal_is_idempotent_and_leaves_a_used_framework_alone(world):
    call_command("setup_portal", "--no-demo")
    shipped = set(FrameworkRevision.objects.values_list("code", flat=True))
    before = weights(world)
    call_command("setup_portal", "--no-demo")
    assert set(FrameworkRevision.objects.values_list("code", flat=True)) == shipped
    assert FrameworkRevision.objects.count() == len(shipped)  # the second run loaded nothing
    assert weights(world) == before


# --- the recorded final --------------------------------------------------------------------------------


def test_recorded_final_is_kept_and_the_difference_flagged(world, admin, client):
    revisions.apply_change(changed_spec(world), confirm=True, source="test")
    period = Period.objects.get(year=2025)
    assert period.final_index == Decimal("3.000000")  # kept as recorded
    summary = series.summary_of(period)
    assert summary.index == Decimal("3.000000") and summary.figure.differs
    assert summary.figure.computed == Decimal("3.20")
    client.force_login(admin)
    page = client.get(reverse("periods:detail", args=[period.pk])).content.decode()
    assert "Hasil akhir tercatat 3,00; dihitung ulang 3,20 setelah perubahan kerangka" in page
    dashboard = client.get(reverse("reports:dashboard"), {"periode": 2025, "seri": "final"}).content.decode()
    assert "Hasil akhir tercatat 3,00; dihitung ulang 3,20" in dashboard
    brief = client.get(reverse("reports:brief"), {"periode": 2025, "seri": "final"}).content.decode()
    assert "Hasil akhir tercatat 3,00; dihitung ulang 3,20" in brief
    periods_page = client.get(reverse("periods:list")).content.decode()
    assert "3,00" in periods_page and "3,20" not in periods_page  # the trend's value is the recorded one


def test_the_trend_marks_a_year_whose_recorded_final_differs(world, admin, client):
    """Any later year's dashboard shows 2025 at its recorded value, marked with today's computation:
    in the trend table and in the trend chart's hover text."""
    revisions.apply_change(changed_spec(world), confirm=True, source="test")
    client.force_login(admin)
    response = client.get(reverse("reports:dashboard"), {"periode": 2026})
    page = response.content.decode()
    assert "tercatat; dihitung ulang 3,20" in page
    trend = response.context["data"].trend
    marked = [p.year for p in trend if p.recomputed_differs]
    assert marked == [2025]
    figure = response.context["figures"]["trend"]
    province = figure["data"][0]
    hover = dict(zip(province["x"], province["customdata"], strict=True))
    assert "nilai tercatat; dihitung ulang 3,20" in hover[2025]
    assert "dihitung ulang" not in hover.get(2026, "")


def test_a_final_entered_before_recording_is_kept_before_a_change(db, tmp_path):
    framework = make_framework("mini")
    period = make_period(framework, year=2027, status="closed")
    for indicator in framework.indicators.all():
        make_stage_result(period, indicator, FINAL_2025[indicator.number])
    assert Period.objects.get(pk=period.pk).final_index is None  # older data: levels only
    path = tmp_path / "mini.json"
    path.write_text(dumps(changed_spec(framework)), encoding="utf-8")
    call_command("load_framework", str(path), "--confirm")
    period.refresh_from_db()
    assert period.final_index == Decimal("3.000000")
    figure = series.summary_of(period).figure
    assert figure.differs and figure.computed == Decimal("3.20")
    assert "sebelum perubahan kerangka mini" in str(period.history.latest().history_change_reason)


def test_correcting_the_final_results_records_the_new_value(world, admin):
    period = Period.objects.get(year=2025)
    indicator = world.indicators.get(number=2)
    periods.record_stage_result(admin, period, indicator, "final", 2)
    period.refresh_from_db()
    assert period.final_index == Decimal("3.200000")  # (100 + 40 + 90 + 45 + 45) / 100
    assert not series.summary_of(period).figure.differs


def test_final_figure_rule():
    period = Period(year=2027, final_index=Decimal("3.470000"))
    assert series.final_figure(period, Decimal("3.47")).differs is False
    assert series.final_figure(period, Decimal("3.39")).differs is True
    assert series.final_figure(period, None).differs is True
    assert series.final_figure(Period(year=2027), Decimal("3.39")).differs is False


# --- the web -------------------------------------------------------------------------------------------


def _upload(client, data, name="mini.json"):
    content = data if isinstance(data, bytes) else dumps(data).encode("utf-8")
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("frameworks:upload"), {"kind": "framework", "file": upload})


def _token(response):
    return response.context["preview"].token


def test_web_upload_preview_confirm_history(world, admin, client):
    client.force_login(admin)
    preview = _upload(client, changed_spec(world))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Bobot berubah" in page and "20.00 → 25.00" in page
    assert "3,00 Baik" in page and "3,20 Baik" in page and "2,80 Baik" in page
    assert weights(world)[1] == Decimal("20")  # nothing changed by the preview
    done = client.post(reverse("frameworks:confirm"), {"token": _token(preview)})
    assert done.status_code == 302 and done["Location"] == reverse("frameworks:history")
    assert weights(world)[1] == Decimal("25")
    revision = FrameworkRevision.objects.get()
    assert revision.user == admin and revision.source == "web" and revision.file_name == "mini.json"
    history = client.get(reverse("frameworks:history")).content.decode()
    assert "Bobot berubah" in history and "3,20" in history and "unduh versi sebelumnya" in history
    previous = client.get(reverse("frameworks:previous_file", args=[revision.pk]))
    assert json.loads(previous.content)["indicators"][0]["weight"] == "20.00"


def test_a_bad_file_is_refused_with_its_reason_and_nothing_changes(world, admin, client):
    client.force_login(admin)
    data = changed_spec(world)
    data["indicators"][0]["weight"] = "26.00"  # aspect 1 now adds up to 41
    response = _upload(client, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Berkas ditolak; tidak ada yang diubah" in page
    assert "aspek 1: bobot indikatornya berjumlah 41.00, seharusnya 40.00" in page
    assert "bukan JSON yang sah (baris 1" in _upload(client, b"{oops").content.decode()
    assert weights(world)[1] == Decimal("20") and not FrameworkRevision.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(world, admin, client, settings):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(admin)
    response = _upload(client, changed_spec(world))
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()


def test_confirm_with_a_stale_token_is_refused(world, admin, client):
    client.force_login(admin)
    preview = _upload(client, changed_spec(world))
    token = _token(preview)
    # someone else changes the framework after the preview
    other = export_data(world)
    other["indicators"][3]["weight"], other["indicators"][4]["weight"] = "10.00", "20.00"
    revisions.apply_change(other, confirm=True, source="test")
    response = client.post(reverse("frameworks:confirm"), {"token": token})
    assert response.status_code == 400 and "berubah sejak pratinjau" in response.content.decode()
    assert weights(world)[1] == Decimal("20")
    # and a token that is not the one previewed
    preview = _upload(client, changed_spec(world))
    response = client.post(reverse("frameworks:confirm"), {"token": "f" * 64})
    assert response.status_code == 400 and weights(world)[1] == Decimal("20")
    assert FrameworkRevision.objects.count() == 1


def test_export_downloads_the_loaded_framework(world, admin, client):
    client.force_login(admin)
    response = client.get(reverse("frameworks:export", args=["mini"]))
    assert response["Content-Disposition"] == 'attachment; filename="mini.json"'
    assert response.content.decode() == dumps(export_data(world))
    assert client.get(reverse("frameworks:export", args=["tidak-ada"])).status_code == 404


def test_the_framework_list_offers_upload_and_history_to_the_administrator_only(world, admin, client):
    client.force_login(admin)
    page = client.get(reverse("indicators:framework_list")).content.decode()
    assert reverse("frameworks:upload") in page and reverse("frameworks:export", args=["mini"]) in page
    client.force_login(make_user("pimpinan", role=Role.EXECUTIVE))
    assert reverse("frameworks:upload") not in client.get(reverse("indicators:framework_list")).content.decode()


# --- query counts --------------------------------------------------------------------------------------


def _more_periods(framework, count):
    indicators = list(framework.indicators.all())
    for year in range(2010, 2010 + count):
        period = make_period(framework, year=year, status="closed")
        for indicator in indicators:
            make_stage_result(period, indicator, 3)


@pytest.mark.parametrize("extra", [0, 8])
def test_preview_queries_do_not_grow_with_periods(world, admin, client, extra, django_assert_max_num_queries):
    _more_periods(world, extra)
    client.force_login(admin)
    client.get(reverse("frameworks:upload"))
    with django_assert_max_num_queries(35):  # incl. the session write and the navigation's counts
        response = _upload(client, changed_spec(world))
    assert response.status_code == 200 and len(response.context["preview"].impact) >= 2 + extra


@pytest.mark.parametrize("extra", [0, 8])
def test_history_queries_do_not_grow_with_revisions(world, admin, client, extra, django_assert_max_num_queries):
    for n in range(extra):
        data = export_data(world)
        data["description"] = f"ralat {n}"
        revisions.apply_change(data, user=admin, source="test")
    revisions.apply_change(changed_spec(world), user=admin, confirm=True, source="test")
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("frameworks:history")).status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_framework_list_queries_for_the_administrator(db, admin, client, extra, django_assert_max_num_queries):
    for n in range(extra):
        make_framework(f"mini-{n}")
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("indicators:framework_list")).status_code == 200


def test_web_upload_of_a_new_framework_version(world, admin, client):
    client.force_login(admin)
    data = changed_spec(world)
    data["code"] = "mini-2027"
    preview = _upload(client, data)
    assert preview.status_code == 200 and "Kerangka baru" in preview.content.decode()
    client.post(reverse("frameworks:confirm"), {"token": _token(preview)})
    revision = FrameworkRevision.objects.get()
    assert revision.action == "created" and revision.previous_spec is None
    assert weights(revision.framework)[1] == Decimal("25") and weights(world)[1] == Decimal("20")


def test_a_locked_framework_is_refused_at_the_preview(world, admin, client):
    Period.objects.filter(year=2025).update(status="final")
    client.force_login(admin)
    response = _upload(client, changed_spec(world))
    assert response.status_code == 400 and "terkunci" in response.content.decode()
    assert "2025" in response.content.decode()


# --- the admin: no silent way around the preview --------------------------------------------------------


def test_the_admin_refuses_a_weight_change_of_a_framework_periods_use(world, client):
    from tests.indicators.test_admin import indicator_post

    client.force_login(make_user("super", is_staff=True, is_superuser=True))
    indicator = world.indicators.get(number=1)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = client.post(url, indicator_post(indicator, weight="25"))
    assert response.status_code == 200 and "Unggah berkas kerangka" in response.content.decode()
    assert weights(world)[1] == Decimal("20")
    # texts stay editable
    assert client.post(url, indicator_post(indicator, short_name="Ind satu")).status_code == 302
    assert world.indicators.get(number=1).short_name == "Ind satu"
