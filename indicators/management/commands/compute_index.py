"""Compute an index from a CSV of levels: ``indicator,level``, one row per indicator number; or
from published summary values: ``--domains "1=3.50,2=2.70,3=2.73,4=4.01"`` (every domain) or
``--aspects "1=3.10,…"`` (every aspect, for a framework without domains), with the framework's
weights (``scoring.index_from_domains`` / ``index_from_aspects``).

For users who keep levels in a spreadsheet and for checking published results. Bad input exits
with status 2 and one line naming the row (or the part) and the problem. A row with an empty level
counts as not yet assessed (reported under "missing"), never as 0. The JSON output has the same
keys either way; from summary values the domains (or aspects) given are listed and the others
are null.
"""

import csv
import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from indicators import scoring
from indicators.crosswalk import map_between
from indicators.loader import decimal_text
from indicators.models import Crosswalk, Framework
from indicators.summary_values import parse_summary_values

EXIT_BAD_INPUT = 2


def _fail(message):
    return CommandError(" ".join(str(message).split()), returncode=EXIT_BAD_INPUT)


def _whole(text):
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    # 1e999999999 is finite but its int() would take minutes: no row number or level is that long.
    if not value.is_finite() or value.adjusted() > 6 or value != value.to_integral_value():
        return None
    return int(value)


