"""The main journeys, done in headless Chromium against a live portal with the demo data.

a. an officer signs in, answers an indicator with an uploaded evidence file, reloads and finds the
   draft saved (htmx autosave), submits; and the same with the keyboard alone;
b. a reviewer returns it with a note; the officer sees the note, fixes, resubmits; the reviewer verifies;
c. the dashboard shows the new index and draws its charts, with no console error or CSP violation;
d. the what-if simulator recomputes the projected index without a page load;
e. the executive reads the brief and gets no edit page anywhere.

Every journey ends with ``assert_clean()``: no console error, script error, CSP violation, failed
request or request to another host on any page it visited. Screenshots: tests/screenshots/.
"""

import re

import pytest

from tests.browser import support

support.require_browser()

from playwright.sync_api import expect  # noqa: E402  (after the skip: the package may be missing)

pytestmark = pytest.mark.browser

LEVEL_RADIO = 'form[data-answer-form] input[name="proposed_level"][value="{}"]'


def worklist_path():
    from django.urls import reverse

    return reverse("evaluations:worklist")


def answer_path(answer):
    from django.urls import reverse

    return reverse("evaluations:answer_detail", args=[answer.pk])


def wait_for_autosave(browser):
    expect(browser.page.locator("#save-status")).to_contain_text("Tersimpan", timeout=support.TIMEOUT_MS)


def open_answer_from_worklist(browser, work):
    """From the officer's work list, follow the link of the claimed indicator to its answer page."""
    assert browser.path().startswith(worklist_path()), f"officer's home is not the work list: {browser.path()}"
    row = browser.page.locator("table.worklist tbody tr").filter(
        has=browser.page.locator("td.num", has_text=re.compile(rf"^\s*{work.indicator.number}\s*$"))
    )
    with browser.page.expect_navigation():
        row.get_by_role("link").first.click()
    browser.settle()
    browser.shot(f"answer-{work.indicator.number}")
    expect(browser.page.locator("h1")).to_contain_text(f"Indikator {work.indicator.number}.")


def submitted_answer(work, *, level=3, explanation="Fakta, analisis dan justifikasi (disiapkan oleh tes)."):
    """Put ``work`` in the submitted state through the services, as the officer would have."""
    from evaluations.answers import services

    user = work.user()
    answer = services.get_or_create_answer(user, work.period, work.indicator, work.unit)
    answer = services.save_draft(
        user, answer, proposed_level=level, explanation=explanation, base_version=answer.version
    )
    return services.submit_answer(user, answer, confirm_no_evidence=True)


# -- a ------------------------------------------------------------------------------------------


def test_a_officer_answers_with_evidence_finds_the_draft_saved_and_submits(open_browser, tmp_path):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    pdf = support.write_small_pdf(tmp_path / "sk-tim-spbe.pdf")
    explanation = "Fakta: SK Tim SPBE terbit 2026. Analisis: kriteria tingkat 3 terpenuhi. Justifikasi: lihat bukti."
    officer = open_browser("officer")
    officer.sign_in(work.officer)
    open_answer_from_worklist(officer, work)
    page = officer.page

    page.check(LEVEL_RADIO.format(3))
    page.get_by_label("Penjelasan", exact=True).fill(explanation)
    wait_for_autosave(officer)
    officer.shot("draft-autosaved")
    officer.assert_accessible("the answer page after an autosave")
    answer = work.answer()
    assert (answer.status, answer.proposed_level, answer.explanation) == ("draft", 3, explanation)

    page.locator("form[data-upload-form]").get_by_label("Judul bukti").fill("SK Tim SPBE 2026")
    page.locator("#bukti input[type=file]").set_input_files(str(pdf))
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah").click()
    officer.settle()
    officer.shot("evidence-uploaded")
    expect(page.locator("#bukti .evidence-list")).to_contain_text("SK Tim SPBE 2026")
    assert answer.evidence.filter(file__original_name="sk-tim-spbe.pdf").exists()

    # The draft comes back from the server, not from the browser's own copy of the text.
    page.evaluate("() => window.localStorage.clear()")
    page.reload()
    officer.settle()
    officer.shot("reloaded")
    expect(page.locator(LEVEL_RADIO.format(3))).to_be_checked()
    expect(page.get_by_label("Penjelasan", exact=True)).to_have_value(explanation)

    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan ke peninjau").click()
    officer.settle()
    officer.shot("submitted")
    expect(page.locator(".answer-meta")).to_contain_text("Diajukan")
    assert work.answer().status == "submitted"
    officer.assert_clean()


