"""Framework changes on the record: preview a file's effect, refuse it unconfirmed, keep the history.

Loading a changed file over a framework that periods use may move their indices (2027's recorded
final 3,47 became 3,39 without a word). So a change goes through two steps:

1. ``preview(data)`` checks the file (``loader.check``) and compares it with the loaded version:
   ``changes`` (``indicators.changes.diff``: indicators added, removed, renamed, weights, bands...)
   and ``impact``, one ``ImpactRow`` per period and series (old → new computed index). It also
   gives a ``token`` naming exactly this file against exactly this loaded version.
2. ``apply_change(data, confirm=..., token=...)`` loads it only when nothing of the past moves, or
   when the caller confirms; a token that no longer matches (the file or the framework changed
   since the preview) is refused. Loading writes a ``FrameworkRevision`` (who, when, the previous
   version, the changes and the impact), in the same transaction as the load.

``indicators`` imports no other app: the periods live in ``evaluations``, which registers here from
its ``AppConfig.ready()`` (as ``indicators.locks``)::

    register_impact(fn)          # fn(framework, new_structure) -> [ImpactRow]
    register_before_change(fn)   # fn(framework, user): runs in the transaction, before the load
    register_usage_check(fn)     # fn(framework) -> reason | None: the admin refuses scoring edits
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from indicators import changes as diffs
from indicators.loader import _comparable, check, dumps, export_data, load_data
from indicators.models import Framework, FrameworkRevision

_impact_providers = []
_before_change = []
_usage_checks = []


def register_impact(fn):
    if fn not in _impact_providers:
        _impact_providers.append(fn)
    return fn


def register_usage_check(fn):
    """``fn(framework) -> str | None``: why the framework's scoring is in use (periods), or None."""
    if fn not in _usage_checks:
        _usage_checks.append(fn)
    return fn


def in_use(framework):
    """Why a change of this framework's scoring must go through a preview and a confirmation (the
    periods that use it), or None. The admin asks it: it cannot show the impact, so it refuses such
    edits and points to the upload page."""
    if framework is None or getattr(framework, "pk", None) is None:
        return None
    for usage_check in list(_usage_checks):
        reason = usage_check(framework)
        if reason:
            return str(reason)
    return None


def register_before_change(fn):
    if fn not in _before_change:
        _before_change.append(fn)
    return fn


@dataclass(frozen=True)
class ImpactRow:
    """One period's index in one series, computed with the loaded framework and with the file."""

    year: int
    status: str  # the period's status label
    series: str  # the series' code
    series_label: str
    old: Decimal | None
    new: Decimal | None
    old_predicate: str = ""
    new_predicate: str = ""
    provisional: bool = False  # an incomplete series: its floor (missing levels at level 1)
    recorded: Decimal | None = None  # the recorded official final, kept as recorded
    # As shown (scoring.display_index with the bands of each version: never a band not reached).
    old_display: str = ""
    new_display: str = ""

    @property
    def changed(self) -> bool:
        return self.old != self.new or self.old_predicate != self.new_predicate

    @property
    def delta(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "status": str(self.status),
            "series": str(self.series),
            "series_label": str(self.series_label),
            "old": None if self.old is None else str(self.old),
            "new": None if self.new is None else str(self.new),
            "old_predicate": self.old_predicate,
            "new_predicate": self.new_predicate,
            "provisional": self.provisional,
            "recorded": None if self.recorded is None else str(self.recorded),
            "old_display": self.old_display,
            "new_display": self.new_display,
        }

    @classmethod
    def from_json(cls, data: dict) -> ImpactRow:
        def number(value):
            return None if value in (None, "") else Decimal(value)

        return cls(
            year=data.get("year"),
            status=data.get("status", ""),
            series=data.get("series", ""),
            series_label=data.get("series_label", ""),
            old=number(data.get("old")),
            new=number(data.get("new")),
            old_predicate=data.get("old_predicate", ""),
            new_predicate=data.get("new_predicate", ""),
            provisional=bool(data.get("provisional")),
            recorded=number(data.get("recorded")),
            old_display=data.get("old_display", ""),
            new_display=data.get("new_display", ""),
        )


