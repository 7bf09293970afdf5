"""Meeting mode: a proposal's steering report as slides on a 1366×768 projector, in Russian, moved
with the keys and the buttons; each slide is the report's section, with its numbers and plots."""
import pytest

from bigcats.i18n import t
from dashboards.present import SLIDES
from dashboards.common import money
from tests.browser.conftest import SECTIONS, element_text, open_page, wait_for_text
from tests.conftest import ARTIFACTS
from tests.waiting import wait_until

pytestmark = pytest.mark.browser


def test_meeting_mode_walks_the_reports_sections_with_the_arrow_keys(server, browser, demo_reader):
    proposal = demo_reader.query("proposal_overview", lang="ru").filter(proposal_id=1).row(0, named=True)
    page, errors, offsite = open_page(browser, f"{server}?present=1&proposal=1&lang=ru", {"width": 1366, "height": 768})
    count = len(SLIDES)
    plots = list(SECTIONS.values())  # the report's sections, in the slides' order, and the plots each draws

    def shows(i: int) -> str:
        """Wait for slide i (its number, its title, its plots); the slide's text."""
        wait_for_text(page, f"{i + 1} / {count}")
        assert element_text(page.locator(".slide-name").first) == t(SLIDES[i][1], "ru")
        wait_until(lambda: page.locator(f".slide-{SLIDES[i][0]}").count() == 1, 120, f"slide {i + 1}")
        if plots[i]:
            page.locator(f".slide-{SLIDES[i][0]} canvas").first.wait_for(state="attached", timeout=120_000)
        return element_text(page.locator(f".slide-{SLIDES[i][0]}").first)
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        text = shows(0)
        # the key numbers as the report computes them from the store (the budget: other tests of this
        # server add expenditures, none changes a budget), and the demo badge
        assert " ".join(money(proposal["budget_usd"], "ru").split()) in text and t("report_key_numbers", "ru") in text
        assert t("demo_badge", "ru") in text
        page.screenshot(path=str(ARTIFACTS / "present_ru_1366_1.png"))
        for i in range(1, count):
            page.keyboard.press("ArrowRight")
            text = shows(i)
            assert len(text) > 40, (i, text)
            page.screenshot(path=str(ARTIFACTS / f"present_ru_1366_{i + 1}.png"))
        page.keyboard.press("ArrowRight")  # past the last slide: it stays
        page.keyboard.press("Home")
        shows(0)
        page.keyboard.press("End")
        shows(count - 1)
        page.keyboard.press("ArrowLeft")
        shows(count - 2)
        page.locator(".slide-back .bk-btn").click()
        shows(count - 3)
        page.locator(".slide-forward .bk-btn").click()
        shows(count - 2)
        # on a 1920×1080 projector, the first slide
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.keyboard.press("Home")
        shows(0)
        page.screenshot(path=str(ARTIFACTS / "present_ru_1920_1.png"))
        # the language links keep the mode and the proposal
        href = page.locator("#lang-zh").get_attribute("href")
        assert "present=1" in href and "proposal=1" in href and "lang=zh" in href
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_every_page_offers_meeting_mode_for_its_proposal(server, browser):
    page, errors, _ = open_page(browser, f"{server}?page=budget&lang=en")
    try:
        link = page.locator(".present-open").first
        link.wait_for(timeout=60_000)
        assert t("present_open", "en") in link.inner_text()
        link.click()
        page.wait_for_url("**present=1**", timeout=60_000)
        wait_for_text(page, f"1 / {len(SLIDES)}")
        wait_for_text(page, t("report_key_numbers", "en"))
        assert "lang=en" in page.url and "proposal=" in page.url
        assert not errors, errors
    finally:
        page.close()
