"""Stage results exist only in the period states where their stage can have happened.

The external stages (dokumen, interviu, visitasi) are recorded once the self-assessment is
submitted (in review or closed), the final result once the period is closed; a refused write names
the stage and the period's status and saves nothing, whether through the service, the CSV import or
the per-stage form. The dashboard does not present a final series as official before the period is.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.errors import StateError
from evaluations.models import Period, Series, StageResult
from evaluations.periods import services as periods
from evaluations.reports.dashboard import build_dashboard
from evaluations.series import all_series_levels, default_series
from skpd.roles import Role
from tests.factories import make_period, make_stage_result, make_user

pytestmark = pytest.mark.django_db

FINAL_REFUSED = "Hasil tahap Hasil akhir tidak dapat dicatat: periode 2026 berstatus Verifikasi internal"
DOKUMEN_REFUSED = "Hasil tahap Penilaian dokumen tidak dapat dicatat: periode 2026 berstatus Dibuka"


@pytest.fixture
def reviewer():
    return make_user("reviewer", role=Role.REVIEWER)


def _csv(text="indicator,level\n1,3\n2,4\n", name="hasil.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _indicator(period, number=1):
    return period.framework.indicators.get(number=number)


# --- the service ------------------------------------------------------------------------------------


def test_final_result_refused_in_review_by_the_service(reviewer):
    period = make_period(status="in_review")
    with pytest.raises(StateError, match=FINAL_REFUSED):
        periods.record_stage_result(reviewer, period, _indicator(period), "final", 3)
    with pytest.raises(StateError, match=FINAL_REFUSED):
        periods.record_stage_levels(reviewer, period, "final", {_indicator(period): 3})
    with pytest.raises(StateError, match=FINAL_REFUSED):
        periods.import_stage_results(reviewer, period, "final", _csv())
    assert not StageResult.objects.exists()


def test_dokumen_refused_while_the_period_is_open(reviewer):
    period = make_period(status="open")
    with pytest.raises(StateError, match=DOKUMEN_REFUSED):
        periods.record_stage_result(reviewer, period, _indicator(period), "dokumen", 3)
    with pytest.raises(StateError, match=DOKUMEN_REFUSED):
        periods.import_stage_results(reviewer, period, "dokumen", _csv())
    assert not StageResult.objects.exists()


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("closed", "dokumen"),
        ("closed", "visitasi"),
        ("closed", "final"),
    ],
)
def test_stage_recorded_in_its_states(reviewer, status, stage):
    period = make_period(status=status)
    periods.record_stage_result(reviewer, period, _indicator(period, 3), stage, 2)
    report = periods.import_stage_results(reviewer, period, stage, _csv())
    assert report.created == 2
    assert dict(StageResult.objects.filter(stage=stage).values_list("indicator__number", "level")) == {
        1: 3,
        2: 4,
        3: 2,
    }


def test_in_review_takes_the_external_stages_not_the_final_result(reviewer):
    period = make_period(status="in_review")
    for stage in ("dokumen", "interviu", "visitasi"):
        periods.record_stage_result(reviewer, period, _indicator(period), stage, 2)
    with pytest.raises(StateError, match=FINAL_REFUSED):
        periods.record_stage_result(reviewer, period, _indicator(period), "final", 2)
    assert sorted(StageResult.objects.values_list("stage", flat=True)) == ["dokumen", "interviu", "visitasi"]


@pytest.mark.parametrize(("status", "stage"), [("open", "interviu"), ("open", "final"), ("final", "dokumen")])
def test_stage_refused_outside_its_states(reviewer, status, stage):
    period = make_period(status=status)
    with pytest.raises(StateError, match="tidak dapat dicatat"):
        periods.record_stage_result(reviewer, period, _indicator(period), stage, 2)
    assert not StageResult.objects.exists()


# --- the pages --------------------------------------------------------------------------------------


def test_csv_import_page_refuses_final_in_review(client, reviewer):
    client.force_login(reviewer)
    period = make_period(status="in_review")
    page = client.post(reverse("periods:stage_import", args=[period.pk]), {"stage": "final", "file": _csv()})
    assert page.status_code == 400
    assert FINAL_REFUSED in page.text
    assert not StageResult.objects.exists()


def test_stage_edit_page_refuses_final_in_review(client, reviewer):
    client.force_login(reviewer)
    period = make_period(status="in_review")
    url = reverse("periods:stage_edit", args=[period.pk, "final"])
    shown = client.get(url)
    assert FINAL_REFUSED in shown.text  # said before anything is typed in
    page = client.post(url, {"level_1": "4", "note": "BA"})
    assert page.status_code == 400
    assert FINAL_REFUSED in page.text
    assert not StageResult.objects.exists()


def test_stage_page_says_which_stages_are_open_and_why(client, reviewer):
    client.force_login(reviewer)
    period = make_period(status="in_review")
    page = client.get(reverse("periods:stage_results", args=[period.pk])).text
    assert "Tahap yang dapat dicatat sekarang" in page
    assert FINAL_REFUSED in page
    assert "Hasil akhir dicatat setelah periode ditutup" in page
    assert reverse("periods:stage_edit", args=[period.pk, "dokumen"]) in page
    assert reverse("periods:stage_edit", args=[period.pk, "final"]) not in page


# --- the dashboard ----------------------------------------------------------------------------------


def _with_final_results(status, framework=None, year=2026):
    period = make_period(framework, year=year, status=status)
    for indicator in period.framework.indicators.all():
        make_stage_result(period, indicator, 3, stage="final")
    return period


def test_default_series_of_a_running_period_is_not_final():
    period = _with_final_results("in_review")
    assert default_series(all_series_levels(period), period=period) != Series.FINAL
    assert build_dashboard(period, [period]).series != Series.FINAL
    closed = _with_final_results("closed", period.framework, 2025)
    assert build_dashboard(closed, [closed]).series == Series.FINAL


def test_final_series_of_a_period_not_yet_final_is_marked(client):
    client.force_login(make_user("gubernur", role=Role.EXECUTIVE))
    period = _with_final_results("in_review")
    for name in ("reports:dashboard", "reports:brief"):
        page = client.get(reverse(name), {"periode": period.year, "seri": "final"})
        assert page.status_code == 200
        assert "belum final" in page.text, name
    Period.objects.filter(pk=period.pk).update(status=Period.Status.FINAL)
    for name in ("reports:dashboard", "reports:brief"):
        page = client.get(reverse(name), {"periode": period.year, "seri": "final"})
        assert "belum final" not in page.text, name
