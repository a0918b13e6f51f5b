"""Access review (issue 9): the matrix again from the other side. The per-app case files check each
URL on unit_own's objects; these cases ask for unit_other's objects, the other download formats and
objects that do not exist, so a check that only looked at "some unit" or at the role would fail.
"""

from django.urls import reverse

from tests.access import AccessCase

MISSING_PK = 987_654_321

# unit_other's answer to indicator 4 (aspect 3): reviewer_out (aspect 2 only) is outside it too.
READ_OTHER = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 200,
    "reviewer": 200,
    "reviewer_out": 403,
    "executive": 200,
    "admin": 200,
}
RESULTS = {
    "anonymous": 302,
    "officer_own": 403,
    "officer_other": 403,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 403,
    "admin": 200,
}
NOT_FOUND_FOR_READERS = {
    "anonymous": 302,
    "officer_own": 404,
    "officer_other": 404,
    "reviewer": 404,
    "reviewer_out": 404,
    "executive": 404,
    "admin": 404,
}

CASES = [
    AccessCase(
        name="evaluations:evidence_download",
        label="other-unit",
        url=lambda w: reverse("evaluations:evidence_download", args=[w.evidence_other.pk]),
        expect=READ_OTHER,
    ),
    AccessCase(
        name="evaluations:evidence_download",
        label="missing",
        url=lambda w: reverse("evaluations:evidence_download", args=[MISSING_PK]),
        expect=NOT_FOUND_FOR_READERS,
    ),
    AccessCase(
        name="evaluations:answer_detail",
        label="other-unit",
        url=lambda w: reverse("evaluations:answer_detail", args=[w.answer_other.pk]),
        expect=READ_OTHER,
    ),
    AccessCase(
        name="evaluations:evidence_remove",
        method="post",
        label="other-unit",
        url=lambda w: reverse("evaluations:evidence_remove", args=[w.evidence_other.pk]),
        data=lambda w: {"confirm": "1"},
        expect={
            "anonymous": 302,
            "officer_own": 403,
            "officer_other": 302,
            "reviewer": 403,
            "reviewer_out": 403,
            "executive": 403,
            "admin": 403,
        },
    ),
    AccessCase(
        name="periods:stage_template",
        label="xlsx",
        url=lambda w: reverse("periods:stage_template", args=[w.period.pk, "xlsx"]),
        expect=RESULTS,
    ),
    AccessCase(
        name="periods:stage_template",
        label="bad-kind",
        url=lambda w: reverse("periods:stage_template", args=[w.period.pk, "exe"]),
        expect=RESULTS | {"reviewer": 400, "reviewer_out": 400, "admin": 400},
    ),
    AccessCase(
        name="planning:export_xlsx",
        label="missing",
        url=lambda w: reverse("planning:export_xlsx", args=[MISSING_PK]),
        # Officers are refused before the period is looked up.
        expect=NOT_FOUND_FOR_READERS | {"officer_own": 403, "officer_other": 403},
    ),
    AccessCase(
        name="reports:unit_detail",
        label="other-unit",
        url=lambda w: reverse("reports:unit_detail", args=[w.unit_other.pk]),
        expect={
            "anonymous": 302,
            "officer_own": 403,
            "officer_other": 200,
            "reviewer": 200,
            "reviewer_out": 200,
            "executive": 200,
            "admin": 200,
        },
    ),
    AccessCase(
        name="reports:indicator_detail",
        label="other-unit",
        url=lambda w: reverse("reports:indicator_detail", args=[w.indicator_other.pk]),
        expect={
            "anonymous": 302,
            "officer_own": 403,
            "officer_other": 200,
            "reviewer": 200,
            "reviewer_out": 403,
            "executive": 200,
            "admin": 200,
        },
    ),
]
