"""History change reasons and notification messages become structured events (evaluations.audit).

Until now a reason was an Indonesian sentence built from a format ("dikembalikan: Kurang SK") and
regex-parsed back for display; a notification's message likewise. Every stored text that matches
one of those formats becomes its event, ``{"code": "answer.returned", "data": {"note": "Kurang SK"}}``
as JSON text; a text that matches none (a stage result's note recorded as the reason, a message an
administrator typed, rows from before the formats) becomes a ``legacy`` event that keeps it as stored.

Reversible: going back writes each event as the Indonesian sentence the old code would have
written (``legacy`` ones as stored), cut to the old columns' 100 / 500 characters the way the old
writer cut them. The formats and the parsing are copied here on purpose: migrations must not import
app code that changes. Plain TextFields during the rewrite keep it free of the app's EventField.
"""

import json
import re

from django.db import migrations, models

import evaluations.audit

HISTORICAL = ("historicalanswer", "historicalassignment", "historicalevidence", "historicalstageresult")
OLD_REASON_MAX = 100  # simple_history's default CharField(100), which every model but Period had
OLD_MESSAGE_MAX = 500

# The old formats (evaluations/history.py and evaluations/notifications.py before this migration),
# each with the event code it becomes, the most specific first within a code.
REASON_FORMATS = (
    ("answer.created", "jawaban dibuat"),
    ("answer.draft_saved", "draf disimpan"),
    ("answer.submitted", "diajukan"),
    ("answer.resubmitted", "diajukan ulang"),
    ("answer.returned", "dikembalikan: %(note)s"),
    ("answer.verified", "diverifikasi pada tingkat %(level)s (usulan %(proposed)s): %(note)s"),
    ("answer.verified", "diverifikasi pada tingkat %(level)s (usulan %(proposed)s)"),
    ("answer.verified", "diverifikasi pada tingkat %(level)s: %(note)s"),
    ("answer.verified", "diverifikasi pada tingkat %(level)s"),
    ("evidence.file_added", "bukti ditambahkan: %(title)s"),
    ("evidence.link_added", "tautan ditambahkan: %(title)s"),
    ("evidence.reused", "bukti dipakai ulang: %(title)s"),
    ("evidence.removed", "bukti dihapus: %(title)s"),
    ("period.created", "Periode dibuat"),
    ("period.changed", "Periode diubah"),
    ("period.status_changed", "Status: %(old)s → %(new)s. %(reason)s"),
    ("period.status_changed", "Status: %(old)s → %(new)s"),
    ("period.reopened", "Dibuka kembali (%(old)s → %(new)s): %(reason)s"),
    ("period.summary_recorded", "Nilai ringkasan dicatat"),
    ("result.recorded", "Hasil dicatat"),
    ("result.removed", "Hasil dihapus"),
    ("results.imported", "Impor dari %(file)s"),
    ("carried_over", "Disalin dari periode %(year)s"),
    ("assignments.changed", "Penugasan diubah"),
    ("demo.seeded", "Data ilustrasi (seed_demo)"),
)
MESSAGE_FORMATS = (
    ("notice.answer_returned", "Jawaban indikator %(n)s (%(name)s) periode %(year)s dikembalikan: %(note)s"),
    (
        "notice.answer_verified",
        "Jawaban indikator %(n)s (%(name)s) periode %(year)s terverifikasi pada tingkat %(level)s.",
    ),
    (
        "notice.overdue",
        "Penilaian mandiri periode %(year)s sudah lewat batas %(date)s: %(count)s indikator belum diajukan (%(numbers)s).",
    ),
    (
        "notice.due_soon",
        "Penilaian mandiri periode %(year)s berakhir %(date)s: %(count)s indikator belum diajukan (%(numbers)s).",
    ),
)
# Period.Status by its Indonesian label, as the old reasons stored it.
STATUS_BY_LABEL = {
    "Draf": "draft",
    "Dibuka (penilaian mandiri)": "open",
    "Verifikasi internal": "in_review",
    "Ditutup": "closed",
    "Final": "final",
}
LABEL_BY_STATUS = {value: label for label, value in STATUS_BY_LABEL.items()}

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_STATUS = "|".join(re.escape(label) for label in sorted(STATUS_BY_LABEL, key=len, reverse=True))
# What a placeholder could hold in a stored text (as the old display code matched it); any other
# placeholder is a person's text.
GROUPS = {
    "level": r"\d+|-",
    "proposed": r"\d+",
    "year": r"\d+",
    "n": r"\d+",
    "count": r"\d+",
    "old": _STATUS,
    "new": _STATUS,
    "date": r"\d{2}-\d{2}-\d{4}",
    "numbers": r"[\d, ]*",
}


def _compile(formats):
    compiled = []
    for code, fmt in formats:
        parts = _PLACEHOLDER.split(fmt)  # literal, name, literal, name, …, literal
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>{GROUPS.get(part, '.*')})" for i, part in enumerate(parts)
        )
        compiled.append((code, re.compile(regex, re.DOTALL)))
    return compiled


