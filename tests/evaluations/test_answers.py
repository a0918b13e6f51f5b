"""Officers answering: the work list, the answer page, autosave, edit conflicts, read-only periods, history."""

import pytest
from django.urls import reverse

from evaluations import errors
from evaluations.answers import services
from evaluations.models import Answer
from tests.factories import make_answering_world, make_assignment, make_period, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_answering_world(self_assessment_due="2026-05-15")


def answer_of(world, number, officer=None):
    officer = officer or world.officer_a
    unit = world.unit_a if officer == world.officer_a else world.unit_b
    return services.get_or_create_answer(officer, world.period, world.indicators[number], unit)


def save(client, answer, *, level, text, version=None, htmx=False, action=None, confirm_no_evidence=True):
    data = {"proposed_level": level or "", "explanation": text, "base_version": version or answer.version}
    if action:
        data["action"] = action
    if action == "submit" and confirm_no_evidence:
        data["confirm_no_evidence"] = "1"
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("evaluations:answer_save", args=[answer.pk]), data, headers=headers)


# --- services ----------------------------------------------------------------------------------


def test_get_or_create_answer_marks_lead_and_contributor(world):
    lead = answer_of(world, 4, world.officer_b)
    contributor = answer_of(world, 4, world.officer_a)
    assert lead.is_lead is True
    assert contributor.is_lead is False
    assert answer_of(world, 4, world.officer_b).pk == lead.pk  # second visit: the same row


def test_get_or_create_answer_refuses_unassigned_indicator_and_other_unit(world):
    with pytest.raises(errors.PermissionDenied, match="tidak ditugasi"):
        services.get_or_create_answer(world.officer_a, world.period, world.indicators[5], world.unit_a)
    with pytest.raises(errors.PermissionDenied):
        services.get_or_create_answer(world.officer_a, world.period, world.indicators[5], world.unit_b)
    with pytest.raises(errors.PermissionDenied):
        services.get_or_create_answer(world.reviewer, world.period, world.indicators[1], world.unit_a)


def test_save_draft_bumps_version_and_refuses_stale_base(world):
    answer = answer_of(world, 1)
    first = services.save_draft(world.officer_a, answer, proposed_level=3, explanation="Fakta A", base_version=1)
    assert first.version == 2
    with pytest.raises(errors.EditConflict) as caught:
        services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Teks kedua", base_version=1)
    assert caught.value.current.explanation == "Fakta A"
    assert caught.value.explanation == "Teks kedua"
    assert caught.value.proposed_level == 4
    answer.refresh_from_db()
    assert (answer.proposed_level, answer.explanation, answer.version) == (3, "Fakta A", 2)


def test_save_draft_unchanged_values_write_nothing(world):
    answer = answer_of(world, 1)
    services.save_draft(world.officer_a, answer, proposed_level=2, explanation="x", base_version=1)
    count = answer.history.count()
    again = services.save_draft(world.officer_a, answer, proposed_level=2, explanation="x", base_version=2)
    assert again.version == 2
    assert answer.history.count() == count


