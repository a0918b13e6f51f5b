"""What the browser tests share: finding Chromium, launching it, and a page wrapper that watches.

The tests drive Debian's ``chromium`` through Playwright and never download a browser. Without
Chromium (or the playwright package) they are skipped with a visible reason, except in CI
(``CI=true``), where a missing browser is a failure: CI must not pass by skipping them.

``Visitor`` wraps a Playwright page: it opens portal paths, saves a screenshot of every page it
visits into ``tests/screenshots/<module>/<test>/``, and collects what a person would call a broken
page: console errors, uncaught script errors, Content-Security-Policy violations, requests to any
host other than the portal, and failed same-origin requests.
"""

import importlib.util
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("SPBE_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# seed_demo gives every demo account this password.
DEMO_PASSWORD = "demo-spbe"
# Playwright waits this long (ms) for an element or a navigation before a test fails.
TIMEOUT_MS = 10_000

# Reported to Python by the page itself; an init script is injected by the driver, not by the
# page, so it runs under our CSP without needing 'unsafe-inline'.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  if (window.__spbeReportCsp) {
    window.__spbeReportCsp([event.violatedDirective, event.blockedURI || "inline",
                            (event.sourceFile || "") + ":" + event.lineNumber].join(" "));
  }
});
window.__spbeInitScriptRan = true;
"""


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable_reason():
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or bash tests/browser/install_chromium.sh)"
    return None


def require_browser():
    """Skip the calling test module with a visible reason, or fail it in CI."""
    reason = unavailable_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"Browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}", allow_module_level=True)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "page"


class Visitor:
    """A Playwright page on the live portal that records what went wrong and screenshots each page."""

    def __init__(self, page, base_url, shots_dir):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.shots_dir = Path(shots_dir)
        self.shot_count = 0
        self.console_errors = []
        self.page_errors = []
        self.csp_violations = []
        self.external_requests = []
        self.failed_requests = []
        # Pages a test opens expecting an error status (e.g. 403 on an edit URL) are not failures.
        self.expected_errors = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("response", self._on_response)

    # -- recording ------------------------------------------------------------------------------

    def _on_console(self, message):
        if message.type == "error":
            # Chromium reports a failed resource as a console error too; _on_response records
            # those with their URL, and a status a test expects is not an error.
            if message.text.startswith("Failed to load resource: the server responded with a status of"):
                return
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def _on_response(self, response):
        if (
            response.url.startswith(self.base_url)
            and response.status >= 400
            and (response.status, response.url) not in self.expected_errors
            # Chromium asks for it on its own, at a moment of its choosing; reported, not a page fault.
            and not response.url.endswith("/favicon.ico")
        ):
            self.failed_requests.append(f"{response.status} {response.request.method} {response.url}")

    def record_csp(self, text):
        self.csp_violations.append(f"{self.page.url}: {text}")

    def record_external(self, url):
        self.external_requests.append(url)

    def problems(self):
        """Everything recorded so far that a person would see as a fault, as readable lines."""
        lines = []
        lines += [f"console error: {e}" for e in self.console_errors]
        lines += [f"script error: {e}" for e in self.page_errors]
        lines += [f"CSP violation: {e}" for e in self.csp_violations]
        lines += [f"request to another host (blocked): {e}" for e in self.external_requests]
        lines += [f"failed request: {e}" for e in self.failed_requests]
        return lines

    def assert_clean(self):
        problems = self.problems()
        assert not problems, "The browser saw problems:\n" + "\n".join(problems)

    def assert_accessible(self, what):
        """axe-core on the page as it is now (e.g. after an htmx swap): no serious or critical violation."""
        violations = run_axe(self.page)
        assert not violations, f"axe on {what} ({self.path()}):\n" + describe_axe(violations)

    # -- navigation -----------------------------------------------------------------------------

    def url(self, path):
        return path if path.startswith("http") else self.base_url + path

    def path(self):
        """The current page's path (without host), e.g. '/evaluasi/'."""
        return self.page.url[len(self.base_url) :] if self.page.url.startswith(self.base_url) else self.page.url

    def goto(self, path, name=None, *, status=200):
        """Open a portal path, check its HTTP status, wait for scripts and charts, screenshot it."""
        if status >= 400:
            self.expected_errors.add((status, self.url(path)))
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"GET {path}: expected HTTP {status}, got {response.status}"
        self.settle()
        self.shot(name or path)
        return response

    def settle(self):
        """Wait until the page has loaded, no htmx request is in flight and every chart is drawn.

        Charts are drawn when they come into view (static/js/portal.js), so each one is scrolled
        into view first, as a reader would, then the page goes back to the top.
        (Not "networkidle": it always costs half a second per page, and the tests wait for what
        they expect to see anyway.)
        """
        self.page.wait_for_load_state("load")
        self.page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=TIMEOUT_MS)
        draw_every_chart(self.page)

    def shot(self, name):
        self.shots_dir.mkdir(parents=True, exist_ok=True)
        self.shot_count += 1
        # JPEG: a full page of 47 indicator rows takes seconds to encode as PNG.
        target = self.shots_dir / f"{self.shot_count:02d}-{slug(name)}.jpg"
        self.page.screenshot(path=str(target), full_page=True, type="jpeg", quality=70)
        return target

    def sign_in(self, username, password=DEMO_PASSWORD):
        """Sign in through the login form, as a person would, and land on the role's home page."""
        self.goto("/masuk/", f"login-{username}")
        self.page.get_by_label("Nama pengguna").fill(username)
        self.page.get_by_label("Kata sandi").fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Masuk").click()
        assert "/masuk/" not in self.page.url, f"sign-in as {username} failed: still on {self.page.url}"
        self.settle()
        self.shot(f"home-{username}")

    def sign_out(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Keluar").click()
        self.settle()


def draw_every_chart(page, timeout=TIMEOUT_MS):
    """Load plotly.js as a user does (a mouse move), scroll each chart into view, wait until plotly
    has drawn it, and go back to the top of the page.

    Until the first interaction a chart is the server's SVG (static_charts.figure_svg) in a container
    of its final size, so neither loading plotly.js nor scrolling moves the page around. A chart
    inside something hidden (a closed <details>) is drawn when it is opened.
    """
    charts = page.locator(".chart[data-figure]")
    if not charts.count() or not page.locator('meta[name="portal-plotly"]').count():
        return
    page.mouse.move(5, 5)
    page.mouse.move(20, 20)
    page.wait_for_function("() => !!window.Plotly", timeout=timeout)
    for i in range(charts.count()):
        chart = charts.nth(i)
        if not chart.is_visible():
            continue
        chart.scroll_into_view_if_needed()
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=timeout)
    page.evaluate("() => window.scrollTo(0, 0)")


def run_axe(page):
    """Run axe-core on the current page; return its violations of impact serious or critical.

    page.evaluate runs through the DevTools protocol, which the page's CSP does not govern, so the
    checks run against the real policy without weakening it.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            // A chart is role="img" with its own label: Plotly's SVG inside is presentational.
            const r = await window.axe.run({exclude: [[".chart[data-figure] .svg-container"]]},
                                           {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def describe_axe(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def write_small_pdf(path, text="Bukti dukung uji peramban"):
    """A small, valid one-page PDF (correct cross-reference table), as an officer would upload."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    Path(path).write_bytes(bytes(out))
    return Path(path)
