"""Evidence-quality flags on hand-built cases: each flag where it applies, not where it does not, its
one-line reason, and a constant number of queries whatever the number of answers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.answers import flags
from evaluations.models import Evidence, EvidenceFile
from tests.factories import make_answer, make_framework, make_period, make_stage_result, make_unit

pytestmark = pytest.mark.django_db

OPENED = datetime.date(2026, 2, 1)


@pytest.fixture
def years():
    """2025 (final, levels 2 for indicators 1–4) and 2026 (open since 1 February) on the mini framework.

    Aspect 1: indicators 1, 2; aspect 2: indicator 3; aspect 3: indicators 4, 5."""
    framework = make_framework()
    last = make_period(framework, year=2025, status="final")
    current = make_period(framework, year=2026, status="open", self_assessment_start=OPENED)
    ind = {i.number: i for i in framework.indicators.select_related("aspect")}
    for number in (1, 2, 3, 4):
        make_stage_result(last, ind[number], 2)
    return last, current, ind, make_unit("BAPPEDA")


_files = iter(range(1, 10_000))


def stored_file(name="SK.pdf", uploaded=None):
    record = EvidenceFile.objects.create(
        sha256=f"{next(_files):064x}", original_name=name, size=100, content_type="application/pdf"
    )
    if uploaded is not None:  # uploaded_at is set on creation; a past upload is written afterwards
        EvidenceFile.objects.filter(pk=record.pk).update(uploaded_at=uploaded)
        record.refresh_from_db()
    return record


def attach(answer, title, file=None, url=""):
    return Evidence.objects.create(answer=answer, title=title, file=file, url=url)


def answer_of(period, indicator, unit, level, **fields):
    return make_answer(period, indicator, unit, status="submitted", proposed_level=level, explanation="x", **fields)


def flags_of(answer):
    answer.refresh_from_db()
    return {f.code: f.reason for f in flags.flags_for([answer], answer.period)[answer.pk]}


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_no_evidence(years):
    _last, current, ind, unit = years
    bare = answer_of(current, ind[1], unit, 2)
    linked = answer_of(current, ind[2], unit, 2)
    attach(linked, "Portal", url="https://contoh.go.id")
    assert flags_of(bare) == {flags.NO_EVIDENCE: "Tidak ada bukti dukung: tidak ada file maupun tautan."}
    assert flags_of(linked) == {}


def test_claimed_two_or_more_above_last_years_final(years):
    _last, current, ind, unit = years
    jump = answer_of(current, ind[1], unit, 4)
    step = answer_of(current, ind[2], unit, 3)
    unknown = answer_of(current, ind[5], unit, 5)  # no final level in 2025
    for answer in (jump, step, unknown):
        attach(answer, "Portal", url=f"https://contoh.go.id/{answer.pk}")
    assert flags_of(jump) == {flags.BIG_JUMP: "Tingkat 4 diajukan; hasil akhir 2025: 2 (naik 2)."}
    assert flags_of(step) == {}
    assert flags_of(unknown) == {}


def test_last_years_final_only_from_the_previous_period_on_the_same_framework(years):
    last, current, ind, unit = years
    other = make_framework("lain")
    later = make_period(other, year=2027, status="open")
    other_ind = {i.number: i for i in other.indicators.all()}
    answer = answer_of(later, other_ind[1], unit, 5)  # 2026 (the previous year) is on another framework
    assert flags.BIG_JUMP not in flags_of(answer)
    lone = make_period(make_framework("sendiri"), year=2020, status="open")
    first = answer_of(lone, lone.framework.indicators.get(number=1), unit, 5)  # no earlier period at all
    assert flags.BIG_JUMP not in flags_of(first)


def test_claimed_above_last_year_with_only_evidence_used_last_year(years):
    last, current, ind, unit = years
    old = stored_file("SK-2025.pdf")
    attach(answer_of(last, ind[1], unit, 2), "SK lama", file=old)
    attach(answer_of(last, ind[2], unit, 2), "Portal lama", url="https://contoh.go.id/lama")
    reused = answer_of(current, ind[1], unit, 3)
    attach(reused, "SK", file=old)
    relinked = answer_of(current, ind[2], unit, 3)
    attach(relinked, "Portal", url="https://contoh.go.id/lama")
    attach(relinked, "SK baru", file=stored_file("SK-2026.pdf"))  # one new piece: no flag
    same_level = answer_of(current, ind[3], unit, 2)
    attach(same_level, "SK", file=old)  # used for another indicator last year, and not above it anyway
    reason = "Tingkat 3 diajukan (hasil akhir 2025: 2), tetapi semua bukti sudah dipakai untuk indikator ini pada 2025."
    assert flags_of(reused)[flags.LAST_YEARS_EVIDENCE] == reason
    assert flags.LAST_YEARS_EVIDENCE not in flags_of(relinked)
    assert flags.LAST_YEARS_EVIDENCE not in flags_of(same_level)


def test_the_same_content_counts_as_the_same_file(years):
    """Last year's use is matched by content (SHA-256), not by the record: the link of the same link counts too."""
    last, current, ind, unit = years
    attach(answer_of(last, ind[4], unit, 2), "Portal", url="https://contoh.go.id/a")
    answer = answer_of(current, ind[4], unit, 3)
    attach(answer, "Portal (lagi)", url="https://contoh.go.id/a")
    assert flags.LAST_YEARS_EVIDENCE in flags_of(answer)


