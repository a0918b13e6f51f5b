"""Saved plans in the browser, on the demo data: a reviewer ticks two plans on the list and compares
them; the plan page and the compare page have no serious accessibility violation, and no console
error or CSP violation (the pages have no inline script)."""

import pytest

from tests.browser import support

support.require_browser()

from playwright.sync_api import expect  # noqa: E402  (after the skip: the package may be missing)

pytestmark = pytest.mark.browser


def _two_plans():
    """Two plans of the open period on its proposed series, saved through the service."""
    from django.contrib.auth import get_user_model

    from evaluations.planning import services as planning
    from evaluations.series import series_levels
    from tests.browser.world import open_period

    period = open_period()
    reviewer = get_user_model().objects.get(username="reviewer")
    levels = series_levels(period, "proposed")
    numbers = sorted(period.framework.indicators.values_list("number", flat=True))
    raisable = [n for n in numbers if levels.get(n, 1) < 5]
    assert len(raisable) >= 4, "the demo data's open period has too few indicators below level 5"
    return [
        planning.save_action_plan(
            reviewer, period, name=name, base_series="proposed", levels=dict.fromkeys(chosen, 5), note="Uji peramban"
        )
        for name, chosen in (("Rencana peramban A", raisable[:2]), ("Rencana peramban B", raisable[2:4]))
    ]


def test_reviewer_compares_two_plans_and_reads_one(open_browser):
    from django.urls import reverse

    first, second = _two_plans()
    browser = open_browser("reviewer", signed_in_as="reviewer")
    browser.goto(reverse("planning:plan_list") + f"?periode={first.period.year}", "plan-list")
    page = browser.page
    page.locator(f"#compare-{first.pk}").check()
    page.locator(f"#compare-{second.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Bandingkan rencana terpilih").click()
    browser.settle()
    browser.shot("compare")
    expect(page.locator("h1")).to_have_text("Bandingkan rencana aksi")
    expect(page.locator(f"#plan-col-{first.pk}")).to_contain_text("Rencana peramban A")
    expect(page.locator(f"#plan-col-{second.pk}")).to_contain_text("Rencana peramban B")
    violations = support.run_axe(page)
    assert not violations, support.describe_axe(violations)

    browser.goto(reverse("planning:plan_detail", args=[first.pk]), "plan-detail")
    expect(page.locator("#plan-steps tbody tr")).to_have_count(2)
    violations = support.run_axe(page)
    assert not violations, support.describe_axe(violations)
    browser.assert_clean()
