"""The move from SPBE 2020 to Pemdi 2026 (issue 14): carry-over across frameworks copies no level
and links exactly the crosswalk's pairs; the answer page shows the related answers and the officer
reuses an explanation or evidence in one action; the "Transisi ke Pemdi" page; the estimate per period."""

import hashlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluations.errors import PermissionDenied, ServiceError, StateError
from evaluations.models import Answer, Evidence, EvidenceFile
from evaluations.periods import services as periods
from evaluations.transition import reads, services
from indicators.models import CrosswalkRow
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_period, make_stage_result, make_unit, make_user
from tests.transition_world import load_shipped_crosswalk

pytestmark = pytest.mark.django_db


def _file(name):
    content = f"%PDF-1.4 {name}".encode()
    return EvidenceFile.objects.create(
        file=ContentFile(content, name=name),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=name,
        size=len(content),
        content_type="application/pdf",
    )


@pytest.fixture
def world(evidence_storage):
    crosswalk = load_shipped_crosswalk()
    spbe, pemdi = crosswalk.from_framework, crosswalk.to_framework
    old = make_period(spbe, year=2025, status="final")
    new = make_period(pemdi, year=2026, status="open")
    s = {i.number: i for i in spbe.indicators.all()}
    p = {i.number: i for i in pemdi.indicators.all()}
    kominfo, bappeda, bpkad = make_unit("DISKOMINFO"), make_unit("BAPPEDA"), make_unit("BPKAD")
    for number in s:
        make_stage_result(old, s[number], 3)
    make_assignment(old, s[11], kominfo)
    make_assignment(old, s[19], kominfo)
    make_assignment(old, s[12], bappeda)
    make_assignment(old, s[13], bappeda)
    make_assignment(old, s[13], bpkad, role="contributor")
    make_assignment(old, s[16], bappeda)
    make_assignment(old, s[17], kominfo)
    arsitektur = make_answer(
        old,
        s[11],
        kominfo,
        status="verified",
        proposed_level=4,
        verified_level=3,
        explanation="Pergub 5/2023 tentang Arsitektur SPBE, pasal 2.",
    )
    Evidence.objects.create(answer=arsitektur, title="Pergub Arsitektur", file=_file("arsitektur.pdf"))
    Evidence.objects.create(answer=arsitektur, title="Portal arsitektur", url="https://arsitektur.example.go.id/")
    make_answer(old, s[12], bappeda, status="verified", proposed_level=5, verified_level=5, explanation="Peta rencana")
    make_answer(old, s[13], bappeda, status="verified", proposed_level=5, verified_level=4, explanation="Renja")
    make_answer(old, s[22], kominfo, status="verified", proposed_level=2, verified_level=2, explanation="SMKI")
    make_assignment(new, p[1], kominfo)
    admin = make_user("admin", role=Role.ADMIN)
    officer = make_user("op-kominfo", role=Role.OFFICER, unit=kominfo)
    other = make_user("op-bappeda", role=Role.OFFICER, unit=bappeda)
    return {
        "crosswalk": crosswalk,
        "old": old,
        "new": new,
        "s": s,
        "p": p,
        "units": (kominfo, bappeda, bpkad),
        "admin": admin,
        "officer": officer,
        "other": other,
        "arsitektur": arsitektur,
    }


# --- carry-over ----------------------------------------------------------------------------------


def test_carry_over_across_frameworks_copies_no_level_and_links_exactly_the_crosswalk_pairs(world):
    report = periods.carry_over(world["admin"], world["new"], world["old"])
    assert not Answer.objects.filter(period=world["new"]).exists()
    assert report.across_frameworks and report.created == [] and report.evidence_copied == 0
    linked = {(target.number, source) for target, sources in report.linked for source, _relation, _n in sources}
    pairs = set(
        CrosswalkRow.objects.filter(crosswalk=world["crosswalk"], from_indicator__isnull=False).values_list(
            "to_indicator__number", "from_indicator__number"
        )
    )
    assert linked == pairs and len(pairs) == 50
    assert [i.number for i in report.new_work] == [6, 7, 8, 20]
    pemdi_1 = {t.number: sources for t, sources in report.linked}[1]
    assert (11, "primary", 1) in pemdi_1 and (1, "partial", 0) in pemdi_1  # answers counted per counterpart
    world["new"].refresh_from_db()
    assert world["new"].carried_from == world["old"]
    assert world["new"].history.first().history_change_reason.data == {"year": 2025}


