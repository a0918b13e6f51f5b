"""A crosswalk file seen from the periods: its difference from the current version of its pair and
its effect on the estimate the portal shows, before it is loaded (the "crosswalk" kind of the
framework upload, ``services.KINDS``).

``preview(checked)``: ``checked`` is ``indicators.crosswalk.check``'s result. The rows are compared
with the pair's current version by (to, from) pair: added, removed, relation changed, note changed;
``impact`` holds, for every scored period of the source framework, its final series' estimated index
and coverage on the target framework with the current crosswalk and with the file
(``indicators.scoring.estimate``, levels from ``transition.reads``). A fixed number of queries.

``apply(checked, ...)``: the load on the record, in one transaction: the preview again (under a lock
of the pair), refused as stale when its token differs, nothing when the content is the same, else
``crosswalk.load_data`` (the next version) and a ``FrameworkRevision`` of kind crosswalk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from evaluations.models import Period
from evaluations.transition.reads import estimated_levels, shown_target
from indicators import crosswalk as cw
from indicators import scoring
from indicators.changes import token as make_token
from indicators.models import Crosswalk, FrameworkRevision
from indicators.revisions import StalePreview

ADDED, REMOVED, RELATION, NOTE = "added", "removed", "relation", "note"
SECTIONS = (ADDED, REMOVED, RELATION, NOTE)


def export_of(checked) -> dict:
    """The checked file in its canonical JSON dictionary (what ``export_data`` gives once loaded)."""
    rows = []
    for link in checked["links"]:
        row = {"to": link.to, "from": link.source, "relation": link.relation}
        if link.note:
            row["note"] = link.note
        rows.append(row)
    data = {
        "format": cw.FORMAT_VERSION,
        "kind": "crosswalk",
        "from_framework": checked["from_framework"].code,
        "to_framework": checked["to_framework"].code,
        "status": checked["status"],
    }
    if checked["status_note"]:
        data["status_note"] = checked["status_note"]
    data["rows"] = rows
    return data


def pair_code(from_code, to_code):
    return f"{from_code} → {to_code}"


def diff_rows(old_rows, new_rows) -> list[dict]:
    """Row changes between two files' ``rows`` (dicts keyed to/from/relation/note), by (to, from) pair."""
    old = {(r["to"], r.get("from")): r for r in old_rows}
    new = {(r["to"], r.get("from")): r for r in new_rows}
    out = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], k[1] or 0)):
        before, after = old.get(key), new.get(key)
        base = {"to": key[0], "from": key[1]}
        if before is None:
            out.append(base | {"kind": ADDED, "old": "", "new": after["relation"], "note": after.get("note", "")})
        elif after is None:
            out.append(base | {"kind": REMOVED, "old": before["relation"], "new": "", "note": before.get("note", "")})
        else:
            if before["relation"] != after["relation"]:
                out.append(base | {"kind": RELATION, "old": before["relation"], "new": after["relation"]})
            if before.get("note", "") != after.get("note", ""):
                out.append(base | {"kind": NOTE, "old": before.get("note", ""), "new": after.get("note", "")})
    return out


def grouped(changes):
    return [
        (kind, [c for c in changes if c["kind"] == kind])
        for kind in SECTIONS
        if any(c["kind"] == kind for c in changes)
    ]


@dataclass(frozen=True)
class EstimateRow:
    """One period's estimated position on the target framework: current crosswalk → the file."""

    year: int
    status: str
    old: Decimal | None
    new: Decimal | None
    old_coverage: Decimal | None  # None: no crosswalk yet
    new_coverage: Decimal

    @property
    def changed(self):
        return self.old != self.new or self.old_coverage != self.new_coverage

    @property
    def old_coverage_percent(self):
        return None if self.old_coverage is None else self.old_coverage * 100

    @property
    def new_coverage_percent(self):
        return self.new_coverage * 100

    def to_json(self):
        def text(value):
            return None if value is None else str(value)

        return {
            "year": self.year,
            "status": self.status,
            "old": text(self.old),
            "new": text(self.new),
            "old_coverage": text(self.old_coverage),
            "new_coverage": text(self.new_coverage),
        }

    @classmethod
    def from_json(cls, data):
        def number(value):
            return None if value in (None, "") else Decimal(value)

        return cls(
            year=data.get("year"),
            status=data.get("status", ""),
            old=number(data.get("old")),
            new=number(data.get("new")),
            old_coverage=number(data.get("old_coverage")),
            new_coverage=number(data.get("new_coverage")) or Decimal(0),
        )


