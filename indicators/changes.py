"""What a framework file would change: the difference between two framework specs, pure.

A *spec* is the file format's dictionary (``indicators.loader.check`` / ``export_data``: weights and
bounds as decimal text). ``diff(old, new)`` lists every change as a ``Change`` (what part, what kind,
which number or band, old → new), in a fixed order: domains, aspects, indicators, bands, then texts.
Parts are matched by number (bands by name), as the loader updates them in place. A change *scores*
when it can move an index or a predicate (weights, membership, parts added or removed, band bounds);
renames and other texts do not.

``structure_of_spec(spec)`` is the spec as ``scoring.Structure``, so the index of any period's levels
can be computed under the new file before it is loaded (``indicators.revisions``). No database here.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from decimal import Decimal

from indicators import scoring

# Kinds of change. ``SCORING_KINDS`` move an index or a predicate; the others are words.
ADDED = "added"
REMOVED = "removed"
RENAMED = "renamed"
WEIGHT = "weight"
MOVED = "moved"  # an indicator to another aspect, an aspect to another domain
BOUNDS = "bounds"  # a band's lower or upper bound
TEXT = "text"  # any other text: criteria, questions, notes, colours, the framework's own texts
SCORING_KINDS = frozenset({ADDED, REMOVED, WEIGHT, MOVED, BOUNDS})

# The framework's own fields: compared here, written by ``loader._write``.
FRAMEWORK_TEXTS = (
    "name",
    "short_name",
    "index_name",
    "legal_basis",
    "status",
    "status_note",
    "description",
    "valid_from_year",
    "valid_to_year",
)
INDICATOR_TEXTS = ("short_name", "aliases", "scale", "question", "note", "is_flagship_slot", "criteria")


@dataclass(frozen=True)
class Change:
    """One difference: ``part`` is framework, scale, domain, aspect, indicator or band; ``key`` the
    part's number or name; ``old``/``new`` as text ("" where there is none)."""

    part: str
    kind: str
    key: str
    name: str = ""
    old: str = ""
    new: str = ""
    field: str = ""  # for TEXT changes: which key changed

    @property
    def scores(self) -> bool:
        return self.kind in SCORING_KINDS

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Change:
        return cls(**{k: data.get(k, "") for k in ("part", "kind", "key", "name", "old", "new", "field")})


def _text(value) -> str:
    return "" if value is None else str(value)


def _by(items, key):
    return {item[key]: item for item in items or []}


def _numbered(part, old_items, new_items, *, parent=None, texts=()):
    """Changes among numbered parts (domains, aspects, indicators) of two specs."""
    old, new = _by(old_items, "number"), _by(new_items, "number")
    changes = []
    for number in sorted(set(old) | set(new)):
        before, after = old.get(number), new.get(number)
        key = str(number)
        if before is None:
            changes.append(Change(part, ADDED, key, after["name"], "", _text(after["weight"])))
            continue
        if after is None:
            changes.append(Change(part, REMOVED, key, before["name"], _text(before["weight"]), ""))
            continue
        if before["name"] != after["name"]:
            changes.append(Change(part, RENAMED, key, after["name"], before["name"], after["name"]))
        if Decimal(before["weight"]) != Decimal(after["weight"]):
            changes.append(Change(part, WEIGHT, key, after["name"], _text(before["weight"]), _text(after["weight"])))
        if parent and before.get(parent) != after.get(parent):
            changes.append(Change(part, MOVED, key, after["name"], _text(before.get(parent)), _text(after.get(parent))))
        for field in texts:
            if before.get(field) != after.get(field):
                changes.append(Change(part, TEXT, key, after["name"], field=field))
    return changes


def _bands(old_items, new_items):
    old, new = _by(old_items, "name"), _by(new_items, "name")
    changes = []
    for name in sorted(set(old) | set(new), key=lambda n: Decimal((new.get(n) or old.get(n))["lower"])):
        before, after = old.get(name), new.get(name)
        if before is None:
            changes.append(Change("band", ADDED, name, name, "", _range(after)))
        elif after is None:
            changes.append(Change("band", REMOVED, name, name, _range(before), ""))
        else:
            if _range(before) != _range(after):
                changes.append(Change("band", BOUNDS, name, name, _range(before), _range(after)))
            for field in ("alt_name", "colour"):
                if before.get(field) != after.get(field):
                    changes.append(Change("band", TEXT, name, name, field=field))
    return changes


def _range(band) -> str:
    lower = Decimal(band["lower"])
    upper = band.get("upper")
    return f"{lower}–{Decimal(upper)}" if upper is not None else f"≥ {lower}"


def _scales(old_items, new_items):
    old, new = _by(old_items, "code"), _by(new_items, "code")
    return [
        Change("scale", TEXT, code, (new.get(code) or old.get(code))["name"], field="levels")
        for code in sorted(set(old) | set(new))
        if old.get(code) != new.get(code)
    ]


def diff(old: dict | None, new: dict) -> list[Change]:
    """Every change from spec ``old`` (None: nothing loaded yet) to spec ``new``."""
    if old is None:
        return [Change("framework", ADDED, new["code"], new["name"])]
    changes = [
        Change("framework", TEXT, new["code"], new["name"], field=field)
        for field in FRAMEWORK_TEXTS
        if old.get(field) != new.get(field)
    ]
    changes += _scales(old.get("scales"), new.get("scales"))
    changes += _numbered("domain", old.get("domains"), new.get("domains"), texts=("short_name",))
    changes += _numbered("aspect", old.get("aspects"), new.get("aspects"), parent="domain", texts=("short_name",))
    changes += _numbered(
        "indicator", old.get("indicators"), new.get("indicators"), parent="aspect", texts=INDICATOR_TEXTS
    )
    changes += _bands(old.get("bands"), new.get("bands"))
    return changes


def scoring_changes(changes) -> list[Change]:
    return [c for c in changes if c.scores]


def structure_of_spec(spec: dict) -> scoring.Structure:
    """The spec as the scoring structure ``Framework.structure()`` would give once it is loaded."""
    return scoring.Structure(
        indicators=tuple(
            scoring.IndicatorSpec(number=i["number"], weight=Decimal(i["weight"]), aspect=i["aspect"])
            for i in sorted(spec["indicators"], key=lambda i: i["number"])
        ),
        aspects=tuple(
            scoring.AspectSpec(
                number=a["number"],
                weight=Decimal(a["weight"]),
                domain=a.get("domain"),
                name=a["name"],
                short_name=a.get("short_name", ""),
            )
            for a in sorted(spec["aspects"], key=lambda a: a["number"])
        ),
        domains=tuple(
            scoring.DomainSpec(
                number=d["number"], weight=Decimal(d["weight"]), name=d["name"], short_name=d.get("short_name", "")
            )
            for d in sorted(spec.get("domains") or [], key=lambda d: d["number"])
        ),
        bands=tuple(
            scoring.BandSpec(
                name=b["name"],
                lower=Decimal(b["lower"]),
                upper=Decimal(b["upper"]) if b.get("upper") is not None else None,
                colour=b.get("colour", ""),
            )
            for b in sorted(spec["bands"], key=lambda b: Decimal(b["lower"]))
        ),
    )


def token(new_text: str, current_text: str = "") -> str:
    """What a preview is about: the uploaded content and the framework it was compared with. A
    confirmation carrying another token (the file or the loaded framework changed since) is stale."""
    digest = hashlib.sha256()
    digest.update(new_text.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(current_text.encode("utf-8"))
    return digest.hexdigest()
