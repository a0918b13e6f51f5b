"""Links to many objects of one kind at the cost of one ``reverse()``.

A table of 45 units, each row linking to the unit's page, reversed the same URL pattern 45 times
(``{% url %}`` resolves the pattern, quotes and checks each argument: about 25 µs each). For a URL
whose only argument is an integer primary key, the path around the key is the same for every row:
:func:`pk_url` reverses it once (per URL name, script prefix and urlconf) and puts each key in place.
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 2_147_483_647  # a key no object has; where it lands in the reversed path, each key goes


@functools.lru_cache(maxsize=256)
def _around(name, _prefix, urlconf):
    before, after = reverse(name, args=[_MARKER], urlconf=urlconf).split(str(_MARKER))
    return before, after


def pk_url(name, pk):
    """``reverse(name, args=[pk])`` for an integer ``pk`` (the same string, a test checks it)."""
    before, after = _around(name, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"