def test_consecutive_autosaves_merge_into_one_history_record(world):
    answer = answer_of(world, 1)
    for version, text in enumerate(["F", "Fa", "Fak", "Fakta"], start=1):
        services.save_draft(world.officer_a, answer, proposed_level=2, explanation=text, base_version=version)
    reasons = list(answer.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert [str(r) for r in reasons] == ["jawaban dibuat", "draf disimpan"]
    assert reasons[-1] == services.AUTOSAVE_REASON
    latest = answer.history.latest()
    assert latest.explanation == "Fakta"
    assert latest.diff_against(latest.prev_record).changed_fields  # before = the created, empty answer


def test_submit_requires_level_and_explanation(world):
    answer = answer_of(world, 1)
    with pytest.raises(errors.InvalidInput, match="pilih tingkat usulan dan isi penjelasan"):
        services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
    services.save_draft(world.officer_a, answer, proposed_level=3, explanation="   ", base_version=1)
    with pytest.raises(errors.InvalidInput, match="isi penjelasan"):
        services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
    answer.refresh_from_db()
    assert answer.status == Answer.Status.DRAFT


def test_other_unit_officer_and_executive_cannot_save(world):
    answer = answer_of(world, 1)
    for user in (world.officer_b, world.executive, world.reviewer):
        with pytest.raises(errors.PermissionDenied):
            services.save_draft(user, answer, proposed_level=1, explanation="x", base_version=1)


@pytest.mark.parametrize("status", ["in_review", "closed", "final", "draft"])
def test_officer_writes_refused_outside_open_period(world, status):
    answer = answer_of(world, 1)
    services.save_draft(world.officer_a, answer, proposed_level=3, explanation="Fakta", base_version=1)
    world.period.status = status
    world.period.save()
    with pytest.raises(errors.StateError, match="tidak dapat diubah"):
        services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Baru", base_version=2)
    with pytest.raises(errors.StateError):
        services.submit_answer(world.officer_a, answer, confirm_no_evidence=True)
    answer.refresh_from_db()
    assert (answer.proposed_level, answer.explanation) == (3, "Fakta")


# --- the whole flow, through the pages --------------------------------------------------------


def test_whole_flow_answer_submit_return_fix_resubmit_verify(client, world):
    client.force_login(world.officer_a)
    worklist = client.get(reverse("evaluations:worklist"))
    assert worklist.status_code == 200
    assert world.unit_a.name in worklist.text
    for number in (1, 2, 3, 4):
        page = client.get(reverse("evaluations:answer", args=[world.period.pk, number]))
        assert page.status_code == 200
        # Opening created nothing; the first save (through answer_start) creates the answer.
        assert not Answer.objects.filter(period=world.period, indicator__number=number, unit=world.unit_a).exists()
        start = reverse("evaluations:answer_start", args=[world.period.pk, number]) + "?then=save"
        data = {"proposed_level": 3, "explanation": f"FAKTA: Pergub {number}/2025", "base_version": 1}
        response = client.post(start, data | {"action": "submit", "confirm_no_evidence": "1"})
        assert response.status_code == 302, response.text
    assert set(Answer.objects.filter(unit=world.unit_a).values_list("status", flat=True)) == {"submitted"}

    # The reviewer returns indicator 2 with a note and a lower assessed level.
    returned = Answer.objects.get(unit=world.unit_a, indicator__number=2)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("evaluations:answer_review", args=[returned.pk]),
        {"action": "return", "verified_level": "2", "note": "Lampirkan SK tim SPBE."},
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == "returned"

    # The officer sees it first, with the note.
    client.force_login(world.officer_a)
    worklist = client.get(reverse("evaluations:worklist"))
    rows = worklist.context["rows"]
    assert rows[0]["indicator"].number == 2
    assert "Lampirkan SK tim SPBE." in worklist.text
    assert worklist.text.index("Lampirkan SK tim SPBE.") < worklist.text.index("Ind 1")
    page = client.get(reverse("evaluations:answer", args=[world.period.pk, 2]))
    assert "Lampirkan SK tim SPBE." in page.text
    # Editing keeps it returned; resubmitting makes it submitted again.
    response = save(client, returned, level=3, text="FAKTA: SK Tim SPBE 12/2025", htmx=True)
    assert response.status_code == 200
    returned.refresh_from_db()
    assert returned.status == "returned"
    response = save(client, returned, level=3, text="FAKTA: SK Tim SPBE 12/2025", action="submit")
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == "submitted"

    # The reviewer verifies at a level different from the proposed one.
    client.force_login(world.reviewer)
    response = client.post(
        reverse("evaluations:answer_review", args=[returned.pk]),
        {"action": "verify", "verified_level": "2", "note": "Tingkat 3 belum terpenuhi."},
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert (returned.status, returned.verified_level, returned.proposed_level) == ("verified", 2, 3)

    # The history shows every step, newest first, with who did it.
    page = client.get(reverse("evaluations:answer_detail", args=[returned.pk]))
    whats = [event["what"] for event in page.context["history"]]
    assert whats == [
        "diverifikasi pada tingkat 2 (usulan 3): Tingkat 3 belum terpenuhi.",
        "diajukan ulang",
        "draf disimpan",
        "dikembalikan: Lampirkan SK tim SPBE.",
        "diajukan",
        "draf disimpan",
        "jawaban dibuat",
    ]
    whos = [event["who"] for event in page.context["history"]]
    assert whos[0] == world.reviewer and whos[1] == world.officer_a and whos[3] == world.reviewer
    assert "Tingkat terverifikasi" in page.text
    assert "Terverifikasi pada tingkat 2" in page.text


# --- the answer page ---------------------------------------------------------------------------


def test_answer_page_shows_question_criteria_beside_levels_and_guidance(client, world):
    client.force_login(world.officer_a)
    page = client.get(reverse("evaluations:answer", args=[world.period.pk, 1]))
    assert page.status_code == 200
    assert "Pertanyaan indikator 1?" in page.text
    for level in range(1, 6):
        assert f"Kriteria 1.{level}" in page.text
    assert 'type="radio" name="proposed_level" value="5"' in page.text
    assert "Optimum" in page.text  # the scale's level name
    for word in ("FAKTA", "ANALISIS", "JUSTIFIKASI"):
        assert word in page.text
    assert 'hx-trigger="input delay:1s"' in page.text
    assert 'name="base_version"' in page.text
    assert "js/answer.js" in page.text
    assert "<script>" not in page.text  # no inline script (CSP)
    assert "Indikator1a-Pergub-TataKelolaSPBE.pdf" in page.text


def test_autosave_fragment_reports_saved_and_new_version(client, world):
    answer = answer_of(world, 1)
    client.force_login(world.officer_a)
    response = save(client, answer, level=2, text="FAKTA: Perda 3/2024", htmx=True)
    assert response.status_code == 200
    assert response["X-Answer-Save"] == "saved"
    assert "Tersimpan" in response.text
    assert 'id="id_base_version" value="2" hx-swap-oob="true"' in response.text
    assert "<html" not in response.text  # a fragment, not the page
    answer.refresh_from_db()
    assert answer.explanation == "FAKTA: Perda 3/2024"


def test_edit_conflict_refused_with_message_and_text_kept(client, world):
    answer = answer_of(world, 1)
    other = make_user("op-a2", password=None, role="officer", unit=world.unit_a, first_name="Siti")
    # Two officers open version 1; Siti saves first.
    services.save_draft(other, answer, proposed_level=4, explanation="Teks Siti", base_version=1)
    client.force_login(world.officer_a)
    htmx = save(client, answer, level=2, text="Teks saya yang panjang", version=1, htmx=True)
    assert htmx.status_code == 409
    assert htmx["X-Answer-Save"] == "conflict"
    assert "Siti" in htmx.text and "Teks Siti" in htmx.text
    assert "hx-swap-oob" not in htmx.text  # the form's base version is not moved: the user decides
    page = save(client, answer, level=2, text="Teks saya yang panjang", version=1)
    assert page.status_code == 409
    assert "Teks saya yang panjang" in page.text  # kept in the form
    assert "Teks Siti" in page.text  # and the other person's current text is shown
    answer.refresh_from_db()
    assert (answer.explanation, answer.proposed_level, answer.version) == ("Teks Siti", 4, 2)
    # Choosing to overwrite is explicit and recorded.
    response = client.post(
        reverse("evaluations:answer_save", args=[answer.pk]),
        {"proposed_level": "2", "explanation": "Teks saya yang panjang", "base_version": 1, "overwrite_version": 2},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.explanation == "Teks saya yang panjang"


def test_edit_conflict_with_ones_own_other_tab_says_so(client, world):
    answer = answer_of(world, 1)
    # The same officer saves from another tab first; this tab still holds version 1.
    services.save_draft(world.officer_a, answer, proposed_level=4, explanation="Dari tab lain", base_version=1)
    client.force_login(world.officer_a)
    htmx = save(client, answer, level=2, text="Dari tab ini", version=1, htmx=True)
    assert htmx.status_code == 409
    assert "sudah Anda ubah di tab atau jendela lain" in htmx.text
    assert "diubah orang lain" not in htmx.text


def test_submit_without_explanation_keeps_typed_level_and_says_why(client, world):
    answer = answer_of(world, 1)
    client.force_login(world.officer_a)
    response = save(client, answer, level=4, text="", action="submit")
    assert response.status_code == 400
    assert "isi penjelasan" in response.text
    answer.refresh_from_db()
    assert (answer.status, answer.proposed_level) == ("draft", 4)


def test_bad_level_is_400_and_saves_nothing(client, world):
    answer = answer_of(world, 1)
    client.force_login(world.officer_a)
    response = save(client, answer, level="9", text="x", htmx=True)
    assert response.status_code == 400
    assert "Belum tersimpan" in response.text
    answer.refresh_from_db()
    assert answer.explanation == ""


def test_closed_period_page_is_read_only_and_post_refused(client, world):
    answer = answer_of(world, 1)
    services.save_draft(world.officer_a, answer, proposed_level=3, explanation="Fakta lama", base_version=1)
    world.period.status = "closed"
    world.period.save()
    client.force_login(world.officer_a)
    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]))
    assert page.status_code == 200
    assert "hanya dapat dibaca" in page.text
    assert '<textarea name="explanation"' not in page.text
    assert "Unggah" not in page.text
    response = save(client, answer, level=5, text="Baru", version=2)
    assert response.status_code == 400
    answer.refresh_from_db()
    assert answer.explanation == "Fakta lama"


