"""Small make_* helpers that build valid objects with sensible defaults; tests override what matters.

``make_framework()`` builds a small framework with the real SPBE 2020 shape in miniature
(2 domains, 3 aspects, 5 indicators, the five SPBE bands) so most tests need no file loading.
Tests that need the real 47-indicator framework use the ``spbe_2020`` fixture (tests/conftest.py).

``make_world(...)`` is the one builder of a whole evaluation world (framework, units, periods,
assignments, answers, evidence, stage results, plans, one user per role) that unit, access, report,
planning and browser tests share; its parameters set the size and shape, so query-count tests
build two sizes of the same world. The ``*_world`` helpers below name the shapes tests use.
"""

from dataclasses import dataclass, field
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


def make_framework(code="mini", *, status=Framework.Status.OFFICIAL, with_domains=True, indicators=None):
    """A miniature framework: weights add up (indicators→aspects→domains→100) like the real one.

    Domain 1 (40): aspect 1 (40) = indicators 1, 2 at 20 each.
    Domain 2 (60): aspect 2 (30) = indicator 3 at 30; aspect 3 (30) = indicators 4, 5 at 15 each.
    Without domains the aspects stand alone with the same weights.

    With ``indicators=n``: the same domains, aspects and bands with ``n`` indicators of weight 100/n,
    spread over the aspects in turn (no level criteria), for data that scales.
    """
    if indicators is not None:
        return _sized_framework(code, indicators, status)
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


def _sized_framework(code, indicators, status):
    framework = Framework.objects.create(code=code, name=f"Kerangka {code}", short_name=code.upper(), status=status)
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


@dataclass
class World:
    """What ``make_world`` built. ``period`` is the last scored period (``current`` says the same)."""

    framework: object
    aspects: dict  # {number: Aspect}
    indicators: dict  # {number: Indicator}
    units: list
    periods: list  # scored periods, oldest first
    summary: object = None  # the summary-only period, if any
    users: dict = field(default_factory=dict)  # {key: User}
    leads: dict = field(default_factory=dict)  # {(period pk, indicator number): lead Unit}
    answers: dict = field(default_factory=dict)  # {(period pk, indicator number, unit pk): Answer}
    levels: dict = field(default_factory=dict)  # {period pk: {series: {indicator number: level}}}
    evidence: list = field(default_factory=list)
    plans: list = field(default_factory=list)

    @property
    def period(self):
        return self.periods[-1]

    current = period

    def lead(self, number, period=None):
        return self.leads[((period or self.period).pk, number)]

    def series(self, name, period=None):
        """{indicator number: level} of one series (proposed, verified, final, dokumen…) as built."""
        return self.levels.get((period or self.period).pk, {}).get(name, {})


def role_users(suffix="", *, officer_unit=0):
    """One user per role (officer of the first unit), usernames ending in ``suffix``: ``users=`` of make_world."""
    return {
        "officer": (f"petugas{suffix}", Role.OFFICER, officer_unit, ()),
        "reviewer": (f"reviewer{suffix}", Role.REVIEWER, None, ()),
        "executive": (f"pimpinan{suffix}", Role.EXECUTIVE, None, ()),
        "admin": (f"admin{suffix}", Role.ADMIN, None, ()),
    }


