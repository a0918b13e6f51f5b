"""Checks on names people type: a unit's name and short name, a person's first and last name.

Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) are invisible
and reverse how the text around them is shown: "Dinas\u202eKIT" reads differently from what it
holds, so a name could impersonate another in lists, exports and charts. They are refused, with
the code point named, rather than removed silently.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def bidi_controls_in(text):
    """The bidirectional control characters in ``text`` as ``U+XXXX`` strings, in order, once each."""
    found = []
    for char in str(text):
        code = f"U+{ord(char):04X}"
        if char in BIDI_CONTROLS and code not in found:
            found.append(code)
    return found


def bidi_message(codes):
    return _("berisi karakter pengatur arah teks (%(chars)s) yang dapat menyamarkan nama; hapus karakter itu") % {
        "chars": ", ".join(codes)
    }


def refuse_bidi_controls(value):
    """Django validator: refuse a name holding a bidirectional control character."""
    codes = bidi_controls_in(value)
    if codes:
        raise ValidationError(bidi_message(codes) + ".", code="bidi_control")
