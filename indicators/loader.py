"""Framework files: read, check, load into the database, and export back (docs/framework-format.md).

``load_file(path)`` checks everything first and writes only when nothing is wrong, inside one
transaction; each problem is reported with the item it concerns ("indikator 12: ..."). Loading the
same content again changes nothing; loading changed content over an existing framework updates it
in place (by number, so answers and periods keep pointing at the same indicator rows), unless the
framework is locked (``indicators.locks``), which is refused.

``export_data(framework)`` produces the same dictionary the loader accepts, and ``dumps`` writes it
in the one canonical layout, so an exported file loads back to the identical framework and the
shipped files are byte-for-byte what ``export_framework`` prints.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from indicators import structure_cache
from indicators.changes import FRAMEWORK_TEXTS
from indicators.locks import is_locked
from indicators.models import (
    Aspect,
    Domain,
    Framework,
    Indicator,
    LevelCriterion,
    PredicateBand,
    Scale,
    ScaleLevel,
)

FORMAT_VERSION = 1
LEVELS = (1, 2, 3, 4, 5)
TOLERANCE = Decimal("0.001")
HUNDRED = Decimal(100)
INDEX_MIN = Decimal("1.00")
INDEX_MAX = Decimal("5.00")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
# Bounds on what a framework file may hold, checked before anything is built from it: a shipped file
# is about 100 KB with numbers of at most four digits, so these only refuse hostile files (a
# 5,000-digit integer, 100,000 nested lists) with one clear message instead of a traceback.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_INTEGER_DIGITS = 18
MAX_DEPTH = 32
MAX_NUMBER = 32767  # the PositiveSmallIntegerField every number and year is stored in

TOP_KEYS = {
    "format": False,
    "code": True,
    "name": True,
    "short_name": False,
    "index_name": False,
    "legal_basis": False,
    "status": True,
    "status_note": False,
    "description": False,
    "valid_from_year": False,
    "valid_to_year": False,
    "scales": True,
    "domains": False,
    "aspects": True,
    "indicators": True,
    "bands": True,
}
SCALE_KEYS = {"code": True, "name": True, "levels": True}
SCALE_LEVEL_KEYS = {"level": True, "name": True, "description": False}
DOMAIN_KEYS = {"number": True, "name": True, "short_name": False, "weight": True}
ASPECT_KEYS = {"number": True, "domain": False, "name": True, "short_name": False, "weight": True}
INDICATOR_KEYS = {
    "number": True,
    "aspect": True,
    "name": True,
    "short_name": False,
    "aliases": False,
    "weight": True,
    "scale": True,
    "question": False,
    "note": False,
    "is_flagship_slot": False,
    "criteria": False,
}
CRITERION_KEYS = {"level": True, "criterion": True}
BAND_KEYS = {"name": True, "alt_name": False, "lower": True, "upper": True, "colour": False}


class FrameworkFileError(Exception):
    """The file cannot be loaded; ``errors`` lists every problem, each naming its item."""

    def __init__(self, errors, source=""):
        self.errors = list(errors)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(self.errors))


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    action: str  # "created", "updated" or "unchanged"


# --- canonical values -----------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """A weight or bound as text with at least two decimals and no trailing zeros beyond: 1.3000 → "1.30"."""
    value = Decimal(value).normalize()
    if value.as_tuple().exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- checking ------------------------------------------------------------------------------------


class _Checker:
    def __init__(self):
        self.errors: list[str] = []

    def error(self, where, message):
        self.errors.append(f"{where}: {message}" if where else message)

    def keys(self, where, item, spec):
        if not isinstance(item, dict):
            self.error(where, "harus berupa objek JSON")
            return False
        for key in item:
            if key not in spec:
                self.error(where, f"kunci tidak dikenal '{key}'")
        ok = True
        for key, required in spec.items():
            if required and key not in item:
                self.error(where, f"kunci '{key}' wajib ada")
                ok = False
        return ok

    def text(self, where, item, key, model, field=None, *, required=False):
        value = item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(where, f"'{key}' harus berupa teks")
            return ""
        value = value.strip()
        if "\x00" in value:
            self.error(where, f"'{key}' berisi karakter NUL (\\x00)")
            return ""
        if required and not value:
            self.error(where, f"'{key}' tidak boleh kosong")
        max_length = model._meta.get_field(field or key).max_length if model else None
        if max_length and len(value) > max_length:
            self.error(where, f"'{key}' lebih dari {max_length} karakter")
        return value

    def number(self, where, item, key, *, required=True):
        value = item.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
            self.error(where, f"'{key}' harus bilangan bulat 1–{MAX_NUMBER} (ditemukan {_shown(value)})")
            return None
        return value

    def decimal(self, where, item, key, *, places=None, allow_none=False):
        value = item.get(key)
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal, float)):
            self.error(where, f"'{key}' harus angka desimal, misalnya \"1.30\" (ditemukan {value!r})")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.error(where, f"'{key}' bukan angka desimal: {value!r}")
            return None
        if not number.is_finite() or number < 0:
            self.error(where, f"'{key}' harus angka tidak negatif (ditemukan {_shown(value)})")
            return None
        if number.adjusted() > 6:  # no weight or bound reaches a million; 1e308 would not quantize
            self.error(where, f"'{key}' terlalu besar (ditemukan {_shown(value)})")
            return None
        if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
            self.error(where, f"'{key}' paling banyak {places} angka desimal (ditemukan {value!r})")
            return None
        if number.quantize(Decimal("0.0001")) != number:
            self.error(where, f"'{key}' paling banyak 4 angka desimal (ditemukan {value!r})")
            return None
        return number


def _shown(value):
    """A value for a message: short, whatever the file held."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _numbered(checker, items, label, keys, where_of=None):
    """Check a list of numbered items: object shape and no duplicate numbers."""
    seen = {}
    if not isinstance(items, list):
        checker.error(label, "harus berupa daftar")
        return []
    out = []
    for position, item in enumerate(items, 1):
        where = f"{label} ke-{position}"
        if not checker.keys(where, item, keys):
            continue
        number = checker.number(where, item, "number")
        if number is None:
            continue
        where = f"{label} {number}"
        if number in seen:
            checker.error(where, "nomor ganda (muncul lebih dari sekali)")
            continue
        seen[number] = item
        out.append((number, where, item))
    return out


