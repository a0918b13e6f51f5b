"""The officer cannot lose or misfile work (issue 15), in headless Chromium on the live demo portal.

- the session ends while an answer is open: pressing "Ajukan" leads to the sign-in page and back to
  the answer with the unsent text in the form and a message, never to an HTTP 405;
- submitting at level 2 or more with no evidence asks first, saying what reviewers expect;
- two units uploading the same bytes each see their own file name, in the list and the download;
- a PDF opens in the browser in a new tab (inline), not as a download;
- a file over the size limit is refused in the browser before anything is sent.
"""

import re

import pytest

from tests.browser import support

support.require_browser()

from playwright.sync_api import expect  # noqa: E402  (after the skip: the package may be missing)

pytestmark = pytest.mark.browser

LEVEL_RADIO = 'form[data-answer-form] input[name="proposed_level"][value="{}"]'


def indicator_path(work):
    from django.urls import reverse

    return reverse("evaluations:answer", args=[work.period.pk, work.indicator.number])


def wait_for_autosave(browser):
    expect(browser.page.locator("#save-status")).to_contain_text("Tersimpan", timeout=support.TIMEOUT_MS)


def start_answer(browser, work, *, level, explanation):
    browser.sign_in(work.officer)
    browser.goto(indicator_path(work), f"answer-{work.indicator.number}")
    browser.page.check(LEVEL_RADIO.format(level))
    browser.page.get_by_label("Penjelasan", exact=True).fill(explanation)
    wait_for_autosave(browser)


def end_session(browser):
    """The session ends on the server (as after SESSION_COOKIE_AGE); the tab stays open. The CSRF
    cookie lives on, as it does in a real browser."""
    from django.contrib.sessions.models import Session

    keys = [c["value"] for c in browser.page.context.cookies() if c["name"] == "sessionid"]
    assert keys, "no session cookie"
    Session.objects.filter(session_key__in=keys).delete()


def upload(browser, *paths, title=None):
    page = browser.page
    if title is not None:
        page.locator("form[data-upload-form]").get_by_label("Judul bukti").fill(title)
    page.locator("#bukti input[type=file]").set_input_files([str(p) for p in paths])
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah").click()
    browser.settle()


