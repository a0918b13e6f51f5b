"""Answers and their evidence: the officer's work list, the answer page, review actions."""