def _known(reference, table):
    """Whether a reference (a domain or aspect number, a scale code) names an item of ``table``.

    A list or an object in its place (valid JSON, wrong type) names nothing: no TypeError.
    """
    try:
        return reference in table
    except TypeError:
        return False


def _weights_add_up(checker, where, total, expected, parts):
    if abs(total - expected) > TOLERANCE:
        checker.error(
            where,
            f"bobot {parts} berjumlah {decimal_text(total)}, seharusnya {decimal_text(expected)} (toleransi 0,001)",
        )


def check(data) -> dict:
    """The file's content in canonical form (as ``export_data`` writes it); raises FrameworkFileError."""
    c = _Checker()
    if not c.keys("berkas", data, TOP_KEYS):
        raise FrameworkFileError(c.errors)
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        c.error("berkas", f"format {data.get('format')!r} tidak dikenal (yang didukung: {FORMAT_VERSION})")
    out = {"format": FORMAT_VERSION}
    code = c.text("kerangka", data, "code", Framework, required=True)
    if code and not SLUG_RE.match(code):
        c.error("kerangka", f"kode '{code}' hanya boleh huruf, angka, '-' dan '_'")
    out["code"] = code
    for key, required in (("name", True), ("short_name", False), ("index_name", False), ("legal_basis", False)):
        out[key] = c.text("kerangka", data, key, Framework, required=required)
    out["index_name"] = out["index_name"] or "Indeks SPBE"
    status = data.get("status")
    if status not in Framework.Status.values:
        c.error("kerangka", f"status {status!r} tidak dikenal (official atau provisional)")
    out["status"] = status
    out["status_note"] = c.text("kerangka", data, "status_note", None)
    out["description"] = c.text("kerangka", data, "description", None)
    for key in ("valid_from_year", "valid_to_year"):
        out[key] = c.number("kerangka", data, key, required=False)
    provisional = status == Framework.Status.PROVISIONAL

    # scales
    scales = {}
    out["scales"] = []
    if not isinstance(data.get("scales"), list) or not data.get("scales"):
        c.error("skala", "paling sedikit satu skala")
    else:
        for position, item in enumerate(data["scales"], 1):
            where = f"skala ke-{position}"
            if not c.keys(where, item, SCALE_KEYS):
                continue
            scale_code = c.text(where, item, "code", Scale, required=True)
            where = f"skala '{scale_code}'"
            if scale_code in scales:
                c.error(where, "kode ganda")
                continue
            scale = {"code": scale_code, "name": c.text(where, item, "name", Scale, required=True), "levels": []}
            levels = item.get("levels")
            if not isinstance(levels, list):
                c.error(where, "'levels' harus berupa daftar")
                levels = []
            found = []
            for level_item in levels:
                if not c.keys(where + " tingkat", level_item, SCALE_LEVEL_KEYS):
                    continue
                level = level_item.get("level")
                found.append(level)
                scale["levels"].append(
                    {
                        "level": level,
                        "name": c.text(f"{where} tingkat {level}", level_item, "name", ScaleLevel, required=True),
                        "description": c.text(f"{where} tingkat {level}", level_item, "description", None),
                    }
                )
            if found != list(LEVELS):
                c.error(where, f"harus memuat tepat tingkat 1–5 berurutan (ditemukan {found})")
            scales[scale_code] = scale
            out["scales"].append(scale)

    # domains
    domains = {}
    out["domains"] = []
    for number, where, item in _numbered(c, data.get("domains") or [], "domain", DOMAIN_KEYS):
        weight = c.decimal(where, item, "weight")
        domains[number] = {
            "number": number,
            "name": c.text(where, item, "name", Domain, required=True),
            "short_name": c.text(where, item, "short_name", Domain),
            "weight": weight,
        }
    out["domains"] = [domains[n] for n in sorted(domains)]

    # aspects
    aspects = {}
    for number, where, item in _numbered(c, data.get("aspects"), "aspek", ASPECT_KEYS):
        domain = item.get("domain")
        if domains:
            if not _known(domain, domains):
                c.error(where, f"domain {domain!r} tidak ada dalam berkas")
        elif domain is not None:
            c.error(where, f"domain {domain!r} tidak ada: kerangka ini tidak mempunyai domain")
            domain = None
        aspects[number] = {
            "number": number,
            "domain": domain,
            "name": c.text(where, item, "name", Aspect, required=True),
            "short_name": c.text(where, item, "short_name", Aspect),
            "weight": c.decimal(where, item, "weight"),
        }
    if not aspects:
        c.error("aspek", "paling sedikit satu aspek")
    out["aspects"] = [aspects[n] for n in sorted(aspects)]

    # indicators
    indicators = {}
    for number, where, item in _numbered(c, data.get("indicators"), "indikator", INDICATOR_KEYS):
        aspect = item.get("aspect")
        if not _known(aspect, aspects):
            c.error(where, f"aspek {aspect!r} tidak ada dalam berkas")
        scale = item.get("scale")
        if not _known(scale, scales):
            c.error(where, f"skala {scale!r} tidak dikenal (yang ada: {', '.join(sorted(scales)) or '-'})")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() and "\x00" not in a for a in aliases
        ):
            c.error(where, "'aliases' harus daftar teks")
            aliases = []
        flagship = item.get("is_flagship_slot", False)
        if not isinstance(flagship, bool):
            c.error(where, "'is_flagship_slot' harus true atau false")
            flagship = False
        criteria = item.get("criteria", [])
        if not isinstance(criteria, list):
            c.error(where, "'criteria' harus berupa daftar")
            criteria = []
        clean_criteria = []
        for criterion in criteria:
            if c.keys(where + " kriteria", criterion, CRITERION_KEYS):
                clean_criteria.append(
                    {
                        "level": criterion["level"],
                        "criterion": c.text(
                            f"{where} tingkat {criterion['level']}", criterion, "criterion", None, required=True
                        ),
                    }
                )
        found = [criterion["level"] for criterion in clean_criteria]
        if found != list(LEVELS) and not (provisional and not found):
            c.error(
                where,
                f"kriteria harus memuat tepat tingkat 1–5 berurutan (ditemukan {found})"
                + ("" if provisional else "; hanya kerangka sementara boleh tanpa kriteria"),
            )
        indicators[number] = {
            "number": number,
            "aspect": aspect,
            "name": c.text(where, item, "name", Indicator, required=True),
            "short_name": c.text(where, item, "short_name", Indicator),
            "aliases": [a.strip() for a in aliases],
            "weight": c.decimal(where, item, "weight"),
            "scale": scale,
            "question": c.text(where, item, "question", None),
            "note": c.text(where, item, "note", None),
            "is_flagship_slot": flagship,
            "criteria": clean_criteria,
        }
    if not indicators:
        c.error("indikator", "paling sedikit satu indikator")
    out["indicators"] = [indicators[n] for n in sorted(indicators)]

    # weights add up: indicators → aspect → domain → 100
    if not any("bobot" in e or "'weight'" in e for e in c.errors):
        for number, aspect in aspects.items():
            parts = [i["weight"] for i in indicators.values() if i["aspect"] == number and i["weight"] is not None]
            if not parts:
                c.error(f"aspek {number}", "tidak mempunyai indikator")
            elif aspect["weight"] is not None:
                _weights_add_up(c, f"aspek {number}", sum(parts), aspect["weight"], "indikatornya")
        for number, domain in domains.items():
            parts = [a["weight"] for a in aspects.values() if a["domain"] == number and a["weight"] is not None]
            if not parts:
                c.error(f"domain {number}", "tidak mempunyai aspek")
            elif domain["weight"] is not None:
                _weights_add_up(c, f"domain {number}", sum(parts), domain["weight"], "aspeknya")
        top = domains if domains else aspects
        top_weights = [item["weight"] for item in top.values() if item["weight"] is not None]
        _weights_add_up(c, "kerangka", sum(top_weights), HUNDRED, "domain" if domains else "aspek")
        all_weights = [i["weight"] for i in indicators.values() if i["weight"] is not None]
        _weights_add_up(c, "kerangka", sum(all_weights), HUNDRED, "semua indikator")

    out["bands"] = _check_bands(c, data.get("bands"))

    if c.errors:
        raise FrameworkFileError(c.errors)
    return _canonical(out)


