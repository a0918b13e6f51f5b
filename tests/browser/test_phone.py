"""The portal on a phone: every main page fits a 375 px wide screen, as each role sees it.

SKPD officers often work from phones (360–390 px wide). Each main page is opened at 375×812 as the
demo account that uses it (officer op-diskominfo, reviewer, the executive pimpinan, admin):

- the page itself does not scroll sideways (``document.documentElement.scrollWidth <=
  window.innerWidth``): a wide table scrolls inside its own wrapper, long words wrap, forms and
  filter bars wrap, charts fit; the failure names the elements that stick out;
- axe-core finds no serious violation at that width (test_accessibility.py runs at desktop width);
- in the list tables that become cards on a phone (``table.stack`` in portal.css: the officer's
  work list, the review queue, the unit report, the period list, the what-if levels) every row's
  status (or the what-if's level control) is on screen without scrolling, labelled with its
  column's name, and the indicator name has the card's width instead of a squeezed column;
- at desktop width the same tables stay ordinary tables (headings shown, no labels).

The viewport is set on the usual test window (``open_browser``), so it is not a mobile emulation:
Chromium lays the page out 375 px wide, as a phone does with ``width=device-width``.
Screenshots (full page, at phone width): tests/screenshots/test_phone/.
"""

import pytest

from tests.browser import support

support.require_browser()

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
OFFICER = "op-diskominfo"
EXECUTIVE = "pimpinan"  # seed_demo's executive (Role.EXECUTIVE) account

# The outermost elements that stick out past the right edge of the viewport, outside any element
# that scrolls or clips them (a table in a .table-wrap is fine): what a person would scroll to see.
OVERFLOW_REPORT = """() => {
  const width = window.innerWidth;
  // An ancestor clips an element only if it is, or contains, the element's containing block: an
  // absolutely positioned element escapes every scroller below its nearest positioned ancestor.
  const clipped = el => {
    let position = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (position === "fixed") return false;
      if (position === "absolute" && style.position === "static") continue;
      if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) return true;
      position = style.position;
    }
    return false;
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
    " «" + (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50) + "»";
  const wide = Array.from(document.body.querySelectorAll("*")).filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 0.5 && !clipped(el);
  });
  const outermost = wide.filter(el => !wide.includes(el.parentElement));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    offenders: outermost.slice(0, 8).map(el => describe(el) + " right=" + Math.round(el.getBoundingClientRect().right)),
  };
}"""

# Each body row of a table: where its cell in column ``key`` is (e.g. "Status"), how wide its
# "Indikator" cell is (if the table has one), the label a stacked card shows before the key cell,
# and how the row is laid out. Cells are counted with row headers (th) included.
ROW_REPORT = """([selector, key]) => {
  const table = document.querySelector(selector);
  if (!table) return null;
  const heads = Array.from(table.tHead.rows[0].cells).map(th => th.textContent.trim());
  const keyAt = heads.indexOf(key), indicatorAt = heads.indexOf("Indikator");
  if (keyAt < 0) return {error: `no column ${key} in ${heads}`};
  return Array.from(table.tBodies[0].rows).map(tr => {
    const cell = tr.cells[keyAt], box = cell.getBoundingClientRect();
    return {
      row: Array.from(tr.cells).map(c => c.textContent.trim()).find(Boolean).replace(/\\s+/g, " ").slice(0, 30) + " | " +
           cell.textContent.trim().replace(/\\s+/g, " ").slice(0, 30),
      left: box.left, right: box.right, width: box.width,
      indicatorWidth: indicatorAt < 0 ? null : tr.cells[indicatorAt].getBoundingClientRect().width,
      label: getComputedStyle(cell, "::before").content,
      rowDisplay: getComputedStyle(tr).display,
      headVisible: table.tHead.getBoundingClientRect().height > 1,
    };
  });
}"""


def _url(name, *args, query=""):
    from django.urls import reverse

    return reverse(name, args=args) + query


def _open_period():
    from tests.browser.world import open_period

    return open_period()


def _answer(*, unit_code=None, statuses):
    """The first lead answer of the open period in one of ``statuses`` (in that order of preference)."""
    from evaluations.models import Answer

    answers = Answer.objects.filter(period=_open_period(), is_lead=True).order_by("indicator__number")
    if unit_code:
        answers = answers.filter(unit__code=unit_code)
    for status in statuses:
        answer = answers.filter(status=status).first()
        if answer is not None:
            return answer
    raise AssertionError(f"the demo data has no {'/'.join(statuses)} answer{f' of {unit_code}' if unit_code else ''}")


def _officer_answer():
    # A returned one shows the reviewer's note too, the longest answer page an officer sees.
    return _url("evaluations:answer_detail", _answer(unit_code="DISKOMINFO", statuses=["returned", "draft"]).pk)


def _submitted_answer():
    return _url("evaluations:answer_detail", _answer(statuses=["submitted"]).pk)


