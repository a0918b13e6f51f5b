"""Refuse request values the Django admin cannot use, before it turns them into a query.

- A NUL byte (``%00``) in the path, a query parameter or a form-encoded POST value: PostgreSQL
  cannot store or compare it ("A string literal cannot contain NUL"), so the admin's changelist
  filters and search answered 500. Forms already refuse NUL in their fields; this covers the
  filters every view and the admin read straight from ``request.GET``.
- A query parameter that is a whole number too large for a 64-bit integer (``?period=999…9``):
  SQLite raises ``OverflowError`` when it is bound to a query (the admin's foreign-key filters).

Both are a 400 with one line saying why, never a 500. Only the admin's URLs are guarded: the
portal's own pages validate every filter and field in their forms and answer a 400 naming the
field (tests/security/test_fuzz_views.py), which a blanket refusal here would hide.
"""

import re

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _

_INTEGER = re.compile(r"[+-]?\d+")
_INT64_MAX = 2**63 - 1


def _too_large(value):
    text = value.strip()
    # a number is read only once it is short enough to be cheap (20 digits); longer ones are too large
    return bool(_INTEGER.fullmatch(text)) and (len(text.lstrip("+-")) > 19 or abs(int(text)) > _INT64_MAX)


def refusal(request):
    """Why the request is refused (a message), or None."""
    if "\x00" in request.path:
        return _("Alamat berisi karakter NUL (\\x00).")
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return _("Parameter %(name)s berisi karakter NUL (\\x00).") % {"name": key.replace("\x00", "")[:40]}
        if any(_too_large(value) for value in values):
            return _("Parameter %(name)s berisi bilangan yang terlalu besar.") % {"name": key[:40]}
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return _("Isian %(name)s berisi karakter NUL (\\x00).") % {"name": key.replace("\x00", "")[:40]}
    return None


class RefuseHostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = refusal(request) if request.path.startswith(reverse("admin:index")) else None
        if reason:
            return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
