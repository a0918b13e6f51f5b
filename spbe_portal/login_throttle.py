"""Sign-in throttling that a stranger cannot turn against users (django-axes hooks).

Three pieces, named in settings.py:

- ``client_ip``: the address axes counts. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies it is the
  address the outermost trusted proxy saw, i.e. the Nth entry from the right of
  ``X-Forwarded-For``; everything left of it is what the client claimed and is ignored. With no
  trusted proxy (the default) the header is ignored altogether: a direct client can write anything
  there.
- ``ThrottleHandler``: axes compares one failure count with one limit; the portal locks an account
  at one address after ``AXES_FAILURE_LIMIT`` failures and a whole address (someone trying many
  accounts) after ``LOGIN_ADDRESS_FAILURE_LIMIT``, so that an office behind one NAT address is not
  locked by a few typos. A successful sign-in clears only that account's failures at that address:
  a valid account must not wipe the address's count for its owner to guess another one.
- ``lockout_response``: the locked-out page, saying until when and whom to ask.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if len(forwarded) < count:
        # Not every trusted proxy appended an entry: the request did not come the configured way.
        return remote
    return _valid_ip(forwarded[-count]) or remote


def _group_limits() -> list[int]:
    """The limit of each lockout group, in AXES_LOCKOUT_PARAMETERS' order: an address alone has its own."""
    return [
        settings.LOGIN_ADDRESS_FAILURE_LIMIT if group in ("ip_address", ["ip_address"]) else settings.AXES_FAILURE_LIMIT
        for group in settings.AXES_LOCKOUT_PARAMETERS
    ]


class ThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures of the group nearest its own limit, scaled to AXES_FAILURE_LIMIT.

        floor(failures × limit / group_limit) reaches limit exactly when failures reach group_limit,
        so axes' single comparison locks each group at its own limit.
        """
        limit = settings.AXES_FAILURE_LIMIT
        worst = 0
        for attempts, group_limit in zip(self.get_user_attempts(request, credentials), _group_limits(), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures * limit // group_limit)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request) or timedelta(0)
    # The lock lifts one cool-off after the last failure of the group that reached its limit
    # (failures during the lock count too, so each one restarts the wait).
    handler = ThrottleHandler()
    last_failures = []
    for attempts, group_limit in zip(handler.get_user_attempts(request, credentials), _group_limits(), strict=True):
        found = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        if (found["n"] or 0) >= group_limit and found["last"]:
            last_failures.append(found["last"])
    context = {
        "cooloff_minutes": max(1, int(cool_off.total_seconds() // 60)),
        "retry_at": max(last_failures) + cool_off if last_failures else None,
        "admin_contact": settings.PORTAL_ADMIN_CONTACT,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