def _check_bands(c, bands):
    if not isinstance(bands, list) or not bands:
        c.error("predikat", "paling sedikit satu predikat")
        return []
    clean = []
    for position, item in enumerate(bands, 1):
        where = f"predikat ke-{position}"
        if not c.keys(where, item, BAND_KEYS):
            continue
        name = c.text(where, item, "name", PredicateBand, required=True)
        where = f"predikat '{name}'"
        colour = item.get("colour", "#888888")
        if not isinstance(colour, str) or not COLOUR_RE.match(colour):
            c.error(where, f"warna {colour!r} harus berbentuk #rrggbb")
        lower = c.decimal(where, item, "lower", places=2)
        upper = c.decimal(where, item, "upper", places=2, allow_none=True)
        if lower is not None and upper is not None and upper <= lower:
            c.error(where, f"batas atas {decimal_text(upper)} harus lebih besar dari batas bawah {decimal_text(lower)}")
        clean.append(
            {
                "name": name,
                "alt_name": c.text(where, item, "alt_name", PredicateBand),
                "lower": lower,
                "upper": upper,
                "colour": colour,
            }
        )
    if any(b["lower"] is None for b in clean) or len(clean) != len(bands):
        return clean
    names = [b["name"] for b in clean]
    for name in {n for n in names if names.count(n) > 1}:
        c.error(f"predikat '{name}'", "nama ganda")
    clean.sort(key=lambda b: b["lower"])
    if clean[0]["lower"] > INDEX_MIN:
        c.error(
            f"predikat '{clean[0]['name']}'",
            f"celah: nilai 1,00 sampai {decimal_text(clean[0]['lower'])} tidak masuk predikat mana pun",
        )
    for band, following in zip(clean, clean[1:], strict=False):
        where = f"predikat '{band['name']}' dan '{following['name']}'"
        if band["upper"] is None:
            c.error(where, f"tumpang tindih: '{band['name']}' tidak berbatas atas")
        elif band["upper"] < following["lower"]:
            c.error(
                where,
                f"celah antara {decimal_text(band['upper'])} dan {decimal_text(following['lower'])}",
            )
        elif band["upper"] > following["lower"]:
            c.error(
                where,
                f"tumpang tindih antara {decimal_text(following['lower'])} dan {decimal_text(band['upper'])}",
            )
    top = clean[-1]
    if top["upper"] is not None and top["upper"] <= INDEX_MAX:
        c.error(
            f"predikat '{top['name']}'",
            f"celah: nilai {decimal_text(top['upper'])} sampai 5,00 tidak masuk predikat mana pun "
            "(predikat teratas ditulis dengan upper null)",
        )
    return clean