def test_closed_period_without_answer_is_404_not_created(client, world):
    world.period.status = "final"
    world.period.save()
    client.force_login(world.officer_a)
    assert client.get(reverse("evaluations:answer", args=[world.period.pk, 1])).status_code == 404
    assert not Answer.objects.exists()


def test_executive_reads_but_cannot_post(client, world):
    answer = answer_of(world, 1)
    client.force_login(world.executive)
    assert client.get(reverse("evaluations:answer_detail", args=[answer.pk])).status_code == 200
    assert save(client, answer, level=3, text="x").status_code == 403
    assert save(client, answer, level=3, text="x", htmx=True).status_code == 403


def test_other_unit_officer_cannot_read_or_write(client, world):
    answer = answer_of(world, 1)
    client.force_login(world.officer_b)
    assert client.get(reverse("evaluations:answer_detail", args=[answer.pk])).status_code == 403
    assert client.get(reverse("evaluations:answer", args=[world.period.pk, 1])).status_code == 403
    assert save(client, answer, level=3, text="x").status_code == 403


def test_lead_unit_sees_contributor_answer_and_contributor_reads_lead(client, world):
    lead = answer_of(world, 4, world.officer_b)
    contribution = answer_of(world, 4, world.officer_a)
    services.save_draft(
        world.officer_a, contribution, proposed_level=2, explanation="Data dari Bappeda", base_version=1
    )
    client.force_login(world.officer_b)
    page = client.get(reverse("evaluations:answer_detail", args=[lead.pk]))
    assert "Jawaban unit kontributor" in page.text
    assert "Data dari Bappeda" in page.text
    assert client.get(reverse("evaluations:answer_detail", args=[contribution.pk])).status_code == 200
    # Issue 15: the contributor reads the lead's answer (read-only), and may not change it.
    client.force_login(world.officer_a)
    readonly = client.get(reverse("evaluations:answer_detail", args=[lead.pk]))
    assert readonly.status_code == 200 and "data-answer-form" not in readonly.text


