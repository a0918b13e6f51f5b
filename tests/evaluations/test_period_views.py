"""Period pages as users meet them: scores, status and reopen, imports with row errors, the review
queue's filters and scope, notifications; and query counts that do not grow with the data."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Answer, Notification, Period, StageResult
from skpd.roles import Role
from tests.factories import (
    make_answer,
    make_framework,
    make_period,
    make_stage_result,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    period = make_period(status="in_review")
    period.ind = {i.number: i for i in period.framework.indicators.select_related("aspect")}
    return period


def signed_in(client, role, username=None, **kwargs):
    user = make_user(username or role, role=role, **kwargs)
    client.force_login(user)
    return user


def test_detail_shows_scores_per_series_without_counting_missing_as_zero(client, period):
    signed_in(client, Role.EXECUTIVE)
    unit = make_unit()
    for number, level in {1: 3, 2: 4, 3: 2, 4: 5, 5: 1}.items():
        make_answer(period, period.ind[number], unit, status="verified", proposed_level=level, verified_level=level)
    make_stage_result(period, period.ind[1], 2)
    page = client.get(reverse("periods:detail", args=[period.pk]))
    assert page.status_code == 200
    text = page.text
    assert "2,90" in text  # verified index (3×20+4×20+2×30+5×15+1×15)/100, Indonesian format
    assert "4 / 5" in text  # final: four indicators without a level, shown as missing
    fragment = client.get(reverse("periods:detail", args=[period.pk]), headers={"HX-Request": "true"})
    assert "2,90" in fragment.text and "<html" not in fragment.text


def test_admin_moves_status_and_reopen_needs_reason(client, period):
    signed_in(client, Role.ADMIN)
    url = reverse("periods:status", args=[period.pk])
    client.post(url, {"status": "closed"})
    period.refresh_from_db()
    assert period.status == "closed"
    page = client.post(
        reverse("periods:reopen", args=[period.pk]), {"to_status": "in_review", "reason": ""}, follow=True
    )
    assert "Alasan membuka kembali periode wajib diisi" in page.text
    period.refresh_from_db()
    assert period.status == "closed"
    page = client.post(
        reverse("periods:reopen", args=[period.pk]),
        {"to_status": "in_review", "reason": "Salah ketik tingkat"},
        follow=True,
    )
    period.refresh_from_db()
    assert period.status == "in_review"
    assert "Salah ketik tingkat" in page.text  # the history on the page shows the reason


def test_create_period_form_checks_date_order(client):
    signed_in(client, Role.ADMIN)
    framework = make_framework()
    data = {
        "year": 2027,
        "framework": framework.pk,
        "kind": "evaluasi",
        "target_index": "3.50",
        "self_assessment_start": "2027-05-01",
        "self_assessment_due": "2027-04-01",
    }
    page = client.post(reverse("periods:create"), data)
    assert page.status_code == 400
    assert "sebelum" in page.text
    assert not Period.objects.filter(year=2027).exists()
    data["self_assessment_due"] = "2027-06-01"
    assert client.post(reverse("periods:create"), data).status_code == 302
    assert Period.objects.get(year=2027).status == "draft"


def test_indicator_settings_form_names_flagship_services(client, period):
    signed_in(client, Role.ADMIN)
    flagship = period.ind[5]
    flagship.is_flagship_slot = True
    flagship.save()
    url = reverse("periods:indicator_settings", args=[period.pk])
    assert "service_5" in client.get(url).text
    response = client.post(url, {"service_5": "SIMPATI", "target_5": "4", "cap_5": "3"})
    assert response.status_code == 400 and "melebihi" in response.text
    client.post(url, {"service_5": "SIMPATI", "target_5": "4", "cap_5": "5"})
    page = client.get(reverse("periods:detail", args=[period.pk]))
    assert "SIMPATI" in page.text


def test_import_page_lists_row_errors_and_saves_nothing(client, period):
    signed_in(client, Role.REVIEWER)
    upload = SimpleUploadedFile("hasil.csv", b"indicator,level\n1,3\n2,9\n")
    page = client.post(reverse("periods:stage_import", args=[period.pk]), {"stage": "dokumen", "file": upload})
    assert page.status_code == 400
    assert "Baris 3: tingkat &#x27;9&#x27; harus bilangan bulat 1–5." in page.text
    assert not StageResult.objects.exists()
    upload = SimpleUploadedFile("hasil.csv", b"indicator,level\n1,3\n2,4\n")
    page = client.post(
        reverse("periods:stage_import", args=[period.pk]), {"stage": "dokumen", "file": upload}, follow=True
    )
    assert "2 baru" in page.text
    assert StageResult.objects.filter(stage="dokumen").count() == 2


def test_template_download_is_a_workbook(client, period):
    signed_in(client, Role.REVIEWER)
    response = client.get(reverse("periods:stage_template", args=[period.pk, "xlsx"]))
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("indicator", "level", "name") and len(rows) == 6
    assert rows[1][0] == 1 and rows[1][2] == period.ind[1].display_name
    assert client.get(reverse("periods:stage_template", args=[period.pk, "pdf"])).status_code == 400


def test_stage_form_saves_changed_levels(client, period):
    signed_in(client, Role.REVIEWER)
    Period.objects.filter(pk=period.pk).update(status=Period.Status.CLOSED)  # the final result's state
    make_stage_result(period, period.ind[2], 2, stage="final")
    client.post(reverse("periods:stage_edit", args=[period.pk, "final"]), {"level_1": "4", "level_2": "", "note": "BA"})
    assert dict(StageResult.objects.values_list("indicator__number", "level")) == {1: 4}


def test_carry_over_page_reports_what_was_copied(client, period):
    signed_in(client, Role.ADMIN)
    new = make_period(period.framework, year=2027, status="draft")
    make_answer(period, period.ind[1], make_unit(), proposed_level=3, explanation="x")
    page = client.post(reverse("periods:carry_over", args=[new.pk]), {"from_period": period.pk})
    assert "1 jawaban disalin" in page.text
    assert Answer.objects.get(period=new).status == "draft"


def _queue_world(period, units, per_unit):
    for u in range(units):
        unit = make_unit(f"U{u}")
        for number in list(period.ind)[:per_unit]:
            make_answer(period, period.ind[number], unit, status="submitted", proposed_level=3, explanation="x")


def test_queue_filters_and_scope(client, period):
    _queue_world(period, 2, 5)
    aspect3 = period.ind[4].aspect
    signed_in(client, Role.REVIEWER, "scoped", aspects=[aspect3])
    page = client.get(reverse("periods:review_queue"))
    ids = set(page.context["page"].object_list.values_list("indicator__number", flat=True))
    assert ids == {4, 5}  # only aspect 3's indicators
    assert 'name="answer_ids"' in page.text and reverse("evaluations:bulk_verify") in page.text
    unit = page.context["page"].object_list[0].unit
    page = client.get(reverse("periods:review_queue"), {"unit": unit.pk, "status": "submitted"})
    assert {a.unit_id for a in page.context["page"].object_list} == {unit.pk}


def test_queue_invalid_filter_is_400_with_message(client, period):
    signed_in(client, Role.REVIEWER)
    page = client.get(reverse("periods:review_queue"), {"unit": "999999"})
    assert page.status_code == 400
    assert "Filter tidak sah" in page.text and "Perangkat daerah" in page.text


def test_queue_overdue_filter(client, period):
    import datetime

    period.verification_due = datetime.date(2000, 1, 1)
    period.save()
    _queue_world(period, 1, 2)
    signed_in(client, Role.REVIEWER)
    page = client.get(reverse("periods:review_queue"), {"overdue": "on", "status": "submitted"})
    assert page.context["page"].paginator.count == 2
    period.verification_due = datetime.date(2999, 1, 1)
    period.save()
    page = client.get(reverse("periods:review_queue"), {"overdue": "on", "status": "submitted"})
    assert page.context["page"].paginator.count == 0


def test_officer_sees_only_running_periods_without_scores(client, period):
    make_period(period.framework, year=2025, status="final")
    signed_in(client, Role.OFFICER, unit=make_unit())
    page = client.get(reverse("periods:list"))
    assert [p.year for p, _s in page.context["rows"]] == [2026]
    assert "Indeks akhir" not in page.text


def test_notifications_are_own_and_can_be_marked_read(client):
    me = signed_in(client, Role.OFFICER, unit=make_unit())
    other = make_user("lain", role=Role.OFFICER)
    Notification.objects.create(user=me, kind="returned", message="Jawaban indikator 3 dikembalikan")
    Notification.objects.create(user=other, kind="returned", message="Punya orang lain")
    page = client.get(reverse("periods:notifications"))
    assert "indikator 3 dikembalikan" in page.text and "Punya orang lain" not in page.text
    client.post(reverse("periods:notifications"))
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).exists()


# --- query counts at two sizes --------------------------------------------------------------------


@pytest.mark.parametrize("years", [2, 8])
def test_period_list_queries(client, django_assert_max_num_queries, years):
    framework = make_framework()
    for year in range(2020, 2020 + years):
        p = make_period(framework, year=year, status="final")
        for indicator in framework.indicators.all():
            make_stage_result(p, indicator, 3)
    signed_in(client, Role.EXECUTIVE)
    with django_assert_max_num_queries(11):  # incl. the navigation's unread-notification count
        assert client.get(reverse("periods:list")).status_code == 200


@pytest.mark.parametrize(("units", "per_unit"), [(1, 2), (6, 5)])
def test_queue_queries(client, period, django_assert_max_num_queries, units, per_unit):
    _queue_world(period, units, per_unit)
    signed_in(client, Role.REVIEWER)
    with django_assert_max_num_queries(13):  # incl. the flags' evidence and last year's period, the counts
        page = client.get(reverse("periods:review_queue"), {"status": "submitted"})
    assert page.context["page"].paginator.count == units * per_unit


@pytest.mark.parametrize("count", [1, 30])
def test_notifications_queries(client, django_assert_max_num_queries, count):
    me = signed_in(client, Role.OFFICER, unit=make_unit())
    Notification.objects.bulk_create([Notification(user=me, kind="info", message=f"n{i}") for i in range(count)])
    with django_assert_max_num_queries(7):  # the unread count, one query for the page and its navigation
        assert client.get(reverse("periods:notifications")).status_code == 200


@pytest.mark.parametrize("answers", [1, 5])
def test_detail_and_stage_pages_queries(client, period, django_assert_max_num_queries, answers):
    unit = make_unit()
    for number in list(period.ind)[:answers]:
        make_answer(period, period.ind[number], unit, status="verified", proposed_level=3, verified_level=3)
        make_stage_result(period, period.ind[number], 3)
    signed_in(client, Role.ADMIN)
    with django_assert_max_num_queries(16):  # incl. the navigation's unread-notification count
        assert client.get(reverse("periods:detail", args=[period.pk])).status_code == 200
    with django_assert_max_num_queries(9):  # incl. the navigation's unread-notification count
        assert client.get(reverse("periods:stage_results", args=[period.pk])).status_code == 200
