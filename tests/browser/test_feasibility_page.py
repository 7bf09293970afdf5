"""The Phase-1 feasibility page: scorecard, items, census map and densities; a census route entered
in the form changes the census figures; a refused route shows its reason; edited weights are
stored and change the readiness."""
import pytest
from playwright.sync_api import Error as PlaywrightError

from bigcats.access import local_actor
from bigcats.store import Store
from tests.browser.conftest import element_text, open_page, visible_text, wait_for_change, wait_for_text
from tests.waiting import wait_until
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_scorecard_census_form_and_criteria(server, demo_db, browser):
    page, errors, offsite = open_page(browser, f"{server}?page=feasibility&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1800})
    try:
        page.locator(".census-map canvas").first.wait_for(state="attached", timeout=60_000)
        page.locator(".table-scorecard .tabulator-row").first.wait_for(timeout=60_000)
        body = visible_text(page)
        for text in ("Readiness for Phase 2", "Winter census of tigers and their prey", "A6", "D3",
                     "Prey density per 1000 ha", "Planned Pompeevski NP", "DEMO DATA"):
            assert text in body, text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "feasibility_default.png"), full_page=True)
        readiness = element_text(page.locator(".readiness-number").first)
        tracks = element_text(page.locator(".tiger-tracks").first)
        # refused: no length
        page.locator(".census-route input").fill("POMP-R99")
        page.locator(".census-date input").fill("2021-02-10")
        page.locator(".census-tiger input").fill("2")
        page.locator(".census-add .bk-btn").click()
        wait_for_text(page, "column 'length_km'")
        # accepted: two more tiger crossings on POMP
        page.locator(".census-km input").fill("11.5")
        page.locator(".census-add .bk-btn").click()
        wait_for_text(page, "Saved: POMP-R99")
        after = wait_for_change(page, ".tiger-tracks", tracks)
        # the park by its name in the page's language, never its store code
        with Store.open(demo_db, read_only=True) as store:
            pompeevski = dict(store.query("area_names", lang="en").iter_rows())["POMP"]
        assert f"{pompeevski}: 6" in after, after
        assert "POMP:" not in after
        # criteria: weight 0 on everything but the deliverables (not done) -> readiness falls to 0%
        table = page.locator(".table-scorecard")
        for row in range(6):
            cell = table.locator(".tabulator-row").nth(row).locator("[tabulator-field=weight]")

            def edited(cell=cell, row=row):
                """The weight typed into its cell's editor; False (look again) while the server
                redraws the scorecard under the pointer (the census route above changed its measures):
                the cell found a moment ago is then no longer in the page."""
                try:
                    cell.scroll_into_view_if_needed(timeout=5_000)
                    cell.click(timeout=5_000)  # the editor opens on click
                    if not cell.locator("input").count():
                        return False
                    page.screenshot(path=str(ARTIFACTS / "feasibility_editing.png"))
                    cell.locator("input").fill("0" if row != 4 else "10", timeout=5_000)
                    cell.locator("input").press("Enter", timeout=5_000)
                    return True
                except PlaywrightError:
                    return False
            wait_until(edited, 60, f"the weight of row {row + 1} to be typed in")
        # the person at the server's machine saves under their own name (as a programme officer
        # would): the store's later pages show it, and it is the name every page may show
        scorer = local_actor().name
        page.locator(".score-editor input").fill(scorer)
        page.locator(".score-save .bk-btn").click()
        # the redrawn scorecard says what was saved, and shows the new readiness
        after = wait_for_change(page, ".readiness-number", readiness)
        assert "0%" in after
        wait_for_text(page, "weight 0")
        assert "P2-C1" in element_text(page.locator(".score-message").first)
        assert scorer in element_text(page.locator(".table-scorecard").first)
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
