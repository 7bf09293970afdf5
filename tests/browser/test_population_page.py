"""The Population trends page: every control changes what is drawn; reported and computed figures
are visibly different things; the table downloads."""
import polars as pl
import pytest
from playwright.sync_api import TimeoutError as DownloadTimeout

from bigcats import population
from tests.browser.conftest import DEEP_QUERY, POLL_MS, DocumentReadyHeld, element_text, open_page, visible_text, wait_for_change, wait_for_text
from tests.browser.conftest import redrawn as picture_changes
from bigcats.i18n import t as label
from tests.waiting import wait_until
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def plot_png(page) -> bytes:
    return page.locator(".trend-plot").first.screenshot()


def redrawn(page, before: bytes) -> bytes:
    """The trend plot once it differs from `before` (the server redrew it after a control changed)."""
    return picture_changes(page, ".trend-plot", before)


def computed(page, timeout: int = 240_000) -> None:
    """Wait until the store's worker has computed every year asked for and the page drew them
    (no 'being computed' note left)."""
    page.wait_for_function(f"() => !({BEING_COMPUTED})()", timeout=timeout, polling=POLL_MS)


BEING_COMPUTED = f"() => !!({DEEP_QUERY})('.being-computed')"
# where an element's text ends on the right, its shadow root's included (the box may be narrower)
TEXT_RIGHT = "el => { const r = document.createRange(); r.selectNodeContents(el.shadowRoot || el); return r.getBoundingClientRect().right; }"


def downloaded_estimates(page, timeout: int = 30_000) -> dict[str, list[str]]:
    """The page's estimates as its CSV download gives them (raw values), column by column; no
    rows when no download came (a click that landed while the page redrew the button)."""
    import csv
    try:
        with page.expect_download(timeout=timeout) as d:
            page.locator(".download-estimates .bk-btn").first.click()
        path = d.value.path()
    except DownloadTimeout:
        return {c: [] for c in ("year", "estimate", "occasion_days")}
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    return {c: [r[c] for r in rows] for c in ("year", "estimate", "occasion_days")}


def table(page) -> str:
    return element_text(page.locator(".table-estimates").first)


def headline(page) -> str:
    return element_text(page.locator(".latest-estimate").first)


