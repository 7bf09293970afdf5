"""The Budget burn page: each proposal renders; an expenditure entered in the form appears in the
figures; a refused entry shows its message and changes nothing; a CSV upload imports."""
import pytest

from tests.browser.conftest import element_text, open_page, upload_file, visible_text, wait_for_change, wait_for_text
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def number(page, css) -> float:
    return float(element_text(page.locator(css).first).split()[-1].replace(",", ""))


def test_each_proposal_renders(server, browser, demo_reader):
    page, errors, offsite = open_page(browser, f"{server}?page=budget&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        page.locator(".s-curve canvas").first.wait_for(state="attached", timeout=60_000)
        page.locator(".number-budget").first.wait_for(timeout=60_000)
        budgets = [number(page, ".number-budget")]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "budget_programme.png"))
        for i, label in enumerate(["Proposal 1", "Proposal 2", "Proposal 3"], start=1):
            old = element_text(page.locator(".number-budget").first)
            page.locator(".control-proposal .bk-btn", has_text=label).click()
            wait_for_change(page, ".number-budget", old)
            page.locator(".gantt canvas").first.wait_for(state="attached", timeout=60_000)
            budgets.append(number(page, ".number-budget"))
            page.screenshot(path=str(ARTIFACTS / f"budget_proposal{i}.png"))
            assert page.locator(".gantt canvas").count() >= 1
        # the budgets are the proposals' own (seed facts), and the programme's is their sum
        own = demo_reader.query("proposal_overview", lang="en").sort("proposal_id")["budget_usd"].to_list()
        assert budgets == [sum(own), *own]
        body = visible_text(page)
        assert "CPI" in body and "SPI" in body and "DEMO DATA" in body
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_form_entry_appears_and_refusal_shows_its_message(server, browser, tmp_path):
    page, errors, _ = open_page(browser, f"{server}?page=budget&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        page.locator(".s-curve canvas").first.wait_for(state="attached", timeout=60_000)
        old = element_text(page.locator(".number-budget").first)
        page.locator(".control-proposal .bk-btn", has_text="Proposal 3").click()
        wait_for_change(page, ".number-budget", old)
        spent = number(page, ".number-spent")
        # refused: a date outside Proposal 3's period
        page.locator(".form-proposal select").select_option(label="Snow leopard")
        page.locator(".form-date input").fill("2024-05-01")
        page.locator(".form-amount input").fill("250")
        page.locator(".form-add .bk-btn").click()
        wait_for_text(page, "outside proposal 3's period")
        assert number(page, ".number-spent") == spent
        page.screenshot(path=str(ARTIFACTS / "budget_form_refused.png"))
        # accepted: it appears in the spent figure, the activity table and the curves (updated in place)
        table_before = element_text(page.locator(".table-ev").first)
        page.locator(".form-date input").fill("2020-06-15")
        page.locator(".form-description input").fill("camera batteries")
        page.locator(".form-add .bk-btn").click()
        wait_for_text(page, "Saved")
        old = element_text(page.locator(".number-spent").first)
        if number(page, ".number-spent") == spent:  # not yet redrawn
            wait_for_change(page, ".number-spent", old)
        assert number(page, ".number-spent") == pytest.approx(spent + 250, abs=1)
        wait_for_change(page, ".table-ev", table_before)
        assert page.locator(".s-curve canvas").count() >= 1 and page.locator(".gantt canvas").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "budget_form_saved.png"))
        # a CSV upload with a refused row: located message, nothing written
        bad = tmp_path / "spend.csv"
        bad.write_text("date,proposal,activity,amount,currency,rate_to_usd,description\n"
                       "2020-06-01,3,L9,100,USD,,x\n", encoding="utf-8")
        upload_file(page, "csv", bad)
        page.locator(".csv-import .bk-btn").click()
        wait_for_text(page, "spend.csv, row 2, column 'activity'")
        good = tmp_path / "good.csv"
        good.write_text("date,proposal,activity,amount,currency,rate_to_usd,description\n"
                        "2020-06-02,3,L3,7000,RUB,0.0140,fuel\n", encoding="utf-8")
        before = element_text(page.locator(".number-spent").first)
        upload_file(page, "csv", good)
        page.locator(".csv-import .bk-btn").click()
        wait_for_text(page, "Imported: 1")
        wait_for_change(page, ".number-spent", before)
        assert number(page, ".number-spent") == pytest.approx(spent + 250 + 98, abs=1)
        assert not errors, errors
    finally:
        page.close()


def test_the_activity_table_speaks_russian(server, browser, demo_reader):
    page, errors, _ = open_page(browser, f"{server}?page=budget&lang=ru")
    page.set_viewport_size({"width": 1366, "height": 1400})
    try:
        page.locator(".table-ev td").first.wait_for(timeout=60_000)
        page.locator(".table-ev").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "budget_table_ru.png"))
        table = element_text(page.locator(".table-ev").first)
        titles = demo_reader.query("activity_titles", lang="ru")
        shown = [x for x in titles["title"].to_list() if x in table]
        assert shown, "no Russian activity title in the table"
        assert "Мероприятие" in table and "Освоенный объём" in table
        for raw in ("bac", "proposal_id", "over_budget", "on_track", "True", "False"):
            assert raw not in table, raw
        # the key columns (code, activity, budget, earned value, actual cost) are on screen at 1366 px
        right = page.viewport_size["width"]
        for header in ("Код", "Мероприятие", "Фактические расходы"):
            box = page.locator(".table-ev th", has_text=header).first.bounding_box()
            assert box and box["x"] + box["width"] <= right, header
        assert not errors, errors
    finally:
        page.close()
