"""Index, domain and aspect values as the reader should see them, in the active language:
``{% load scoring %}{{ value|index_display:bands }}`` ("3,495" where "3,50" would claim a band the
exact value has not reached, otherwise "3,28") and ``{{ value|index_note:bands }}`` ("0,005 lagi ke
Sangat Baik", or nothing). The rule is ``indicators.scoring.index_places``'s."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from indicators import scoring

register = template.Library()


def localized(text):
    """A dot-decimal figure from ``scoring`` ("3.495") in the active language's format ("3,495")."""
    if not text:
        return ""
    places = len(text.partition(".")[2])
    return formats.number_format(Decimal(text), decimal_pos=places)


@register.filter
def index_display(value, bands):
    """``value`` by ``scoring.display_index``, localized; "" for ``None`` or a value that is no number."""
    if value is None or value == "":
        return ""
    try:
        return localized(scoring.display_index(Decimal(value), bands or ()))
    except (TypeError, ValueError, ArithmeticError):
        return ""


@register.filter
def index_note(value, bands):
    """ "0,005 lagi ke Sangat Baik" when ``value`` is shown with more than two decimals, else ""."""
    if value is None or value == "":
        return ""
    try:
        near = scoring.boundary(Decimal(value), bands or ())
    except (TypeError, ValueError, ArithmeticError):
        return ""
    if near is None:
        return ""
    return _("%(distance)s lagi ke %(band)s") % {"distance": localized(near.distance_display), "band": near.band.name}