def test_every_control_changes_the_trend(server, browser, demo_reader):
    park = "Land of the Leopard National Park"
    scopes = demo_reader.query("survey_scopes", species="leopard", lang="en")
    park_years = population.survey_years(demo_reader, scopes.filter(label=park)["scope"][0])
    # SECR runs over the park's last two survey years (each year is a fit of its own)
    first, last = park_years[-2], park_years[-1]
    page, errors, offsite = open_page(browser, f"{server}?page=population&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1400})
    try:
        page.locator(".trend-plot canvas").first.wait_for(state="attached", timeout=60_000)
        page.locator(".table-estimates").first.wait_for(timeout=60_000)
        computed(page)
        body = visible_text(page)
        assert "reported in the proposals" in body and "computed from camera-trap data" in body
        assert "95% confidence interval" in body and "Sex and age of the identified individuals" in body
        assert "DEMO DATA" in body
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "population_controls_0_default.png"))
        shots = [plot_png(page)]
        texts = [headline(page)]

        # area: one park instead of the region
        old = table(page)
        page.locator(".control-area select, .control-scope select").first.select_option(label=f"· {park}")
        wait_for_change(page, ".table-estimates", old)
        computed(page)
        shots.append(redrawn(page, shots[-1])); texts.append(headline(page))
        # years: the lower handle moved to the second-to-last survey year
        # End takes the lower handle up to the upper one (the last year), one step left is the one
        # before (two changes, not one per year; a year of survey gap is still a step of the slider)
        page.locator(".control-years .noUi-handle-lower").first.focus()
        page.keyboard.press("End")
        for _ in range(last - first):
            page.keyboard.press("ArrowLeft")
        years = wait_until(lambda: (t := table(page)) and str(park_years[0]) not in t and str(first) in t and t, 120,
                           f"the table to start in {first}")
        assert str(first) in years and str(park_years[0]) not in years
        shots.append(redrawn(page, shots[-1])); texts.append(headline(page))
        # method: SECR reports a density per 100 km² with g0, sigma and the mask
        page.locator(".control-method select").select_option(label="Spatial capture–recapture (SECR)")
        wait_for_text(page, "SECR half-normal", timeout=180_000)
        computed(page)
        wait_until(lambda: "per 100 km²" in table(page), 120, "the SECR table")
        shots.append(redrawn(page, shots[-1])); texts.append(headline(page))
        body = visible_text(page)
        assert "Density per 100 km²" in body and "SECR half-normal" in body
        # a table for people: translated headers and values, no raw identifiers
        shown = table(page)
        assert "Animals photographed" in shown and "Spatial capture–recapture (SECR)" in shown
        assert "density_per_100km2" not in shown and "secr" not in shown and "lcl" not in shown
        page.screenshot(path=str(ARTIFACTS / "population_controls_1_secr.png"))

        # occasion length changes a closed-model estimate
        page.locator(".control-method select").select_option(label="Capture–recapture Mt")
        # the headline names the method it shows (the estimator's citation is in the CSV's model column)
        wait_until(lambda: label("method_mt", "en") in element_text(page.locator(".latest-ci").first), 180,
                   "the Mt headline")
        computed(page)
        wait_until(lambda: (t := table(page)) and "per 100 km²" not in t and t, 120, "the Mt table")
        before = downloaded_estimates(page)
        assert set(before["occasion_days"]) == {"7"}
        old = table(page)
        page.locator(".control-occasion select").select_option(label="1 day")
        wait_for_change(page, ".table-estimates", old)
        computed(page)
        # the table rounds to what each interval supports, so the raw download is compared
        after = wait_until(lambda: (d := downloaded_estimates(page, timeout=5_000))["occasion_days"] and
                           set(d["occasion_days"]) == {"1"} and not page.evaluate(BEING_COMPUTED) and d,
                           240, "the estimates on one-day occasions")
        assert after["year"] == before["year"] and after["estimate"] != before["estimate"]

        # species
        page.locator(".control-species select").select_option(label="Snow leopard")
        wait_for_text(page, "Altai")
        wait_until(lambda: "Altai" in element_text(page.locator(".control-scope").first), 120, "the Altai scope")
        computed(page)
        shots.append(redrawn(page, shots[-1])); texts.append(headline(page))
        page.screenshot(path=str(ARTIFACTS / "population_controls_2_snow_leopard.png"))
        # the headline's text wraps within the page ("no interval: at least 24 (the data cannot
        # measure the uncertainty)" here ran 240 pixels past its right edge)
        right = page.locator(".latest-ci").first.evaluate(TEXT_RIGHT)
        assert right <= page.evaluate("document.documentElement.clientWidth"), right
        for a, b in zip(shots, shots[1:]):
            assert a != b, "a control did not change the plot"
        assert len(set(texts)) >= 4, texts
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_a_page_opened_while_its_estimates_are_computed_draws_them_once_they_are(server, browser, demo_reader):
    """The worker's estimates coming while the browser still sets the page up (it has pulled the
    document, the server does not know yet) are drawn once they are stored. Before, that redraw
    never reached the browser and the "being computed" note stayed for good (CI, after an import
    made the stored estimates out of date). Sailyugemsky's snow leopards: a scope no other test
    computes, so the server has not stored them when the page opens."""
    url = f"{server}?page=population&lang=en&species=snow_leopard&scope=SAIL"
    years = population.survey_years(demo_reader, "SAIL")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    ready = DocumentReadyHeld(page)
    try:
        page.goto(url, timeout=120_000)
        wait_until(lambda: page.evaluate("true") and ready.holding, 120, "the browser's document_ready")
        # (a redraw before the browser pulled the document would have removed it: that is lost, not drawn)
        assert page.evaluate(BEING_COMPUTED), "no 'being computed' note on the page the browser pulled"

        def stored() -> bool:  # another session, opened afresh, reads them from the store
            other, _, _ = open_page(browser, url)
            try:
                other.locator(".table-estimates").first.wait_for(timeout=60_000)
                return not other.evaluate(BEING_COMPUTED)
            finally:
                other.close()
        wait_until(stored, 180, "the worker to store Sailyugemsky's estimates")
        ready.release()
        computed(page, timeout=60_000)
        shown = wait_until(lambda: (t := table(page)) and str(years[-1]) in t and t, 60, "the estimates table")
        assert str(years[0]) in shown
    finally:
        page.close()