def make_world(
    *,
    framework=None,
    indicators=None,
    units=2,
    unit_code="UNIT{i:02d}",
    unit_name="Dinas Uji {i:02d}",
    years=1,
    last_year=2026,
    status="open",
    period_fields=None,
    summary=None,
    period_indicators=False,
    leads=None,
    contributors=None,
    answers=None,
    users=None,
    plans=0,
):
    """A whole evaluation world, sized by its parameters.

    - ``framework`` (an existing one, e.g. to put several worlds on one) or ``indicators``: None for
      the mini framework, ``n`` for ``make_framework(indicators=n)``.
    - ``units``: how many (codes and names from ``unit_code``/``unit_name`` with ``i`` from 0), or
      a list of (code, name, short name).
    - ``years`` scored periods ending in ``last_year``; the last has ``status``, earlier ones are
      final. ``period_fields(year, is_last)`` gives more fields of each; ``summary``: the fields of a
      summary-only period (``year`` among them). ``period_indicators``: a PeriodIndicator per indicator.
    - ``leads``: {indicator number: unit position}; by default the indicators take turns over the
      units. ``contributors``: {number: [unit positions]}, or ``"others"`` for every other unit.
    - ``answers(position, number, year, is_last)`` says what each lead unit answered: None (nothing)
      or the Answer's fields plus optional ``evidence`` (a list of ("file"|"link", title, url or
      None)), ``stages`` ({stage: level}) and ``contribution`` (the contributors' Answer fields).
      ``answers_reports`` and ``answers_planning`` below are the two shapes the tests use.
    - ``users``: {key: (username, role, unit position or None, reviewer aspect numbers)};
      ``role_users()`` makes one per role. Users have no usable password (tests use force_login).
    - ``plans``: that many saved what-if plans on the last period.
    """
    from evaluations.models import ActionPlan, Evidence, EvidenceFile, PeriodIndicator

    framework = framework or make_framework(**({} if indicators is None else {"indicators": indicators}))
    rows = {i.number: i for i in Indicator.objects.filter(framework=framework).select_related("aspect")}
    numbers = sorted(rows)
    if isinstance(units, int):
        units = [(unit_code.format(i=i), unit_name.format(i=i), None) for i in range(units)]
    unit_rows = [make_unit(code, name, **({"short_name": short} if short else {})) for code, name, short in units]
    world = World(
        framework=framework,
        aspects={a.number: a for a in framework.aspects.all()},
        indicators=rows,
        units=unit_rows,
        periods=[],
    )
    if summary:
        world.summary = make_period(framework, status="final", is_summary_only=True, **summary)
    for key, (username, role, unit, aspects) in (users or {}).items():
        world.users[key] = make_user(
            username,
            password=None,
            role=role,
            unit=unit_rows[unit] if unit is not None else None,
            aspects=[world.aspects[n] for n in aspects],
        )
    leads = leads or {number: position % len(unit_rows) for position, number in enumerate(numbers)}
    stored = None
    for year in range(last_year - years + 1, last_year + 1):
        is_last = year == last_year
        fields = period_fields(year, is_last) if period_fields else {}
        period = make_period(framework, year=year, status=status if is_last else "final", **fields)
        world.periods.append(period)
        levels = world.levels.setdefault(period.pk, {})
        if period_indicators:
            for number in numbers:
                PeriodIndicator.objects.create(period=period, indicator=rows[number])
        for position, number in enumerate(numbers):
            if number not in leads:
                continue
            lead = unit_rows[leads[number]]
            world.leads[(period.pk, number)] = lead
            make_assignment(period, rows[number], lead)
            helping = contributors.get(number, []) if isinstance(contributors, dict) else []
            if contributors == "others":
                helping = [p for p, unit in enumerate(unit_rows) if unit.pk != lead.pk]
            for helper in helping:
                make_assignment(period, rows[number], unit_rows[helper], role="contributor")
            plan = answers(position, number, year, is_last) if answers else None
            if plan is None:
                continue
            plan = dict(plan)
            evidence, stages = plan.pop("evidence", []), plan.pop("stages", {})
            contribution = plan.pop("contribution", None)
            answer = make_answer(period, rows[number], lead, **plan)
            world.answers[(period.pk, number, lead.pk)] = answer
            for series in ("proposed", "verified"):
                if plan.get(f"{series}_level") and (series == "proposed" or plan.get("status") == "verified"):
                    levels.setdefault(series, {})[number] = plan[f"{series}_level"]
            for kind, title, url in evidence:
                if kind == "link":
                    world.evidence.append(Evidence.objects.create(answer=answer, title=title, url=url))
                    continue
                stored = (
                    stored
                    or EvidenceFile.objects.get_or_create(
                        sha256="0" * 64,
                        defaults={"original_name": "Pergub-SPBE.pdf", "size": 1234, "content_type": "application/pdf"},
                    )[0]
                )
                world.evidence.append(Evidence.objects.create(answer=answer, title=title, file=stored))
            for stage, level in stages.items():
                make_stage_result(period, rows[number], level, stage=stage)
                levels.setdefault(stage, {})[number] = level
            if contribution is not None:
                for helper in helping:
                    unit = unit_rows[helper]
                    world.answers[(period.pk, number, unit.pk)] = make_answer(
                        period, rows[number], unit, is_lead=False, **contribution
                    )
    for p in range(plans):
        world.plans.append(
            ActionPlan.objects.create(
                period=world.period, name=f"Rencana {p}", base_series="proposed", levels={str(numbers[0]): 5}
            )
        )
    return world


