"""Stored Indonesian texts in the reader's language: ``{{ record.history_change_reason|display_reason }}``, ``{{ note.message|display_message }}``."""

from django import template

from evaluations.audit import display_reason as _display_reason

register = template.Library()


@register.filter
def display_reason(text):
    return _display_reason(text)


@register.filter
def display_message(text):
    """``{{ note.message|display_message }}``: a stored notification message in the reader's language."""
    from evaluations.notifications import display_message as _display_message

    return _display_message(text)