def test_estimates_download_as_csv(server, browser, demo_reader):
    page, _, _ = open_page(browser, f"{server}?page=population&lang=ru")
    try:
        page.locator(".download-estimates").first.wait_for(timeout=60_000)
        computed(page)
        with page.expect_download() as d:
            page.locator(".download-estimates .bk-btn").first.click()
        text = open(d.value.path(), encoding="utf-8").read()
        lines = text.strip().splitlines()
        assert lines[0].startswith("year,method,quantity,region,estimate,se,lcl,ucl")
        assert len(lines) == 1 + len(population.survey_years(demo_reader, "tumen"))  # one row per survey year
        assert d.value.suggested_filename.startswith("bigcats_leopard_tumen_mh")
    finally:
        page.close()


def test_activity_patterns_of_the_cat_against_another_species(server, browser, demo_reader):
    """The page's cat against the tiger, once the closed section is opened: both estimators with
    intervals and the sample sizes, the figure drawn; sun time gives other numbers; a species never
    photographed there is said to be too few, not drawn."""
    from bigcats import activity
    scope = demo_reader.query("survey_scopes", species="leopard", lang="en")["scope"][0]
    years = population.survey_years(demo_reader, scope)
    expected = activity.overlap_of_years(demo_reader, "leopard", "tiger", scope, (years[0], years[-1]))
    page, errors, offsite = open_page(browser, f"{server}?page=population&lang=en", viewport={"width": 1366, "height": 768})
    try:
        section = page.locator(".activity-section").first
        section.wait_for(timeout=120_000)
        assert not page.locator(".activity-overlap").count()  # closed: nothing computed, nothing shown
        section.locator(".card-header").first.click()
        page.locator(".activity-plot canvas").first.wait_for(state="attached", timeout=180_000)
        text = element_text(page.locator(".activity-overlap").first)
        best = expected.estimates.filter(recommended=True).row(0, named=True)
        assert f"= {best['estimate']:.2f}" in text and "recommended for these sample sizes" in text
        assert f"{expected.n_species:,} independent detections" in text and f"{expected.n_versus:,}" in text
        section.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        section.screenshot(path=str(ARTIFACTS / "population_activity_clock.png"))
        # sun time: the detections moved to their day's sunrise and sunset, other numbers
        page.locator(".control-time .bk-btn", has_text="Sun time").first.click()
        wait_until(lambda: (now := element_text(page.locator(".activity-overlap").first)) and now != text and now, 180,
                   "the sun-time overlap")
        section.screenshot(path=str(ARTIFACTS / "population_activity_sun.png"))
        # a species (a cat of another region, or a prey) the demo's cameras never photographed here
        offered = demo_reader.query("species_names", lang="en").filter(pl.col("kind").is_in(["cat", "prey"]))
        absent = next(r for r in offered.iter_rows(named=True)
                      if demo_reader.query("independent_detections", species=r["species_id"], scope=scope,
                                           date_from=f"{years[0]}-01-01", date_to=f"{years[-1]}-12-31",
                                           independence_minutes=30).height < 2)
        page.locator(".control-versus select").first.select_option(label=absent["name"])
        page.locator(".activity-too-few").first.wait_for(timeout=120_000)
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def figure_titles(page, css: str) -> list[str]:
    """The titles of the Bokeh figures of the page with the CSS class `css` (a title is drawn on
    the canvas, so its text is read from the document's models)."""
    return page.evaluate("""(css) => {
        const out = [];
        for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
            if (m.css_classes && m.css_classes.includes(css) && m.title && m.title.text != null) out.push(m.title.text);
        return out; }""", css)