REASON_PATTERNS = _compile(REASON_FORMATS)
MESSAGE_PATTERNS = _compile(MESSAGE_FORMATS)


def _value(name, text):
    """A matched placeholder as the event stores it."""
    if name in ("level", "proposed", "year", "n", "count"):
        return None if text == "-" else int(text)
    if name in ("old", "new"):
        return STATUS_BY_LABEL[text]
    if name == "date":
        day, month, year = text.split("-")
        return f"{year}-{month}-{day}"
    if name == "numbers":
        return [int(n) for n in text.split(",") if n.strip()]
    if name == "note" and text == "-":  # the old notice wrote "-" for a return without a note
        return ""
    return text


def _to_event(text, patterns):
    for code, regex in patterns:
        match = regex.fullmatch(text)
        if match:
            return {"code": code, "data": {name: _value(name, v) for name, v in match.groupdict().items()}}
    return {"code": "legacy", "data": {"text": text}}


def _dump(event):
    return json.dumps(event, ensure_ascii=False, sort_keys=True)


def reason_to_event(text):
    """A stored change reason as event JSON text (None stays None)."""
    return None if text is None else _dump(_to_event(text, REASON_PATTERNS))


def message_to_event(text):
    """A stored notification message as event JSON text."""
    return None if text is None else _dump(_to_event(text, MESSAGE_PATTERNS))


# --- back: an event as the old Indonesian sentence ----------------------------------------------


def _present(value):
    return value is not None and value != "" and value != []


def _source_value(name, value):
    if not _present(value):
        return "-"
    if name in ("old", "new"):
        return LABEL_BY_STATUS.get(value, str(value))
    if name == "date":
        year, month, day = str(value).split("-")
        return f"{day}-{month}-{year}"
    if name == "numbers":
        return ", ".join(str(n) for n in value)
    return str(value)


def _to_text(stored, formats):
    try:
        event = json.loads(stored)
        code, data = event["code"], event["data"]
    except (TypeError, ValueError, KeyError):
        return stored  # not an event: as stored
    if code == "legacy":
        return str(data.get("text", ""))
    if code == "result.recorded" and _present(data.get("note")):
        return str(data["note"])  # the old writer recorded a result's note as the reason itself
    candidates = [fmt for c, fmt in formats if c == code]
    if not candidates:
        return code
    present = {name for name, value in data.items() if _present(value)}
    fmt = next((f for f in candidates if set(_PLACEHOLDER.findall(f)) <= present), candidates[-1])
    return fmt % {name: _source_value(name, data.get(name)) for name in _PLACEHOLDER.findall(fmt)}


def _cut(text, limit):
    text = " ".join(text.split())  # as the old writer did before cutting
    return text if len(text) <= limit else text[: limit - 1] + "…"


def event_to_reason(stored, limit=None):
    """Event JSON text as the old change reason (cut to ``limit`` characters when given)."""
    if stored is None:
        return None
    text = _to_text(stored, REASON_FORMATS)
    return _cut(text, limit) if limit else text


def event_to_message(stored):
    return None if stored is None else _cut(_to_text(stored, MESSAGE_FORMATS), OLD_MESSAGE_MAX)


# --- running it ----------------------------------------------------------------------------------


def _rewrite(model, field, convert):
    """Each distinct stored value once: most rows share a handful of reasons."""
    mapping = {}
    for old in model.objects.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True).distinct():
        new = convert(old)
        if new != old:
            mapping[old] = new
    for old, new in mapping.items():
        model.objects.filter(**{field: old}).update(**{field: new})


def forward(apps, schema_editor):
    for name in (*HISTORICAL, "historicalperiod"):
        _rewrite(apps.get_model("evaluations", name), "history_change_reason", reason_to_event)
    _rewrite(apps.get_model("evaluations", "notification"), "message", message_to_event)


def backward(apps, schema_editor):
    for name in HISTORICAL:
        model = apps.get_model("evaluations", name)
        _rewrite(model, "history_change_reason", lambda stored: event_to_reason(stored, OLD_REASON_MAX))
    _rewrite(apps.get_model("evaluations", "historicalperiod"), "history_change_reason", event_to_reason)
    _rewrite(apps.get_model("evaluations", "notification"), "message", event_to_message)


def _reason_fields(field):
    return [
        migrations.AlterField(model_name=name, name="history_change_reason", field=field())
        for name in (*HISTORICAL, "historicalperiod")
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_answer_lead_index"),
    ]

    operations = [
        # 1. Text columns, long enough for the events (a plain type change on SQLite and PostgreSQL).
        *[
            migrations.AlterField(model_name=name, name="history_change_reason", field=models.TextField(null=True))
            for name in HISTORICAL
        ],
        migrations.AlterField(model_name="notification", name="message", field=models.TextField()),
        # 2. Sentences → events.
        migrations.RunPython(forward, backward),
        # 3. The app's field, which reads the JSON text back as an Event (same column type).
        *_reason_fields(lambda: evaluations.audit.EventField(null=True)),
        migrations.AlterField(model_name="notification", name="message", field=evaluations.audit.EventField()),
    ]