def _canonical(out):
    """Decimals as canonical text, keys in the documented order."""
    for item in out["domains"] + out["aspects"] + out["indicators"]:
        item["weight"] = decimal_text(item["weight"])
    for band in out["bands"]:
        band["lower"] = decimal_text(band["lower"])
        band["upper"] = decimal_text(band["upper"]) if band["upper"] is not None else None
    return out


class _Refused(ValueError):
    """A number json.loads must not build (raised from its hooks)."""


def _bounded_int(text):
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(f"bilangan bulat lebih dari {MAX_INTEGER_DIGITS} digit ({text[:20]}...)")
    return int(text)


def _no_constant(name):
    raise _Refused(f"{name} bukan angka yang sah")


def _nesting_depth(text):
    """The deepest nesting of lists and objects, counted without building anything (strings skipped)."""
    depth = deepest = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def parse(text: str, source: str = ""):
    if _nesting_depth(text) > MAX_DEPTH:
        raise FrameworkFileError([f"bersarang lebih dari {MAX_DEPTH} tingkat: bukan berkas kerangka"], source)
    try:
        data = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise FrameworkFileError(
            [f"bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}): {exc.msg}"], source
        ) from None
    except (_Refused, RecursionError) as exc:
        raise FrameworkFileError([f"bukan berkas kerangka: {exc}"], source) from None
    return data


