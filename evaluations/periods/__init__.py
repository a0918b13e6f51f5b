"""Periods: their lifecycle, indicator settings, stage results, carry-over, the review queue."""
