"""The move to Pemdi 2026 in the browser (issue 14): the administrator creates a Pemdi period,
carries over from the SPBE period (nothing copied: the summary lists what the crosswalk links and
the new work), accepts the assignments proposed through the crosswalk and opens the period; the
officer of the proposed lead unit finds the related SPBE answers on the new indicator's page and
reuses an explanation with one click.

The demo data is shared by the package, so the 2027 period this test makes is removed at the end.
"""

import pytest

from tests.browser import support

support.require_browser()

from playwright.sync_api import expect  # noqa: E402  (after the skip: the package may be missing)

pytestmark = pytest.mark.browser

YEAR = 2027


def _remove_period(year):
    from evaluations.models import Answer, Assignment, Evidence, Notification, Period

    period = Period.objects.filter(year=year).first()
    if period is None:
        return
    Evidence.objects.filter(answer__period=period).delete()
    Answer.objects.filter(period=period).delete()
    Assignment.objects.filter(period=period).delete()
    Notification.objects.filter(url__contains=f"/periode/{period.pk}/").delete()
    period.delete()


def test_admin_moves_to_pemdi_and_officer_reuses_a_related_explanation(open_browser):
    from django.core.management import call_command
    from django.urls import reverse

    from evaluations.models import Answer, Assignment, Period
    from indicators.models import Framework
    from tests.browser.world import officer_of

    call_command("load_shipped_crosswalks", verbosity=0)
    pemdi = Framework.objects.get(code="pemdi-2026")
    source = Period.objects.get(year=2025)
    try:
        admin = open_browser("admin")
        admin.sign_in("admin")
        page = admin.page

        # 1. A new period on Pemdi 2026.
        admin.goto(reverse("periods:create"), "new-period")
        page.get_by_label("Tahun").fill(str(YEAR))
        page.get_by_label("Kerangka").select_option(str(pemdi.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan").click()
        admin.settle()
        period = Period.objects.get(year=YEAR)
        assert period.framework == pemdi

        # 2. Carry-over from the SPBE period: nothing copied, links and new work listed.
        admin.goto(reverse("periods:carry_over", args=[period.pk]), "carry-over")
        page.get_by_label("Salin jawaban dari periode").select_option(str(source.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Salin").click()
        admin.settle()
        admin.shot("carry-over-summary")
        expect(page.locator("[role=status]")).to_contain_text("tidak ada jawaban maupun tingkat yang disalin")
        expect(page.locator("#new-work")).to_contain_text("Penyelenggaraan Informasi Geospasial")
        expect(page.locator("#linked-indicators")).to_contain_text("Tingkat Kematangan Tata Kelola Pemdi")
        assert not Answer.objects.filter(period=period).exists()

        # 3. Assignments proposed through the crosswalk, reviewed, then saved.
        admin.goto(reverse("assignments:index") + f"?periode={YEAR}", "assignments")
        with page.expect_navigation():
            page.get_by_role("button", name="Salin dari periode 2026").click()
        admin.settle()
        admin.shot("assignments-proposed")
        expect(page.locator("ul.messages")).to_contain_text("tidak ada yang disalin")
        assert not Assignment.objects.filter(period=period).exists()
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan penugasan").click()
        admin.settle()
        lead = Assignment.objects.select_related("unit").get(period=period, indicator__number=1, role="lead")
        assert lead.unit.code == "DISKOMINFO"

        # 4. The period opens for the officers.
        admin.goto(reverse("periods:detail", args=[period.pk]), "period")
        page.locator("#id_status").select_option("open")
        with page.expect_navigation():
            page.get_by_role("button", name="Ubah status").click()
        admin.settle()
        assert Period.objects.get(pk=period.pk).status == "open"

        # The transition page answers the governor's question.
        admin.goto(reverse("transition:page") + "?periode=2025", "transition")
        expect(page.locator("#transition-new-work")).to_contain_text("Tingkat Pengelolaan Kepuasan Pengguna")
        admin.assert_clean()

        # 5. The officer reuses the related SPBE explanation on Pemdi indicator 1.
        officer = open_browser("officer")
        officer.sign_in(officer_of(lead.unit))
        officer.goto(reverse("evaluations:answer", args=[period.pk, 1]), "pemdi-1")
        related = officer.page.locator("#related-answers")
        expect(related).to_contain_text("Jawaban terkait periode 2025")
        first = related.locator(".related-indicator").first
        expect(first).to_contain_text("Arsitektur SPBE")
        with officer.page.expect_navigation():
            first.get_by_role("button", name="Pakai penjelasan ini").click()
        officer.settle()
        officer.shot("explanation-reused")
        old = Answer.objects.get(period=source, indicator__number=11, is_lead=True)
        expect(officer.page.get_by_label("Penjelasan", exact=True)).to_have_value(old.explanation)
        answer = Answer.objects.get(period=period, indicator__number=1, unit=lead.unit)
        assert answer.explanation == old.explanation and answer.proposed_level is None
        officer.assert_clean()
    finally:
        _remove_period(YEAR)