def read_file(path) -> dict:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FrameworkFileError([f"lebih dari {MAX_FILE_BYTES} bita: bukan berkas kerangka"], str(path))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkFileError([f"tidak dapat dibaca: {exc}"], str(path)) from None
    try:
        return check(parse(text, str(path)))
    except FrameworkFileError as exc:
        raise FrameworkFileError(exc.errors, str(path)) from None


# --- export --------------------------------------------------------------------------------------


def export_data(framework: Framework) -> dict:
    """The framework as the file format's dictionary (canonical: what ``check`` returns)."""
    scales = list(framework.scales.prefetch_related("levels").order_by("code"))
    indicators = list(
        framework.indicators.select_related("aspect", "scale").prefetch_related("criteria").order_by("number")
    )
    return {
        "format": FORMAT_VERSION,
        "code": framework.code,
        "name": framework.name,
        "short_name": framework.short_name,
        "index_name": framework.index_name,
        "legal_basis": framework.legal_basis,
        "status": framework.status,
        "status_note": framework.status_note,
        "description": framework.description,
        "valid_from_year": framework.valid_from_year,
        "valid_to_year": framework.valid_to_year,
        "scales": [
            {
                "code": s.code,
                "name": s.name,
                "levels": [
                    {"level": lv.level, "name": lv.name, "description": lv.description}
                    for lv in sorted(s.levels.all(), key=lambda lv: lv.level)
                ],
            }
            for s in scales
        ],
        "domains": [
            {"number": d.number, "name": d.name, "short_name": d.short_name, "weight": decimal_text(d.weight)}
            for d in framework.domains.order_by("number")
        ],
        "aspects": [
            {
                "number": a.number,
                "domain": a.domain.number if a.domain else None,
                "name": a.name,
                "short_name": a.short_name,
                "weight": decimal_text(a.weight),
            }
            for a in framework.aspects.select_related("domain").order_by("number")
        ],
        "indicators": [
            {
                "number": i.number,
                "aspect": i.aspect.number,
                "name": i.name,
                "short_name": i.short_name,
                "aliases": list(i.aliases or []),
                "weight": decimal_text(i.weight),
                "scale": i.scale.code,
                "question": i.question,
                "note": i.note,
                "is_flagship_slot": i.is_flagship_slot,
                "criteria": [
                    {"level": c.level, "criterion": c.criterion}
                    for c in sorted(i.criteria.all(), key=lambda c: c.level)
                ],
            }
            for i in indicators
        ],
        "bands": [
            {
                "name": b.name,
                "alt_name": b.alt_name,
                "lower": decimal_text(b.lower),
                "upper": decimal_text(b.upper) if b.upper is not None else None,
                "colour": b.colour,
            }
            for b in framework.bands.order_by("lower")
        ],
    }


