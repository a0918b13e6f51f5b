"""Evidence-quality flags: what a reviewer should look at twice before verifying an answer.

``flags_for(answers, period)`` computes, for a page (or a whole queue) of one period's answers, the
flags of each answer in a constant number of queries, whatever the number of answers:

- ``tanpa_bukti``: no evidence at all (no file, no link);
- ``naik_tajam``: the proposed level is 2 or more above last year's final level;
- ``bukti_tahun_lalu``: the proposed level is above last year's final level, but every piece of
  evidence was already attached to an answer of the same indicator last year (the same file
  content, by SHA-256, or the same link);
- ``bukti_sebelum_periode``: a file was uploaded (first stored) before the period opened;
- ``bukti_lintas_aspek``: the same file content backs answers of indicators of another aspect.

"Last year's final level" is the final series of the previous period (``series.previous_final``):
when there is none, or it is on another framework, the two flags that need it do not apply.
Each flag carries one line saying why, in the reader's language.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.answers.uses import use_key
from evaluations.models import Evidence, EvidenceUse, Period
from evaluations.series import previous_final

NO_EVIDENCE = "tanpa_bukti"
BIG_JUMP = "naik_tajam"
LAST_YEARS_EVIDENCE = "bukti_tahun_lalu"
BEFORE_PERIOD = "bukti_sebelum_periode"
ACROSS_ASPECTS = "bukti_lintas_aspek"

# Code → short label (the queue's badge and its filter), in the order flags are listed.
LABELS = {
    NO_EVIDENCE: gettext_lazy("Tanpa bukti"),
    BIG_JUMP: gettext_lazy("Naik ≥ 2 tingkat"),
    LAST_YEARS_EVIDENCE: gettext_lazy("Bukti tahun lalu"),
    BEFORE_PERIOD: gettext_lazy("Bukti sebelum periode"),
    ACROSS_ASPECTS: gettext_lazy("Bukti lintas aspek"),
}
# A big jump is the one to read first; the others are about the evidence.
SERIOUS = {NO_EVIDENCE, BIG_JUMP, LAST_YEARS_EVIDENCE}
NAMES_SHOWN = 3  # files named in one flag's line before "and n more"


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str
    label: str = ""  # the badge's text, in the language active when the flag was made (from ``LABELS``)

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", str(LABELS[self.code]))

    @property
    def badge(self):
        """The badge's class: a serious flag in the "bad" colour, the others as warnings."""
        return "badge-bad" if self.code in SERIOUS else "badge-warn"


def choices():
    return list(LABELS.items())


