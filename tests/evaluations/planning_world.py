"""Data for the planning and export tests, in two sizes so query-count tests can compare them.

``sized_framework(n)`` is the mini framework's shape (2 domains, 3 aspects, the SPBE bands) with
``n`` indicators of weight 100/n each, spread over the aspects in turn. ``planning_world(...)``
adds a period on it with one lead unit per indicator (the units take turns), lead answers with
proposed levels (the last indicator left unanswered), verified and final levels, evidence, and
one user per role.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from evaluations.models import ActionPlan, Evidence, EvidenceFile
from indicators.models import Aspect, Domain, Framework, Indicator, PredicateBand, Scale
from skpd.roles import Role
from tests.factories import (
    SPBE_BANDS,
    make_answer,
    make_assignment,
    make_period,
    make_stage_result,
    make_unit,
    make_user,
)


def sized_framework(indicators=5, code=None):
    code = code or f"uji-{indicators}"
    framework = Framework.objects.create(code=code, name=f"Kerangka {code}", short_name=code.upper(), status="official")
    scale = Scale.objects.create(framework=framework, code="proses", name="Proses")
    weight = Decimal(100) / indicators
    per_aspect = {1: 0, 2: 0, 3: 0}
    for number in range(1, indicators + 1):
        per_aspect[(number - 1) % 3 + 1] += 1
    d1 = Domain.objects.create(framework=framework, number=1, name="Domain Satu", weight=weight * per_aspect[1])
    d2 = Domain.objects.create(
        framework=framework, number=2, name="Domain Dua", weight=weight * (per_aspect[2] + per_aspect[3])
    )
    aspects = {
        n: Aspect.objects.create(
            framework=framework, domain=d1 if n == 1 else d2, number=n, name=f"Aspek {n}", weight=weight * per_aspect[n]
        )
        for n in (1, 2, 3)
    }
    for number in range(1, indicators + 1):
        Indicator.objects.create(
            framework=framework,
            aspect=aspects[(number - 1) % 3 + 1],
            number=number,
            name=f"Indikator {number}",
            short_name=f"Ind {number}",
            weight=weight,
            scale=scale,
        )
    for name, lower, upper, colour in SPBE_BANDS:
        PredicateBand.objects.create(
            framework=framework, name=name, lower=Decimal(lower), upper=Decimal(upper) if upper else None, colour=colour
        )
    return framework


@dataclass
class PlanningWorld:
    framework: object
    period: object
    indicators: dict
    units: list
    users: dict
    proposed: dict = field(default_factory=dict)
    verified: dict = field(default_factory=dict)
    final: dict = field(default_factory=dict)
    leads: dict = field(default_factory=dict)


def planning_world(indicators=10, units=2, *, evidence_per_answer=1, plans=0, year=2026, framework=None, users=True):
    framework = framework or sized_framework(indicators)
    period = make_period(framework, year=year, status="open")
    rows = {i.number: i for i in Indicator.objects.filter(framework=framework).select_related("aspect")}
    unit_rows = [make_unit(f"U{year}-{i:02d}", name=f"Dinas Uji {i:02d}") for i in range(units)]
    world = PlanningWorld(framework=framework, period=period, indicators=rows, units=unit_rows, users={})
    stored = EvidenceFile.objects.get_or_create(
        sha256="a" * 64, defaults={"original_name": "Pergub-SPBE.pdf", "size": 10, "content_type": "application/pdf"}
    )[0]
    statuses = ["verified", "submitted", "returned", "draft"]
    numbers = sorted(rows)
    for index, number in enumerate(numbers):
        unit = unit_rows[index % units]
        make_assignment(period, rows[number], unit)
        world.leads[number] = unit
        if number == numbers[-1]:
            continue  # the last indicator is not answered yet: "belum dinilai"
        level = index % 5 + 1
        status = statuses[index % 4]
        answer = make_answer(
            period,
            rows[number],
            unit,
            status=status,
            proposed_level=level,
            verified_level=max(1, level - 1),
            explanation=f"Penjelasan indikator {number}",
        )
        world.proposed[number] = level
        if status == "verified":
            world.verified[number] = max(1, level - 1)
        make_stage_result(period, rows[number], max(1, level - 1), stage="final")
        world.final[number] = max(1, level - 1)
        for e in range(evidence_per_answer):
            if e % 2:
                Evidence.objects.create(
                    answer=answer, title=f"Tautan {number}.{e}", url=f"https://contoh.go.id/{number}/{e}"
                )
            else:
                Evidence.objects.create(answer=answer, title=f"Dokumen {number}.{e}", file=stored)
    if users:
        world.users = {
            "officer": make_user(f"petugas-{year}", password=None, role=Role.OFFICER, unit=unit_rows[0]),
            "reviewer": make_user(f"reviewer-{year}", password=None, role=Role.REVIEWER),
            "executive": make_user(f"pimpinan-{year}", password=None, role=Role.EXECUTIVE),
            "admin": make_user(f"admin-{year}", password=None, role=Role.ADMIN),
        }
    for p in range(plans):
        ActionPlan.objects.create(
            period=period, name=f"Rencana {p}", base_series="proposed", levels={str(numbers[0]): 5}, created_by=None
        )
    return world