def test_sign_in_again_after_session_ended_returns_to_the_answer_with_the_text(open_browser):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    officer = open_browser("officer")
    start_answer(officer, work, level=1, explanation="Fakta pertama.")
    answer = work.answer()
    assert answer is not None and answer.explanation == "Fakta pertama."

    end_session(officer)
    page = officer.page
    unsent = "Fakta pertama. Analisis dan justifikasi yang ditulis setelah sesi berakhir."
    # Typed without the autosave reaching the server (it is sent to the sign-in page, and says so).
    page.get_by_label("Penjelasan", exact=True).fill(unsent)
    expect(page.locator("#save-status")).to_contain_text("sesi berakhir", timeout=support.TIMEOUT_MS)
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan ke peninjau").click()
    officer.settle()
    assert "/masuk/" in page.url, f"not sent to sign in: {page.url}"
    officer.shot("sign-in-again")

    page.get_by_label("Nama pengguna").fill(work.officer)
    page.get_by_label("Kata sandi").fill(support.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    officer.settle()
    officer.shot("back-on-the-answer")
    from django.urls import reverse

    # The answer page (a GET), by indicator or by id; never the POST-only save URL.
    pages = (indicator_path(work), reverse("evaluations:answer_detail", args=[answer.pk]))
    assert officer.path().split("#")[0] in pages, officer.path()
    expect(page.locator(".messages")).to_contain_text("Pengajuan belum terkirim")
    expect(page.get_by_label("Penjelasan", exact=True)).to_have_value(unsent)
    expect(page.locator(LEVEL_RADIO.format(1))).to_be_checked()
    assert work.answer().status == "draft"  # nothing was submitted behind the officer's back
    officer.assert_accessible("the answer page with the restored text")

    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan ke peninjau").click()
    officer.settle()
    assert work.answer().status == "submitted"
    assert work.answer().explanation == unsent
    # No 405 anywhere, no console error, no CSP violation.
    officer.assert_clean()


def test_submit_without_evidence_asks_first(open_browser):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    officer = open_browser("officer")
    start_answer(officer, work, level=3, explanation="Fakta, analisis dan justifikasi tanpa bukti.")
    page = officer.page
    # The evidence section comes before the submit button.
    assert page.evaluate(
        """() => { const ev = document.getElementById('bukti');
                   const submit = document.querySelector('button[name=action][value=submit]');
                   return !!(ev.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING); }"""
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan ke peninjau").click()
    officer.settle()
    officer.shot("asked-first")
    confirm = page.locator("#confirm-no-evidence")
    expect(confirm).to_contain_text("belum memiliki bukti dukung")
    expect(confirm).to_contain_text("Reviewer akan mengharapkan bukti")
    assert work.answer().status == "draft"
    officer.assert_accessible("the submit confirmation without evidence")

    with page.expect_navigation():
        page.get_by_role("button", name="Tetap ajukan tanpa bukti").click()
    officer.settle()
    assert work.answer().status == "submitted"
    officer.assert_clean()


def test_two_units_with_identical_bytes_each_see_their_own_file_name(open_browser, tmp_path):
    from tests.browser.world import claim_unanswered

    first = claim_unanswered()
    second = claim_unanswered(exclude_units=(first.unit.code,))
    same_bytes = support.write_small_pdf(tmp_path / "a.pdf", "Bukti yang sama").read_bytes()
    names = {first: "Kominfo-Manajemen-Risiko-2026.pdf", second: "Indikator32-SK-Layanan-Perencanaan.pdf"}
    for work, name in names.items():
        folder = tmp_path / work.unit.code
        folder.mkdir()
        (folder / name).write_bytes(same_bytes)
        browser = open_browser(work.unit.code)
        start_answer(browser, work, level=2, explanation="Fakta dengan bukti.")
        upload(browser, folder / name)
        browser.shot("uploaded")
        work.browser = browser

    from evaluations.models import Evidence

    items = {work: Evidence.objects.get(answer=work.answer()) for work in names}
    assert items[first].file_id == items[second].file_id  # one stored file underneath
    for work, name in names.items():
        other = names[second if work is first else first]
        page = work.browser.page
        work.browser.goto(work.browser.path().split("#")[0])
        listed = page.locator("#bukti .evidence-list")
        expect(listed).to_contain_text(name)
        expect(listed).not_to_contain_text(other)
        link = page.locator("#bukti .evidence-list a").first
        response = page.request.get(work.browser.url(link.get_attribute("href")))
        assert response.status == 200
        assert name in response.headers["content-disposition"]
        assert other not in response.headers["content-disposition"]
        work.browser.assert_clean()


def test_a_pdf_opens_inline_in_a_new_tab(open_browser, tmp_path):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    officer = open_browser("officer")
    start_answer(officer, work, level=2, explanation="Fakta dengan PDF.")
    upload(officer, support.write_small_pdf(tmp_path / "Pergub-SPBE.pdf"), title="Pergub SPBE")
    page = officer.page
    downloads = []
    page.context.on("download", lambda d: downloads.append(d))
    # The browser's own PDF viewer (an extension built into Chromium) is not another host: let it load.
    viewer = []

    def browser_viewer(route):
        viewer.append(route.request.url)
        route.continue_()

    page.context.route(re.compile(r"^chrome(-extension)?://"), browser_viewer)
    link = page.get_by_role("link", name=re.compile("Pergub SPBE"))
    assert link.get_attribute("target") == "_blank"
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    response = page.request.get(officer.url(link.get_attribute("href")))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert "Pergub-SPBE.pdf" in response.headers["content-disposition"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    assert tab.url.endswith(link.get_attribute("href"))
    tab.wait_for_timeout(500)
    assert downloads == [], "the PDF was downloaded, not shown"
    assert any("pdf" in url for url in viewer), f"Chromium's PDF viewer did not open it: {viewer}"
    officer.assert_clean()


def test_a_file_over_the_limit_is_refused_before_uploading(open_browser, tmp_path, settings):
    from tests.browser.world import claim_unanswered

    settings.EVIDENCE_MAX_BYTES = 200  # the live server runs in this process
    work = claim_unanswered()
    officer = open_browser("officer")
    start_answer(officer, work, level=1, explanation="Fakta.")
    officer.goto(officer.path())  # the form now carries the small limit
    page = officer.page
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/bukti/" in r.url or "then=file" in r.url else None)
    big = support.write_small_pdf(tmp_path / "Laporan-Besar.pdf")
    assert big.stat().st_size > 200
    page.locator("#bukti input[type=file]").set_input_files(str(big))
    expect(page.locator("[data-upload-error]")).to_contain_text("Laporan-Besar.pdf")
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_timeout(300)
    assert sent == []
    assert not work.answer().evidence.exists()
    officer.assert_accessible("the upload form with a size refusal")
    officer.assert_clean()


def test_an_htmx_error_response_is_a_portal_message_not_a_blank_page(open_browser):
    """A stale tab's htmx request that gets an error page back (403, 404, 500, with DEBUG on or
    off) never has that page swapped in: the page stays, with a message in the portal's style."""
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    officer = open_browser("officer")
    start_answer(officer, work, level=1, explanation="Fakta.")
    page = officer.page
    missing = officer.url("/evaluasi/bukti/999999999/unduh/")
    officer.expected_errors.add((404, missing))
    page.evaluate(f"() => window.htmx.ajax('GET', '{missing}', {{target: '#main', swap: 'innerHTML'}})")
    expect(page.locator("#htmx-problem")).to_contain_text("Permintaan gagal (404)")
    expect(page.locator("form[data-answer-form]")).to_be_visible()  # the page is still there
    officer.shot("htmx-error-message")
    officer.assert_accessible("the page with a failed htmx request's message")
    # htmx itself logs the error status it was given on purpose here; anything else still counts.
    officer.console_errors = [e for e in officer.console_errors if "Response Status Error Code 404" not in e]
    officer.assert_clean()


def test_removing_evidence_asks_first_with_or_without_javascript(open_browser, tmp_path):
    from tests.browser.world import claim_unanswered

    work = claim_unanswered()
    officer = open_browser("officer")
    start_answer(officer, work, level=1, explanation="Fakta.")
    first = support.write_small_pdf(tmp_path / "Satu.pdf", "Satu")
    second = support.write_small_pdf(tmp_path / "Dua.pdf", "Dua")
    upload(officer, first, second)  # two files in one upload
    page = officer.page
    expect(page.locator("#bukti .evidence-list")).to_contain_text("Satu.pdf")
    expect(page.locator("#bukti .evidence-list")).to_contain_text("Dua.pdf")
    assert work.answer().evidence.count() == 2

    # With JavaScript: the browser's dialog; "cancel" removes nothing.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Hapus Satu").click()
    page.wait_for_timeout(300)
    assert work.answer().evidence.count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Hapus Satu").click()
    officer.settle()
    assert list(work.answer().evidence.values_list("file_name", flat=True)) == ["Dua.pdf"]

    # Without it (the form posts as it is): a page asks first.
    page.evaluate(
        "() => document.querySelectorAll('form[data-confirm]').forEach(f => f.removeAttribute('data-confirm'))"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Hapus Dua").click()
    officer.settle()
    officer.shot("remove-asks")
    expect(page.get_by_role("heading", name="Hapus bukti dukung?")).to_be_visible()
    assert work.answer().evidence.count() == 1
    officer.assert_accessible("the page asking before a removal")
    with page.expect_navigation():
        page.get_by_role("button", name="Ya, hapus").click()
    officer.settle()
    assert work.answer().evidence.count() == 0
    expect(page.locator(".history")).to_contain_text("bukti dihapus: Dua")
    officer.assert_clean()