def tab_to(browser, selector, *, text=None, limit=120):
    """Press Tab until the focused element matches ``selector`` (and shows ``text``), as a keyboard user does."""
    for _ in range(limit):
        browser.page.keyboard.press("Tab")
        if browser.page.evaluate(
            """([s, t]) => { const el = document.activeElement;
                             return !!el && el.matches(s) && (t === null || el.textContent.trim() === t); }""",
            [selector, text],
        ):
            return
    raise AssertionError(f"{selector} {text or ''} cannot be reached with Tab (pressed {limit} times)")


def test_a_officer_does_it_with_the_keyboard_alone(open_browser, tmp_path):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    pdf = support.write_small_pdf(tmp_path / "notulen.pdf")
    explanation = "Dikerjakan dengan papan ketik saja."
    officer = open_browser("keyboard")
    page = officer.page
    choosers = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))

    officer.goto("/masuk/", "login")
    tab_to(officer, "input[name=username]")
    page.keyboard.type(work.officer)
    tab_to(officer, "input[name=password]")
    page.keyboard.type(support.DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    officer.settle()
    officer.shot("worklist")

    detail = answer_link_selector(work)
    tab_to(officer, detail)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    officer.settle()
    officer.shot("answer")

    # Into the level group, then arrow keys choose: level 1 → 2.
    tab_to(officer, 'input[name="proposed_level"]')
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator(LEVEL_RADIO.format(2))).to_be_checked()
    tab_to(officer, "textarea[name=explanation]")
    page.keyboard.type(explanation)
    wait_for_autosave(officer)
    officer.shot("autosaved")

    tab_to(officer, "input[type=file]")
    choose_file_with_keyboard(page, pdf, choosers)
    tab_to(officer, "button[type=submit]", text="Unggah")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    officer.settle()
    officer.shot("uploaded")
    expect(page.locator("#bukti .evidence-list")).to_contain_text("notulen")

    page.reload()
    officer.settle()
    expect(page.locator(LEVEL_RADIO.format(2))).to_be_checked()
    expect(page.locator("textarea[name=explanation]")).to_have_value(explanation)
    tab_to(officer, "button[value=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    officer.settle()
    officer.shot("submitted")
    assert work.answer().status == "submitted"
    officer.assert_clean()


def choose_file_with_keyboard(page, path, choosers):
    """Open the focused file field's chooser from the keyboard (Space, else Enter) and pick ``path``.

    ``choosers`` is filled by a "filechooser" listener the test registered when the page opened:
    a listener added only just before the key press was seen to miss the dialog now and then.
    """
    for key in ("Space", "Enter"):
        page.keyboard.press(key)
        for _ in range(40):
            if choosers:
                choosers.pop().set_files(str(path))
                return
            page.wait_for_timeout(100)
    raise AssertionError("the file field's chooser does not open from the keyboard (Space, Enter)")


def answer_link_selector(work):
    """The work-list link to the claimed indicator (its href ends with the indicator's number)."""
    from django.urls import reverse

    return f'table.worklist a[href="{reverse("evaluations:answer", args=[work.period.pk, work.indicator.number])}"]'


# -- b ------------------------------------------------------------------------------------------


def test_b_reviewer_returns_officer_fixes_and_resubmits_reviewer_verifies(open_browser):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    answer = submitted_answer(work, level=4)
    note = "Bukti belum memuat nomor SK; lengkapi dan ajukan ulang."

    reviewer = open_browser("reviewer", signed_in_as="reviewer")
    open_in_review_queue(reviewer, answer)
    page = reviewer.page
    page.get_by_label("Catatan peninjau").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="Kembalikan").click()
    reviewer.settle()
    reviewer.shot("returned")
    assert work.answer().status == "returned"

    officer = open_browser("officer", signed_in_as=work.officer)
    officer.goto("/", "home-worklist")  # an officer's home is the unit's work list
    expect(officer.page.locator("table.worklist")).to_contain_text(note)
    open_answer_from_worklist(officer, work)
    expect(officer.page.locator(".notice-returned")).to_contain_text(note)
    officer.assert_accessible("a returned answer with the reviewer's note")
    officer.page.get_by_label("Penjelasan", exact=True).fill("Diperbaiki: SK No. 12 Tahun 2026 dilampirkan.")
    wait_for_autosave(officer)
    with officer.page.expect_navigation():
        officer.page.get_by_role("button", name="Ajukan ulang ke peninjau").click()
    officer.settle()
    # Level 4 with no evidence: the portal asks first (issue 15), then the officer confirms.
    expect(officer.page.locator("#confirm-no-evidence")).to_be_visible()
    with officer.page.expect_navigation():
        officer.page.get_by_role("button", name="Tetap ajukan tanpa bukti").click()
    officer.settle()
    officer.shot("resubmitted")
    assert work.answer().status == "submitted"

    reviewer.goto(answer_path(answer), "resubmitted-answer")
    page.get_by_label("Tingkat terverifikasi").select_option("3")
    # Below the proposed level (4): the officer is told why.
    page.get_by_label("Catatan peninjau").fill("Tingkat 4 belum terpenuhi: belum ada evaluasi berkala.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi").click()
    reviewer.settle()
    reviewer.shot("verified")
    final = work.answer()
    assert (final.status, final.verified_level) == ("verified", 3)
    reviewer.assert_clean()
    officer.assert_clean()


