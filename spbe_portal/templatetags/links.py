"""Template filters for long tables: ``pk_url`` (``spbe_portal.links``) and ``whole``."""

from django import template
from django.utils import formats

from spbe_portal import links

register = template.Library()


@register.filter
def pk_url(pk, name):
    """``{{ row.unit_pk|pk_url:"reports:unit_detail" }}`` is ``{% url "reports:unit_detail" row.unit_pk %}``."""
    return links.pk_url(name, pk)


@register.filter(is_safe=True)
def whole(value):
    """A count as ``{{ value }}`` prints it (localized, thousands grouped), without number formatting's
    cost for the small numbers that fill a table's cells."""
    if type(value) is int and -1000 < value < 1000:
        return str(value)
    return formats.localize(value)
