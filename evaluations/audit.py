"""History change reasons: stored once in Indonesian, shown in the reader's language.

Every write leaves a change reason on its history record (django-simple-history): "diajukan",
"dikembalikan: <catatan>", "Status: Draf → Final". The stored text is always built from the
formats below, in Indonesian, whoever wrote it and in whichever language they were using the
portal: it is the record, and it never changes. ``display_reason`` reads a stored reason back
into the active language by matching it against the same formats; what a person typed (a
reviewer's note, an evidence title, a file name, a reopen reason) is shown as it was written.
A reason that matches no format (a note recorded as the reason, rows written before a format
existed) is shown as stored.

The formats double as the msgids, so a format and its English translation are one catalogue
entry.
"""

import re
from functools import cache

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

SOURCE_LANGUAGE = "id"  # the source strings' language: what reasons are stored in

# Answers and their evidence (evaluations.answers.services).
ANSWER_CREATED = gettext_noop("jawaban dibuat")
DRAFT_SAVED = gettext_noop("draf disimpan")
SUBMITTED = gettext_noop("diajukan")
RESUBMITTED = gettext_noop("diajukan ulang")
RETURNED = gettext_noop("dikembalikan: %(note)s")
VERIFIED = gettext_noop("diverifikasi pada tingkat %(level)s")
VERIFIED_NOTE = gettext_noop("diverifikasi pada tingkat %(level)s: %(note)s")
VERIFIED_OTHER = gettext_noop("diverifikasi pada tingkat %(level)s (usulan %(proposed)s)")
VERIFIED_OTHER_NOTE = gettext_noop("diverifikasi pada tingkat %(level)s (usulan %(proposed)s): %(note)s")
FILE_ADDED = gettext_noop("bukti ditambahkan: %(title)s")
LINK_ADDED = gettext_noop("tautan ditambahkan: %(title)s")
FILE_REUSED = gettext_noop("bukti dipakai ulang: %(title)s")
EVIDENCE_REMOVED = gettext_noop("bukti dihapus: %(title)s")
# Periods, stage results, carry-over (evaluations.periods.services) and assignments (evaluations.assignments.services).
PERIOD_CREATED = gettext_noop("Periode dibuat")
PERIOD_CHANGED = gettext_noop("Periode diubah")
STATUS_CHANGED = gettext_noop("Status: %(old)s → %(new)s")
STATUS_CHANGED_NOTE = gettext_noop("Status: %(old)s → %(new)s. %(reason)s")
REOPENED = gettext_noop("Dibuka kembali (%(old)s → %(new)s): %(reason)s")
SUMMARY_RECORDED = gettext_noop("Nilai ringkasan dicatat")
RESULT_RECORDED = gettext_noop("Hasil dicatat")
RESULT_REMOVED = gettext_noop("Hasil dihapus")
RESULTS_IMPORTED = gettext_noop("Impor dari %(file)s")
COPIED_FROM_PERIOD = gettext_noop("Disalin dari periode %(year)s")
ASSIGNMENTS_CHANGED = gettext_noop("Penugasan diubah")
# Written by the demo data command (evaluations.demo).
DEMO_DATA = gettext_noop("Data ilustrasi (seed_demo)")

FORMATS = (
    ANSWER_CREATED,
    DRAFT_SAVED,
    SUBMITTED,
    RESUBMITTED,
    RETURNED,
    VERIFIED,
    VERIFIED_NOTE,
    VERIFIED_OTHER,
    VERIFIED_OTHER_NOTE,
    FILE_ADDED,
    LINK_ADDED,
    FILE_REUSED,
    EVIDENCE_REMOVED,
    PERIOD_CREATED,
    PERIOD_CHANGED,
    STATUS_CHANGED,
    STATUS_CHANGED_NOTE,
    REOPENED,
    SUMMARY_RECORDED,
    RESULT_RECORDED,
    RESULT_REMOVED,
    RESULTS_IMPORTED,
    COPIED_FROM_PERIOD,
    ASSIGNMENTS_CHANGED,
    DEMO_DATA,
)

# What each placeholder may hold when a stored reason is read back. Numbers are digits; "old" and
# "new" are period status labels (translated for display); anything else is a person's text.
_NUMBER = r"\d+"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _period_status():
    from evaluations.models import Period  # models import nothing from here; keep the import light

    return Period.Status


def _source_text(value):
    """A value as stored: a choice (e.g. a period status) by its Indonesian label, anything else as str."""
    label = getattr(value, "label", None)
    if label is None:
        return str(value)
    with translation.override(SOURCE_LANGUAGE):
        return str(label)


def reason(fmt, **values):
    """The text to store for one of the formats above, e.g. ``reason(RETURNED, note="Kurang bukti")``."""
    return fmt % {name: _source_text(value) for name, value in values.items()}


@cache
def _status_by_source_label():
    with translation.override(SOURCE_LANGUAGE):
        return {str(status.label): status for status in _period_status()}


def compile_formats(formats, groups):
    """``[(format, regex)]`` that match text built from ``formats``; ``groups`` gives a placeholder's
    pattern (default: any text)."""
    compiled = []
    for fmt in formats:
        parts = _PLACEHOLDER.split(fmt)  # literal, name, literal, name, …, literal
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>{groups.get(part, '.*')})" for i, part in enumerate(parts)
        )
        compiled.append((fmt, re.compile(regex, re.DOTALL)))
    return compiled


def translate_stored(text, patterns, display_value=lambda name, value: value):
    """Stored Indonesian ``text`` in the active language when it matches one of ``patterns``
    (from ``compile_formats``); unchanged otherwise."""
    if not text:
        return text
    for fmt, regex in patterns:
        match = regex.fullmatch(text)
        if match:
            values = {name: display_value(name, value) for name, value in match.groupdict().items()}
            return gettext(fmt) % values
    return text


@cache
def _patterns():
    labels = "|".join(re.escape(label) for label in sorted(_status_by_source_label(), key=len, reverse=True))
    groups = {"level": _NUMBER, "proposed": _NUMBER, "year": _NUMBER, "old": labels, "new": labels}
    return compile_formats(FORMATS, groups)


def _display_value(name, value):
    if name in ("old", "new"):
        return str(_status_by_source_label()[value].label)
    return value


def display_reason(text):
    """A stored change reason in the active language; text that matches no known format, unchanged."""
    return translate_stored(text, _patterns(), _display_value)
