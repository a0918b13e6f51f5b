"""Data for the report tests: a province with some units, several years and every kind of value.

``build_world(units=2, years=2)`` makes, on the mini framework (5 indicators): a summary-only year
(2020, index 2.10), ``years`` scored periods ending with the open 2026 period, each indicator led by
one unit with the other units contributing, answers in every status, verified and final levels,
and evidence on some answers. ``units`` and ``years`` scale the data so query-count tests can
compare two sizes.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from evaluations.models import EvidenceFile, Period, StageResult
from indicators.models import Indicator
from tests.factories import (
    make_answer,
    make_assignment,
    make_framework,
    make_period,
    make_stage_result,
    make_unit,
    make_user,
)

STATUSES = ["verified", "submitted", "returned", "draft", "verified"]


@dataclass
class World:
    framework: object
    units: list
    periods: list  # scored periods, oldest first; the last is the open one
    summary: object
    indicators: list
    leads: dict = field(default_factory=dict)  # {(period pk, indicator number): unit}
    final_levels: dict = field(default_factory=dict)  # {period pk: {number: level}}

    @property
    def current(self):
        return self.periods[-1]


def build_world(units=2, years=2, *, framework=None):
    framework = framework or make_framework()
    unit_rows = [make_unit(f"UNIT{i:02d}", name=f"Dinas Uji {i:02d}") for i in range(units)]
    indicators = list(Indicator.objects.filter(framework=framework).order_by("number"))
    summary = make_period(
        framework,
        year=2020,
        status=Period.Status.FINAL,
        is_summary_only=True,
        summary_index=Decimal("2.100"),
        target_index=Decimal("2.60"),
    )
    world = World(framework=framework, units=unit_rows, periods=[], summary=summary, indicators=indicators)
    first_year = 2026 - years + 1
    stored = EvidenceFile.objects.create(
        sha256="0" * 64, original_name="Pergub-SPBE.pdf", size=1234, content_type="application/pdf"
    )
    for year in range(first_year, 2027):
        is_open = year == 2026
        period = make_period(
            framework,
            year=year,
            status=Period.Status.OPEN if is_open else Period.Status.FINAL,
            target_index=Decimal("3.00") if is_open else Decimal("2.80"),
            self_assessment_due=date(year, 6, 30),
            is_illustrative=True,
        )
        world.periods.append(period)
        finals = {}
        for position, indicator in enumerate(indicators):
            lead = unit_rows[position % units]
            world.leads[(period.pk, indicator.number)] = lead
            make_assignment(period, indicator, lead)
            status = STATUSES[position] if is_open else "verified"
            proposed = min(5, 2 + (position + year) % 3 + 1)
            verified = max(1, proposed - 1)
            answer = make_answer(
                period,
                indicator,
                lead,
                status=status,
                proposed_level=proposed if status != "draft" else None,
                verified_level=verified if status == "verified" else None,
            )
            if is_open and position == 3:
                pass  # the draft lead answer has no evidence yet: the brief lists it
            elif position % 2 == 0:
                answer.evidence.create(title=f"Bukti {indicator.number}", file=stored)
            else:
                answer.evidence.create(title=f"Tautan {indicator.number}", url="https://contoh.go.id/layanan")
            for other in unit_rows:
                if other.pk == lead.pk:
                    continue
                make_assignment(period, indicator, other, role="contributor")
                make_answer(period, indicator, other, is_lead=False, status="submitted", proposed_level=proposed)
            if not is_open:
                final = max(1, verified - (position % 2))
                make_stage_result(period, indicator, final, stage=StageResult.Stage.FINAL)
                make_stage_result(period, indicator, verified, stage=StageResult.Stage.DOKUMEN)
                finals[indicator.number] = final
        world.final_levels[period.pk] = finals
    return world


def make_viewers():
    """One user per role that reads reports."""
    from skpd.roles import Role

    return {
        "reviewer": make_user("reviewer", password=None, role=Role.REVIEWER),
        "executive": make_user("pimpinan", password=None, role=Role.EXECUTIVE),
        "admin": make_user("admin", password=None, role=Role.ADMIN),
    }
