"""Structured history events: what happened is stored as a code and its data, and put into words
in the reader's language only when shown.

Every write leaves an *event* on its history record (django-simple-history's change reason) and
every notification is one: ``Event("answer.returned", {"note": "Kurang SK"})``,
``Event("period.status_changed", {"old": "open", "new": "in_review"})``. The codes and their
display formats live in one registry below (``KINDS``); writers build an event with
``event(CODE, **data)`` and hand it to their save helper (``mark`` sets who and why on the
instance), readers call ``display(event)``. What a person typed (a reviewer's note, an evidence
title, a file name, a reopen reason) is data and is shown as typed: it is substituted into the
translated format once, never parsed or formatted again, so ``%`` or ``{}`` in it are harmless.
Text from before events existed that matched no format is a ``legacy`` event, shown as stored.

Storage. django-simple-history lets a model choose the field that holds its change reason
(``HistoricalRecords(history_change_reason_field=...)``, the documented way to lift the
``CharField(max_length=100)`` default); every historical model here uses ``EventField``, a
``TextField`` holding the event as JSON text and giving it back as an ``Event``. The notification's
``message`` is the same field. A text column keeps the change a plain type change on SQLite and
PostgreSQL (the data migration rewrites the old sentences in between), keeps a reopen reason in
full, and lets simple_history's admin show ``str(event)``, which is the event in the reader's
language. Extra columns through ``HistoricalRecords(bases=[...])`` would have split one event over
several columns and still needed the reason field for simple_history's own writes
(``bulk_create_with_history(default_change_reason=...)``).
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext, gettext_noop


@dataclass(frozen=True)
class Kind:
    """An event code and its display formats (gettext msgids), the most specific first: an event is
    shown with the first format whose placeholders all have a value in its data. ``render`` names
    the values that are read, not shown as stored (a period status by its label in the reader's
    language, a date in Indonesian order)."""

    code: str
    formats: tuple[str, ...]
    render: dict = field(default_factory=dict)


KINDS: dict[str, Kind] = {}


def _kind(code, *formats, render=None):
    KINDS[code] = Kind(code, formats, render or {})
    return code


def _status_label(value):
    from evaluations.models import Period  # models import this module for EventField

    try:
        return str(Period.Status(value).label)
    except ValueError:
        return str(value)


def _date(value):
    try:
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return str(value)


def _decimal(value):
    """A dot-decimal figure as stored ("3.495") in the reader's format ("3,495"), its decimals kept."""
    from decimal import Decimal, InvalidOperation

    from django.utils import formats

    try:
        return formats.number_format(Decimal(value), decimal_pos=len(str(value).partition(".")[2]))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


def _numbers(value):
    return ", ".join(str(n) for n in value) if isinstance(value, list) else str(value)


_STATUSES = {"old": _status_label, "new": _status_label}
_REMINDER = {"date": _date, "numbers": _numbers}


