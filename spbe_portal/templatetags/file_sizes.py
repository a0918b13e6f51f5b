"""``{{ size|file_size }}``: a file's size as people read it, "602 B", "48 KB", "2,4 MB".

Django's ``filesizeformat`` writes Indonesian "602 bita" and "2,4 MB"; the units people see on
their computers are B, KB, MB, GB in both languages. Decimal comma or point follows the reader's
language (``number_format``).
"""

from django import template
from django.utils.formats import number_format

register = template.Library()

UNITS = ("KB", "MB", "GB", "TB")


@register.filter
def file_size(value):
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} B"
    amount = float(size)
    for unit in UNITS:
        amount /= 1024
        if amount < 1024 or unit == UNITS[-1]:
            places = 0 if amount >= 100 else 1
            return f"{number_format(round(amount, places), places)} {unit}"
    raise AssertionError("unreachable")