def _unit():
    from skpd.models import Unit

    return Unit.objects.get(code="DISKOMINFO")


def _indicator():
    return _open_period().framework.indicators.order_by("number").first()


def _framework_code():
    return _open_period().framework.code


# (page, who looks at it, its URL): each role's main pages.
PAGES = [
    ("officer-worklist", OFFICER, lambda: _url("evaluations:worklist")),
    ("officer-answer", OFFICER, _officer_answer),
    ("officer-my-unit", OFFICER, lambda: _url("evaluations:my_unit")),
    ("officer-notifications", OFFICER, lambda: _url("periods:notifications")),
    ("officer-periods", OFFICER, lambda: _url("periods:list")),
    ("reviewer-review-queue", "reviewer", lambda: _url("periods:review_queue")),
    ("reviewer-review-queue-all", "reviewer", lambda: _url("periods:review_queue", query="?status=")),
    ("reviewer-answer", "reviewer", _submitted_answer),
    ("reviewer-dashboard", "reviewer", lambda: _url("reports:dashboard")),
    ("reviewer-unit", "reviewer", lambda: _url("reports:unit_detail", _unit().pk)),
    ("reviewer-unit-progress", "reviewer", lambda: _url("reports:unit_progress")),
    ("reviewer-indicator", "reviewer", lambda: _url("reports:indicator_detail", _indicator().pk)),
    ("reviewer-whatif", "reviewer", lambda: _url("planning:whatif")),
    ("reviewer-road", "reviewer", lambda: _url("planning:road")),
    ("reviewer-plans", "reviewer", lambda: _url("planning:plan_list")),
    ("reviewer-caps", "reviewer", lambda: _url("planning:caps")),
    ("reviewer-calibration", "reviewer", lambda: _url("reports:calibration")),
    ("reviewer-framework", "reviewer", lambda: _url("indicators:framework_detail", _framework_code())),
    ("reviewer-framework-indicator", "reviewer", lambda: _url("indicators:indicator_detail", _framework_code(), 1)),
    ("executive-home", EXECUTIVE, lambda: "/"),
    ("executive-brief", EXECUTIVE, lambda: _url("reports:brief")),
    ("executive-notifications", EXECUTIVE, lambda: _url("periods:notifications")),
    ("admin-periods", "admin", lambda: _url("periods:list")),
    ("admin-period-detail", "admin", lambda: _url("periods:detail", _open_period().pk)),
    ("admin-stage-results", "admin", lambda: _url("periods:stage_results", _open_period().pk)),
    ("admin-indicator-settings", "admin", lambda: _url("periods:indicator_settings", _open_period().pk)),
    ("admin-units", "admin", lambda: _url("skpd:unit_list")),
    ("admin-people", "admin", lambda: _url("skpd:people_list")),
    ("admin-assignments", "admin", lambda: _url("assignments:index")),
]

# The tables whose rows become cards on a phone: page -> (table selector, the column that must be
# on screen in every row). The selectors do not rely on table.stack, so the test ran before it too.
STACKED = {
    "officer-worklist": ("table.worklist", "Status"),
    "reviewer-review-queue": ("main form table", "Status"),
    "reviewer-review-queue-all": ("main form table", "Status"),
    "reviewer-unit": ('section[aria-labelledby="h-work"] table', "Status"),
    "reviewer-whatif": ('section[aria-labelledby="h-levels"] table', "Tingkat rencana"),
    "officer-periods": ("main table", "Status"),
}


def _rows(browser, name, viewport):
    who, url = next((who, url) for page, who, url in PAGES if page == name)
    browser = browser(name, signed_in_as=who)
    browser.page.set_viewport_size(viewport)
    browser.goto(url(), name)
    selector, key = STACKED[name]
    rows = browser.page.evaluate(ROW_REPORT, [selector, key])
    assert rows and not (isinstance(rows, dict) and rows.get("error")), (
        f"{name}: nothing to check in {selector}: {rows}"
    )
    return browser, rows, key


def _open(open_browser, name, who, url, viewport=PHONE):
    browser = open_browser(name, signed_in_as=who)
    browser.page.set_viewport_size(viewport)
    browser.goto(url(), name)
    return browser


@pytest.mark.parametrize(("name", "who", "url"), [pytest.param(*page, id=page[0]) for page in PAGES])
def test_page_fits_a_phone_screen(open_browser, name, who, url):
    browser = _open(open_browser, name, who, url)
    report = browser.page.evaluate(OVERFLOW_REPORT)
    assert report["innerWidth"] == PHONE["width"], report
    assert report["scrollWidth"] <= report["innerWidth"], (
        f"{name} ({browser.path()}) scrolls sideways on a {PHONE['width']} px phone: the page is "
        f"{report['scrollWidth']} px wide. Sticking out: {report['offenders']}"
    )
    # test_accessibility.py runs axe at desktop width; on a phone, tables become cards and wide
    # ones scroll in their wrapper (which must then be reachable from the keyboard).
    browser.assert_accessible(f"{name} at {PHONE['width']} px")
    browser.assert_clean()