def test_carry_over_page_tells_what_was_linked_and_the_new_work(client, world):
    client.force_login(world["admin"])
    page = client.post(reverse("periods:carry_over", args=[world["new"].pk]), {"from_period": world["old"].pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "tidak ada jawaban maupun tingkat yang disalin" in html
    assert "16 indikator tertaut" in html
    assert "4 indikator tanpa padanan (pekerjaan baru)" in html
    assert "Penyelenggaraan Informasi Geospasial" in html


# --- related answers and their reuse ----------------------------------------------------------------


def _answer_page(client, world, user=None):
    client.force_login(user or world["officer"])
    return client.get(reverse("evaluations:answer", args=[world["new"].pk, 1]))


def _saved_answer(world):
    """The officer's answer to Pemdi 1, saved (opening the page creates nothing)."""
    from evaluations.answers import services as answer_services

    return answer_services.get_or_create_answer(world["officer"], world["new"], world["p"][1], world["units"][0])


def test_answer_page_shows_related_answers_of_the_source_period(client, world):
    periods.carry_over(world["admin"], world["new"], world["old"])
    page = _answer_page(client, world)
    assert page.status_code == 200
    related = page.context["related"]
    assert related.source == world["old"]
    assert [(i.indicator.number, i.relation) for i in related.indicators] == [
        (11, "primary"),
        (12, "primary"),
        (19, "primary"),
        (1, "partial"),
        (2, "partial"),
        (10, "partial"),
        (13, "partial"),
    ]
    first = related.indicators[0]
    assert first.final == 3
    (answer,) = first.answers
    assert (answer.answer.unit.code, answer.proposed, answer.verified) == ("DISKOMINFO", 4, 3)
    assert [e.title for e in answer.evidence] == ["Pergub Arsitektur", "Portal arsitektur"]
    html = page.content.decode()
    assert "Pergub 5/2023 tentang Arsitektur SPBE" in html and "Pakai penjelasan ini" in html


def test_no_related_answers_without_a_carry_over_across_frameworks(client, world):
    page = _answer_page(client, world)
    assert not page.context["related"]
    assert "Jawaban terkait periode" not in page.content.decode()


def test_officer_reuses_an_explanation_in_one_action(client, world):
    periods.carry_over(world["admin"], world["new"], world["old"])
    page = _answer_page(client, world).content.decode()
    # The answer is not saved yet: the button is its first write, and creates it.
    assert not Answer.objects.filter(period=world["new"], indicator=world["p"][1]).exists()
    start = reverse("evaluations:answer_start", args=[world["new"].pk, 1])
    first = f"{start}?then=reuse&sumber={world['arsitektur'].pk}"
    assert f'action="{first.replace("&", "&amp;")}"' in page
    response = client.post(first)
    answer = Answer.objects.get(period=world["new"], indicator=world["p"][1])
    assert response.status_code == 302 and response.url == reverse("evaluations:answer_detail", args=[answer.pk])
    url = reverse("transition:reuse_explanation", args=[answer.pk, world["arsitektur"].pk])
    answer.refresh_from_db()
    assert answer.explanation == "Pergub 5/2023 tentang Arsitektur SPBE, pasal 2."
    assert answer.proposed_level is None  # a level is never carried across frameworks
    assert answer.history.first().history_change_reason.data == {"year": 2025, "number": 11}
    version = answer.version
    client.post(url)  # the same text again: nothing changes
    answer.refresh_from_db()
    assert answer.version == version
    # a second explanation is appended, never replacing the first
    renja = Answer.objects.get(period=world["old"], indicator=world["s"][13])
    client.post(reverse("transition:reuse_explanation", args=[answer.pk, renja.pk]))
    answer.refresh_from_db()
    assert answer.explanation == "Pergub 5/2023 tentang Arsitektur SPBE, pasal 2.\n\nRenja"


def test_officer_reattaches_evidence_once(client, world):
    periods.carry_over(world["admin"], world["new"], world["old"])
    _answer_page(client, world)
    answer = _saved_answer(world)
    for evidence in world["arsitektur"].evidence.all():
        client.post(reverse("transition:reattach_evidence", args=[answer.pk, evidence.pk]))
        client.post(reverse("transition:reattach_evidence", args=[answer.pk, evidence.pk]))
    attached = list(answer.evidence.order_by("id").values_list("title", "file_id", "url"))
    assert attached == [
        ("Pergub Arsitektur", world["arsitektur"].evidence.get(url="").file_id, ""),
        ("Portal arsitektur", None, "https://arsitektur.example.go.id/"),
    ]
    assert EvidenceFile.objects.count() == 1  # the same stored file


def test_reuse_is_refused_for_an_unrelated_answer_another_unit_or_a_closed_period(client, world):
    periods.carry_over(world["admin"], world["new"], world["old"])
    _answer_page(client, world)
    answer = _saved_answer(world)
    smki = Answer.objects.get(period=world["old"], indicator=world["s"][22])  # related to Pemdi 10, not 1
    with pytest.raises(ServiceError, match="tidak berpadanan"):
        services.reuse_explanation(world["officer"], answer, smki)
    with pytest.raises(PermissionDenied):
        services.reuse_explanation(world["other"], answer, world["arsitektur"])
    assert client.post(reverse("transition:reuse_explanation", args=[answer.pk, smki.pk])).status_code == 302
    client.force_login(world["other"])
    assert (
        client.post(reverse("transition:reuse_explanation", args=[answer.pk, world["arsitektur"].pk])).status_code
        == 403
    )
    world["new"].status = "closed"
    world["new"].save()
    with pytest.raises(StateError):
        services.reuse_explanation(world["officer"], answer, world["arsitektur"])
    answer.refresh_from_db()
    assert answer.explanation == ""


@pytest.mark.parametrize("extra_units", [0, 6])
def test_answer_page_query_count_with_related_answers(client, world, django_assert_num_queries, extra_units):
    periods.carry_over(world["admin"], world["new"], world["old"])
    for k in range(extra_units):  # more related answers, each with evidence
        unit = make_unit(f"UNIT{k}")
        for number in (12, 19, 1, 2, 10):
            a = make_answer(world["old"], world["s"][number], unit, is_lead=False, explanation=f"kontribusi {k}")
            Evidence.objects.create(answer=a, title=f"tautan {k}", url=f"https://contoh.go.id/{k}")
    _answer_page(client, world)
    answer = _saved_answer(world)
    with django_assert_num_queries(23):
        page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]))
    assert page.status_code == 200
    assert sum(len(i.answers) for i in page.context["related"].indicators) == 3 + 5 * extra_units


