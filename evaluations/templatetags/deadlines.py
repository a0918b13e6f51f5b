"""``{% load deadlines %}{{ days|days_left_text }}``: days left to a deadline in words, a negative
number as "terlambat N hari" (the days themselves are ``evaluations.series.days_left``'s)."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def days_left_text(days):
    """ "5 hari lagi", "hari ini", "terlambat 3 hari"; "" for None."""
    if days is None or days == "":
        return ""
    days = int(days)
    if days == 0:
        return _("hari ini")
    if days > 0:
        return ngettext("%(n)s hari lagi", "%(n)s hari lagi", days) % {"n": days}
    return ngettext("terlambat %(n)s hari", "terlambat %(n)s hari", -days) % {"n": -days}
