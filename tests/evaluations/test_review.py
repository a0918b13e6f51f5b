"""Review: return with a note, verify at a (possibly different) level, bulk verify, scope and period state."""

import pytest
from django.urls import reverse

from evaluations import errors
from evaluations.answers import services
from evaluations.models import Answer
from tests.factories import make_answering_world, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = make_answering_world()
    w.answers = {}
    for number in (1, 2, 3):
        answer = services.get_or_create_answer(w.officer_a, w.period, w.indicators[number], w.unit_a)
        services.save_draft(
            w.officer_a, answer, proposed_level=number + 1, explanation=f"Fakta {number}", base_version=1
        )
        services.add_evidence_link(w.officer_a, answer, title=f"SK {number}", url=f"https://contoh.go.id/sk-{number}")
        w.answers[number] = services.submit_answer(w.officer_a, answer)
    return w


def test_return_requires_note_and_submitted_status(world):
    answer = world.answers[1]
    with pytest.raises(errors.InvalidInput, match="catatan"):
        services.return_answer(world.reviewer, answer, note="  ")
    returned = services.return_answer(world.reviewer, answer, note="Kurang bukti", verified_level=1)
    assert (returned.status, returned.reviewer_note, returned.verified_level) == ("returned", "Kurang bukti", 1)
    assert returned.reviewed_by == world.reviewer
    with pytest.raises(errors.StateError):
        services.return_answer(world.reviewer, answer, note="lagi")
    assert str(answer.history.latest().history_change_reason) == "dikembalikan: Kurang bukti"


def test_verify_sets_level_that_may_differ_and_requires_one(world):
    answer = world.answers[3]  # proposed 4
    with pytest.raises(errors.InvalidInput, match="tingkat"):
        services.verify_answer(world.reviewer, answer, verified_level=None)
    verified = services.verify_answer(world.reviewer, answer, verified_level=3, note="Belum terpadu")
    assert (verified.status, verified.verified_level, verified.proposed_level) == ("verified", 3, 4)
    with pytest.raises(errors.StateError):
        services.verify_answer(world.reviewer, answer, verified_level=3)


def test_verified_answer_can_be_reopened_by_returning(world):
    answer = services.verify_answer(world.reviewer, world.answers[1], verified_level=2)
    reopened = services.return_answer(world.reviewer, answer, note="Ada temuan baru")
    assert reopened.status == "returned"
    assert reopened.verified_level is None


def test_draft_cannot_be_reviewed(world):
    draft = services.get_or_create_answer(world.officer_b, world.period, world.indicators[5], world.unit_b)
    with pytest.raises(errors.StateError):
        services.verify_answer(world.reviewer, draft, verified_level=2)
    with pytest.raises(errors.StateError):
        services.return_answer(world.reviewer, draft, note="x")


def test_review_allowed_in_review_refused_when_closed(world):
    world.period.status = "in_review"
    world.period.save()
    services.verify_answer(world.reviewer, world.answers[1], verified_level=2)
    world.period.status = "closed"
    world.period.save()
    with pytest.raises(errors.StateError, match="tidak dapat direviu"):
        services.verify_answer(world.reviewer, world.answers[2], verified_level=2)
    with pytest.raises(errors.StateError):
        services.return_answer(world.reviewer, world.answers[2], note="x")
    assert Answer.objects.get(pk=world.answers[2].pk).status == "submitted"


def test_only_reviewers_in_scope_and_admin_review(world):
    answer = world.answers[3]  # indicator 3 is in aspect 2
    aspect_1 = world.indicators[1].aspect
    limited = make_user("reviu-terbatas", password=None, role="reviewer", aspects=[aspect_1])
    for user in (limited, world.officer_a, world.executive):
        with pytest.raises(errors.PermissionDenied):
            services.verify_answer(user, answer, verified_level=2)
    services.verify_answer(limited, world.answers[1], verified_level=2)
    services.verify_answer(world.admin, answer, verified_level=2, note="Tingkat 3 dan 4 belum terpenuhi.")


def test_notification_hook_called_on_return_and_verify(world, monkeypatch):
    from evaluations import notifications

    calls = []
    monkeypatch.setattr(notifications, "notify_answer_event", lambda a, e, u: calls.append((a.pk, e, u)))
    services.return_answer(world.reviewer, world.answers[1], note="x")
    services.verify_answer(world.reviewer, world.answers[2], verified_level=3)
    assert calls == [
        (world.answers[1].pk, "returned", world.reviewer),
        (world.answers[2].pk, "verified", world.reviewer),
    ]


def test_bulk_verify_verifies_submitted_and_skips_others_with_reason(world):
    services.return_answer(world.reviewer, world.answers[2], note="Perbaiki")
    answers = list(
        Answer.objects.filter(pk__in=[a.pk for a in world.answers.values()]).select_related("period", "indicator")
    )
    count, skipped = services.bulk_verify(world.reviewer, answers, note="Sesuai")
    assert count == 2
    assert [(a.pk, "Dikembalikan" in reason) for a, reason in skipped] == [(world.answers[2].pk, True)]
    levels = dict(Answer.objects.filter(status="verified").values_list("indicator__number", "verified_level"))
    assert levels == {1: 2, 3: 4}  # each at its proposed level


