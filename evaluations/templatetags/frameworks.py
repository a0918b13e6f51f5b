"""``{{ text|figure }}``: a dot-decimal figure already rounded by ``indicators.scoring`` ("3.495"),
in the active language's format ("3,495"); "–" when there is none."""

from django import template

from indicators.templatetags.scoring import localized

register = template.Library()


@register.filter
def figure(text):
    return localized(str(text)) if text not in (None, "") else "–"
