"""Illustrative history for the demo: periods 2021–2025 with results, and work in progress in 2026.

Only 2023 = 2,69 (Baik) is a real published figure for the province (spbe-framework.md §5), so the
2023 period is not marked illustrative (its note says its per-indicator levels are made up); every
other year's values are invented and those periods say so (``is_illustrative``, "Data ilustrasi"). The levels are built
deterministically (``random.Random(SEED)``) so that each year's final index hits its target exactly
at two decimals, and the self-assessment sits above the final result, as it usually does.

``seed_history(stdout)`` is called by ``seed_demo`` after units, accounts, the open 2026 period and
its assignments exist. Running it again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from evaluations import audit
from evaluations.assignments.services import assignments_from_answers
from evaluations.models import Answer, Assignment, Notification, Period, StageResult
from indicators.models import Framework

SEED = 2023
FRAMEWORK_CODE = "spbe-2020"
ILLUSTRATIVE_NOTE = "Data ilustrasi: bukan hasil resmi, dibuat untuk demonstrasi portal."
PUBLISHED_YEAR = 2023  # the one year whose final index is the province's published result
REAL_2023_NOTE = (
    "Indeks akhir 2,69 (Baik) adalah angka yang dipublikasikan untuk Pemprov Kalimantan Selatan tahun 2023. "
    "Tingkat per indikator tidak dipublikasikan: yang tercatat di sini hanya contoh (data ilustrasi per indikator)."
)

# year: (kind, final index, verified index or None, proposed index or None)
HISTORY = {
    2021: (Period.Kind.EVALUASI, "2.36", None, None),
    2022: (Period.Kind.PEMANTAUAN, "2.54", "2.71", "2.83"),
    2023: (Period.Kind.EVALUASI, "2.69", "2.91", "3.02"),
    2024: (Period.Kind.PEMANTAUAN, "2.97", "3.14", "3.26"),
    2025: (Period.Kind.EVALUASI, "3.21", "3.38", "3.47"),
}

RETURN_NOTES = [
    "Bukti dukung belum memuat nomor dan tahun peraturan; lengkapi dan rujuk halaman yang relevan.",
    "Penjelasan belum menganalisis kriteria tingkat yang diusulkan; tambahkan analisis dan justifikasi.",
    "Tautan layanan tidak dapat dibuka; sertakan akun demo atau tangkapan layar.",
]


def weighted_total(weights, levels):
    """Σ level × weight (= index × 100)."""
    return sum((weights[n] * levels[n] for n in weights), Decimal("0"))


def solve_levels(weights, target_index, rng, *, start=None, floor=None):
    """A level vector (``{number: 1..5}``) whose index is exactly ``target_index``.

    Starts from ``start`` (or random levels around the target), never goes below ``floor``, walks
    one level at a time towards the target, then looks for one or two single-level moves that hit
    it exactly. Deterministic for a given ``rng`` state.
    """
    numbers = sorted(weights)
    target = Decimal(target_index) * 100
    floor = floor or dict.fromkeys(numbers, 1)
    if start is None:
        base = int(Decimal(target_index))
        frac = float(Decimal(target_index) - base)
        start = {n: max(floor[n], min(5, base + (1 if rng.random() < frac else 0))) for n in numbers}
    levels = dict(start)
    smallest = min(weights.values())
    for _ in range(10_000):
        diff = target - weighted_total(weights, levels)
        if diff == 0:
            return levels
        step = 1 if diff > 0 else -1
        if abs(diff) > max(weights.values()):
            movable = [n for n in numbers if floor[n] <= levels[n] + step <= 5]
            levels[rng.choice(movable)] += step
            continue
        moves = [(n, s) for n in numbers for s in (1, -1) if floor[n] <= levels[n] + s <= 5]
        rng.shuffle(moves)
        for n, s in moves:
            if weights[n] * s == diff:
                levels[n] += s
                return levels
        for i, (n1, s1) in enumerate(moves):
            for n2, s2 in moves[i + 1 :]:
                if n1 != n2 and weights[n1] * s1 + weights[n2] * s2 == diff:
                    levels[n1] += s1
                    levels[n2] += s2
                    return levels
        # No exact one- or two-step fix from here: nudge one level and try again.
        candidates = [n for n in numbers if floor[n] <= levels[n] + step <= 5 and weights[n] >= smallest]
        levels[rng.choice(candidates)] += step
    raise RuntimeError(f"no level vector found for {target_index}")


def _dates(year):
    return {
        "self_assessment_start": datetime.date(year, 3, 1),
        "self_assessment_due": datetime.date(year, 4, 30),
        "verification_due": datetime.date(year, 5, 31),
        "document_review_date": datetime.date(year, 7, 15),
        "interview_date": datetime.date(year, 8, 20),
        "visit_date": None,
        "final_date": datetime.date(year, 12, 15),
    }


def _write(stdout, text):
    if stdout is not None:
        stdout.write(text)


@transaction.atomic
def seed_history(stdout=None):
    framework = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    if framework is None:
        _write(stdout, f"Kerangka {FRAMEWORK_CODE} belum dimuat: riwayat periode dilewati.")
        return
    indicators = {i.number: i for i in framework.indicators.all()}
    weights = {n: i.weight for n, i in indicators.items()}
    current = Period.objects.filter(year=2026).first()
    leads = {}
    if current is not None:
        leads = {
            a.indicator.number: a.unit
            for a in Assignment.objects.filter(period=current, role=Assignment.Role.LEAD).select_related(
                "indicator", "unit"
            )
        }
    rng = random.Random(SEED)
    previous_final = None
    for year, (kind, final_index, verified_index, proposed_index) in HISTORY.items():
        # Draw every year's levels even when the period exists, so later years stay the same.
        final = solve_levels(weights, final_index, rng, start=_raised(previous_final, rng))
        verified = solve_levels(weights, verified_index, rng, start=final, floor=final) if verified_index else None
        proposed = (
            solve_levels(weights, proposed_index, rng, start=verified, floor=verified) if proposed_index else None
        )
        previous_final = final
        if Period.objects.filter(year=year).exists():
            _write(stdout, f"Periode {year} sudah ada: dilewati.")
            continue
        period = Period(
            year=year,
            framework=framework,
            kind=kind,
            status=Period.Status.FINAL,
            is_illustrative=year != PUBLISHED_YEAR,
            notes=REAL_2023_NOTE if year == PUBLISHED_YEAR else ILLUSTRATIVE_NOTE,
            **_dates(year),
        )
        audit.mark(period, None, audit.event(audit.DEMO_DATA))
        period.save()
        StageResult.objects.bulk_create(
            [
                StageResult(period=period, indicator=indicators[n], stage=StageResult.Stage.FINAL, level=level)
                for n, level in sorted(final.items())
            ]
        )
        count = 0
        if proposed and leads:
            reviewed_at = timezone.make_aware(datetime.datetime(year, 5, 20, 10, 0))
            Answer.objects.bulk_create(
                [
                    Answer(
                        period=period,
                        indicator=indicators[n],
                        unit=leads[n],
                        is_lead=True,
                        proposed_level=proposed[n],
                        verified_level=verified[n],
                        explanation=f"Data ilustrasi {year}: penjelasan jawaban indikator {n}.",
                        status=Answer.Status.VERIFIED,
                        submitted_at=timezone.make_aware(datetime.datetime(year, 4, 25, 9, 0)),
                        reviewed_at=reviewed_at,
                    )
                    for n in sorted(proposed)
                    if n in leads
                ]
            )
            count = len([n for n in proposed if n in leads])
            # Who answered is who was assigned: unit pages of past years credit the right unit.
            bulk_create_with_history(
                assignments_from_answers(period),
                Assignment,
                default_change_reason=audit.event(audit.ASSIGNMENTS_FROM_ANSWERS),
            )
        label = "dipublikasikan" if year == PUBLISHED_YEAR else "ilustrasi"
        _write(stdout, f"Periode {year} ({label}): indeks akhir {final_index.replace('.', ',')}, {count} jawaban.")
    if current is not None:
        _seed_current(current, indicators, leads, previous_final, rng, stdout)


def _raised(levels, rng):
    """Next year's starting point: last year's levels, a few of them one level higher."""
    if levels is None:
        return None
    return {n: min(5, level + (1 if rng.random() < 0.2 else 0)) for n, level in levels.items()}


def _seed_current(period, indicators, leads, last_final, rng, stdout):
    """Answers in progress in the open 2026 period: drafts, submitted, returned with a note, verified."""
    if period.framework.code != FRAMEWORK_CODE or not leads:
        _write(stdout, "Periode 2026: tanpa penugasan SPBE 2020, jawaban contoh dilewati.")
        return
    if Answer.objects.filter(period=period).exists():
        _write(stdout, "Periode 2026 sudah berisi jawaban: dilewati.")
        return
    current_indicators = {i.number: i for i in period.framework.indicators.all()}
    now = timezone.now()
    answers = []
    statuses = Answer.Status
    for n in sorted(leads):
        roll = rng.random()
        if roll < 0.30:
            continue  # not started yet
        base = (last_final or {}).get(n, 3)
        proposed = min(5, base + (1 if rng.random() < 0.5 else 0))
        answer = Answer(
            period=period,
            indicator=current_indicators[n],
            unit=leads[n],
            is_lead=True,
            proposed_level=proposed,
            explanation=f"Data ilustrasi 2026: fakta, analisis dan justifikasi indikator {n}.",
        )
        if roll < 0.55:
            answer.status = statuses.DRAFT
            if rng.random() < 0.3:
                answer.proposed_level = None
        elif roll < 0.75:
            answer.status = statuses.SUBMITTED
            answer.submitted_at = now
        elif roll < 0.85:
            answer.status = statuses.RETURNED
            answer.submitted_at = now
            answer.reviewed_at = now
            answer.verified_level = max(1, proposed - 1)
            answer.reviewer_note = rng.choice(RETURN_NOTES)
        else:
            answer.status = statuses.VERIFIED
            answer.submitted_at = now
            answer.reviewed_at = now
            answer.verified_level = proposed if rng.random() < 0.6 else max(1, proposed - 1)
        answers.append(answer)
    for answer in answers:
        audit.mark(answer, None, audit.event(audit.DEMO_DATA))
        answer.save()
    _notify_demo_officers(answers)
    _write(stdout, f"Periode 2026: {len(answers)} jawaban contoh (draf, diajukan, dikembalikan, terverifikasi).")


def _notify_demo_officers(answers):
    """In-app notifications for the returned and verified demo answers (no e-mail from a seed)."""
    from evaluations.notifications import answer_event_message
    from skpd.roles import officers_of_units

    reviewed = [a for a in answers if a.status in (Answer.Status.RETURNED, Answer.Status.VERIFIED)]
    officers = officers_of_units({a.unit_id for a in reviewed})
    Notification.objects.bulk_create(
        [
            Notification(user=user, kind=kind, message=message, url=url)
            for answer in reviewed
            for kind, message, url in [answer_event_message(answer, answer.status)]
            for user in officers.get(answer.unit_id, [])
        ]
    )