def test_bulk_verify_endpoint(client, world):
    services.return_answer(world.reviewer, world.answers[2], note="Perbaiki")
    client.force_login(world.reviewer)
    ids = [a.pk for a in world.answers.values()]
    response = client.post(
        reverse("evaluations:bulk_verify"), {"answer_ids": ids, "next": "/evaluasi/daftar?x=1"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/evaluasi/daftar?x=1"
    assert Answer.objects.filter(status="verified").count() == 2
    page = client.get(reverse("home"), follow=True)
    text = page.text
    assert "2 jawaban diverifikasi" in text
    assert "Indikator 2" in text and "dilewati" in text


def test_bulk_verify_refuses_outside_scope_unsafe_next_and_non_reviewers(client, world):
    limited = make_user("reviu-terbatas", password=None, role="reviewer", aspects=[world.indicators[1].aspect])
    ids = [a.pk for a in world.answers.values()]
    client.force_login(limited)
    assert client.post(reverse("evaluations:bulk_verify"), {"answer_ids": ids}).status_code == 403
    assert not Answer.objects.filter(status="verified").exists()
    for user in (world.officer_a, world.executive):
        client.force_login(user)
        assert client.post(reverse("evaluations:bulk_verify"), {"answer_ids": ids}).status_code == 403
    client.force_login(world.reviewer)
    response = client.post(
        reverse("evaluations:bulk_verify"), {"answer_ids": ids[:1], "next": "https://jahat.example/"}
    )
    assert response.status_code == 302
    assert "jahat" not in response["Location"]
    response = client.post(reverse("evaluations:bulk_verify"), {"answer_ids": ["x"]})
    assert response.status_code == 302
    assert Answer.objects.filter(status="verified").count() == 1


def test_review_form_on_answer_page_and_errors(client, world):
    answer = world.answers[1]
    client.force_login(world.reviewer)
    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]))
    assert "Kembalikan" in page.text and "Verifikasi" in page.text
    response = client.post(reverse("evaluations:answer_review", args=[answer.pk]), {"action": "return", "note": ""})
    assert response.status_code == 400
    assert "Tulis catatan" in response.text
    response = client.post(
        reverse("evaluations:answer_review", args=[answer.pk]), {"action": "verify", "verified_level": ""}
    )
    assert response.status_code == 400
    assert Answer.objects.get(pk=answer.pk).status == "submitted"
    client.force_login(world.officer_a)
    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]))
    assert "Kembalikan" not in page.text
    response = client.post(
        reverse("evaluations:answer_review", args=[answer.pk]), {"action": "verify", "verified_level": "5"}
    )
    assert response.status_code == 403
    client.force_login(world.executive)
    response = client.post(
        reverse("evaluations:answer_review", args=[answer.pk]), {"action": "verify", "verified_level": "5"}
    )
    assert response.status_code == 403
    assert Answer.objects.get(pk=answer.pk).status == "submitted"


def test_closed_period_answer_page_has_no_review_form(client, world):
    world.period.status = "final"
    world.period.save()
    client.force_login(world.reviewer)
    page = client.get(reverse("evaluations:answer_detail", args=[world.answers[1].pk]))
    assert page.status_code == 200
    assert "Kembalikan" not in page.text


def test_concurrent_reviewers_cannot_both_decide(world):
    """Two reviewers loaded the same submitted answer; the second decision finds it already decided."""
    stale = Answer.objects.select_related("period", "indicator").get(pk=world.answers[1].pk)
    services.verify_answer(world.reviewer, world.answers[1], verified_level=2)
    with pytest.raises(errors.StateError):
        services.verify_answer(world.admin, stale, verified_level=5)
    assert Answer.objects.get(pk=stale.pk).verified_level == 2


def test_returned_answer_can_be_fixed_during_internal_verification(world):
    world.period.status = "in_review"
    world.period.save()
    returned = services.return_answer(world.reviewer, world.answers[1], note="Perbaiki")
    fixed = services.save_draft(
        world.officer_a, returned, proposed_level=2, explanation="Fakta baru", base_version=returned.version
    )
    assert services.submit_answer(world.officer_a, fixed, confirm_no_evidence=True).status == "submitted"
    # Nothing else is open to officers in review: not a submitted answer, not a new one.
    with pytest.raises(errors.StateError):
        services.add_evidence_link(world.officer_a, world.answers[2], title="x", url="https://contoh.go.id")
    with pytest.raises(errors.StateError):
        services.get_or_create_answer(world.officer_b, world.period, world.indicators[5], world.unit_b)


def test_returned_answer_read_only_once_period_closed(world):
    returned = services.return_answer(world.reviewer, world.answers[1], note="Perbaiki")
    world.period.status = "closed"
    world.period.save()
    with pytest.raises(errors.StateError):
        services.save_draft(world.officer_a, returned, proposed_level=1, explanation="x", base_version=returned.version)