def opened_on(period):
    """The date the period opened for answers: its self-assessment start, else the first day it was open."""
    if period.self_assessment_start:
        return period.self_assessment_start
    # The historical model's own manager (``period.history`` builds a new manager class on each access).
    first_open = (
        apps.get_model("evaluations", "HistoricalPeriod")
        .objects.filter(id=period.pk, status=Period.Status.OPEN)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return timezone.localdate(first_open) if first_open else None


def _date(value):
    return date_format(value, "j F Y")


def _names(titles):
    titles = sorted(set(titles))
    shown = ", ".join(f"“{t}”" for t in titles[:NAMES_SHOWN])
    if len(titles) > NAMES_SHOWN:
        shown += " " + _("dan %(n)s lainnya") % {"n": len(titles) - NAMES_SHOWN}
    return shown


class _Writer:
    """The flags of one ``flags_for`` call: each text translated once, not once per answer, and each
    distinct flag made once (a Perda shared by a whole page gives the same line on every row)."""

    def __init__(self):
        self.labels = {code: str(label) for code, label in LABELS.items()}
        self.no_evidence = _("Tidak ada bukti dukung: tidak ada file maupun tautan.")
        self.big_jump = _("Tingkat %(level)s diajukan; hasil akhir %(year)s: %(before)s (naik %(up)s).")
        self.last_years = _(
            "Tingkat %(level)s diajukan (hasil akhir %(year)s: %(before)s), tetapi semua bukti sudah "
            "dipakai untuk indikator ini pada %(year)s."
        )
        self.before_period = _("%(names)s diunggah sejak %(first)s, sebelum periode dibuka (%(opened)s).")
        self.across = _("File %(names)s juga dipakai untuk indikator %(numbers)s di aspek lain.")
        self.flags = {}
        self.across_of = {}  # (aspect id, ((title, use key), …)) → its flag, or None

    def flag(self, code, reason):
        found = self.flags.get((code, reason))
        if found is None:
            found = self.flags[(code, reason)] = Flag(code, reason, self.labels[code])
        return found


class _UsesByAspect:
    """The indicators each file backs in this period, by aspect; "outside aspect a" is worked out
    once per (file, aspect), not once per answer (a shared Perda backs every indicator)."""

    def __init__(self):
        self.by_key = defaultdict(lambda: defaultdict(set))  # use key → aspect id → {indicator number}
        self.memo = {}

    def add(self, key, aspect_id, number):
        self.by_key[key][aspect_id].add(number)

    def outside(self, key, aspect_id):
        found = self.memo.get((key, aspect_id))
        if found is None:
            aspects = self.by_key.get(key, {})
            found = self.memo[(key, aspect_id)] = frozenset().union(
                *(numbers for other, numbers in aspects.items() if other != aspect_id)
            )
        return found


def _rises(answer, last_levels):
    """The proposed level is above last year's final level (both known)."""
    before = last_levels.get(answer.indicator.number)
    return answer.proposed_level is not None and before is not None and answer.proposed_level > before


def flags_for(answers, period) -> dict[int, list[Flag]]:
    """``{answer id: [Flag]}`` for ``answers`` (of ``period``, with ``indicator`` and its aspect loaded).

    Queries: the answers' evidence (1), last year's final levels (1), the evidence-use summary for last
    year's uses and this period's other uses of the same files (0–1), the opening date (0–1).
    """
    answers = list(answers)
    if not answers:
        return {}
    ids = [a.pk for a in answers]
    evidence = defaultdict(list)  # answer id → [(title, use key, is a file, uploaded_at)]
    for answer_id, title, file_id, url, uploaded_at in (
        Evidence.objects.filter(answer_id__in=ids)
        .order_by()
        .values_list("answer_id", "title", "file_id", "url", "file__uploaded_at")
    ):
        evidence[answer_id].append((title, use_key(file_id, url), file_id is not None, uploaded_at))

    # Both period-wide questions read the EvidenceUse summary (a row per file or link, indicator and
    # period), never every attachment of a period: a shared Perda is thousands of Evidence rows. One
    # query asks both: last year's uses of the rising answers' evidence, this period's uses of the files.
    last = previous_final(period)
    last_levels = last.levels if last is not None else {}
    last_uses = defaultdict(set)  # indicator number → {use key} used last year
    other_uses = _UsesByAspect()
    rising = [a for a in answers if _rises(a, last_levels) and evidence.get(a.pk)]
    files = {key for items in evidence.values() for _t, key, is_file, _d in items if is_file}
    wanted = []
    if files:
        wanted.append(Q(period=period, key__in=files))
    if rising:
        keys = {key for a in rising for _t, key, _f, _d in evidence[a.pk]}
        wanted.append(
            Q(period_id=last.period_id, indicator__number__in={a.indicator.number for a in rising}, key__in=keys)
        )
    if wanted:
        for period_id, key, aspect_id, number in (
            EvidenceUse.objects.filter(reduce(operator.or_, wanted))
            .order_by()
            .values_list("period_id", "key", "indicator__aspect_id", "indicator__number")
        ):
            if period_id == period.pk:
                other_uses.add(key, aspect_id, number)
            else:
                last_uses[number].add(key)

    opened = opened_on(period) if files else None
    writer = _Writer()
    result = {}
    for answer in answers:
        items = evidence.get(answer.pk, [])
        result[answer.pk] = _flags_of(answer, items, last, last_levels, last_uses, other_uses, opened, writer)
    return result


def _flags_of(answer, items, last, last_levels, last_uses, other_uses, opened, writer):
    flags = []
    number = answer.indicator.number
    proposed = answer.proposed_level
    if not items:
        flags.append(writer.flag(NO_EVIDENCE, writer.no_evidence))
    before = last_levels.get(number)
    if proposed is not None and before is not None and proposed - before >= 2:
        reason = writer.big_jump % {"level": proposed, "year": last.year, "before": before, "up": proposed - before}
        flags.append(writer.flag(BIG_JUMP, reason))
    if items and _rises(answer, last_levels):
        used = last_uses.get(number, set())
        if all(key in used for _t, key, _f, _d in items):
            reason = writer.last_years % {"level": proposed, "year": last.year, "before": before}
            flags.append(writer.flag(LAST_YEARS_EVIDENCE, reason))
    if opened is not None:
        old = [
            (title, uploaded)
            for title, _k, is_file, uploaded in items
            if is_file and timezone.localdate(uploaded) < opened
        ]
        if old:
            first = min(uploaded for _t, uploaded in old)
            reason = writer.before_period % {
                "names": _names(t for t, _d in old),
                "first": _date(timezone.localdate(first)),
                "opened": _date(opened),
            }
            flags.append(writer.flag(BEFORE_PERIOD, reason))
    aspect_id = answer.indicator.aspect_id
    files = tuple((title, key) for title, key, is_file, _d in items if is_file)
    if files:
        memo = (aspect_id, files)
        if memo not in writer.across_of:
            writer.across_of[memo] = _across_aspects(files, aspect_id, other_uses, writer)
        if writer.across_of[memo] is not None:
            flags.append(writer.across_of[memo])
    return flags


def _across_aspects(files, aspect_id, other_uses, writer):
    """The "used in another aspect" flag of an answer's files (``(title, use key)``), or None."""
    elsewhere = defaultdict(set)  # title → {indicator numbers of other aspects}
    for title, key in files:
        elsewhere[title].update(other_uses.outside(key, aspect_id))
    elsewhere = {title: numbers for title, numbers in elsewhere.items() if numbers}
    if not elsewhere:
        return None
    numbers = sorted(set().union(*elsewhere.values()))
    reason = writer.across % {"names": _names(elsewhere), "numbers": ", ".join(str(n) for n in numbers)}
    return writer.flag(ACROSS_ASPECTS, reason)
