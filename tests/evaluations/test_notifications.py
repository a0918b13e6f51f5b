"""Notifications: review events reach the unit's officers; send_reminders mails due and overdue work once a day."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evaluations import audit, notifications
from evaluations.models import Notification
from skpd.roles import Role
from tests.factories import make_answer, make_assignment, make_period, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    today = timezone.localdate()
    period = make_period(self_assessment_due=today + datetime.timedelta(days=3))
    ind = {i.number: i for i in period.framework.indicators.all()}
    kominfo, bappeda, biro = make_unit("KOMINFO"), make_unit("BAPPEDA"), make_unit("BIRO")
    officer = make_user("ani", role=Role.OFFICER, unit=kominfo, email="ani@example.go.id")
    officer2 = make_user("budi", role=Role.OFFICER, unit=kominfo, email="")
    other = make_user("citra", role=Role.OFFICER, unit=bappeda, email="citra@example.go.id")
    make_user("dina", role=Role.OFFICER, unit=biro, email="dina@example.go.id")
    reviewer = make_user("rev", role=Role.REVIEWER, email="rev@example.go.id")
    for n, unit in ((1, kominfo), (2, kominfo), (3, bappeda), (4, biro)):
        make_assignment(period, ind[n], unit)
    make_answer(period, ind[1], kominfo, status="returned", proposed_level=3, explanation="x", reviewer_note="Lengkapi")
    # indicator 2: KOMINFO has not started; 3: BAPPEDA submitted; 4: BIRO verified
    make_answer(period, ind[3], bappeda, status="submitted", proposed_level=2, explanation="x")
    make_answer(period, ind[4], biro, status="verified", proposed_level=2, verified_level=2, explanation="x")
    return locals()


def test_returned_answer_notifies_and_mails_the_units_officers(setup, django_capture_on_commit_callbacks):
    answer = setup["period"].answers.get(indicator__number=1)
    with django_capture_on_commit_callbacks(execute=True):
        notes = notifications.notify_answer_event(answer, "returned", setup["reviewer"])
    assert sorted(n.user.username for n in notes) == ["ani", "budi"]
    assert notes[0].message.code == audit.NOTICE_RETURNED and notes[0].message.data["note"] == "Lengkapi"
    assert "dikembalikan: Lengkapi" in str(notes[0].message)
    assert [m.to for m in mail.outbox] == [["ani@example.go.id"]]  # budi has no address
    assert "Lengkapi" in mail.outbox[0].body


def test_a_reviewer_working_in_english_notifies_in_the_portals_language(setup, django_capture_on_commit_callbacks):
    from django.utils.translation import override

    answer = setup["period"].answers.get(indicator__number=1)
    with override("en"), django_capture_on_commit_callbacks(execute=True):
        notes = notifications.notify_answer_event(answer, "returned", setup["reviewer"])
    assert notes[0].message.data["note"] == "Lengkapi"  # an event: no language of its own
    with override("id"):
        assert "dikembalikan: Lengkapi" in str(notes[0].message)
    assert "dikembalikan: Lengkapi" in mail.outbox[0].body  # the e-mail is in the portal's language
    assert "returned" not in mail.outbox[0].body
    assert mail.outbox[0].subject.endswith("] Dikembalikan")  # not "Returned"
    assert "Pesan ini dikirim otomatis" in mail.outbox[0].body


def test_verified_answer_notification_names_the_level(setup):
    answer = setup["period"].answers.get(indicator__number=4)
    notes = notifications.notify_answer_event(answer, "verified", setup["reviewer"])
    assert [n.user.username for n in notes] == ["dina"]
    assert notes[0].kind == Notification.Kind.VERIFIED and notes[0].message.data["level"] == 2
    assert "tingkat 2" in str(notes[0].message)


def test_due_reminders_lists_open_and_not_started_work(setup):
    reminders = notifications.due_reminders(timezone.localdate(), 7)
    by_unit = {r.unit_id: r for r in reminders}
    assert set(by_unit) == {setup["kominfo"].pk}  # BAPPEDA submitted, BIRO verified
    r = by_unit[setup["kominfo"].pk]
    assert (r.open_answers, r.not_started, r.kind) == ([1], [2], Notification.Kind.DUE_SOON)


def test_nothing_due_beyond_the_horizon(setup):
    assert notifications.due_reminders(timezone.localdate(), 2) == []


def test_overdue(setup):
    later = timezone.localdate() + datetime.timedelta(days=10)
    [r] = notifications.due_reminders(later, 0)
    assert r.kind == Notification.Kind.OVERDUE


def test_send_reminders_command_once_a_day(setup):
    out = StringIO()
    call_command("send_reminders", "--days", "7", stdout=out)
    assert "1 SKPD" in out.getvalue() and "2 notifikasi baru" in out.getvalue() and "1 e-mail" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["ani@example.go.id"]]
    assert "2 indikator belum diajukan (1, 2)" in mail.outbox[0].body
    assert Notification.objects.filter(kind=Notification.Kind.DUE_SOON).count() == 2
    out = StringIO()
    call_command("send_reminders", "--days", "7", stdout=out)
    assert "0 notifikasi baru" in out.getvalue() and "2 sudah dikirim hari ini" in out.getvalue()
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 2


def test_closed_period_sends_no_reminders(setup):
    period = setup["period"]
    period.status = "in_review"
    period.save()
    call_command("send_reminders", "--days", "30", stdout=StringIO())
    assert mail.outbox == [] and not Notification.objects.exists()


def test_mark_read_only_own(setup):
    a = Notification.objects.create(user=setup["officer"], kind="info", message="a")
    b = Notification.objects.create(user=setup["other"], kind="info", message="b")
    assert notifications.unread_count(setup["officer"]) == 1
    notifications.mark_read(setup["officer"], [a.pk, b.pk])
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.read_at is not None and b.read_at is None


def test_review_services_notify_the_officers(setup, django_capture_on_commit_callbacks):
    from evaluations.answers import services

    answer = setup["period"].answers.get(indicator__number=3)  # BAPPEDA's submitted answer
    with django_capture_on_commit_callbacks(execute=True):
        services.return_answer(setup["reviewer"], answer, note="Tambahkan nomor Pergub")
    note = Notification.objects.get(user=setup["other"])
    assert note.kind == Notification.Kind.RETURNED and note.message.data["note"] == "Tambahkan nomor Pergub"
    assert note.url == f"/evaluasi/jawaban/{answer.pk}/"
    assert [m.to for m in mail.outbox] == [["citra@example.go.id"]]


def test_stored_messages_read_in_the_readers_language(setup, django_capture_on_commit_callbacks):
    from django.utils.translation import override

    answer = setup["period"].answers.get(indicator__number=1)
    answer.reviewer_note = "Lengkapi (pasal 3): SK belum ada"
    with django_capture_on_commit_callbacks(execute=True):
        returned = notifications.notify_answer_event(answer, "returned", setup["reviewer"])[0].message
    verified = notifications.notify_answer_event(setup["period"].answers.get(indicator__number=4), "verified", None)[0]
    reminders = notifications.due_reminders(timezone.localdate(), 7)
    due = notifications.reminder_message(reminders[0])
    returned = Notification.objects.filter(message__contains="pasal 3").first().message  # as read back
    with override("en"):
        assert audit.display(returned).startswith("The answer to indicator 1 (")
        assert audit.display(returned).endswith("was returned: Lengkapi (pasal 3): SK belum ada")
        assert "was verified at level 2." in audit.display(verified.message)
        assert audit.display(due).startswith("The self-assessment for period 2026 ends on ")
        assert audit.display(audit.free_text("Pesan lain dari admin")) == "Pesan lain dari admin"
    with override("id"):
        assert audit.display(returned).startswith("Jawaban indikator 1 (")
        assert audit.display(returned).endswith("dikembalikan: Lengkapi (pasal 3): SK belum ada")
        assert audit.display(due).startswith("Penilaian mandiri periode 2026 berakhir ")


def test_the_notifications_page_shows_messages_in_english(client, setup):
    answer = setup["period"].answers.get(indicator__number=1)
    notifications.notify_answer_event(answer, "returned", setup["reviewer"])
    client.force_login(setup["officer"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("periods:notifications")).content.decode()
    assert "was returned: Lengkapi" in page


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["-1", "99999999999999999999"])
def test_send_reminders_refuses_impossible_days_in_one_line_with_exit_2(days):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as excinfo:
        call_command("send_reminders", "--days", days)
    assert excinfo.value.returncode == 2 and "--days harus 0 sampai 3650" in str(excinfo.value)
