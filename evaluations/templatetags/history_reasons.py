"""``{{ record.history_change_reason|display_reason }}``: a stored change reason in the reader's language."""

from django import template

from evaluations.history import display_reason as _display_reason

register = template.Library()


@register.filter
def display_reason(text):
    return _display_reason(text)
