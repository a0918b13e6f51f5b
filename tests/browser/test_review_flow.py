"""The reviewer's flow in Chromium: the queue filter survives a review and "next" moves on.

A reviewer filters the queue to one unit, opens an answer, goes back ("← Antrean reviu") and finds
the filter still set; opens the answer again and verifies it: the next answer of the same filtered
queue opens. A verification below the proposed level without a note is refused with the reason; with
a note it goes through, and as the queue has nothing left the reviewer is back on it, filter kept,
with a message. The queue shows its counts, each answer's evidence-quality flags and a select-all box.
"""

import re

import pytest

from tests.browser import support

support.require_browser()

from playwright.sync_api import expect  # noqa: E402  (after the skip: the package may be missing)

pytestmark = pytest.mark.browser


def _two_of_one_unit():
    """Two unanswered lead indicators of one unit in the open period, claimed from the other tests."""
    from evaluations.models import Answer, Assignment
    from tests.browser import world

    period = world.open_period()
    answered = set(Answer.objects.filter(period=period).values_list("indicator_id", "unit_id"))
    free = {}
    for assignment in (
        Assignment.objects.filter(period=period, role=Assignment.Role.LEAD, unit__members__isnull=False)
        .select_related("period", "indicator__aspect", "unit")
        .order_by("unit__code", "indicator__number")
        .distinct()
    ):
        key = (assignment.indicator_id, assignment.unit_id)
        if key in answered or key in world._claimed:
            continue
        free.setdefault(assignment.unit_id, []).append(assignment)
        if len(free[assignment.unit_id]) == 2:
            pair = free[assignment.unit_id]
            world._claimed.update((a.indicator_id, a.unit_id) for a in pair)
            return [world.Work(a) for a in pair]
    raise AssertionError("the demo data has no unit with two unanswered indicators left")


def _submit_with_a_link(work, level):
    from evaluations.answers import services

    user = work.user()
    answer = services.get_or_create_answer(user, work.period, work.indicator, work.unit)
    answer = services.save_draft(
        user, answer, proposed_level=level, explanation="Fakta uji.", base_version=answer.version
    )
    services.add_evidence_link(user, answer, title="Portal layanan", url="https://contoh.go.id/layanan")
    return services.submit_answer(user, answer)


def _path(answer):
    from django.urls import reverse

    return reverse("evaluations:answer_detail", args=[answer.pk])


def test_the_queue_filter_survives_a_review_and_next_moves_on(open_browser):
    from django.urls import reverse

    first_work, second_work = _two_of_one_unit()
    first = _submit_with_a_link(first_work, 3)  # submitted first: listed before the second
    second = _submit_with_a_link(second_work, 4)
    unit = first_work.unit

    reviewer = open_browser("reviewer", signed_in_as="reviewer")
    page = reviewer.page
    reviewer.goto(reverse("periods:review_queue"), "queue")
    expect(page.get_by_label("Status", exact=True)).to_have_value("submitted")  # what the queue lists by default
    page.get_by_label("Perangkat daerah", exact=True).select_option(str(unit.pk))
    with page.expect_navigation():
        page.locator("form.filters").get_by_role("button", name="Tampilkan").click()
    reviewer.settle()
    reviewer.shot("queue-one-unit")
    expect(page.locator(".queue-total")).to_contain_text("jawaban cocok dengan filter ini")
    expect(page.locator(".queue-counts")).to_contain_text("Diajukan")
    expect(page.locator("#pick-all")).to_be_visible()  # shown once the script wires it
    page.locator("#pick-all").check()
    boxes = page.locator('input[name="answer_ids"]')
    assert boxes.count() >= 2 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.locator("#pick-all").uncheck()
    reviewer.assert_accessible("the review queue filtered to one unit")
    queue_url = page.url

    def open_first():
        with page.expect_navigation():
            page.locator(f'a[href^="{_path(first)}?kembali="]').click()
        reviewer.settle()

    open_first()
    reviewer.shot("first-answer")
    expect(page.locator(".review-flags")).to_be_visible()
    reviewer.assert_accessible("the answer under review with its flags")
    with page.expect_navigation():
        page.get_by_role("link", name="← Antrean reviu").click()
    reviewer.settle()
    reviewer.shot("back-in-queue")
    expect(page.get_by_label("Perangkat daerah", exact=True)).to_have_value(str(unit.pk))
    assert f"unit={unit.pk}" in page.url

    page.goto(queue_url)
    reviewer.settle()
    open_first()
    page.get_by_label("Tingkat terverifikasi").select_option("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi").click()
    reviewer.settle()
    reviewer.shot("next-answer")
    assert reviewer.path().startswith(_path(second) + "?kembali="), reviewer.path()
    expect(page.locator("h1")).to_contain_text(f"Indikator {second_work.indicator.number}.")

    # Below the proposed level (4) without a note: refused, with the reason; with a note: verified.
    page.get_by_label("Tingkat terverifikasi").select_option("2")
    reviewer.expected_errors.add((400, reviewer.url(reverse("evaluations:answer_review", args=[second.pk]))))
    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi").click()
    reviewer.settle()
    expect(page.locator(".messages")).to_contain_text("Tulis catatan untuk perangkat daerah")
    page.get_by_label("Tingkat terverifikasi").select_option("2")
    page.get_by_label("Catatan peninjau").fill("Tingkat 3 dan 4 belum terpenuhi: belum ada evaluasi.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi").click()
    reviewer.settle()
    reviewer.shot("queue-after-the-last")

    first_work_answer, second_work_answer = first_work.answer(), second_work.answer()
    assert (first_work_answer.status, first_work_answer.verified_level) == ("verified", 3)
    assert (second_work_answer.status, second_work_answer.verified_level) == ("verified", 2)
    if re.search(r"/jawaban/\d+/", reviewer.path()):
        # The unit had older submitted answers from the demo data after ours: "next" moved on to one.
        assert not reviewer.path().startswith(_path(second))
    else:
        assert reviewer.path().startswith(reverse("periods:review_queue"))
        expect(page.get_by_label("Perangkat daerah", exact=True)).to_have_value(str(unit.pk))
        expect(page.locator("main")).to_contain_text("Tidak ada jawaban berikutnya dalam antrean ini.")
    reviewer.assert_clean()