# Answers and their evidence (evaluations.answers.services).
ANSWER_CREATED = _kind("answer.created", gettext_noop("jawaban dibuat"))
DRAFT_SAVED = _kind("answer.draft_saved", gettext_noop("draf disimpan"))
SUBMITTED = _kind("answer.submitted", gettext_noop("diajukan"))
RESUBMITTED = _kind("answer.resubmitted", gettext_noop("diajukan ulang"))
RETURNED = _kind("answer.returned", gettext_noop("dikembalikan: %(note)s"))
VERIFIED = _kind(
    "answer.verified",
    gettext_noop("diverifikasi pada tingkat %(level)s (usulan %(proposed)s): %(note)s"),
    gettext_noop("diverifikasi pada tingkat %(level)s (usulan %(proposed)s)"),
    gettext_noop("diverifikasi pada tingkat %(level)s: %(note)s"),
    gettext_noop("diverifikasi pada tingkat %(level)s"),
)
FILE_ADDED = _kind("evidence.file_added", gettext_noop("bukti ditambahkan: %(title)s"))
LINK_ADDED = _kind("evidence.link_added", gettext_noop("tautan ditambahkan: %(title)s"))
FILE_REUSED = _kind("evidence.reused", gettext_noop("bukti dipakai ulang: %(title)s"))
EVIDENCE_REMOVED = _kind("evidence.removed", gettext_noop("bukti dihapus: %(title)s"))
# Periods, stage results, carry-over (evaluations.periods.services), assignments (.assignments.services).
PERIOD_CREATED = _kind("period.created", gettext_noop("Periode dibuat"))
PERIOD_CHANGED = _kind("period.changed", gettext_noop("Periode diubah"))
STATUS_CHANGED = _kind(
    "period.status_changed",
    gettext_noop("Status: %(old)s → %(new)s. %(reason)s"),
    gettext_noop("Status: %(old)s → %(new)s"),
    render=_STATUSES,
)
REOPENED = _kind("period.reopened", gettext_noop("Dibuka kembali (%(old)s → %(new)s): %(reason)s"), render=_STATUSES)
SUMMARY_RECORDED = _kind("period.summary_recorded", gettext_noop("Nilai ringkasan dicatat"))
RESULT_RECORDED = _kind("result.recorded", gettext_noop("Hasil dicatat: %(note)s"), gettext_noop("Hasil dicatat"))
RESULT_REMOVED = _kind("result.removed", gettext_noop("Hasil dihapus"))
RESULTS_IMPORTED = _kind("results.imported", gettext_noop("Impor dari %(file)s"))
FINAL_INDEX_RECORDED = _kind("period.final_index_recorded", gettext_noop("Indeks hasil akhir tercatat: %(index)s"))
FINAL_INDEX_KEPT = _kind(
    "period.final_index_kept",
    gettext_noop("Indeks hasil akhir tercatat sebelum perubahan kerangka %(framework)s: %(index)s"),
)
COPIED_FROM_PERIOD = _kind("carried_over", gettext_noop("Disalin dari periode %(year)s"))
ASSIGNMENTS_CHANGED = _kind("assignments.changed", gettext_noop("Penugasan diubah"))
# A period's indicator settings (evaluations.periods.services) and its feasible caps (.planning.services).
INDICATOR_SETTINGS_CHANGED = _kind("period.indicator_settings", gettext_noop("Pengaturan indikator %(number)s diubah"))
FEASIBLE_MAX_SET = _kind("period.feasible_max", gettext_noop("Batas kelayakan indikator %(number)s: %(old)s → %(new)s"))
# Action plans (evaluations.planning.services; migration 0008 for plans saved before baselines).
PLAN_SAVED = _kind(
    "plan.saved",
    gettext_noop("Rencana aksi disimpan: %(steps)s langkah tingkat, indeks saat disimpan %(index)s"),
    gettext_noop("Rencana aksi disimpan"),
    render={"index": _decimal},
)
PLAN_WITHOUT_BASELINE = _kind(
    "plan.without_baseline",
    gettext_noop(
        "Rencana aksi disimpan sebelum tingkat dasar dicatat: tingkat awal dan indeks saat disimpan tidak diketahui"
    ),
)
# The move to another framework (evaluations.periods.services.carry_over across frameworks,
# evaluations.transition.services, evaluations.assignments.services.record_past_assignments).
LINKED_ACROSS = _kind("period.linked_across", gettext_noop("Ditautkan ke periode %(year)s lewat padanan indikator"))
RELATED_EXPLANATION_REUSED = _kind(
    "answer.related_explanation",
    gettext_noop("penjelasan dipakai ulang dari periode %(year)s, indikator %(number)s"),
)
RELATED_EVIDENCE_REUSED = _kind(
    "evidence.related_reused", gettext_noop("bukti dipakai ulang dari periode %(year)s: %(title)s")
)
ASSIGNMENTS_FROM_ANSWERS = _kind("assignments.from_answers", gettext_noop("Penugasan dicatat dari jawaban"))
# Published results of other governments (evaluations.peers.services).
PEER_RECORDED = _kind(
    "peer.recorded",
    gettext_noop("Hasil terpublikasi dicatat: indeks %(index)s, dihitung %(computed)s"),
    gettext_noop("Hasil terpublikasi dicatat: indeks %(index)s"),
    gettext_noop("Hasil terpublikasi dicatat"),
)
PEER_FLAGGED = _kind(
    "peer.flagged",
    gettext_noop("Hasil terpublikasi dicatat dan ditandai: indeks %(index)s, dihitung %(computed)s (selisih > 0,005)"),
)
PEER_LOADED = _kind("peer.loaded", gettext_noop("Dimuat dari %(file)s"))
# Written by the demo data command (evaluations.demo).
DEMO_DATA = _kind("demo.seeded", gettext_noop("Data ilustrasi (seed_demo)"))
# Notifications to SKPD officers (evaluations.notifications).
NOTICE_RETURNED = _kind(
    "notice.answer_returned",
    gettext_noop("Jawaban indikator %(n)s (%(name)s) periode %(year)s dikembalikan: %(note)s"),
)
NOTICE_VERIFIED = _kind(
    "notice.answer_verified",
    gettext_noop("Jawaban indikator %(n)s (%(name)s) periode %(year)s terverifikasi pada tingkat %(level)s: %(note)s"),
    gettext_noop("Jawaban indikator %(n)s (%(name)s) periode %(year)s terverifikasi pada tingkat %(level)s."),
)
NOTICE_OVERDUE = _kind(
    "notice.overdue",
    gettext_noop(
        "Penilaian mandiri periode %(year)s sudah lewat batas %(date)s: %(count)s indikator belum diajukan (%(numbers)s)."
    ),
    render=_REMINDER,
)
NOTICE_DUE_SOON = _kind(
    "notice.due_soon",
    gettext_noop(
        "Penilaian mandiri periode %(year)s berakhir %(date)s: %(count)s indikator belum diajukan (%(numbers)s)."
    ),
    render=_REMINDER,
)
# Text that is not an event: a reason stored before events existed that matched no format, or a
# message an administrator typed. Shown as stored.
LEGACY = _kind("legacy", "%(text)s")

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _placeholders(fmt):
    return set(_PLACEHOLDER.findall(fmt))


