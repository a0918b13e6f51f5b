"""History events and notifications in the reader's language:
``{{ record.history_change_reason|display_event }}``, ``{{ note.message|display_event }}``."""

from django import template

from evaluations import audit

register = template.Library()


@register.filter
def display_event(value):
    """An ``audit`` event (a history record's change reason, a notification's message) in the active language."""
    return audit.display(value)
