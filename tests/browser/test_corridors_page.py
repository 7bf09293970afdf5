"""The Corridor maps page: each region draws its layers with no console error and no request off
the machine; toggling layers, the period and the grid changes the map; the map exports as HTML."""
import pytest

from tests.browser.conftest import (element_text, open_page, playwright, redrawn, visible_text, wait_for_change,
                                    wait_for_text)
from bigcats.i18n import t
from tests.waiting import wait_until
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

REGIONS = {"Lower Tumen River": "Land of the Leopard", "Lesser Khingan Mountains": "Bastak",
           "Altai–Sayan (Chikhachev and Eastern Sayan ridges)": "Sailyugem"}


def map_png(page) -> bytes:
    page.locator(".corridor-map canvas").first.wait_for(state="attached", timeout=120_000)
    return wait_until(lambda: _shot(page), 120, "a picture of the map")


def _shot(page):
    try:
        return page.locator(".corridor-map").first.screenshot(timeout=10_000)
    except playwright.Error:  # replaced while we looked: look again
        return None


def next_png(page, previous: bytes) -> bytes:
    """The map once it differs from `previous` (the server redraws after a control changes)."""
    return redrawn(page, ".corridor-map", previous, timeout=240)


# The map's metres per pixel across and up, from the plot BokehJS drew (the one whose ranges are in
# Web Mercator metres: far from zero), its ranges over its inner frame's pixels; null until laid out.
METRES_PER_PIXEL = """() => {
  for (const doc of Bokeh.documents) {
    for (const m of doc.all_models) {
      if (m.x_range && m.y_range && m.inner_width > 0 && Math.abs(m.x_range.start) > 1e6) {
        return [(m.x_range.end - m.x_range.start) / m.inner_width, (m.y_range.end - m.y_range.start) / m.inner_height];
      }
    }
  }
  return null;
}"""


def test_each_region_renders_its_layers_offline(server, browser):
    page, errors, offsite = open_page(browser, f"{server}?page=corridors&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1300})
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shots = [map_png(page)]
        for i, (label, park) in enumerate(REGIONS.items()):
            if i:
                page.locator(".control-region .bk-btn", has_text=label).click()
                wait_for_text(page, label + " — ", timeout=240_000)
                shots.append(next_png(page, shots[-1]))  # the map is redrawn after the switch
            body = visible_text(page)
            assert "Border crossings" in body and "Habitat cells with a camera" in body and "DEMO DATA" in body
            assert park in body  # the key under the map names the region's parks
            box = wait_until(lambda: page.locator(".corridor-map canvas").first.bounding_box(), 60, "the map's canvas")
            assert box["width"] > 400 and box["height"] > 400
            # true shape: as many metres per pixel across as up (within 5%), as BokehJS laid it out
            across, up = wait_until(lambda: page.evaluate(METRES_PER_PIXEL), 60, "the map's frame")
            assert abs(across / up - 1) < 0.05, (label, across, up)
            page.screenshot(path=str(ARTIFACTS / f"corridors_region_{i + 1}.png"))
        assert len(set(shots)) == 3
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_layers_period_grid_and_export_change_the_map(server, browser):
    page, errors, offsite = open_page(browser, f"{server}?page=corridors&lang=ru")
    page.set_viewport_size({"width": 1400, "height": 1300})
    try:
        shots = [map_png(page)]
        numbers = [element_text(page.locator(".number-crossings").first)]
        # the individual's path (drawn by default) off, the detection density on
        assert page.locator(".control-layers input").nth(4).is_checked()
        page.locator(".control-layers input").nth(4).uncheck()
        shots.append(next_png(page, shots[-1]))
        page.locator(".control-layers input").nth(5).check()
        shots.append(next_png(page, shots[-1]))
        # hide the grid
        page.locator(".control-layers input").nth(2).uncheck()
        shots.append(next_png(page, shots[-1]))
        page.screenshot(path=str(ARTIFACTS / "corridors_layers_ru.png"))
        # a longer period: more crossings
        page.locator(".control-years .noUi-handle-upper").first.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        wait_for_text(page, "2013–2018")
        shots.append(next_png(page, shots[-1]))
        numbers.append(wait_for_change(page, ".number-crossings", numbers[0], timeout=240_000))
        assert numbers[0] != numbers[1]
        # a coarser grid changes the coverage figures
        page.locator(".control-layers input").nth(2).check()
        redrawn(page, ".corridor-map", shots[-1], timeout=240)
        before = element_text(page.locator(".coverage-text").first)
        page.locator(".control-cell input").fill("10")
        page.locator(".control-cell input").press("Tab")
        wait_for_text(page, f"10 {t('km', 'ru')}:")
        assert wait_for_change(page, ".coverage-text", before, timeout=240_000) != before
        for i, (a, b) in enumerate(zip(shots, shots[1:])):
            assert a != b, f"step {i + 1} did not change the map"
        with page.expect_download() as d:
            page.locator(".export-map .bk-btn").first.click()
        html = open(d.value.path(), encoding="utf-8").read()
        assert "<html" in html.lower() and "Bokeh" in html and "cdn.bokeh.org" not in html
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_passport_link_opens_the_animal_on_the_map(server, browser):
    page, errors, _ = open_page(browser, f"{server}?page=individuals&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        wait_for_text(page, "Show on the corridor map")
        from urllib.parse import parse_qs, urlparse
        href = wait_until(lambda: page.locator(".show-on-map").first.get_attribute("href"), 60, "the passport's link")
        animal = parse_qs(urlparse(href).query)["animal"][0]      # e.g. 'LLNP/Pt 8F'
        page.goto(server + href, timeout=120_000)   # the link as a director would follow it
        page.wait_for_url("**page=corridors**")
        page.locator(".corridor-map canvas").first.wait_for(state="attached", timeout=120_000)
        chosen = wait_until(lambda: (c := page.locator(".control-animal select").evaluate(
            "s => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : ''")).startswith(animal + " ⇄") and c,
            60, "the passport's animal to be chosen")
        assert chosen.startswith(animal + " ⇄")
        assert "Amur tiger" in visible_text(page) and "2013–2015" in visible_text(page)
        page.screenshot(path=str(ARTIFACTS / "corridors_from_passport.png"))
        assert not errors, errors
    finally:
        page.close()


def test_an_unreachable_online_base_map_says_so(server, browser):
    """OpenStreetMap chosen on a machine that cannot reach it (every request off this machine
    refused here): the map still draws its vector layers, and a note says why the ground is blank."""
    from urllib.parse import urlparse
    page, errors, offsite = open_page(browser, f"{server}?page=corridors&lang=ru")
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost")
               else route.abort())
    try:
        before = map_png(page)
        assert page.locator(".tiles-unreachable").count() == 0  # no online map asked for: no note
        page.locator(".control-tiles select").select_option(label="OpenStreetMap")
        next_png(page, before)
        wait_for_text(page, t("tiles_unreachable", "ru"))
        assert page.locator(".tiles-unreachable").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "corridors_tiles_unreachable_ru.png"))
        # what failed is the tiles the person asked for, and nothing of the app's own
        assert offsite and all(urlparse(u).hostname == "tile.openstreetmap.org" for u in offsite), offsite
        assert all("tile.openstreetmap.org" in e or "ERR_FAILED" in e or "Failed to load resource" in e
                   for e in errors), errors
    finally:
        page.close()
