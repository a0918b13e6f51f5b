"""Access matrix cases for the administrator's framework pages (evaluations/frameworks/urls.py,
namespace "frameworks"): upload, confirm, history, a previous version's file, export of a
framework and of a crosswalk."""

import io

from django.urls import reverse

from tests.access import AccessCase

ADMIN_ONLY = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 403,
    "reviewer": 403,
    "reviewer_out": 403,
    "executive": 403,
    "admin": 200,
}


def _bad_file(world):
    upload = io.BytesIO(b"{bukan json")
    upload.name = "kerangka.json"
    return {"kind": "framework", "file": upload}


def _revision_pk(world):
    from indicators.loader import export_data
    from indicators.models import FrameworkRevision

    revision = FrameworkRevision.objects.create(
        framework=world.framework,
        code=world.framework.code,
        action=FrameworkRevision.Action.UPDATED,
        previous_spec=export_data(world.framework),
        digest="0" * 64,
    )
    return revision.pk


CASES = [
    AccessCase(name="frameworks:upload", url=lambda w: reverse("frameworks:upload"), expect=ADMIN_ONLY),
    AccessCase(
        name="frameworks:upload",
        method="post",
        url=lambda w: reverse("frameworks:upload"),
        data=_bad_file,
        expect=ADMIN_ONLY | {"admin": 400},  # refused with its reason: not JSON
        label="bad-file",
    ),
    AccessCase(
        name="frameworks:confirm",
        method="post",
        url=lambda w: reverse("frameworks:confirm"),
        data=lambda w: {"token": "0" * 64},
        expect=ADMIN_ONLY | {"admin": 400},  # nothing previewed in this session: stale
    ),
    AccessCase(name="frameworks:history", url=lambda w: reverse("frameworks:history"), expect=ADMIN_ONLY),
    AccessCase(
        name="frameworks:previous_file",
        url=lambda w: reverse("frameworks:previous_file", args=[_revision_pk(w)]),
        expect=ADMIN_ONLY,
    ),
    AccessCase(
        name="frameworks:export",
        url=lambda w: reverse("frameworks:export", args=[w.framework.code]),
        expect=ADMIN_ONLY,
    ),
]


def _crosswalk_codes(world):
    from indicators.models import Crosswalk, Framework
    from tests.factories import make_framework

    # Called for every request of a case (the fuzz tests call it many times): built once.
    target = Framework.objects.filter(code="mini-tujuan").first() or make_framework("mini-tujuan")
    Crosswalk.objects.get_or_create(from_framework=world.framework, to_framework=target, version=1)
    return [world.framework.code, target.code]


CASES += [
    AccessCase(
        name="frameworks:export_crosswalk",
        url=lambda w: reverse("frameworks:export_crosswalk", args=_crosswalk_codes(w)),
        expect=ADMIN_ONLY,
    ),
]