@dataclass
class Preview:
    data: dict  # the file, checked and canonical
    framework: Framework | None  # the loaded version, None when the code is new
    current: dict | None  # the loaded version as a spec
    changes: list = field(default_factory=list)  # [changes.Change]
    impact: list = field(default_factory=list)  # [ImpactRow]
    token: str = ""

    @property
    def code(self):
        return self.data["code"]

    @property
    def action(self):
        if self.framework is None:
            return FrameworkRevision.Action.CREATED
        return FrameworkRevision.Action.UPDATED if self.changes else "unchanged"

    @property
    def unchanged(self):
        return self.action == "unchanged"

    @property
    def scoring_changes(self):
        return diffs.scoring_changes(self.changes)

    @property
    def affected(self):
        """The impact rows whose index or predicate the file would change."""
        return [row for row in self.impact if row.changed]

    @property
    def needs_confirmation(self) -> bool:
        """The file would change a computed index or predicate of an existing period."""
        return bool(self.affected)

    def changes_of(self, kind):
        return [c for c in self.changes if c.kind == kind]


class ConfirmationRequired(Exception):
    """The change moves existing periods' indices and was not confirmed; nothing was changed."""

    def __init__(self, preview):
        self.preview = preview
        super().__init__(
            f"kerangka '{preview.code}' tidak diubah: perubahan ini mengubah indeks "
            f"{len({row.year for row in preview.affected})} periode; tinjau dampaknya lalu konfirmasi."
        )


class StalePreview(Exception):
    """The confirmation names another file or another loaded version than the preview showed."""


def impact_of(framework, new_structure) -> list[ImpactRow]:
    rows = []
    for provider in list(_impact_providers):
        rows.extend(provider(framework, new_structure))
    return rows


def preview(data) -> Preview:
    """What loading ``data`` (raw or checked) would change; raises ``loader.FrameworkFileError``."""
    data = check(data)
    framework = Framework.objects.filter(code=data["code"]).first()
    current = export_data(framework) if framework is not None else None
    new_text = dumps(_comparable(data))
    current_text = dumps(_comparable(current)) if current is not None else ""
    result = Preview(data=data, framework=framework, current=current, token=diffs.token(new_text, current_text))
    if current is not None and _comparable(current) == _comparable(data):
        return result
    result.changes = diffs.diff(current, data)
    if framework is not None and result.scoring_changes:
        result.impact = impact_of(framework, diffs.structure_of_spec(data))
    return result


def apply_change(data, *, user=None, confirm=False, token=None, source="", file_name=""):
    """Load ``data`` on the record. Returns ``(preview, revision)``; ``revision`` is None when the
    file equals the loaded version (nothing to do).

    Raises ``ConfirmationRequired`` when existing periods' indices would move and ``confirm`` is
    false, ``StalePreview`` when ``token`` is given and no longer matches, and the loader's
    ``FrameworkFileError`` for a bad file or a locked framework. In every refusal nothing changes.
    """
    with transaction.atomic():
        code = data.get("code") if isinstance(data, dict) else None
        if isinstance(code, str):
            # Serialise concurrent loads of the same framework: the preview below is the truth.
            list(Framework.objects.select_for_update().filter(code=code).values_list("pk", flat=True))
        result = preview(data)
        if token is not None and token != result.token:
            raise StalePreview(
                f"pratinjau kerangka '{result.code}' sudah usang: berkas atau kerangka yang dimuat berubah sejak "
                "pratinjau. Unggah berkasnya lagi."
            )
        if result.unchanged:
            return result, None
        if result.needs_confirmation and not confirm:
            raise ConfirmationRequired(result)
        if result.framework is not None:
            for hook in list(_before_change):
                hook(result.framework, user)
        loaded = load_data(result.data)
        revision = FrameworkRevision.objects.create(
            framework=loaded.framework,
            code=result.code,
            action=result.action,
            previous_spec=result.current,
            digest=result.token,
            changes=[c.to_json() for c in result.changes],
            impact=[row.to_json() for row in result.impact],
            source=source[:20],
            file_name=(file_name or "")[:255],
            user=user if getattr(user, "is_authenticated", False) else None,
        )
    return result, revision
