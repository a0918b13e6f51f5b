"""Access cases of the framework transition (namespace ``transition``): the "Transisi ke Pemdi"
page for the dashboard roles; the reuse actions only for the officer of the answering unit.

In the access world no period was carried over across frameworks, so the officer's reuse is
refused by the service (not related) and sent back to the answer page (302); everyone else is
refused the permission first (403).
"""

from django.urls import reverse

from tests.access import AccessCase

DASHBOARD = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 403,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 200,
    "admin": 200,
}
OWN_OFFICER_WRITE = {
    "anonymous": 302,
    "officer_own": 302,
    "officer_other": 403,
    "reviewer": 403,
    "reviewer_out": 403,
    "executive": 403,
    "admin": 403,
}

CASES = [
    AccessCase(name="transition:page", url=lambda w: reverse("transition:page"), expect=DASHBOARD),
    AccessCase(
        name="transition:page",
        label="bad-period",
        url=lambda w: reverse("transition:page") + "?periode=abc",
        expect={**DASHBOARD, "reviewer": 400, "reviewer_out": 400, "executive": 400, "admin": 400},
    ),
    AccessCase(
        name="transition:reuse_explanation",
        method="post",
        url=lambda w: reverse("transition:reuse_explanation", args=[w.answer_own.pk, w.answer_other.pk]),
        expect=OWN_OFFICER_WRITE,
    ),
    AccessCase(
        name="transition:reattach_evidence",
        method="post",
        url=lambda w: reverse("transition:reattach_evidence", args=[w.answer_own.pk, w.evidence_other.pk]),
        expect=OWN_OFFICER_WRITE,
    ),
]
