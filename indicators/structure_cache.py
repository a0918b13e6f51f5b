"""The framework's structure, kept per process between requests.

Every page that shows an index needs the framework's structure (its indicators, aspects, domains
and bands: four queries and a few milliseconds of ORM work). It changes only when the framework is
edited, so each process keeps the last few it built, keyed by ``(framework pk,
Framework.structure_version)``.

``structure_version`` is a random token that :func:`bump` replaces whenever a part of the structure
changes:

- saving or deleting an ``Indicator``, ``Aspect``, ``Domain`` or ``PredicateBand`` bumps it (signal
  handlers in :func:`connect`);
- bulk writes, which send no signals (the loader's ``bulk_create``, a ``QuerySet.update``), call
  :func:`bump` themselves;
- ``Framework.save()`` never writes the token back (see ``Framework.save``), so an instance loaded
  before a change cannot restore the old token.

Every process reads the token with the framework row it loads anyway (the period's
``select_related``), so a change made by one process is seen by the next request of every other
process: there is nothing to invalidate. The token is random rather than a counter so that two
frameworks that reuse a primary key (a test database rolled back, a restored backup) never share a
key.

A transaction that changes the structure bumps the token inside the transaction, so a structure
read there is cached under the new token; if the transaction rolls back, that token is never read
again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

KEEP = 32  # frameworks kept per process (a portal has two or three)

_lock = threading.Lock()
_entries: OrderedDict[tuple[int, str], Entry] = OrderedDict()


@dataclass(frozen=True)
class Entry:
    """What a framework's pages read of its structure: the scoring structure, ``{indicator pk:
    number}`` and ``{number: (pk, display name)}``."""

    structure: object  # scoring.Structure
    number_by_id: dict
    names: dict


def key_of(framework):
    """``(pk, token)``, or ``None`` when the instance was loaded without its token (``only()``/
    ``defer()``): then nothing is cached rather than a query spent on the token."""
    token = framework.__dict__.get("structure_version")
    if framework.pk is None or not token:
        return None
    return (framework.pk, token)


def get(key):
    if key is None:
        return None
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
        return entry


def put(key, entry):
    if key is None:
        return
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > KEEP:
            _entries.popitem(last=False)


def clear():
    with _lock:
        _entries.clear()


def bump(framework_id):
    """Give the framework a new token (one UPDATE): every process builds its structure afresh."""
    from indicators.models import Framework, new_structure_version

    if framework_id is not None:
        Framework.objects.filter(pk=framework_id).update(structure_version=new_structure_version())


def _on_change(sender, instance, **kwargs):
    bump(instance.framework_id)


def connect():
    from django.db.models.signals import post_delete, post_save

    from indicators.models import Aspect, Domain, Indicator, PredicateBand

    for model in (Indicator, Aspect, Domain, PredicateBand):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"structure-version-{model.__name__}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"structure-version-{model.__name__}-delete")
