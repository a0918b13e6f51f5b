"""The reviewer's queue as a read: which answers, in which order, with which evidence-quality flags.

The queue page, the answer page's "← Antrean reviu" link and the "next in queue" after a decision
all read the same filtered, ordered queue from here, so "next" is the row below in the list the
reviewer came from. A queue is named by its filter's query string (``QueueFilterForm.query``);
the answer page carries it as ``?kembali=<query>`` and validates it again with the same form: the
way back is always the queue's own path with a re-encoded filter, never an address taken from the
request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from evaluations.answers import flags as answer_flags
from evaluations.models import Answer, Period
from evaluations.periods.forms import QueueFilterForm
from evaluations.series import overdue_answers_q
from skpd import permissions
from spbe_portal.links import pk_url

RUNNING = (Period.Status.OPEN, Period.Status.IN_REVIEW)
ORDER = ("submitted_at", "indicator__number", "unit__name", "pk")
RETURN_PARAM = "kembali"
SUBMITTED_FORMAT = "j M Y H.i"
MAX_RETURN_LENGTH = 1000


def reviewable_periods():
    return list(
        Period.objects.with_framework()
        .filter(is_summary_only=False)
        .exclude(status=Period.Status.DRAFT)
        .order_by("-year")
    )


def default_period(periods):
    """The running period (open or in review), else the newest."""
    return next((p for p in periods if p.status in RUNNING), None) or (periods[0] if periods else None)


def filter_form(user, data, periods):
    """``QueueFilterForm`` bound to ``data`` (a QueryDict) for ``user``."""
    return QueueFilterForm(
        data,
        periods=periods,
        aspect_scope=permissions.reviewer_aspect_ids(user),
        default_period=default_period(periods),
    )


def answers(user, period, data, *, with_status=True):
    """The period's answers in ``user``'s scope matching the filter (not the flag), in queue order."""
    # The period is known: rows get it from ``with_period`` rather than from a join read 100 times.
    qs = Answer.objects.filter(period=period).select_related("indicator", "indicator__aspect", "unit")
    scope = permissions.reviewer_aspect_ids(user)
    if scope is not None:
        qs = qs.filter(indicator__aspect_id__in=scope)
    if with_status and data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("unit"):
        qs = qs.filter(unit=data["unit"])
    if data.get("aspect"):
        qs = qs.filter(indicator__aspect=data["aspect"])
    if data.get("overdue"):
        today = timezone.localdate()
        qs = qs.filter(overdue_answers_q(today) | Q(status=Answer.Status.SUBMITTED, period__verification_due__lt=today))
    return qs.order_by(*ORDER)


def status_counts(user, period, data):
    """``[(status, label, count)]`` of the answers matching the other filters, and the total (one query)."""
    counts = dict(
        answers(user, period, data, with_status=False)
        .order_by()
        .values("status")
        .annotate(n=Count("*"))  # COUNT(*): the index holds period and status, no column read
        .values_list("status", "n")
    )
    rows = [(value, label, counts.get(value, 0)) for value, label in QueueFilterForm.STATUS_CHOICES if value]
    return rows, sum(counts.values())


def matching_count(counts, total, data):
    """How many answers the queue lists (before any flag filter), from ``status_counts``' result."""
    status = data.get("status")
    return next((n for value, _label, n in counts if value == status), 0) if status else total


def needs_all_flags(data):
    """Filtering or sorting by flags needs every matching answer's flags, not only the page's."""
    return bool(data.get("tanda")) or data.get("urut") == QueueFilterForm.SORT_FLAGS


def flagged_rows(period, qs, data):
    """Every matching answer with its flags, filtered by flag and sorted by flag count if asked."""
    rows = with_period(qs, period)
    found = answer_flags.flags_for(rows, period)
    for answer in rows:
        answer.review_flags = found.get(answer.pk, [])
    if data.get("tanda"):
        rows = [a for a in rows if any(f.code == data["tanda"] for f in a.review_flags)]
    if data.get("urut") == QueueFilterForm.SORT_FLAGS:
        rows.sort(key=lambda a: -len(a.review_flags))  # stable: queue order among equals
    return rows


def with_period(rows, period):
    """``rows`` (answers of ``period``) as a list, each holding ``period`` as its own (no query)."""
    rows = list(rows)
    for answer in rows:
        answer.period = period
    return rows


