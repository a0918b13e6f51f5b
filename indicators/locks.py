"""Whether a framework may still change: other apps register checks, the admin and loader ask.

``indicators`` imports no other app, so the rule "a framework that a final period uses is locked"
lives in ``evaluations`` and is registered here from its ``AppConfig.ready()``::

    register_lock_check(lambda framework: "used by a final period" if ... else None)

A check returns a reason (shown to the user) or ``None``. ``is_locked`` returns the first reason.
"""

_checks = []


def register_lock_check(fn):
    """Add ``fn(framework) -> str | None``; registering the same function twice adds it once."""
    if fn not in _checks:
        _checks.append(fn)
    return fn


def unregister_lock_check(fn):
    if fn in _checks:
        _checks.remove(fn)


def is_locked(framework):
    """The reason ``framework`` may not change (a str), or ``None`` when it may."""
    if framework is None or getattr(framework, "pk", None) is None:
        return None
    for check in list(_checks):
        reason = check(framework)
        if reason:
            return str(reason)
    return None


class FrameworkLocked(Exception):
    """Raised by writers (loader, admin) when a locked framework would change."""