def open_in_review_queue(reviewer, answer):
    """The reviewer finds the submitted answer in the review queue and opens it."""
    from django.urls import reverse

    reviewer.goto(reverse("periods:review_queue"), "review-queue")
    # The link carries the queue's filter (``?kembali=``) so the way back keeps it.
    link = reviewer.page.locator(f'a[href^="{answer_path(answer)}?"]').first
    expect(link).to_be_visible()
    with reviewer.page.expect_navigation():
        link.click()
    reviewer.settle()
    reviewer.shot("answer-under-review")


# -- c ------------------------------------------------------------------------------------------


def test_c_dashboard_shows_the_new_index_with_its_charts_drawn(open_browser):
    from tests.browser.world import claim_unanswered, index_text, open_period, shown_index

    work = claim_unanswered()
    answer = submitted_answer(work, level=5)
    period = open_period()
    before = shown_index(period)

    reviewer = open_browser("reviewer", signed_in_as="reviewer")
    reviewer.goto("/", "home-dashboard")  # the reviewer's home is the dashboard
    page = reviewer.page
    expect(page.locator("#index-value")).to_be_visible()
    # The series selector (a plain GET form) shows the internally verified series.
    page.get_by_label("Seri").select_option("verified")
    with page.expect_navigation():
        page.locator("form.filters").get_by_role("button", name="Tampilkan").click()
    reviewer.settle()
    reviewer.shot("dashboard-verified-series")
    expect(page.locator("#h-index")).to_contain_text("Terverifikasi internal")
    expect(page.locator("#index-value")).to_have_text(index_text(before))

    reviewer.goto(answer_path(answer), "answer")
    page.get_by_label("Tingkat terverifikasi").select_option("5")
    # No evidence on this answer: verifying it needs a note to the officer.
    page.get_by_label("Catatan peninjau").fill("Diperiksa langsung pada aplikasi.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi").click()
    reviewer.settle()
    after = shown_index(period)
    assert after != before, "verifying a level-5 answer did not move the verified index"

    reviewer.goto(f"/?periode={period.year}&seri=verified", "dashboard-after")
    expect(page.locator("#index-value")).to_have_text(index_text(after))
    charts = page.locator(".chart[data-figure]")
    assert charts.count() >= 4, f"expected the dashboard's charts, found {charts.count()}"
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg.main-svg").first).to_be_attached()
    # No Plotly mode bar: its buttons would be focusable inside role="img", and plotly.js 4's
    # "Share chart..." button uploads the chart to Plotly's cloud.
    expect(page.locator(".chart .modebar-btn")).to_have_count(0)
    reviewer.assert_clean()


def test_c_the_charts_show_the_same_index_as_the_page(open_browser):
    browser = open_browser("reviewer", signed_in_as="reviewer")
    browser.goto("/", "dashboard")
    headline = browser.page.locator("#index-value").inner_text().strip()
    bar_labels = browser.page.locator('[data-figure="fig-bullet"] text.bartext').all_text_contents()
    assert bar_labels, "the bullet chart has no value label"
    assert [label.strip() for label in bar_labels] == [headline], (headline, bar_labels)

    browser.goto(reverse_brief(), "brief")
    headline = browser.page.locator("#brief-index").inner_text().strip()
    bar_labels = browser.page.locator('[data-figure="fig-brief-bullet"] text.bartext').all_text_contents()
    assert [label.strip() for label in bar_labels] == [headline], (headline, bar_labels)


def reverse_brief():
    from django.urls import reverse

    return reverse("reports:brief")


# -- d ------------------------------------------------------------------------------------------