@dataclass
class CrosswalkPreview:
    checked: dict
    data: dict  # the file, canonical
    current: Crosswalk | None
    current_data: dict | None
    changes: list = field(default_factory=list)
    impact: list = field(default_factory=list)  # [EstimateRow]
    shown: bool = True  # the portal's estimate of the source framework's periods reads this pair
    token: str = ""

    @property
    def code(self):
        return pair_code(self.data["from_framework"], self.data["to_framework"])

    @property
    def is_new(self):
        return self.current is None

    @property
    def status_changed(self):
        return self.current_data is not None and (
            self.current_data["status"] != self.data["status"]
            or self.current_data.get("status_note", "") != self.data.get("status_note", "")
        )

    @property
    def unchanged(self):
        return self.current is not None and not self.changes and not self.status_changed

    @property
    def action(self):
        return FrameworkRevision.Action.CREATED if self.current is None else FrameworkRevision.Action.UPDATED

    @property
    def affected(self):
        return [row for row in self.impact if row.changed] if self.shown else []

    @property
    def sections(self):
        return grouped(self.changes)


def _primaries(links):
    out = {}
    for link in links:
        if link.relation == "primary":
            out.setdefault(link.to, []).append(link.source)
    return {to: tuple(sorted(sources)) for to, sources in out.items()}


def estimate_impact(checked, current) -> list[EstimateRow]:
    """Every scored period of the source framework: estimated index and coverage, current → file."""
    source, target = checked["from_framework"], checked["to_framework"]
    periods = list(Period.objects.filter(framework=source, is_summary_only=False).order_by("year"))
    if not periods:
        return []
    levels = estimated_levels(periods)
    from_structure, to_structure = source.structure(), target.structure()
    old_primaries = _primaries(cw.Link(*row) for row in current.links()) if current is not None else None
    new_primaries = _primaries(checked["links"])
    rows = []
    for period in periods:
        found = levels.get(period.pk, {})
        new = scoring.estimate(from_structure, found, new_primaries, to_structure)
        old = (
            scoring.estimate(from_structure, found, old_primaries, to_structure) if old_primaries is not None else None
        )
        rows.append(
            EstimateRow(
                year=period.year,
                status=str(period.get_status_display()),
                old=old.index if old else None,
                new=new.index,
                old_coverage=old.coverage if old else None,
                new_coverage=new.coverage,
            )
        )
    return rows


def preview(checked) -> CrosswalkPreview:
    source, target = checked["from_framework"], checked["to_framework"]
    current = Crosswalk.objects.current(source, target)
    current_data = cw.export_data(current) if current is not None else None
    data = export_of(checked)
    result = CrosswalkPreview(
        checked=checked,
        data=data,
        current=current,
        current_data=current_data,
        token=make_token(cw.dumps(data), cw.dumps(current_data) if current_data else ""),
    )
    result.changes = diff_rows(current_data["rows"] if current_data else [], data["rows"])
    if result.unchanged:
        return result
    result.shown = shown_target(source.pk, target.pk) == target.pk
    result.impact = estimate_impact(checked, current)
    return result


def apply(checked, *, user=None, token=None, source="", file_name=""):
    """Load ``checked`` as the pair's next version, with its history. ``(preview, revision)``;
    ``revision`` is None when the file says what the current version says. ``StalePreview`` when
    ``token`` is given and the pair changed since the preview (nothing is written)."""
    with transaction.atomic():
        list(
            Crosswalk.objects.select_for_update().filter(
                from_framework=checked["from_framework"], to_framework=checked["to_framework"]
            )
        )
        result = preview(checked)
        if token is not None and token != result.token:
            raise StalePreview(f"pratinjau padanan {result.code} sudah usang")
        if result.unchanged:
            return result, None
        loaded = cw.load_data(checked)
        revision = FrameworkRevision.objects.create(
            kind=FrameworkRevision.Kind.CROSSWALK,
            framework=checked["to_framework"],
            crosswalk=loaded.crosswalk,
            code=result.code,
            action=result.action,
            previous_spec=result.current_data,
            digest=result.token,
            changes=result.changes,
            impact=[row.to_json() for row in result.impact],
            source=source[:20],
            file_name=(file_name or "")[:255],
            user=user if getattr(user, "is_authenticated", False) else None,
        )
    return result, revision
