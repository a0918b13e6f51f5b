"""Regenerate spbe-2020.json and pemdi-2026.json from the reference CSVs (numbers kept exactly).

    .venv/bin/python indicators/frameworks/build_from_reference.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/reference beside the project. The output is written in the
loader's canonical layout (``indicators.loader.dumps``), so ``export_framework`` of a loaded file
prints it back byte for byte. Run without Django settings: only the standard library is used,
plus the same canonical number format as the loader.
"""

import csv
import json
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REFERENCE = HERE.parents[2] / "shared" / "reference"

PROCESS_LEVELS = [
    ("Rintisan", "Proses dilaksanakan ad hoc; kebijakan belum ada atau masih berupa konsep."),
    ("Terkelola", "Proses dikelola di sebagian unit; kebijakan telah ditetapkan tetapi belum lengkap."),
    ("Terdefinisi", "Proses dilaksanakan menurut standar di seluruh unit; kebijakan lengkap."),
    ("Terpadu dan Terukur", "Proses terpadu dan diukur melalui reviu berkala."),
    ("Optimum", "Proses terus ditingkatkan berdasarkan hasil reviu dan evaluasi."),
]
SERVICE_LEVELS = [
    ("Informasi", "Layanan memberi informasi satu arah."),
    ("Interaksi", "Layanan dua arah: pencarian, unggah dan unduh."),
    ("Transaksi", "Transaksi elektronik utuh: alur kerja, persetujuan, notifikasi."),
    ("Kolaborasi", "Layanan terpadu dengan layanan lain, secara horizontal atau vertikal."),
    ("Optimum", "Layanan terus ditingkatkan berdasarkan hasil reviu dan evaluasi."),
]
SPBE_BANDS = [
    ("Kurang", "", "1.00", "1.80", "#b00020"),
    ("Cukup", "", "1.80", "2.60", "#e67e22"),
    ("Baik", "", "2.60", "3.50", "#f1c40f"),
    ("Sangat Baik", "", "3.50", "4.20", "#27ae60"),
    ("Memuaskan", "", "4.20", None, "#1e5aa8"),
]
PEMDI_BANDS = [
    ("Kurang", "Merintis", "1.00", "1.50", "#b00020"),
    ("Cukup", "Membangun", "1.50", "2.50", "#e67e22"),
    ("Baik", "Berkembang", "2.50", "3.50", "#f1c40f"),
    ("Sangat Baik", "Melembaga", "3.50", "4.00", "#27ae60"),
    ("Memuaskan", "Unggul", "4.00", None, "#1e5aa8"),
]
# Names that official documents use beside the regulation's (spbe-framework.md §1).
DOMAIN_SHORT = {1: "Kebijakan SPBE"}
INDICATOR_SHORT = {44: "Layanan JDIH"}
INDICATOR_ALIASES = {44: ["Layanan JDIH"]}
FLAGSHIP = {45, 46, 47}
INDICATOR_NOTES = {
    3: 'Teks kriteria resmi indikator ini tidak selaras (tingkat 3 diawali "Kondisi:", tingkat 4 '
    "merujuk kriteria tingkat 2); disalin apa adanya dari PermenPANRB 59/2020.",
}
CONFIDENCE = {
    "likely": "Bobot: kemungkinan besar benar (beberapa sumber sepakat).",
    "guess": "Bobot: perkiraan (sumber tidak sepakat); periksa terhadap naskah resmi.",
}


def decimal_text(value):
    value = Decimal(value).normalize()
    if value.as_tuple().exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _scale(code, name, levels):
    return {
        "code": code,
        "name": name,
        "levels": [{"level": n, "name": lv, "description": d} for n, (lv, d) in enumerate(levels, 1)],
    }


