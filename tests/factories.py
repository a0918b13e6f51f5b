"""Small make_* helpers that build valid objects with sensible defaults; tests override what matters.

``make_framework()`` builds a small framework with the real SPBE 2020 shape in miniature
(2 domains, 3 aspects, 5 indicators, the five SPBE bands) so most tests need no file loading.
Tests that need the real 47-indicator framework use the ``spbe_2020`` fixture (tests/conftest.py).
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from indicators.models import Aspect, Domain, Framework, Indicator, LevelCriterion, PredicateBand, Scale, ScaleLevel
from skpd.models import Profile, Unit
from skpd.roles import GROUP_NAMES, Role

PASSWORD = "kata-sandi-uji-123"

SPBE_BANDS = [
    ("Kurang", "1.00", "1.80", "#b00020"),
    ("Cukup", "1.80", "2.60", "#e67e22"),
    ("Baik", "2.60", "3.50", "#f1c40f"),
    ("Sangat Baik", "3.50", "4.20", "#27ae60"),
    ("Memuaskan", "4.20", None, "#1e5aa8"),
]


def make_user(username="pengguna", *, password=PASSWORD, role=None, unit=None, aspects=(), **fields):
    """A user; with ``role`` they join that role's group, with ``unit`` their profile names it."""
    user_model = get_user_model()
    fields.setdefault("first_name", username.title())
    user = user_model.objects.create_user(username=username, password=password, **fields)
    if role is not None:
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
        user.groups.add(group)
    if unit is not None or aspects:
        profile = Profile.objects.create(user=user, unit=unit)
        if aspects:
            profile.review_aspects.set(aspects)
    return user


def make_unit(code="DISKOMINFO", name=None, **fields):
    fields.setdefault("short_name", code.title())
    return Unit.objects.create(code=code, name=name or f"Dinas {code.title()}", **fields)


def make_framework(code="mini", *, status=Framework.Status.OFFICIAL, with_domains=True):
    """A miniature framework: weights add up (indicators→aspects→domains→100) like the real one.

    Domain 1 (40): aspect 1 (40) = indicators 1, 2 at 20 each.
    Domain 2 (60): aspect 2 (30) = indicator 3 at 30; aspect 3 (30) = indicators 4, 5 at 15 each.
    Without domains the aspects stand alone with the same weights.
    """
    framework = Framework.objects.create(code=code, name=f"Kerangka {code}", short_name=code.upper(), status=status)
    process = Scale.objects.create(framework=framework, code="proses", name="Proses")
    for level, name in enumerate(["Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"], 1):
        ScaleLevel.objects.create(scale=process, level=level, name=name)
    domains = {}
    if with_domains:
        domains[1] = Domain.objects.create(framework=framework, number=1, name="Domain Satu", weight=Decimal("40"))
        domains[2] = Domain.objects.create(framework=framework, number=2, name="Domain Dua", weight=Decimal("60"))
    aspect_specs = [(1, 1, "40"), (2, 2, "30"), (3, 2, "30")]
    aspects = {
        number: Aspect.objects.create(
            framework=framework,
            domain=domains.get(domain),
            number=number,
            name=f"Aspek {number}",
            weight=Decimal(weight),
        )
        for number, domain, weight in aspect_specs
    }
    indicator_specs = [(1, 1, "20"), (2, 1, "20"), (3, 2, "30"), (4, 3, "15"), (5, 3, "15")]
    for number, aspect, weight in indicator_specs:
        indicator = Indicator.objects.create(
            framework=framework,
            aspect=aspects[aspect],
            number=number,
            name=f"Indikator {number}",
            short_name=f"Ind {number}",
            weight=Decimal(weight),
            scale=process,
            question=f"Pertanyaan indikator {number}?",
        )
        for level in range(1, 6):
            LevelCriterion.objects.create(indicator=indicator, level=level, criterion=f"Kriteria {number}.{level}")
    for name, lower, upper, colour in SPBE_BANDS:
        PredicateBand.objects.create(
            framework=framework,
            name=name,
            lower=Decimal(lower),
            upper=Decimal(upper) if upper else None,
            colour=colour,
        )
    return framework


def make_period(framework=None, *, year=2026, status="open", **fields):
    """A period (open, 2026, on a new mini framework unless one is given)."""
    from evaluations.models import Period

    return Period.objects.create(year=year, framework=framework or make_framework(), status=status, **fields)


def make_assignment(period, indicator, unit, *, role="lead"):
    from evaluations.models import Assignment

    return Assignment.objects.create(period=period, indicator=indicator, unit=unit, role=role)


def make_answer(period, indicator, unit, *, is_lead=True, status="draft", **fields):
    """An answer written straight to the database (tests of reading; writes go through services)."""
    from evaluations.models import Answer

    return Answer.objects.create(
        period=period, indicator=indicator, unit=unit, is_lead=is_lead, status=status, **fields
    )


def make_stage_result(period, indicator, level, *, stage="final", **fields):
    from evaluations.models import StageResult

    return StageResult.objects.create(period=period, indicator=indicator, stage=stage, level=level, **fields)


def make_answering_world(*, status="open", units=("BAPPEDA", "BKD"), **period_fields):
    """A period on the mini framework with two units and their officers, a reviewer and an executive.

    Unit A leads indicators 1–3 (and contributes to 4); unit B leads 4 and 5.
    Users have no usable password (tests sign in with force_login; no Argon2 cost).
    Returns a SimpleNamespace: framework, period, indicators {number: Indicator}, unit_a, unit_b,
    officer_a, officer_b, reviewer, executive, admin.
    """
    from types import SimpleNamespace

    from indicators.models import Indicator

    framework = make_framework()
    period = make_period(framework, status=status, **period_fields)
    indicators = {i.number: i for i in Indicator.objects.filter(framework=framework).select_related("aspect")}
    unit_a, unit_b = (make_unit(code) for code in units)
    for number in (1, 2, 3):
        make_assignment(period, indicators[number], unit_a)
    make_assignment(period, indicators[4], unit_b)
    make_assignment(period, indicators[4], unit_a, role="contributor")
    make_assignment(period, indicators[5], unit_b)
    return SimpleNamespace(
        framework=framework,
        period=period,
        indicators=indicators,
        unit_a=unit_a,
        unit_b=unit_b,
        officer_a=make_user("op-a", password=None, role=Role.OFFICER, unit=unit_a),
        officer_b=make_user("op-b", password=None, role=Role.OFFICER, unit=unit_b),
        reviewer=make_user("reviu", password=None, role=Role.REVIEWER),
        executive=make_user("pimpinan", password=None, role=Role.EXECUTIVE),
        admin=make_user("admin-uji", password=None, role=Role.ADMIN),
    )
