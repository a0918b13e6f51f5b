"""The browser tests' own watchers can fail: the security policy is live and a violation is caught.

The journeys assert "no console error and no CSP violation"; these tests show that assertion is
not empty: the policy reaches the browser, and an inline script the page tries to run is blocked
and reported.
"""

import pytest

from tests.browser import support

support.require_browser()

pytestmark = pytest.mark.browser


def wait_for(page, condition, seconds=5.0):
    # Playwright delivers events to Python only while a Playwright call runs, hence the page's own wait.
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        page.wait_for_timeout(50)
    return condition()


def test_login_page_is_served_with_the_policy_and_has_no_faults(open_browser):
    browser = open_browser()
    response = browser.goto("/masuk/", "login")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, policy
    assert browser.page.evaluate("() => window.__spbeInitScriptRan === true")
    assert browser.page.evaluate("() => typeof window.htmx") == "object", "htmx did not load"
    browser.assert_clean()


def test_an_inline_script_is_blocked_and_reported_as_a_csp_violation(open_browser):
    browser = open_browser()
    browser.goto("/masuk/", "login")
    browser.page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__inlineRan = true;";
                   document.body.appendChild(s); }"""
    )
    assert wait_for(browser.page, lambda: browser.csp_violations), "the CSP listener reported nothing"
    assert browser.page.evaluate("() => window.__inlineRan === undefined"), "the inline script ran"
    assert any("script-src" in line for line in browser.csp_violations), browser.csp_violations
    with pytest.raises(AssertionError, match="CSP violation"):
        browser.assert_clean()


def test_a_request_to_another_host_is_blocked_and_reported(open_browser):
    # bypass_csp so the request reaches the network layer: it shows the portal is tested offline.
    browser = open_browser(bypass_csp=True)
    browser.goto("/masuk/", "login")
    browser.page.evaluate("() => fetch('http://cdn.example.invalid/lib.js').catch(() => null)")
    assert wait_for(browser.page, lambda: browser.external_requests), "the request to another host was not seen"
    assert browser.external_requests == ["http://cdn.example.invalid/lib.js"]


def test_a_missing_page_is_reported_as_a_failed_request(open_browser):
    browser = open_browser(signed_in_as="admin")
    browser.page.goto(browser.url("/tidak-ada/"))
    assert any("404 GET" in line for line in browser.failed_requests), browser.failed_requests
