"""Access cases of the framework pages: every signed-in user with a role reads them."""

from django.urls import reverse

from tests.access import AccessCase

READERS = {
    "anonymous": 302,
    "officer_own": 200,
    "officer_other": 200,
    "reviewer": 200,
    "reviewer_out": 200,
    "executive": 200,
    "admin": 200,
}

CASES = [
    AccessCase(name="indicators:framework_list", url=lambda w: reverse("indicators:framework_list"), expect=READERS),
    AccessCase(
        name="indicators:framework_detail",
        url=lambda w: reverse("indicators:framework_detail", args=[w.framework.code]),
        expect=READERS,
    ),
    AccessCase(
        name="indicators:framework_detail",
        url=lambda w: reverse("indicators:framework_detail", args=[w.framework.code]),
        expect=READERS,
        htmx=True,
        label="fragment",
    ),
    AccessCase(
        name="indicators:indicator_detail",
        url=lambda w: reverse("indicators:indicator_detail", args=[w.framework.code, w.indicator_own.number]),
        expect=READERS,
    ),
]
