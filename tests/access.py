"""The access matrix: the world every case runs in, the case type, and the URL and case collectors.

Each part of the project lists its URLs' expected statuses in a module ``tests/**/access_cases*.py``
as ``CASES = [AccessCase(...)]``. ``tests/test_access_matrix.py`` enumerates every URL pattern of
the project, fails for each named pattern without a case, and checks every case for every role.

The world (``build_world``): the mini framework (5 indicators, aspects 1..3), an open 2026 period,
two units with an officer each, indicator 1 led by ``unit_own`` (aspect 1) and indicator 4 led by
``unit_other`` (aspect 3), an answer of each unit with a stored file as evidence, a final stage
result for indicator 1, an action plan, and one user per role. ``reviewer_out`` reviews aspect 2
only, outside both answers' aspects.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from skpd.roles import Role
from tests.factories import make_world

ROLES = ["anonymous", "officer_own", "officer_other", "reviewer", "reviewer_out", "executive", "admin"]

# Patterns that are not the portal's pages: Django's admin (its own staff checks), the language
# switch (a POST that only sets a cookie, open to everyone by design).
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}

TESTS_DIR = Path(__file__).resolve().parent
EVIDENCE_BYTES = b"%PDF-1.4\n% bukti dukung uji\n"


@dataclass
class AccessCase:
    """One request and the status each role must get.

    ``url`` and ``data`` are called with the world. ``expect`` maps every role in ``ROLES`` to a
    status or a tuple of acceptable statuses. ``htmx`` sends the HX-Request header.
    """

    name: str
    url: Callable[[Any], str]
    expect: dict
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    htmx: bool = False
    label: str = ""
    source: str = field(default="", compare=False)

    @property
    def id(self):
        return f"{self.name}[{self.method}{'-' + self.label if self.label else ''}]"


def build_world():
    """The objects every access case can refer to (see the module docstring): ``make_world`` in the
    access shape, with its objects under the names the cases use."""
    from evaluations.models import ActionPlan, Evidence, EvidenceFile, StageResult

    def answers(position, number, year, is_last):
        return {
            1: {"proposed_level": 3, "explanation": "Sudah ada."},
            4: {"proposed_level": 2, "explanation": "Sebagian."},
        }[number]

    w = make_world(
        units=[("OWN", "Dinas Milik Sendiri", "Dinas Sendiri"), ("OTHER", "Dinas Milik Lain", "Dinas Lain")],
        period_fields=lambda year, is_last: {
            "target_index": Decimal("3.50"),
            "self_assessment_due": date.today() + timedelta(days=21),
        },
        period_indicators=True,
        leads={1: 0, 4: 1},
        answers=answers,
        users={
            "officer_own": ("petugas-sendiri", Role.OFFICER, 0, ()),
            "officer_other": ("petugas-lain", Role.OFFICER, 1, ()),
            "reviewer": ("reviewer-semua", Role.REVIEWER, None, ()),
            "reviewer_out": ("reviewer-aspek2", Role.REVIEWER, None, (2,)),
            "executive": ("pimpinan-uji", Role.EXECUTIVE, None, ()),
            "admin": ("admin-uji", Role.ADMIN, None, ()),
        },
    )
    w.unit_own, w.unit_other = w.units
    w.indicator_own, w.indicator_other = w.indicators[1], w.indicators[4]
    for role, user in w.users.items():
        setattr(w, role, user)
    w.answer_own = w.answers[(w.period.pk, 1, w.unit_own.pk)]
    w.answer_other = w.answers[(w.period.pk, 4, w.unit_other.pk)]
    # Files really stored (the download cases read them), each added by its unit's officer.
    w.evidence_own = _file_evidence(EvidenceFile, Evidence, w.answer_own, "sendiri", w.officer_own)
    w.evidence_other = _file_evidence(EvidenceFile, Evidence, w.answer_other, "lain", w.officer_other)
    w.stage_result = StageResult.objects.create(
        period=w.period, indicator=w.indicator_own, stage=StageResult.Stage.FINAL, level=3, recorded_by=w.admin
    )
    w.action_plan = ActionPlan.objects.create(period=w.period, name="Rencana uji", levels={"1": 4}, created_by=w.admin)
    return w


def _file_evidence(EvidenceFile, Evidence, answer, suffix, user):
    import hashlib

    content = EVIDENCE_BYTES + suffix.encode()
    stored = EvidenceFile(
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=f"bukti-{suffix}.pdf",
        size=len(content),
        content_type="application/pdf",
        uploaded_by=user,
    )
    stored.file.save(f"bukti-{suffix}.pdf", ContentFile(content), save=False)
    stored.save()
    return Evidence.objects.create(answer=answer, title=f"Bukti {suffix}", file=stored, added_by=user)


# --- collectors ----------------------------------------------------------------------------------


def case_modules():
    """Dotted names of every ``tests/**/access_cases*.py`` module."""
    names = []
    for path in sorted(TESTS_DIR.rglob("access_cases*.py")):
        relative = path.relative_to(TESTS_DIR.parent).with_suffix("")
        names.append(".".join(relative.parts))
    return names


def collect_cases():
    cases = []
    for module_name in case_modules():
        module = importlib.import_module(module_name)
        for case in getattr(module, "CASES", []):
            case.source = module_name
            cases.append(case)
    return cases


def url_patterns(resolver=None, namespace=None, prefix=""):
    """(full name or None, route) of every URL pattern, walking included URLconfs recursively."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = ":".join(filter(None, [namespace, ns])) if ns else namespace
            found.extend(url_patterns(entry, full_ns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append((name, prefix + str(entry.pattern), namespace))
    return found


def checked_patterns():
    """The patterns the matrix must cover: everything but the admin, the language switch and static."""
    result = []
    for name, route, namespace in url_patterns():
        top = (namespace or "").split(":")[0]
        if top in SKIPPED_NAMESPACES or name in SKIPPED_NAMES:
            continue
        if route.startswith(("static/", "^static/", "media/")):
            continue
        result.append((name, route))
    return result