def test_relative_abundance_of_the_cat_beside_another_species_in_russian(server, browser, demo_reader):
    """Opened, the section draws both species' events per 100 camera-days by year and tabulates
    the period's index and naive occupancy, in Russian, as `bigcats.abundance` computes them, and
    both species' detection maps (a species never photographed there: tests/integration/
    test_relative_abundance.py)."""
    from datetime import date

    from bigcats import abundance
    from dashboards import tables
    scope = demo_reader.query("survey_scopes", species="leopard", lang="ru")["scope"][0]
    years = population.survey_years(demo_reader, scope)
    period = (date(years[0], 1, 1), date(years[-1], 12, 31))
    cat = abundance.relative_abundance(demo_reader, "leopard", scope, *period, "scope").row(0, named=True)
    names = dict(zip(*[demo_reader.query("species_names", lang="ru")[c] for c in ("species_id", "name")]))
    page, errors, offsite = open_page(browser, f"{server}?page=population&lang=ru", viewport={"width": 1366, "height": 768})
    try:
        section = page.locator(".rai-section").first
        section.wait_for(timeout=120_000)
        assert not page.locator(".rai-table").count()  # closed: nothing computed
        section.locator(".card-header").first.click()
        page.locator(".rai-plot canvas").first.wait_for(state="attached", timeout=180_000)
        # the cat's row as the estimator gives it, with the headers in Russian (the table is drawn
        # in steps: wait until the whole row is there)
        want = [" ".join(w.split()) for w in (  # as element_text gives them: any space one space
            names["leopard"], tables.number(cat["rai"], "ru", 1), tables.number(cat["events"], "ru"),
            f"{tables.number(100 * cat['naive_occupancy'], 'ru')}%", "Наивная встречаемость", "На 100 фотоловушко-суток")]
        wait_until(lambda: all(w in element_text(page.locator(".rai-table").first) for w in want), 120,
                   f"the index table with {want}")
        page.locator(".rai-table").first.scroll_into_view_if_needed()  # the chart above it, the note below
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "population_relative_abundance_ru.png"))
        # the cat beside its prey: the demo's deer and boar were photographed in its last two survey years
        deer = names["roe_deer"]
        page.locator(".control-rai-versus select").first.select_option(label=deer)
        # its index over the years it was photographed in (the years before are not zeros)
        yearly = abundance.relative_abundance(demo_reader, "roe_deer", scope, *period, "year").filter(pl.col("events") > 0)
        span = f"{yearly['year'].min()}–{years[-1]}"
        wait_until(lambda: all(w in element_text(page.locator(".rai-table").first) for w in (deer, span)), 180,
                   f"the roe deer's row over {span}")
        page.locator(".rai-table").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "population_relative_abundance_prey_ru.png"))
        # where each was photographed: the cat over its years, the deer over its own, on the 5 km grid
        for species, which, first in (("leopard", "species", years[0]), ("roe_deer", "versus", yearly["year"].min())):
            dm = abundance.detection_map(demo_reader, species, scope, date(first, 1, 1), period[1])
            want = label("detection_map_title", "ru", detected=tables.number(dm.detected, "ru"),
                     surveyed=tables.number(dm.surveyed, "ru"), km="5", share=tables.number(100 * dm.naive_occupancy, "ru"))
            wait_until(lambda: want in " ".join(figure_titles(page, f"detection-map-{which}")), 120,
                       f"the {species} map titled {want!r}")
        page.locator(".detection-map-species canvas").first.wait_for(state="attached", timeout=60_000)
        parks = demo_reader.query("area_names", lang="ru").filter(pl.col("area_id") == "LLNP")["name"].item()
        assert parks in visible_text(page)  # the key to the maps' numbered parks
        page.locator(".detection-note").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "population_detection_maps_ru.png"))
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
