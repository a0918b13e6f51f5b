"""The move from one framework version to the next (SPBE 2020 → Pemdi 2026): related answers of the
source period on each new answer page and their reuse, the estimated position on the new framework,
and the "Transisi ke Pemdi" page. The crosswalk itself is data in ``indicators.crosswalk``."""