def test_reviewer_reaches_lead_answer_by_period_and_number(client, world):
    lead = answer_of(world, 4, world.officer_b)
    answer_of(world, 4, world.officer_a)
    client.force_login(world.reviewer)
    page = client.get(reverse("evaluations:answer", args=[world.period.pk, 4]))
    assert page.status_code == 200
    assert page.context["answer"].pk == lead.pk
    assert client.get(reverse("evaluations:answer", args=[world.period.pk, 5])).status_code == 404


# --- the work list -----------------------------------------------------------------------------


def test_worklist_only_own_unit_numbered_with_deadline(client, world):
    client.force_login(world.officer_b)
    page = client.get(reverse("evaluations:worklist"))
    numbers = [row["indicator"].number for row in page.context["rows"]]
    assert numbers == [4, 5]
    assert world.unit_b.name in page.text
    assert "15 Mei 2026" in page.text


def test_worklist_marks_overdue_after_due_date(client, world):
    world.period.self_assessment_due = "2020-01-01"
    world.period.save()
    answer = answer_of(world, 4, world.officer_b)
    services.save_draft(world.officer_b, answer, proposed_level=1, explanation="x", base_version=1)
    services.submit_answer(world.officer_b, answer, confirm_no_evidence=True)
    client.force_login(world.officer_b)
    page = client.get(reverse("evaluations:worklist"))
    overdue = {row["indicator"].number: row["overdue"] for row in page.context["rows"]}
    assert overdue == {4: False, 5: True}  # submitted work is not overdue
    assert "Terlambat" in page.text
    assert page.context["counts"]["overdue"] == 1


