"""The Sign surveys page: signs per km as the store computes them, a kind of sign left out changes
them, the sample register's form refuses a bad sample by field and saves a good one."""
from datetime import date

import polars as pl
import pytest

from bigcats import signs
from bigcats.ingest.signs import SIGN_TYPES
from tests.browser.conftest import element_text, open_page, visible_text, wait_for_change, wait_for_text
from tests.conftest import ARTIFACTS
from tests.waiting import wait_until

pytestmark = pytest.mark.browser


def headline(store, scope: dict, types=()) -> str:
    """'0.72 ± 0.11': the signs per km of the page's first scope over its years, as shown."""
    _, summary = signs.encounter_rates(store, "snow_leopard", scope["scope"], date(scope["first_year"], 1, 1),
                                       date(scope["last_year"], 12, 31), tuple(types))
    row = summary.filter(pl.col("area_id") == "all").row(0, named=True)
    return f"{row['signs_per_km']:.2f} ± {row['se']:.2f}"


def samples_shown(page) -> int:
    return int(element_text(page.locator(".number-samples").first).split()[-1])


def test_rates_kinds_of_sign_and_the_sample_form(server, browser, demo_reader):
    scope = signs.survey_scopes(demo_reader).row(0, named=True)
    page, errors, offsite = open_page(browser, f"{server}?page=signs&lang=en", {"width": 1400, "height": 2600})
    try:
        page.locator(".signs-plot canvas").first.wait_for(state="attached", timeout=60_000)
        page.locator(".samples-plot canvas").first.wait_for(state="attached", timeout=60_000)
        page.locator(".bigcats-demo-badge").wait_for(state="visible", timeout=30_000)  # the demo's routes
        shown = element_text(page.locator(".number-signs-per-km").first)
        assert shown.endswith(headline(demo_reader, scope)), shown
        body = visible_text(page)
        assert "Signs found per km walked" in body and "Genetic samples" in body
        parks = demo_reader.sql("SELECT DISTINCT area_id FROM sign_routes")["area_id"].to_list()
        names = demo_reader.query("area_names", lang="en").filter(pl.col("area_id").is_in(parks))["name"].to_list()
        assert names and all(n in body for n in names)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "signs_en.png"))

        # scrapes left out: the rate is the other kinds' (a scrape is the commonest sign)
        page.locator(".control-sign-types .bk-btn", has_text="scrape").first.click()
        changed = wait_for_change(page, ".number-signs-per-km", shown)
        assert changed.endswith(headline(demo_reader, scope, [k for k in SIGN_TYPES if k != "scrape"])), changed

        # the form: a sample sent to a lab cannot carry a genotype nor name an unknown animal
        before = samples_shown(page)
        register = signs.sample_register(demo_reader, scope["scope"], date(scope["first_year"], 1, 1),
                                         date(scope["last_year"], 12, 31))
        assert before == register.height
        page.locator(".form-sample-id input").fill("BROWSER-1")
        page.locator(".form-sample-park select").select_option(label=next(
            label for label in page.locator(".form-sample-park select option").all_inner_texts() if "(SAIL)" in label))
        page.locator(".form-sample-date input").fill(f"{scope['last_year']}-06-30")
        page.locator(".form-sample-status select").select_option(label="at the lab")
        page.locator(".form-sample-genotype input").fill("G-77")
        page.locator(".form-sample-individual input").fill("SAIL:Nobody")
        page.locator(".form-save-sample .bk-btn").click()
        wait_for_text(page, "column 'genotype'")
        assert "column 'individual'" in visible_text(page)
        assert samples_shown(page) == before
        page.screenshot(path=str(ARTIFACTS / "signs_sample_refused.png"))
        page.locator(".form-sample-genotype input").fill("")
        page.locator(".form-sample-individual input").fill("")
        page.locator(".form-save-sample .bk-btn").click()
        wait_for_text(page, "Saved: BROWSER-1")
        wait_until(lambda: samples_shown(page) == before + 1, 60, "the register to count the saved sample")
        assert "BROWSER-1" in visible_text(page)
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