def _bands(rows):
    return [{"name": n, "alt_name": alt, "lower": lo, "upper": up, "colour": colour} for n, alt, lo, up, colour in rows]


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build_spbe(reference):
    rows = _rows(reference / "spbe-2020-indicators.csv")
    criteria = {}
    questions = {}
    for row in _rows(reference / "spbe-2020-criteria.csv"):
        number = int(row["indicator_no"])
        questions.setdefault(number, row["question"])
        if questions[number] != row["question"]:
            raise SystemExit(f"indicator {number}: different questions per level")
        criteria.setdefault(number, []).append({"level": int(row["level"]), "criterion": row["criterion"]})
    domains, aspects, indicators = {}, {}, []
    for row in rows:
        d, a, i = int(row["domain_no"]), int(row["aspect_no"]), int(row["indicator_no"])
        domains[d] = {
            "number": d,
            "name": row["domain_name"],
            "short_name": DOMAIN_SHORT.get(d, ""),
            "weight": decimal_text(row["domain_weight"]),
        }
        aspects[a] = {
            "number": a,
            "domain": d,
            "name": row["aspect_name"],
            "short_name": "",
            "weight": decimal_text(row["aspect_weight"]),
        }
        indicators.append(
            {
                "number": i,
                "aspect": a,
                "name": row["indicator_name"],
                "short_name": INDICATOR_SHORT.get(i, ""),
                "aliases": INDICATOR_ALIASES.get(i, []),
                "weight": decimal_text(row["indicator_weight"]),
                "scale": row["scale"],
                "question": questions[i],
                "note": INDICATOR_NOTES.get(i, ""),
                "is_flagship_slot": i in FLAGSHIP,
                "criteria": sorted(criteria[i], key=lambda c: c["level"]),
            }
        )
    return {
        "format": 1,
        "code": "spbe-2020",
        "name": "Evaluasi Sistem Pemerintahan Berbasis Elektronik 2020",
        "short_name": "SPBE 2020",
        "index_name": "Indeks SPBE",
        "legal_basis": "Peraturan Menteri PANRB Nomor 59 Tahun 2020 tentang Pemantauan dan Evaluasi SPBE",
        "status": "official",
        "status_note": "Bobot, kriteria dan predikat dari Lampiran I PermenPANRB 59/2020 (Tabel 3–13).",
        "description": "4 domain, 8 aspek, 47 indikator; tingkat 1–5 pada skala proses (indikator 1–31) "
        "dan skala layanan (indikator 32–47).",
        "valid_from_year": 2021,
        "valid_to_year": 2025,
        "scales": [
            _scale("layanan", "Layanan", SERVICE_LEVELS),
            _scale("proses", "Proses", PROCESS_LEVELS),
        ],
        "domains": [domains[n] for n in sorted(domains)],
        "aspects": [aspects[n] for n in sorted(aspects)],
        "indicators": sorted(indicators, key=lambda i: i["number"]),
        "bands": _bands(SPBE_BANDS),
    }


def build_pemdi(reference):
    rows = _rows(reference / "pemdi-2026-provisional.csv")
    aspects, indicators = {}, []
    for row in rows:
        a, i = int(row["aspect_no"]), int(row["indicator_no"])
        aspects[a] = {
            "number": a,
            "domain": None,
            "name": row["aspect_name"],
            "short_name": "",
            "weight": decimal_text(row["aspect_weight"]),
        }
        indicators.append(
            {
                "number": i,
                "aspect": a,
                "name": row["indicator_name"],
                "short_name": "",
                "aliases": [],
                "weight": decimal_text(row["indicator_weight"]),
                "scale": "kematangan",
                "question": "",
                "note": CONFIDENCE[row["confidence"]],
                "is_flagship_slot": False,
                # The official text was not available: no criteria rather than invented ones.
                "criteria": [],
            }
        )
    generic = [(f"Tingkat {n}", "Uraian resmi belum tersedia.") for n in range(1, 6)]
    return {
        "format": 1,
        "code": "pemdi-2026",
        "name": "Evaluasi Kinerja Pemerintah Digital 2026",
        "short_name": "Pemdi 2026",
        "index_name": "Indeks Pemerintah Digital",
        "legal_basis": "PermenPANRB Nomor 8 Tahun 2026 tentang Evaluasi Kinerja Pemerintah Digital "
        "(dikutip sumber sekunder; naskah resmi belum diperiksa)",
        "status": "provisional",
        "status_note": "Sementara: struktur dan bobot aspek disepakati beberapa sumber, beberapa bobot "
        "indikator tidak; kriteria tingkat belum tersedia. Administrator mengonfirmasi setelah "
        "mencocokkan dengan naskah resmi.",
        "description": "7 aspek, 20 indikator, tingkat 1–5, tanpa domain.",
        "valid_from_year": 2026,
        "valid_to_year": None,
        "scales": [_scale("kematangan", "Tingkat kematangan (sementara)", generic)],
        "domains": [],
        "aspects": [aspects[n] for n in sorted(aspects)],
        "indicators": sorted(indicators, key=lambda i: i["number"]),
        "bands": _bands(PEMDI_BANDS),
    }


def main(argv):
    reference = Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    for name, build in (("spbe-2020.json", build_spbe), ("pemdi-2026.json", build_pemdi)):
        (HERE / name).write_text(dumps(build(reference)), encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main(sys.argv)