# --- the estimate and the "Transisi ke Pemdi" page ---------------------------------------------------


def test_estimates_by_period_all_threes(world):
    estimates = reads.estimates_by_period([world["old"], world["new"]])
    assert list(estimates) == [world["old"].pk]  # Pemdi has no crosswalk onward
    estimate = estimates[world["old"].pk]
    assert estimate.framework.code == "pemdi-2026"
    assert estimate.estimate.index == 3
    assert estimate.estimate.coverage == Decimal("0.64")


def test_transition_page(client, world):
    client.force_login(world["admin"])
    page = client.get(reverse("transition:page"))
    assert page.status_code == 200
    data = page.context["data"]
    assert data.period == world["old"] and data.target.code == "pemdi-2026"
    assert data.estimate.index == 3 and data.coverage_percent == 64
    rows = {row.indicator.number: row for row in data.rows}
    assert [(c.indicator.number, c.relation, c.final, c.final_year) for c in rows[1].counterparts][:3] == [
        (11, "primary", 3, 2025),
        (12, "primary", 3, 2025),
        (19, "primary", 3, 2025),
    ]
    assert rows[1].estimate == 3
    assert rows[1].lead.code == "DISKOMINFO" and [u.code for u in rows[1].contributors] == ["BAPPEDA"]
    assert rows[14].lead.code == "BAPPEDA"  # 16 (Bappeda) and 17 (Kominfo) weigh the same: the lower number wins
    assert rows[11].estimate is None and rows[11].lead is None  # only a partial counterpart
    assert [row.indicator.number for row in data.new_work] == [6, 7, 8, 20]
    html = page.content.decode()
    assert "Pekerjaan baru: tanpa padanan" in html and "64,00 %" in html


def test_transition_page_bad_filter_is_400(client, world):
    client.force_login(world["admin"])
    assert client.get(reverse("transition:page") + "?periode=abc").status_code == 400
    assert client.get(reverse("transition:page") + f"?periode={world['new'].year}").status_code == 400


@pytest.mark.parametrize("years", [1, 4])
def test_transition_page_query_count(client, world, django_assert_num_queries, years):
    s = world["s"]
    for k in range(1, years):
        past = make_period(world["old"].framework, year=2025 - k, status="final")
        for number in s:
            make_stage_result(past, s[number], 2)
        make_assignment(past, s[11], world["units"][1])
    client.force_login(world["admin"])
    with django_assert_num_queries(28):
        page = client.get(reverse("transition:page"))
    assert page.status_code == 200


def test_report_periods_know_whether_a_crosswalk_leads_on(world, django_assert_num_queries):
    """The dashboard's periods say whether a crosswalk leads from their framework: the estimate is
    read for those that have one, and costs no query for those that have none."""
    from evaluations.reports.dashboard import periods_for_reports

    by_pk = {p.pk: p for p in periods_for_reports(onward_crosswalks=True)}
    old, new = by_pk[world["old"].pk], by_pk[world["new"].pk]
    assert old.has_onward_crosswalk and not new.has_onward_crosswalk
    assert list(reads.estimates_by_period([old, new])) == [old.pk]
    with django_assert_num_queries(0):
        assert reads.estimates_by_period([new]) == {}


def test_trend_gets_a_dotted_estimate_series_never_joined_to_the_measured_line(world):
    from evaluations.reports.dashboard import build_dashboard

    data = build_dashboard(world["old"], [world["old"], world["new"]])
    traces = data.figures()["trend"]["data"]
    estimate = next(t for t in traces if t.get("name") == "perkiraan Pemdi 2026")
    assert estimate["x"] == [2025] and estimate["y"] == [3.0]
    assert estimate["line"]["dash"] == "dot"
    assert estimate["customdata"] == ["cakupan bobot 64 %"]
    # Drawn below the province's value labels (the last, text-only trace), never over them.
    assert traces[-1]["mode"] == "markers+text" and traces.index(estimate) < len(traces) - 1
    measured = traces[0]
    assert measured["name"] == "Provinsi" and measured is not estimate


def test_no_estimate_series_without_a_crosswalk(db):
    from evaluations.reports import charts

    figure = {"data": [{"type": "scatter", "x": [2025], "y": [3.0]}], "layout": {}}
    assert charts.add_estimate_trace(figure, []) is figure