def test_worklist_period_choice_validated(client, world):
    older = make_period(world.framework, year=2025, status="final")
    client.force_login(world.officer_a)
    assert client.get(reverse("evaluations:worklist"), {"periode": "abc"}).status_code == 400
    assert client.get(reverse("evaluations:worklist"), {"periode": "1999"}).status_code == 400
    assert client.get(reverse("evaluations:worklist"), {"period": "999999"}).status_code == 400  # an old link
    page = client.get(reverse("evaluations:worklist"))
    assert page.context["period"] == world.period  # the open one by default
    page = client.get(reverse("evaluations:worklist"), {"periode": 2025})
    assert page.context["period"] == older
    assert page.context["rows"] == []


def test_worklist_is_for_officers_only(client, world):
    client.force_login(world.reviewer)
    assert client.get(reverse("evaluations:worklist")).status_code == 403


def test_nav_links_worklist_for_officers_only(client, world):
    client.force_login(world.officer_a)
    page = client.get(reverse("home"), follow=True)
    assert f'href="{reverse("evaluations:worklist")}"' in page.text
    client.force_login(world.executive)
    page = client.get(reverse("home"), follow=True)
    assert page.status_code == 200
    assert f'href="{reverse("evaluations:worklist")}"' not in page.text


@pytest.mark.parametrize("extra_indicators", [0, 1])
def test_worklist_query_count_does_not_grow(client, django_assert_max_num_queries, extra_indicators):
    world = make_answering_world()
    unit = world.unit_a
    numbers = [1, 2, 3, 4]
    if extra_indicators:
        make_assignment(world.period, world.indicators[5], unit, role="contributor")
        numbers.append(5)
    for number in numbers:
        answer = services.get_or_create_answer(world.officer_a, world.period, world.indicators[number], unit)
        services.save_draft(world.officer_a, answer, proposed_level=2, explanation="x", base_version=1)
    client.force_login(world.officer_a)
    client.get(reverse("evaluations:worklist"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("evaluations:worklist"))
    assert len(page.context["rows"]) == 4 + extra_indicators


@pytest.mark.parametrize("size", [1, 6])
def test_answer_page_query_count_does_not_grow_with_history_and_evidence(
    client, django_assert_max_num_queries, evidence_storage, size
):
    world = make_answering_world()
    lead = services.get_or_create_answer(world.officer_b, world.period, world.indicators[4], world.unit_b)
    contribution = services.get_or_create_answer(world.officer_a, world.period, world.indicators[4], world.unit_a)
    for i in range(size):
        services.save_draft(
            world.officer_b, lead, proposed_level=1 + i % 5, explanation=f"v{i}", base_version=lead.version
        )
        lead.refresh_from_db()
        services.add_evidence_link(world.officer_b, lead, title=f"Tautan {i}", url=f"https://contoh.go.id/{i}")
        services.add_evidence_link(world.officer_a, contribution, title=f"K {i}", url=f"https://contoh.go.id/k{i}")
        lead.refresh_from_db()
    client.force_login(world.officer_b)
    with django_assert_max_num_queries(18):
        page = client.get(reverse("evaluations:answer_detail", args=[lead.pk]))
    assert page.status_code == 200
    assert len(page.context["evidence"]) == size


def test_version_claim_is_conditional_so_racing_saves_cannot_both_win(world):
    """Both saves passed the first version check (same base); the database update lets only one through."""
    answer = answer_of(world, 1)
    stale = Answer.objects.get(pk=answer.pk)
    assert services._claim_version(answer, 1) == 2
    with pytest.raises(errors.EditConflict):
        services._claim_version(stale, 1, proposed_level=3, explanation="kalah")
    assert Answer.objects.get(pk=answer.pk).version == 2


def test_stale_base_with_identical_text_is_not_a_conflict(world):
    """An autosave and the form's own button can carry the same text from the same base: both succeed."""
    answer = answer_of(world, 1)
    services.save_draft(world.officer_a, answer, proposed_level=3, explanation="Sama", base_version=1)
    again = services.save_draft(world.officer_a, answer, proposed_level=3, explanation="Sama", base_version=1)
    assert again.version == 2
    assert services.submit_answer(world.officer_a, again, confirm_no_evidence=True).status == "submitted"
