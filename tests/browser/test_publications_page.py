"""The Publication exchange page: search narrows the register, the form adds a record that then
shows in the counts, a refused record shows its reason, a BibTeX upload imports, exports download."""
import pytest

from tests.browser.conftest import element_text, open_page, upload_file, visible_text, wait_for_text
from tests.waiting import wait_until
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def found(page) -> int:
    return int(element_text(page.locator(".found-count").first).split()[0])


def found_becomes(page, n: int) -> int:
    """Wait until the register shows `n` records (the server redrew it after a search or a write)."""
    return wait_until(lambda: found(page) == n and n, 90, f"{n} records to be shown") and n


def found_changes(page, old: int) -> int:
    return wait_until(lambda: (n := found(page)) != old and n, 90, "the register to change")


def test_search_form_upload_and_exports(server, browser, tmp_path):
    page, errors, offsite = open_page(browser, f"{server}?page=publications&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1800})
    try:
        page.locator(".publications-plot canvas").first.wait_for(state="attached", timeout=60_000)
        page.locator(".found-count").first.wait_for(timeout=60_000)
        assert "Annual exchange after the end of each calendar year" in visible_text(page)
        total = found(page)
        page.locator(".control-search input").fill("tiger")
        page.locator(".control-search input").press("Enter")
        narrowed = found_changes(page, total)
        assert 0 < narrowed < total
        page.locator(".control-search input").fill("")
        page.locator(".control-search input").press("Enter")
        found_becomes(page, total)
        # refused: a Russian title with no English title
        page.locator(".form-title input").fill("Следы тигра на Хингане")
        page.locator(".form-authors input").fill("Sidorov, P.")
        page.locator(".form-year input").fill("2021")
        page.locator(".form-add-pub .bk-btn").click()
        wait_for_text(page, "needs its English title")
        assert found(page) == total
        page.locator(".form-title-en input").fill("Tiger tracks in the Khingan")
        page.locator(".form-add-pub .bk-btn").click()
        wait_for_text(page, "Saved")
        assert found_becomes(page, total + 1) == total + 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "publications_form.png"))
        bib = tmp_path / "new.bib"
        bib.write_text("@article{z1, title = {Snow leopards of Sailyugem}, author = {Karnaukhov, A.}, year = {2020},"
                       " language = {en}, park = {SAIL}, abstract = {Camera traps 2020.}}\n", encoding="utf-8")
        upload_file(page, "pub", bib)
        page.locator(".pub-import .bk-btn").click()
        wait_for_text(page, "1 added")
        assert found_becomes(page, total + 2) == total + 2
        with page.expect_download() as d:
            page.locator(".download-bib .bk-btn").first.click()
        text = open(d.value.path(), encoding="utf-8").read()
        assert "Snow leopards of Sailyugem" in text and "Tiger tracks in the Khingan" in text
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
