"""Shared builders of the SPBE 2020 → Pemdi 2026 transition tests: the two shipped frameworks and
the shipped crosswalk between them, loaded from their files."""

from indicators import crosswalk, loader


def load_shipped_framework(code):
    path = next(p for p in loader.shipped_files() if p.name == f"{code}.json")
    return loader.load_file(path).framework


def load_shipped_crosswalk():
    """Loads both frameworks when missing, then the shipped crosswalk; returns the Crosswalk."""
    from indicators.models import Framework

    for code in ("spbe-2020", "pemdi-2026"):
        if not Framework.objects.filter(code=code).exists():
            load_shipped_framework(code)
    path = next(p for p in crosswalk.shipped_files() if p.name == "spbe-2020--pemdi-2026.json")
    return crosswalk.load_file(path).crosswalk
