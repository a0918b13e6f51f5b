"""Assignments: which unit leads and which contribute to each indicator in a period."""