@pytest.mark.parametrize("name", list(STACKED))
def test_each_row_shows_its_status_on_a_phone(open_browser, name):
    browser, rows, key = _rows(open_browser, name, PHONE)
    width = PHONE["width"]
    off = [
        f"{r['row']} ({r['left']:.0f}–{r['right']:.0f} px)"
        for r in rows
        if r["left"] < 0 or r["right"] > width or not r["width"]
    ]
    assert not off, f"{name}: the {key!r} cell of these rows is off the {width} px screen: {off}"
    # A card, not a squeezed table row: the indicator name gets (almost) the screen's width, and
    # the cell says which column it is, since the column headings are hidden.
    squeezed = [
        f"{r['row']}: {r['indicatorWidth']:.0f} px"
        for r in rows
        if r["indicatorWidth"] is not None and r["indicatorWidth"] < 0.7 * width
    ]
    assert not squeezed, f"{name}: indicator names squeezed into a narrow column: {squeezed[:5]}"
    unlabelled = [r["row"] for r in rows if key not in r["label"]]
    assert not unlabelled, f"{name}: rows whose {key!r} cell shows no label: {unlabelled[:5]}"
    browser.assert_clean()


@pytest.mark.parametrize("name", list(STACKED))
def test_the_same_table_on_a_desktop(open_browser, name):
    browser, rows, key = _rows(open_browser, name, DESKTOP)
    assert rows[0]["headVisible"], f"{name}: the column headings are hidden at {DESKTOP['width']} px"
    not_rows = {r["rowDisplay"] for r in rows} - {"table-row"}
    assert not not_rows, f"{name}: rows are laid out as {not_rows} at {DESKTOP['width']} px, not as table rows"
    labelled = [r["row"] for r in rows if r["label"] not in ("none", "normal")]
    assert not labelled, f"{name}: cells show phone labels at {DESKTOP['width']} px: {labelled[:5]}"
    browser.assert_clean()


# The navigation: one line at 1366 px for every role; folded behind "Menu" on a phone.
NAV_REPORT = """() => {
  const nav = document.querySelector(".site-nav");
  const list = nav.querySelector(":scope > ul");
  const items = Array.from(list.children).filter(li => li.getBoundingClientRect().height > 0);
  const tops = new Set(items.map(li => Math.round(li.getBoundingClientRect().top)));
  return {
    navHeight: nav.getBoundingClientRect().height,
    headerHeight: document.querySelector(".site-header").getBoundingClientRect().height,
    listVisible: list.getBoundingClientRect().height > 0,
    lines: tops.size,
    items: items.map(li => li.textContent.trim().replace(/\\s+/g, " ")),
  };
}"""
NAV_ROLES = [OFFICER, "reviewer", EXECUTIVE, "admin"]


@pytest.mark.parametrize("who", NAV_ROLES)
def test_navigation_fits_one_line_at_1366(open_browser, who):
    browser = open_browser(f"nav-1366-{who}", signed_in_as=who)
    browser.page.set_viewport_size({"width": 1366, "height": 768})
    browser.goto("/periode/", f"nav-1366-{who}")
    report = browser.page.evaluate(NAV_REPORT)
    assert report["lines"] == 1, f"{who}: the navigation takes {report['lines']} lines at 1366 px: {report['items']}"
    # A menu opens below its group and its links can be followed.
    groups = browser.page.locator(".site-nav summary")
    if groups.count():
        groups.first.click()
        menu = browser.page.locator(".site-nav details[open] .nav-menu a").first
        assert menu.is_visible()
        browser.page.keyboard.press("Escape")
        assert browser.page.locator(".site-nav details[open]").count() == 0
    browser.assert_clean()


@pytest.mark.parametrize("who", NAV_ROLES)
def test_navigation_folds_on_a_phone(open_browser, who):
    browser = open_browser(f"nav-phone-{who}", signed_in_as=who)
    browser.page.set_viewport_size({"width": 390, "height": 844})
    browser.goto("/periode/", f"nav-phone-{who}")
    folded = browser.page.evaluate(NAV_REPORT)
    assert not folded["listVisible"], f"{who}: the navigation is not folded on a phone"
    top = folded["navHeight"] + folded["headerHeight"]
    assert top <= 0.25 * 844, f"{who}: header and navigation take {top:.0f} px of an 844 px screen"
    toggle = browser.page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    opened = browser.page.evaluate(NAV_REPORT)
    assert opened["listVisible"]
    assert browser.page.get_by_role("link", name="Periode").first.is_visible()
    # Signing out stays one tap away, outside the folded menu.
    assert browser.page.get_by_role("button", name="Keluar").is_visible()
    browser.assert_clean()