def attach_flags(period, answers_on_page):
    with_period(answers_on_page, period)
    found = answer_flags.flags_for(answers_on_page, period)
    for answer in answers_on_page:
        answer.review_flags = found.get(answer.pk, [])
    return answers_on_page


def label_rows(answers_on_page):
    """What each row of the page shows beyond its fields: the link to the answer, the check box's
    accessible name, the status's label, the submission time as text and the flags cell. Built here,
    once per row (the flags cell once per distinct set of flags), rather than by ``{% url %}``,
    ``{% blocktranslate %}``, ``get_status_display``, ``|date`` and nested loops in each of the page's
    100 rows: together they were most of the page's template time."""
    status_labels = {value: str(label) for value, label in Answer.Status.choices}
    pick = _("Pilih indikator %(n)s %(unit)s")
    when = SubmittedFormat()
    cells = {}
    for answer in answers_on_page:
        answer.detail_url = pk_url("evaluations:answer_detail", answer.pk)
        answer.pick_label = pick % {"n": answer.indicator.number, "unit": answer.unit}
        answer.status_label = status_labels.get(answer.status, answer.status)
        answer.submitted_text = when(answer.submitted_at)
        flags = tuple(getattr(answer, "review_flags", ()))
        if flags not in cells:
            cells[flags] = flags_cell(flags)
        answer.flags_cell = cells[flags]
    return answers_on_page


def flags_cell(flags):
    """The queue's flags cell: the badges, and the reasons behind a disclosure; a dash without flags."""
    if not flags:
        return format_html('<span class="muted">—</span>')
    badges = format_html_join("", '<span class="badge {}">{}</span> ', ((f.badge, f.label) for f in flags))
    reasons = format_html_join("", "<li>{}</li>", ((f.reason,) for f in flags))
    return format_html(
        '<details><summary>{}</summary>\n          <ul class="flag-reasons small">{}</ul></details>', badges, reasons
    )


class SubmittedFormat:
    """``date_format(localtime(value), SUBMITTED_FORMAT)`` ("5 Mar 2026 14.05"), or "—" for ``None``,
    with the month names looked up once per page instead of formatting each row through
    ``DateFormat`` (a test checks it against ``date_format`` in both languages)."""

    def __init__(self):
        self.months = {m: date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)}

    def __call__(self, value):
        if value is None:
            return "—"
        local = timezone.localtime(value)
        return f"{local.day} {self.months[local.month]} {local.year} {local.hour:02d}.{local.minute:02d}"


def ordered_ids(user, period, data):
    """The ids of the queue's answers, in the order the queue lists them."""
    qs = answers(user, period, data)
    if needs_all_flags(data):
        return [a.pk for a in flagged_rows(period, qs, data)]
    return list(qs.values_list("pk", flat=True))


# --- the way back and the next answer ---------------------------------------------------------------


@dataclass
class ReturnTo:
    """A queue the reviewer came from: its validated filter and period."""

    form: QueueFilterForm
    period: Period | None
    query: str = ""
    data: dict = field(default_factory=dict)

    @property
    def url(self):
        path = reverse("periods:review_queue")
        return f"{path}?{self.query}" if self.query else path

    def next_after(self, user, answer_pk, ids=None):
        """The id of the answer after ``answer_pk`` in this queue (the first one if it is not listed), or None."""
        if self.period is None:
            return None
        ids = ordered_ids(user, self.period, self.data) if ids is None else ids
        following = ids[ids.index(answer_pk) + 1 :] if answer_pk in ids else ids
        return following[0] if following else None


def return_to(user, value, periods=None):
    """The queue named by ``value`` (a ``kembali`` query string), or None when it is not a valid queue filter."""
    if value is None or len(value) > MAX_RETURN_LENGTH:
        return None
    periods = reviewable_periods() if periods is None else periods
    form = filter_form(user, QueryDict(value), periods)
    if not form.is_valid():
        return None
    page = QueryDict(value).get("halaman", "")
    page = int(page) if page.isascii() and page.isdigit() and len(page) <= 6 else None
    period = form.period(None) or default_period(periods)
    return ReturnTo(form, period, form.query(page=page), form.cleaned_data)


def default_return_to(user):
    """The queue as it opens (running period, submitted answers): where "next" looks without a ``kembali``."""
    return return_to(user, "")