def _comparable(data):
    """Scales in code order (export's order), everything else is already canonical."""
    data = dict(data)
    data["scales"] = sorted(data["scales"], key=lambda s: s["code"])
    return data


# --- load ----------------------------------------------------------------------------------------


def load_file(path) -> LoadResult:
    path = Path(path)
    data = read_file(path)
    try:
        return load_data(data)
    except FrameworkFileError as exc:
        raise FrameworkFileError(exc.errors, str(path)) from None


def load_data(data: dict) -> LoadResult:
    """Load checked (``check``) or raw data: create, update in place, or leave an identical one alone."""
    data = check(data)
    existing = Framework.objects.filter(code=data["code"]).first()
    if existing is not None:
        if _comparable(export_data(existing)) == _comparable(data):
            return LoadResult(existing, "unchanged")
        reason = is_locked(existing)
        if reason:
            raise FrameworkFileError(
                [f"kerangka '{existing.code}' terkunci dan tidak diubah: {reason} Muat sebagai versi baru (kode lain)."]
            )
    try:
        with transaction.atomic():
            framework = _write(existing, data)
            # bulk_create sends no signals: the per-process structure caches learn of the change here.
            structure_cache.bump(framework.pk)
    except ProtectedError as exc:
        used = sorted({str(obj) for obj in exc.protected_objects})[:5]
        raise FrameworkFileError(
            [
                "kerangka tidak diubah: bagian yang hendak dihapus masih dipakai ("
                + ", ".join(used)
                + "). Muat sebagai versi baru (kode lain)."
            ]
        ) from None
    framework.refresh_from_db(fields=["structure_version"])  # and drops the instance's own cache
    return LoadResult(framework, "created" if existing is None else "updated")


def _write(framework, data):
    fields = {key: data[key] for key in FRAMEWORK_TEXTS}
    if framework is None:
        return _create(Framework.objects.create(code=data["code"], **fields), data)
    else:
        for key, value in fields.items():
            setattr(framework, key, value)
        framework.save()

    scales = {}
    for item in data["scales"]:
        scale, _ = Scale.objects.update_or_create(
            framework=framework, code=item["code"], defaults={"name": item["name"]}
        )
        for level in item["levels"]:
            ScaleLevel.objects.update_or_create(
                scale=scale, level=level["level"], defaults={"name": level["name"], "description": level["description"]}
            )
        scales[item["code"]] = scale

    domains = {}
    for item in data["domains"]:
        domains[item["number"]], _ = Domain.objects.update_or_create(
            framework=framework,
            number=item["number"],
            defaults={"name": item["name"], "short_name": item["short_name"], "weight": Decimal(item["weight"])},
        )
    aspects = {}
    for item in data["aspects"]:
        aspects[item["number"]], _ = Aspect.objects.update_or_create(
            framework=framework,
            number=item["number"],
            defaults={
                "domain": domains.get(item["domain"]),
                "name": item["name"],
                "short_name": item["short_name"],
                "weight": Decimal(item["weight"]),
            },
        )
    numbers = []
    for item in data["indicators"]:
        indicator, _ = Indicator.objects.update_or_create(
            framework=framework,
            number=item["number"],
            defaults={
                "aspect": aspects[item["aspect"]],
                "name": item["name"],
                "short_name": item["short_name"],
                "aliases": item["aliases"],
                "weight": Decimal(item["weight"]),
                "scale": scales[item["scale"]],
                "question": item["question"],
                "note": item["note"],
                "is_flagship_slot": item["is_flagship_slot"],
            },
        )
        numbers.append(item["number"])
        levels = [c["level"] for c in item["criteria"]]
        for criterion in item["criteria"]:
            LevelCriterion.objects.update_or_create(
                indicator=indicator, level=criterion["level"], defaults={"criterion": criterion["criterion"]}
            )
        indicator.criteria.exclude(level__in=levels).delete()

    # What the file no longer has goes; PROTECT (answers, periods) stops it and rolls back.
    framework.indicators.exclude(number__in=numbers).delete()
    framework.aspects.exclude(number__in=list(aspects)).delete()
    framework.domains.exclude(number__in=list(domains)).delete()
    for scale in framework.scales.exclude(code__in=list(scales)):
        scale.delete()
    for code, item in ((s["code"], s) for s in data["scales"]):
        scales[code].levels.exclude(level__in=[lv["level"] for lv in item["levels"]]).delete()

    framework.bands.all().delete()
    PredicateBand.objects.bulk_create(
        PredicateBand(
            framework=framework,
            name=band["name"],
            alt_name=band["alt_name"],
            lower=Decimal(band["lower"]),
            upper=Decimal(band["upper"]) if band["upper"] is not None else None,
            colour=band["colour"],
        )
        for band in data["bands"]
    )
    return framework


