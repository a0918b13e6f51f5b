"""Accessibility of every main page: axe-core finds no serious or critical violation.

axe-core (vendored in tests/browser/vendor/) runs in Chromium on each page as the role that uses it,
with the real Content-Security-Policy in force (page.evaluate is not governed by the page's CSP).
Each page is also opened with the same watchers as the journeys: no console error, CSP violation
or failed request. The keyboard-only journey is in test_journeys.py.
"""

import pytest

from tests.browser import support

support.require_browser()

pytestmark = pytest.mark.browser


def _open_period():
    from tests.browser.world import open_period

    return open_period()


def _answer(status):
    from evaluations.models import Answer

    answer = (
        Answer.objects.filter(period=_open_period(), is_lead=True, status=status)
        .select_related("unit")
        .order_by("indicator__number")
        .first()
    )
    assert answer is not None, f"the demo data has no {status} answer in the open period"
    return answer


def _officer_with_answers():
    from tests.browser.world import officer_of

    return officer_of(_answer("draft").unit)


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _framework_code():
    return _open_period().framework.code


def _indicator():
    return _open_period().framework.indicators.order_by("number").first()


def _unit():
    from skpd.models import Unit

    return Unit.objects.order_by("code").first()


def _unanswered():
    """(officer, path) of an indicator the officer's unit has not answered: the page an officer
    first opens, with nothing saved yet (issue 15). Not claimed: opening it writes nothing."""
    from evaluations.models import Answer, Assignment
    from tests.browser.world import officer_of

    period = _open_period()
    answered = Answer.objects.filter(period=period).values_list("indicator_id", "unit_id")
    for assignment in (
        Assignment.objects.filter(period=period, unit__members__isnull=False)
        .select_related("indicator", "unit")
        .order_by("-indicator__number")
    ):
        if (assignment.indicator_id, assignment.unit_id) not in set(answered):
            return officer_of(assignment.unit), _url("evaluations:answer", period.pk, assignment.indicator.number)
    raise AssertionError("the demo data has no unanswered assignment")


def _contributor():
    """(officer, path) of a contributor's answer page, which shows the lead unit's answer."""
    from evaluations.models import Assignment
    from tests.browser.world import officer_of

    period = _open_period()
    assignment = (
        Assignment.objects.filter(period=period, role=Assignment.Role.CONTRIBUTOR, unit__members__isnull=False)
        .select_related("indicator", "unit")
        .order_by("indicator__number")
        .first()
    )
    assert assignment is not None, "the demo data has no contributor assignment"
    return officer_of(assignment.unit), _url("evaluations:answer", period.pk, assignment.indicator.number)


# (page, who looks at it, how to get its URL): the pages people work in, as the role that uses them.
PAGES = [
    ("login", None, lambda: "/masuk/"),
    ("dashboard", "reviewer", lambda: "/"),
    ("worklist", _officer_with_answers, lambda: _url("evaluations:worklist")),
    ("answer-edit", _officer_with_answers, lambda: _url("evaluations:answer_detail", _answer("draft").pk)),
    ("answer-unsaved", lambda: _unanswered()[0], lambda: _unanswered()[1]),
    ("answer-contributor", lambda: _contributor()[0], lambda: _contributor()[1]),
    ("my-unit", _officer_with_answers, lambda: _url("evaluations:my_unit")),
    ("answer-review", "reviewer", lambda: _url("evaluations:answer_detail", _answer("submitted").pk)),
    ("review-queue", "reviewer", lambda: _url("periods:review_queue")),
    # Every status, sorted by evidence-quality flags: the flags column filled, the status counts.
    ("review-queue-flags", "reviewer", lambda: _url("periods:review_queue") + "?status=&urut=tanda"),
    (
        "answer-review-from-queue",
        "reviewer",
        lambda: _url("evaluations:answer_detail", _answer("submitted").pk) + "?kembali=status%3D%26urut%3Dtanda",
    ),
    ("period-list", "admin", lambda: _url("periods:list")),
    ("period-detail", "admin", lambda: _url("periods:detail", _open_period().pk)),
    ("period-edit", "admin", lambda: _url("periods:edit", _open_period().pk)),
    ("stage-results", "admin", lambda: _url("periods:stage_results", _open_period().pk)),
    ("framework-list", "reviewer", lambda: _url("indicators:framework_list")),
    ("framework-detail", "reviewer", lambda: _url("indicators:framework_detail", _framework_code())),
    ("framework-indicator", "reviewer", lambda: _url("indicators:indicator_detail", _framework_code(), 1)),
    ("whatif", "reviewer", lambda: _url("planning:whatif")),
    ("road", "reviewer", lambda: _url("planning:road")),
    ("plans", "reviewer", lambda: _url("planning:plan_list")),
    ("brief", "pimpinan", lambda: _url("reports:brief")),
    ("calibration", "reviewer", lambda: _url("reports:calibration")),
    ("unit-report", "reviewer", lambda: _url("reports:unit_detail", _unit().pk)),
    ("indicator-report", "reviewer", lambda: _url("reports:indicator_detail", _indicator().pk)),
    ("caps", "reviewer", lambda: _url("planning:caps")),
    ("notifications", _officer_with_answers, lambda: _url("periods:notifications")),
    ("indicator-settings", "admin", lambda: _url("periods:indicator_settings", _open_period().pk)),
    ("stage-edit", "admin", lambda: _url("periods:stage_edit", _open_period().pk, "final")),
    ("person-form", "admin", lambda: _url("skpd:person_create")),
    ("password-change", _officer_with_answers, lambda: _url("password_change")),
    ("units", "admin", lambda: _url("skpd:unit_list")),
    ("unit-edit", "admin", lambda: _url("skpd:unit_edit", _unit().pk)),
    ("people", "admin", lambda: _url("skpd:people_list")),
    ("assignments", "admin", lambda: _url("assignments:index")),
]


PARAMS = [pytest.param(*page, id=page[0]) for page in PAGES]


@pytest.mark.parametrize(("name", "who", "url"), PARAMS)
def test_page_has_no_serious_accessibility_violation(open_browser, name, who, url):
    from django.urls import NoReverseMatch

    username = who() if callable(who) else who
    try:
        path = url()
    except NoReverseMatch as exc:
        pytest.fail(f"page {name!r} does not exist (yet): {exc}")
    browser = open_browser(name, signed_in_as=username)
    browser.goto(path, name)
    violations = support.run_axe(browser.page)
    assert not violations, f"axe on {name} ({path}, as {username or 'anonymous'}):\n" + support.describe_axe(violations)
    browser.assert_clean()


def test_axe_finds_a_violation_when_there_is_one(open_browser):
    """The check above can fail: an unlabelled field and an image without text are caught."""
    browser = open_browser("axe-self-test")
    browser.goto("/masuk/", "login")
    browser.page.evaluate(
        """() => { document.querySelector("label[for=id_username]").remove();
                   const img = document.createElement("img"); img.src = "data:,"; document.body.append(img); }"""
    )
    ids = {v["id"] for v in support.run_axe(browser.page)}
    assert {"label", "image-alt"} <= ids, ids