REPORT_STATUSES = ["verified", "submitted", "returned", "draft", "verified"]


def answers_reports(position, number, year, is_last):
    """Every lead answer: in the open (last) period one of each status (the draft one without a level
    or evidence), earlier periods verified with final and dokumen levels; contributors submitted."""
    status = REPORT_STATUSES[position % len(REPORT_STATUSES)] if is_last else "verified"
    proposed = min(5, 2 + (position + year) % 3 + 1)
    verified = max(1, proposed - 1)
    if is_last and position == 3:
        evidence = []  # the draft lead answer has no evidence yet: the brief lists it
    elif position % 2 == 0:
        evidence = [("file", f"Bukti {number}", None)]
    else:
        evidence = [("link", f"Tautan {number}", "https://contoh.go.id/layanan")]
    return {
        "status": status,
        "proposed_level": proposed if status != "draft" else None,
        "verified_level": verified if status == "verified" else None,
        "evidence": evidence,
        "stages": {} if is_last else {"final": max(1, verified - (position % 2)), "dokumen": verified},
        "contribution": {"status": "submitted", "proposed_level": proposed},
    }


def answers_planning(last_number, evidence_per_answer=1):
    """Lead answers cycling through the statuses and levels 1–5 with a verified level one below and
    that final level; ``last_number`` stays unanswered ("belum dinilai")."""
    statuses = ["verified", "submitted", "returned", "draft"]

    def plan(position, number, year, is_last):
        if number == last_number:
            return None
        level = position % 5 + 1
        evidence = [
            ("link", f"Tautan {number}.{e}", f"https://contoh.go.id/{number}/{e}")
            if e % 2
            else ("file", f"Dokumen {number}.{e}", None)
            for e in range(evidence_per_answer)
        ]
        return {
            "status": statuses[position % 4],
            "proposed_level": level,
            "verified_level": max(1, level - 1),
            "explanation": f"Penjelasan indikator {number}",
            "evidence": evidence,
            "stages": {"final": max(1, level - 1)},
        }

    return plan


def make_answering_world(*, status="open", units=("BAPPEDA", "BKD"), **period_fields):
    """A period on the mini framework with two units and their officers, a reviewer and an executive.

    Unit A leads indicators 1–3 (and contributes to 4); unit B leads 4 and 5. No answers yet.
    Users have no usable password (tests sign in with force_login; no Argon2 cost).
    Returns the World with shortcuts: unit_a, unit_b, officer_a, officer_b, reviewer, executive, admin.
    """
    world = make_world(
        units=[(code, None, None) for code in units],
        status=status,
        period_fields=lambda year, is_last: period_fields,
        leads={1: 0, 2: 0, 3: 0, 4: 1, 5: 1},
        contributors={4: [0]},
        users={
            "officer_a": ("op-a", Role.OFFICER, 0, ()),
            "officer_b": ("op-b", Role.OFFICER, 1, ()),
            "reviewer": ("reviu", Role.REVIEWER, None, ()),
            "executive": ("pimpinan", Role.EXECUTIVE, None, ()),
            "admin": ("admin-uji", Role.ADMIN, None, ()),
        },
    )
    world.unit_a, world.unit_b = world.units
    for key, user in world.users.items():
        setattr(world, key, user)
    return world
