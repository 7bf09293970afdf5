"""The Patrols page in a browser: the numbers are the store's, and the region and years controls
bring other parks and other numbers, with the map redrawn; the map shows km or patrol days, over
the years or in one month."""
import pytest

from bigcats import patrols
from bigcats.i18n import t
from dashboards import tables
from tests.browser.conftest import POLL_MS, element_text, open_page, redrawn, wait_for_change
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# whether the effort map with this title is drawn, as BokehJS holds it (a canvas draws a title: it
# is no text of the page)
MAP_TITLED = """(title) => {
  for (const doc of Bokeh.documents)
    for (const m of doc.all_models)
      if ((m.css_classes || []).includes('patrol-map') && m.title && m.title.text === title) return true;
  return false;
}"""


def test_numbers_and_the_region_control(server, browser, demo_reader):
    years = patrols.patrol_years(demo_reader, "tumen")
    span = (max(years[0], years[-1] - 2), years[-1])
    effort = patrols.patrol_effort(demo_reader, "tumen", span)
    first = effort.parks.row(0, named=True)
    page, errors, offsite = open_page(browser, f"{server}?page=patrols&lang=en", {"width": 1366, "height": 900})
    try:
        page.locator(".patrol-map canvas").first.wait_for(state="attached", timeout=90_000)
        km = element_text(page.locator(".number-km").first)
        assert tables.number(first["km"], "en") in km
        assert str(first["patrol_days"]) in element_text(page.locator(".number-days").first)
        assert str(effort.gaps.height) in element_text(page.locator(".number-gaps").first)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "patrols_en.png"), full_page=True)
        before = page.locator(".patrol-map").first.screenshot()
        # another region: its own parks and numbers
        khingan = patrols.patrol_effort(demo_reader, "khingan",
                                        (max(patrols.patrol_years(demo_reader, "khingan")[0], span[1] - 2), span[1]))
        label = demo_reader.query("region_names", lang="en").filter(region_id="khingan")["name"][0]
        page.locator(".control-region select").select_option(label=label)
        shown = wait_for_change(page, ".number-km", km)
        assert tables.number(khingan.parks["km"][0], "en") in shown
        before = redrawn(page, ".patrol-map", before)
        page.screenshot(path=str(ARTIFACTS / "patrols_en_khingan.png"), full_page=True)
        # the map's own controls: patrol days instead of km, then one month of the years
        page.locator(".control-measure .bk-btn", has_text=t("patrol_days", "en")).click()
        page.wait_for_function(MAP_TITLED, arg=t("patrol_map_title_days", "en"), timeout=60_000, polling=POLL_MS)
        before = redrawn(page, ".patrol-map", before)
        month = f"{khingan.patrol_months[-1]:%Y-%m}"
        page.locator(".control-month select").select_option(label=month)
        page.wait_for_function(MAP_TITLED, arg=f"{t('patrol_map_title_days', 'en')} · {month}", timeout=60_000,
                               polling=POLL_MS)
        redrawn(page, ".patrol-map", before)
        page.screenshot(path=str(ARTIFACTS / "patrols_en_khingan_days_month.png"), full_page=True)
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
