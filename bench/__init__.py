"""Benchmarks at province and national size: ``make bench`` (``python -m bench.run``), ``make bench-load``.

Not part of the application: nothing in the portal imports this package. See docs/performance.md.
"""