def test_d_whatif_recomputes_the_projected_index_without_a_page_load(open_browser):
    from django.urls import reverse

    reviewer = open_browser("reviewer", signed_in_as="reviewer")
    reviewer.goto(reverse("planning:whatif"), "whatif")
    page = reviewer.page
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    page.evaluate("() => { window.__stillTheSamePage = 'ya'; }")

    before = page.locator("#index-after").inner_text()
    select = page.locator("select.level-select").first
    options = select.locator("option").all_inner_texts()
    current = select.input_value()
    target = "5" if current != "5" else "1"
    assert target in options
    select.select_option(target)
    expect(page.locator("#index-after")).not_to_have_text(before)
    reviewer.settle()
    reviewer.shot("whatif-changed")

    assert page.evaluate("() => window.__stillTheSamePage") == "ya", "the page was reloaded"
    assert navigations == [], f"the page navigated: {navigations}"
    expect(page.locator("#changes")).to_contain_text("→")
    expect(page.locator("#whatif-result .chart[data-figure] svg.main-svg").first).to_be_attached()
    reviewer.assert_accessible("the what-if result swapped in by htmx")
    reviewer.assert_clean()


# -- e ------------------------------------------------------------------------------------------

EDIT_WORDS = re.compile(
    r"^(Simpan|Ubah|Hapus|Unggah|Verifikasi|Kembalikan|Ajukan|Impor|Tambah|Buat|Buka kembali)\b", re.I
)


def edit_urls():
    """Pages that change something (GET shows a form): the executive must be refused each one."""
    from django.urls import NoReverseMatch, reverse

    from skpd.models import Unit
    from tests.browser.world import open_period

    period = open_period()
    unit = Unit.objects.order_by("pk").first()
    wanted = [
        ("periods:create", []),
        ("periods:edit", [period.pk]),
        ("periods:indicator_settings", [period.pk]),
        ("periods:stage_edit", [period.pk, "final"]),
        ("periods:summary", [period.pk]),
        ("skpd:unit_create", []),
        ("skpd:unit_edit", [unit.pk]),
        ("skpd:unit_import", []),
        ("skpd:people_list", []),
        ("skpd:person_create", []),
    ]
    urls = []
    for name, args in wanted:
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return urls


def read_only_pages():
    """Pages the executive may read: each must show no control that changes data."""
    from django.urls import reverse

    from evaluations.models import Answer
    from tests.browser.world import open_period

    period = open_period()
    answer = Answer.objects.filter(period=period, status="submitted").order_by("pk").first()
    return [
        reverse("evaluations:answer_detail", args=[answer.pk]),
        reverse("assignments:index"),
        reverse("periods:detail", args=[period.pk]),
        reverse("indicators:framework_detail", args=[period.framework.code]),
        reverse("reports:calibration"),
    ]


def visible_edit_controls(browser):
    """Labels of visible buttons that would change data (sign-out and language switch excepted)."""
    labels = browser.page.locator("main button:visible, main input[type=submit]:visible").all_inner_texts()
    return [label.strip() for label in labels if EDIT_WORDS.match(label.strip())]


def test_e_executive_reads_the_brief_and_gets_no_edit_page(open_browser):
    from django.urls import reverse

    executive = open_browser("executive", signed_in_as="pimpinan")
    executive.goto("/", "home-dashboard")
    assert visible_edit_controls(executive) == []

    executive.goto(reverse("reports:brief"), "brief")
    page = executive.page
    expect(page.locator("#brief-index")).not_to_have_text("–")
    expect(page.locator(".chart[data-figure] svg.main-svg").first).to_be_attached()
    assert visible_edit_controls(executive) == []

    urls = edit_urls()
    assert len(urls) >= 8, urls
    # Asked with the browser's own session (page.request shares its cookies), without following
    # redirects: an error status with an empty body is not a page Chromium would render.
    statuses = {url: page.request.get(executive.url(url), max_redirects=0).status for url in urls}
    reached = {url: status for url, status in statuses.items() if status != 403}
    assert not reached, f"the executive was not refused (403) on these edit pages: {reached}"
    admin = page.request.get(executive.url("/admin/"), max_redirects=0)
    # The admin sends a non-staff account to its own sign-in page instead of a 403.
    assert admin.status == 302 and "/admin/login/" in admin.headers["location"], (admin.status, admin.headers)

    for path in read_only_pages():
        executive.goto(path)
        assert visible_edit_controls(executive) == [], f"edit controls on {path} for the executive"
        # No form that writes can be sent from here (a read-only table may sit in an inert form).
        expect(page.locator("main form[method=post] :is(button, input[type=submit]):visible")).to_have_count(0)
    executive.assert_clean()