def read_levels(path, numbers):
    """``{number: level}`` from the CSV at ``path``; raises CommandError naming the row."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _fail(f"{path}: tidak dapat dibaca: {exc}") from None
    if not rows:
        raise _fail(f"{path}: berkas kosong; baris pertama harus 'indicator,level'")
    header = [cell.strip().lower() for cell in rows[0]]
    if "indicator" not in header or "level" not in header:
        raise _fail(f"{path} baris 1: kepala kolom 'indicator,level' tidak ada (ditemukan {','.join(rows[0])!r})")
    col_number, col_level = header.index("indicator"), header.index("level")
    levels, seen = {}, {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(col_number, col_level) + 1 - len(row))
        raw_number, raw_level = cells[col_number].strip(), cells[col_level].strip()
        number = _whole(raw_number)
        if number is None:
            raise _fail(f"{path} baris {line}: nomor indikator {raw_number!r} bukan bilangan bulat")
        if number not in numbers:
            raise _fail(f"{path} baris {line}: indikator {number} tidak ada dalam kerangka")
        if number in seen:
            raise _fail(f"{path} baris {line}: indikator {number} sudah ada di baris {seen[number]} (baris ganda)")
        seen[number] = line
        if raw_level == "":
            continue
        level = _whole(raw_level.replace(",", "."))
        if level is None or not 1 <= level <= 5:
            raise _fail(f"{path} baris {line}: tingkat {raw_level!r} indikator {number} harus bilangan bulat 1–5")
        levels[number] = level
    return levels


def summary_result(structure, *, domains=None, aspects=None):
    """An ``IndexResult`` from summary values (``--domains`` or ``--aspects``); CommandError naming the bad part."""
    option, text = ("--domains", domains) if domains is not None else ("--aspects", aspects)
    what = "domain" if domains is not None else "aspek"
    try:
        values = parse_summary_values(text, what)
        if domains is not None:
            index = scoring.index_from_domains(structure, values)
        else:
            index = scoring.index_from_aspects(structure, values)
    except ValueError as exc:
        raise _fail(f"{option}: {exc}") from None
    given_domains = values if domains is not None else {}
    given_aspects = values if aspects is not None else {}
    return scoring.IndexResult(
        index=index,
        predicate=scoring.predicate_for(structure, index),
        aspects={a.number: given_aspects.get(a.number) for a in structure.aspects},
        domains={d.number: given_domains.get(d.number) for d in structure.domains},
    )


def _text(value):
    return decimal_text(value) if value is not None else None


def _shown(value, structure):
    """A domain or aspect value for the text output: "3.495 (3.495)", by scoring.display_index."""
    return f"{scoring.display_index(value, structure)} ({decimal_text(value)})" if value is not None else "-"


def _boundary(value, structure):
    """The band a value shown with three or more decimals has not reached and the exact distance."""
    near = scoring.boundary(value, structure)
    if near is None:
        return None
    return {"band": near.band.name, "distance": near.distance_display}


def _estimate_target(fw, code):
    target = Framework.objects.filter(code=code).first()
    if target is None:
        raise _fail(f"kerangka perkiraan '{code}' tidak ada")
    if not Crosswalk.objects.filter(from_framework=fw, to_framework=target).exists():
        raise _fail(f"tidak ada padanan indikator dari {fw.code} ke {code}")
    return target


def _estimate_json(target, guess):
    return {
        "framework": target.code,
        "index": _text(guess.index),
        "coverage": _text(guess.coverage),
        "indicators": [{"number": n, "estimate": _text(value)} for n, value in guess.indicators.items()],
    }


class Command(BaseCommand):
    help = "Hitung indeks dari berkas CSV tingkat (kolom indicator,level)."

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, help="Kode kerangka, misalnya spbe-2020")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--levels", help="Berkas CSV dengan kepala 'indicator,level'")
        source.add_argument("--domains", help='Nilai domain, misalnya "1=3.50,2=2.70,3=2.73,4=4.01"')
        source.add_argument("--aspects", help='Nilai aspek (kerangka tanpa domain), misalnya "1=3.10,2=2.80,…"')
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--floor-missing",
            action="store_true",
            help="Hitung indikator tanpa tingkat sebagai tingkat 1 (hasil sementara).",
        )
        parser.add_argument(
            "--estimate",
            metavar="CODE",
            help="Tambahkan perkiraan pada kerangka lain lewat padanan indikator (misalnya pemdi-2026).",
        )

    def handle(
        self,
        *args,
        framework,
        format,
        levels=None,
        domains=None,
        aspects=None,
        floor_missing=False,
        estimate=None,
        **options,
    ):
        fw = Framework.objects.filter(code=framework).first()
        if fw is None:
            known = ", ".join(Framework.objects.values_list("code", flat=True)) or "-"
            raise _fail(f"kerangka '{framework}' tidak ada (yang ada: {known})")
        structure = fw.structure()
        target = _estimate_target(fw, estimate) if estimate else None
        guess = None
        if domains is not None or aspects is not None:
            if target is not None:
                # The estimate maps indicator levels; summary values have none.
                raise _fail("--estimate butuh --levels (tingkat per indikator), bukan nilai domain atau aspek")
            result = summary_result(structure, domains=domains, aspects=aspects)
        else:
            level_map = read_levels(levels, set(structure.numbers))
            result = scoring.compute(structure, level_map, floor_missing=floor_missing)
            if target is not None:
                primaries = map_between(fw, target).primaries()
                guess = scoring.estimate(structure, level_map, primaries, target.structure())
        if format == "json":
            data = self._json(fw, structure, result)
            if guess is not None:
                data["estimate"] = _estimate_json(target, guess)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._text_output(fw, structure, result)
            if guess is not None:
                self._estimate_text(target, guess)

    def _estimate_text(self, target, guess):
        out = self.stdout
        shown = scoring.display_index(guess.index, target.structure()) if guess.index is not None else "-"
        out.write(
            f"Perkiraan {target.index_name} ({target.code}): {shown}"
            f" (nilai penuh {_text(guess.index) or '-'}), cakupan bobot {_text(guess.coverage * 100)} %"
        )
        without = [str(n) for n, value in guess.indicators.items() if value is None]
        if without:
            out.write("Tanpa perkiraan (tanpa padanan utama bertingkat): " + ", ".join(without))

    def _json(self, fw, structure, result):
        return {
            "framework": fw.code,
            "index": _text(result.index),
            "index_display": scoring.display_index(result.index, structure) or None,
            "predicate": result.predicate.name if result.predicate else None,
            "near_bound": _text(result.predicate.near_bound) if result.predicate else None,
            "boundary": _boundary(result.index, structure),
            "provisional": result.provisional,
            "domains": [
                {"number": d.number, "name": d.name, "index": _text(result.domains[d.number])}
                for d in structure.domains
            ],
            "aspects": [
                {"number": a.number, "name": a.name, "index": _text(result.aspects[a.number])}
                for a in structure.aspects
            ],
            "missing": list(result.missing),
        }

    def _text_output(self, fw, structure, result):
        out = self.stdout
        out.write(f"{fw.index_name} ({fw.code})")
        if result.index is None:
            out.write("Indeks: - (ada indikator yang belum dinilai)")
        else:
            label = " (sementara: tingkat yang kosong dihitung 1)" if result.provisional else ""
            shown = scoring.display_index(result.index, structure)
            out.write(f"Indeks: {shown} (nilai penuh {decimal_text(result.index)}){label}")
            near = scoring.boundary(result.index, structure)
            if near is not None:
                out.write(f"{near.distance_display} lagi ke {near.band.name}")
            predicate = result.predicate
            hint = ""
            if predicate and predicate.near_bound is not None:
                hint = f" (dekat batas {decimal_text(predicate.near_bound)}: dibaca dari nilai sebelum pembulatan)"
            out.write(f"Predikat: {predicate.name if predicate else '-'}{hint}")
        for d in structure.domains:
            value = result.domains[d.number]
            shown = _shown(value, structure)
            out.write(f"Domain {d.number} {d.name}: {shown}")
        for a in structure.aspects:
            value = result.aspects[a.number]
            shown = _shown(value, structure)
            out.write(f"Aspek {a.number} {a.name}: {shown}")
        if result.missing:
            out.write("Belum dinilai: " + ", ".join(str(n) for n in result.missing))
