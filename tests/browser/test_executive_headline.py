"""The executive's headline on the demo data, in headless Chromium (issue 13, "Done when").

The executive (pimpinan) opens the dashboard and the governor's brief for the running period and
finds as the headline the latest official result: the newest *final* period whose final levels are
all recorded (demo: 2025), its index, predicate and year, computed here with the scoring engine.
The open cycle is shown below it as progress (assessed of all, lowest and highest possible), and
no predicate stands next to the floor of the incomplete series.
"""

import pytest

from tests.browser import support

support.require_browser()

from playwright.sync_api import expect  # noqa: E402  (after the skip: the package may be missing)

pytestmark = pytest.mark.browser

EXECUTIVE = "pimpinan"  # seed_demo's executive (Role.EXECUTIVE) account


def latest_official():
    """(year, index text, predicate) of the newest final period with every final level, worked out
    here from the stored levels with the scoring engine, not through the page's read model."""
    from evaluations.models import Period, StageResult
    from indicators import scoring

    for period in Period.objects.select_related("framework").filter(status=Period.Status.FINAL, is_summary_only=False):
        structure = period.framework.structure()
        levels = dict(
            StageResult.objects.filter(period=period, stage=StageResult.Stage.FINAL).values_list(
                "indicator__number", "level"
            )
        )
        result = scoring.compute(structure, levels)
        if result.index is not None:
            shown = scoring.display_index(result.index, structure).replace(".", ",")
            return period.year, shown, result.predicate.name
    raise AssertionError("the demo data has no official result")


def test_executive_finds_the_latest_official_result_as_the_headline(open_browser):
    from django.urls import reverse

    from tests.browser.world import open_period

    year, index, predicate = latest_official()
    assert (year, index, predicate) == (2025, "3,21", "Baik")  # the demo's last published year
    running = open_period()

    executive = open_browser("executive", signed_in_as=EXECUTIVE)
    executive.goto("/", "home-dashboard")  # the executive's home is the dashboard
    page = executive.page
    expect(page.locator("#h-official")).to_contain_text(f"Hasil resmi terakhir: {year}")
    expect(page.locator("#official-index")).to_have_text(index)
    expect(page.locator("#official-predicate")).to_contain_text(predicate)
    # The headline is the first big number on the page; the running year follows as progress.
    expect(page.locator(".big-number").first).to_have_text(index)
    progress = page.locator("#cycle-progress")
    expect(progress).to_contain_text(f"Siklus {running.year} berjalan")
    expect(progress).to_contain_text("Terendah mungkin")
    expect(progress).to_contain_text("Tertinggi mungkin")
    expect(progress.locator(".predicate-badge")).to_have_count(0)
    expect(page.locator("#stage-deadlines")).to_be_visible()
    expect(page.locator("#held-back")).to_be_visible()
    expect(page.locator("#h-recent")).to_have_text("Sejak minggu lalu")

    executive.goto(reverse("reports:brief"), "brief")
    expect(page.locator("#brief-official-year")).to_contain_text(f"Hasil resmi terakhir: {year}")
    expect(page.locator("#brief-index")).to_have_text(index)
    expect(page.locator("#brief-predicate")).to_have_text(predicate)
    bar_labels = page.locator('[data-figure="fig-brief-bullet"] text.bartext').all_text_contents()
    assert [label.strip() for label in bar_labels] == [index], bar_labels
    expect(page.locator("#cycle-progress")).to_contain_text(f"Siklus {running.year} berjalan")

    # The full ranking behind the dashboard's table, with another target chosen in its form.
    executive.goto(reverse("reports:held_back"), "held-back")
    page.get_by_label("Target").select_option("3")
    with page.expect_navigation():
        page.locator("form.filters").get_by_role("button", name="Tampilkan").click()
    executive.settle()
    expect(page.locator("#held-back-target")).to_contain_text("tingkat 3")
    expect(page.locator("#held-back tbody tr").first).to_be_visible()
    executive.assert_accessible("held-back ranking")
    executive.assert_clean()
