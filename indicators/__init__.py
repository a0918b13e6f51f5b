"""What is scored: framework versions (SPBE 2020, Pemdi 2026) as data, and the index arithmetic.

Holds the hierarchy (domain → aspect → indicator → level criteria), predicate bands, the loaders
for framework files shipped in ``indicators/frameworks/``, and ``scoring.py``: pure Decimal
arithmetic that turns indicator levels into aspect, domain and overall indices. Imports neither
``skpd`` nor ``evaluations``.
"""