def _create(framework, data):
    """A new framework's parts in a few bulk inserts (the update path goes item by item)."""
    scales = {item["code"]: Scale(framework=framework, code=item["code"], name=item["name"]) for item in data["scales"]}
    Scale.objects.bulk_create(scales.values())
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scales[item["code"]], level=lv["level"], name=lv["name"], description=lv["description"])
        for item in data["scales"]
        for lv in item["levels"]
    )
    domains = {
        item["number"]: Domain(
            framework=framework,
            number=item["number"],
            name=item["name"],
            short_name=item["short_name"],
            weight=Decimal(item["weight"]),
        )
        for item in data["domains"]
    }
    Domain.objects.bulk_create(domains.values())
    aspects = {
        item["number"]: Aspect(
            framework=framework,
            domain=domains.get(item["domain"]),
            number=item["number"],
            name=item["name"],
            short_name=item["short_name"],
            weight=Decimal(item["weight"]),
        )
        for item in data["aspects"]
    }
    Aspect.objects.bulk_create(aspects.values())
    indicators = {
        item["number"]: Indicator(
            framework=framework,
            aspect=aspects[item["aspect"]],
            number=item["number"],
            name=item["name"],
            short_name=item["short_name"],
            aliases=item["aliases"],
            weight=Decimal(item["weight"]),
            scale=scales[item["scale"]],
            question=item["question"],
            note=item["note"],
            is_flagship_slot=item["is_flagship_slot"],
        )
        for item in data["indicators"]
    }
    Indicator.objects.bulk_create(indicators.values())
    LevelCriterion.objects.bulk_create(
        LevelCriterion(indicator=indicators[item["number"]], level=c["level"], criterion=c["criterion"])
        for item in data["indicators"]
        for c in item["criteria"]
    )
    PredicateBand.objects.bulk_create(
        PredicateBand(
            framework=framework,
            name=band["name"],
            alt_name=band["alt_name"],
            lower=Decimal(band["lower"]),
            upper=Decimal(band["upper"]) if band["upper"] is not None else None,
            colour=band["colour"],
        )
        for band in data["bands"]
    )
    return framework


def shipped_files():
    return sorted((Path(__file__).resolve().parent / "frameworks").glob("*.json"))


def delete_framework(framework):
    """Delete a framework (its indicators first: their scale is PROTECT). Answers and periods that use
    it still protect it (ProtectedError); a locked framework raises FrameworkFileError."""
    reason = is_locked(framework)
    if reason:
        raise FrameworkFileError([f"kerangka '{framework.code}' terkunci: {reason}"])
    with transaction.atomic():
        framework.indicators.all().delete()
        framework.delete()
