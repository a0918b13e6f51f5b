"""In-app notifications and e-mail to SKPD officers: answer returned or verified, due soon, overdue.

``notify_answer_event`` is called by the answer services after a return or a verify;
``due_reminders`` is what the daily ``send_reminders`` command sends. E-mail goes through
Django's mail (console backend in development). A notification keeps the page's path (the in-app
list links to it); its e-mail gives the full address when ``settings.PORTAL_URL`` is set, which
the daily command needs because no request tells it the portal's host. A notification's
``message`` is an ``evaluations.audit`` event (code and data), shown in the reader's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations import audit
from evaluations.models import Answer, Assignment, Notification, Period
from evaluations.series import OPEN_FOR_WORK
from skpd.roles import officers_of_units

ANSWER_EVENTS = {"returned": Notification.Kind.RETURNED, "verified": Notification.Kind.VERIFIED}


def _answer_url(answer):
    return reverse("evaluations:answer_detail", args=[answer.pk])


def _mail(user, subject, body):
    if user.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


def answer_event_message(answer, event):
    """``(kind, message, url)`` of a "returned" or "verified" event on an answer; the message is an
    ``audit`` event (shown in the reader's language)."""
    kind = ANSWER_EVENTS[event]
    indicator = answer.indicator
    about = {"n": indicator.number, "name": indicator.display_name, "year": answer.period.year}
    if kind == Notification.Kind.RETURNED:
        message = audit.event(audit.NOTICE_RETURNED, **about, note=answer.reviewer_note)
    else:
        # The note (required when verifying below the proposed level or without evidence) says why.
        message = audit.event(audit.NOTICE_VERIFIED, **about, level=answer.verified_level, note=answer.reviewer_note)
    return kind, message, _answer_url(answer)


def notify_answer_event(answer, event, actor):
    """Tell the answering unit's officers that their answer was returned or verified.

    The stored message is an event (each reader sees it in their language); the e-mail is written
    in the portal's language (``LANGUAGE_CODE``), not the reviewer's, since the portal does not
    know the officers' own language."""
    kind, message, url = answer_event_message(answer, event)
    officers = officers_of_units([answer.unit_id]).get(answer.unit_id, [])
    notifications = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, message=message, url=url) for user in officers if user != actor]
    )

    def mail_after_commit():
        with translation.override(settings.LANGUAGE_CODE):
            for note in notifications:
                _mail(note.user, f"[{settings.PORTAL_NAME}] {Notification.Kind(kind).label}", _email_body(message, url))

    transaction.on_commit(mail_after_commit)
    return notifications


def absolute_url(path):
    """``path`` (``/evaluasi/jawaban/12/``) on the portal's address (``settings.PORTAL_URL``); the path alone without one."""
    base = settings.PORTAL_URL
    if base and path.startswith("/"):
        return base + path
    return path


def _email_body(message, url):
    lines = [audit.display(message)]
    if url:
        lines += ["", _("Buka: %s") % absolute_url(url)]
    lines += ["", _("Pesan ini dikirim otomatis oleh %s.") % settings.PORTAL_NAME]
    return "\n".join(lines)


# --- reminders ------------------------------------------------------------------------------------


@dataclass
class UnitReminder:
    """What one unit still owes in one period."""

    period: Period
    unit_id: int
    kind: str  # Notification.Kind.DUE_SOON or OVERDUE
    due: datetime.date
    open_answers: list = field(default_factory=list)  # indicator numbers with a draft/returned answer
    not_started: list = field(default_factory=list)  # assigned indicator numbers without an answer

    @property
    def count(self):
        return len(self.open_answers) + len(self.not_started)


def due_reminders(today, days):
    """Units with work still open in periods whose self-assessment is due within ``days`` or overdue.

    Returns ``[UnitReminder]``; three queries however many periods and units.
    """
    horizon = today + datetime.timedelta(days=days)
    periods = {
        p.pk: p
        for p in Period.objects.filter(
            status=Period.Status.OPEN,
            is_summary_only=False,
            self_assessment_due__isnull=False,
            self_assessment_due__lte=horizon,
        ).select_related("framework")
    }
    if not periods:
        return []
    answers = {}
    for period_id, unit_id, number, status in Answer.objects.filter(period_id__in=periods).values_list(
        "period_id", "unit_id", "indicator__number", "status"
    ):
        answers[(period_id, unit_id, number)] = status
    reminders = {}

    def reminder(period_id, unit_id):
        key = (period_id, unit_id)
        if key not in reminders:
            period = periods[period_id]
            due = period.self_assessment_due
            kind = Notification.Kind.OVERDUE if due < today else Notification.Kind.DUE_SOON
            reminders[key] = UnitReminder(period, unit_id, kind, due)
        return reminders[key]

    for (period_id, unit_id, number), status in answers.items():
        if status in OPEN_FOR_WORK:
            reminder(period_id, unit_id).open_answers.append(number)
    for period_id, unit_id, number in Assignment.objects.filter(period_id__in=periods).values_list(
        "period_id", "unit_id", "indicator__number"
    ):
        if (period_id, unit_id, number) not in answers:
            reminder(period_id, unit_id).not_started.append(number)
    out = [r for r in reminders.values() if r.count]
    for r in out:
        r.open_answers.sort()
        r.not_started.sort()
    return sorted(out, key=lambda r: (r.period.year, r.unit_id))


def reminder_message(r):
    """The reminder's event: period, due date, how many indicators and which."""
    code = audit.NOTICE_OVERDUE if r.kind == Notification.Kind.OVERDUE else audit.NOTICE_DUE_SOON
    numbers = sorted(r.open_answers + r.not_started)
    return audit.event(code, year=r.period.year, date=r.due, count=r.count, numbers=numbers)


def _is_reminder_for(message, period):
    return message.code in (audit.NOTICE_OVERDUE, audit.NOTICE_DUE_SOON) and message.data.get("year") == period.year


@dataclass
class ReminderRun:
    units: int = 0
    notified: int = 0
    mailed: int = 0
    already_today: int = 0


def send_due_reminders(today, days):
    """Notify (in-app and e-mail) every officer of every unit with open work; once per user per day."""
    reminders = due_reminders(today, days)
    run = ReminderRun(units=len(reminders))
    if not reminders:
        return run
    officers = officers_of_units({r.unit_id for r in reminders})
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    # Once per user, period and day, even when the count changed since the morning's run.
    sent_today = list(
        Notification.objects.filter(
            kind__in=[Notification.Kind.DUE_SOON, Notification.Kind.OVERDUE], created_at__gte=start, created_at__lt=end
        ).values_list("user_id", "message")
    )
    url = reverse("evaluations:worklist")
    new = []
    for r in reminders:
        message = reminder_message(r)
        for user in officers.get(r.unit_id, []):
            if any(uid == user.pk and _is_reminder_for(sent, r.period) for uid, sent in sent_today):
                run.already_today += 1
                continue
            new.append(Notification(user=user, kind=r.kind, message=message, url=url))
    with transaction.atomic():
        Notification.objects.bulk_create(new)
    run.notified = len(new)
    with translation.override(settings.LANGUAGE_CODE):  # the portal's language, as for review events
        for note in new:
            if note.user.email:
                _mail(
                    note.user,
                    f"[{settings.PORTAL_NAME}] {Notification.Kind(note.kind).label}",
                    _email_body(note.message, url),
                )
                run.mailed += 1
    return run


# --- reading and marking --------------------------------------------------------------------------


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notification_ids=None):
    """Mark the user's own notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