def test_files_uploaded_before_the_period_opened(years):
    _last, current, ind, unit = years
    early = answer_of(current, ind[1], unit, 2)
    attach(early, "SK Tim", file=stored_file("SK-Tim.pdf", uploaded=at(datetime.date(2025, 3, 3))))
    attach(early, "Portal", url="https://contoh.go.id")  # a link has no upload date
    fresh = answer_of(current, ind[2], unit, 2)
    attach(fresh, "SK baru", file=stored_file("SK-baru.pdf", uploaded=at(datetime.date(2026, 2, 10))))
    assert flags_of(early) == {
        flags.BEFORE_PERIOD: "“SK Tim” diunggah sejak 3 Maret 2025, sebelum periode dibuka (1 Februari 2026)."
    }
    assert flags_of(fresh) == {}


def test_opening_date_falls_back_to_the_day_the_period_opened(years):
    _last, current, ind, unit = years
    current.self_assessment_start = None
    current.save()  # its history says it has been open since today
    answer = answer_of(current, ind[1], unit, 2)
    attach(answer, "SK", file=stored_file(uploaded=at(datetime.date(2020, 1, 6))))
    assert "sebelum periode dibuka" in flags_of(answer)[flags.BEFORE_PERIOD]


def test_same_file_across_indicators_of_different_aspects(years):
    _last, current, ind, unit = years
    other_unit = make_unit("BKD")
    shared = stored_file("Pergub.pdf")
    one = answer_of(current, ind[1], unit, 2)  # aspect 1
    same_aspect = answer_of(current, ind[2], unit, 2)  # aspect 1
    far = answer_of(current, ind[4], other_unit, 2)  # aspect 3, another unit
    for answer in (one, same_aspect, far):
        attach(answer, "Pergub SPBE", file=shared)
    only_within = stored_file("Notulen.pdf")
    a = answer_of(current, ind[3], unit, 2)
    attach(a, "Notulen", file=only_within)
    assert flags_of(one) == {flags.ACROSS_ASPECTS: "File “Pergub SPBE” juga dipakai untuk indikator 4 di aspek lain."}
    assert flags_of(far) == {
        flags.ACROSS_ASPECTS: "File “Pergub SPBE” juga dipakai untuk indikator 1, 2 di aspek lain."
    }
    assert flags_of(a) == {}


def test_every_flag_says_why_in_one_line(years):
    last, current, ind, unit = years
    old = stored_file("SK.pdf", uploaded=at(datetime.date(2025, 1, 2)))
    attach(answer_of(last, ind[1], unit, 2), "SK", file=old)
    answer = answer_of(current, ind[1], unit, 5)
    attach(answer, "SK", file=old)
    attach(answer_of(current, ind[3], unit, 2), "SK", file=old)
    found = flags.flags_for([answer], current)[answer.pk]
    assert [f.code for f in found] == [
        flags.BIG_JUMP,
        flags.LAST_YEARS_EVIDENCE,
        flags.BEFORE_PERIOD,
        flags.ACROSS_ASPECTS,
    ]
    for flag in found:
        assert flag.reason and "\n" not in flag.reason and str(flag.label)


@pytest.mark.parametrize("units", [1, 8])
def test_flags_take_the_same_queries_for_any_number_of_answers(years, units):
    last, current, ind, _unit = years
    answers = []
    for u in range(units):
        unit = make_unit(f"U{u}")
        old = stored_file(f"SK-{u}.pdf", uploaded=at(datetime.date(2025, 5, 5)))
        for number in (1, 2, 3, 4, 5):
            attach(answer_of(last, ind[number], unit, 2), "SK", file=old)
            answer = answer_of(current, ind[number], unit, 4)
            attach(answer, "SK", file=old)
            attach(answer, "Portal", url=f"https://contoh.go.id/{u}")
            answers.append(answer)
    answers = list(type(answers[0]).objects.filter(pk__in=[a.pk for a in answers]).select_related("indicator"))
    with CaptureQueriesContext(connection) as queries:
        found = flags.flags_for(answers, current)
    assert len(queries) == 3  # evidence, last year's final levels (with its period), the evidence-use summary
    assert all(flags.BIG_JUMP in {f.code for f in found[a.pk]} for a in answers if a.indicator.number != 5)