# --- the event ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One thing that happened: a registered code and its data (JSON-ready values)."""

    code: str
    data: dict = field(default_factory=dict)

    def __str__(self):
        return display(self)

    def __hash__(self):  # the data is a dict; the stored form is what identifies an event
        return hash(self.to_json())

    def to_json(self):
        return json.dumps({"code": self.code, "data": self.data}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text):
        """The event stored as ``text``; text that is not a stored event is a legacy event holding it."""
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            value = None
        if isinstance(value, dict) and isinstance(value.get("code"), str) and isinstance(value.get("data"), dict):
            return cls(value["code"], value["data"])
        return cls(LEGACY, {"text": str(text)})


def _jsonable(value):
    if isinstance(value, enum.Enum):  # a choice such as Period.Status.OPEN: its stored value
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)  # a person's text (also a lazy string or a Decimal), as typed


def event(code, **data):
    """The event ``code`` (one of the constants above) with ``data``, e.g.
    ``event(RETURNED, note="Kurang SK")``. Values are stored as given: choices by their value,
    dates as ISO dates, text as typed."""
    if code not in KINDS:
        raise ValueError(f"unknown history event code: {code!r}")
    return Event(code, {name: _jsonable(value) for name, value in data.items()})


def free_text(text):
    """A text that is not an event (shown as stored in every language)."""
    return Event(LEGACY, {"text": str(text)})


def as_event(value):
    """``value`` as an Event: an Event as is, stored JSON text parsed, other text as free text; None stays None."""
    if value is None or isinstance(value, Event):
        return value
    return Event.from_json(value)


def mark(instance, user, ev):
    """Who and why for the history record of ``instance``'s next save or delete."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    instance._change_reason = ev


# --- display --------------------------------------------------------------------------------------


def _present(value):
    return value is not None and value != "" and value != []


def display(value):
    """An event (or stored event text) in the active language; "" for no event."""
    ev = as_event(value)
    if ev is None:
        return ""
    kind = KINDS.get(ev.code)
    if kind is None:  # a code no longer written: its text if it has one, else the code itself
        return str(ev.data.get("text", ev.code))
    if kind.code == LEGACY:
        return str(ev.data.get("text", ""))
    present = {name for name, v in ev.data.items() if _present(v)}
    fmt = next((f for f in kind.formats if _placeholders(f) <= present), kind.formats[-1])
    values = {}
    for name in _placeholders(fmt):
        raw = ev.data.get(name)
        values[name] = kind.render.get(name, str)(raw) if _present(raw) else "-"
    return gettext(fmt) % values


# --- storage --------------------------------------------------------------------------------------


class EventField(models.TextField):
    """An ``Event`` stored as JSON text (see the module docstring). Accepts an Event or text; plain
    text that is not a stored event is kept as free text."""

    def from_db_value(self, value, expression, connection):
        return as_event(value)

    def to_python(self, value):
        return as_event(value)

    def get_prep_value(self, value):
        ev = as_event(value)
        return None if ev is None else ev.to_json()

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


def history_reason_field():
    """The change-reason field for ``HistoricalRecords(history_change_reason_field=...)``."""
    return EventField(null=True)
