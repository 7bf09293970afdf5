"""Every page, in every language, as a person sees it in headless Chromium."""
from datetime import date

import polars as pl
import pytest

from bigcats.i18n import t
from tests.browser.conftest import BOTTOM, KEY, SECTIONS, open_offline, open_page, visible_text, wait_for_text
from tests.waiting import wait_until
from tests.words import allowed_words, untranslated
from dashboards.tables import number
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

def _opening(store) -> dict:
    """What each page opens on, computed from the store by the services the pages call."""
    from bigcats import corridors, feasibility, population
    from bigcats.burn import budget_burn
    from bigcats.sharing import sharing
    regions = corridors.region_choices(store, ("leopard", "tiger", "snow_leopard"), "en")
    years = regions["tumen"].default_years
    p1 = store.query("proposal_overview", lang="en").filter(pl.col("proposal_id") == 1).row(0, named=True)
    crossings = corridors.corridor_map(store, "tumen", "leopard", years, corridors.DEFAULT_CELL_KM,
                                       corridors.DEFAULT_SEGMENT_KM).crossings.height
    # the proposal whose report each page offers first: the feasibility study's own; on a page
    # showing a region (they open on Tumen), the first proposal serving it; else the first
    from datetime import date, timedelta

    from bigcats import alerts, signs
    from dashboards.alerts import AlertsPage
    shown = alerts.alerts(store, date.today() - timedelta(days=AlertsPage.param.days.default))
    resolved = int((shown["status"] == "resolved").sum())
    proposals = store.query("proposal_overview", lang="en").sort("proposal_id")
    tumen = proposals.filter(pl.col("region_id") == "tumen")["proposal_id"][0]
    report = {slug: proposals["proposal_id"][0] for slug in PAGES}
    first_walked = signs.survey_scopes(store)["scope"][0]
    report["signs"] = proposals.filter(pl.col("region_id") == first_walked)["proposal_id"][0]
    report |= {"population": tumen, "individuals": tumen, "corridors": tumen, "alerts": tumen,
               "feasibility": feasibility.PROPOSAL}
    return {
        "report": report,
        "overview": f"{p1['budget_usd']:,.0f}".split(",")[0],               # Proposal 1's budget, thousands
        "population": str(population.survey_years(store, "tumen")[-1]),      # the last survey year
        "individuals": str(sharing(store, "tiger", "tumen", years).detected),  # tigers photographed
        "corridors": f"{crossings:,}",                                        # leopard crossings
        "alerts": str(resolved),                                              # alerts resolved in the period
        "patrols": str(patrol_days(store)),                                   # the first park's patrol days
        "signs": str(sign_routes(store)),                                     # routes walked in the first region
        "budget": budget_burn(store, 0).totals["bac"],                        # the programme's budget
        # a reported figure's passage, quoted in the proposal's English in every language
        "sources": store.query("reported_population_figures", lang="en")["quote"][0],
    }


def sign_routes(store) -> int:
    """The routes the Sign surveys page opens on: its first region's, over every year walked."""
    from bigcats import signs
    scope = signs.survey_scopes(store).row(0, named=True)
    _, summary = signs.encounter_rates(store, "snow_leopard", scope["scope"], date(scope["first_year"], 1, 1),
                                       date(scope["last_year"], 12, 31))
    return summary.filter(pl.col("area_id") == "all")["routes"][0]


def patrol_days(store) -> int:
    """The patrol days of the first park of the Tumen as the Patrols page opens (its last three years)."""
    from bigcats import patrols
    years = patrols.patrol_years(store, "tumen")
    return patrols.patrol_effort(store, "tumen", (max(years[0], years[-1] - 2), years[-1])).parks["patrol_days"][0]


# page slug -> (title key, plot canvases the page draws at least, a text every language shows,
# or None where that text is computed from the store by `_opening`)
PAGES = {
    "overview": ("nav_overview", 3, None),        # one map per proposal
    "population": ("nav_population", 2, None),    # trend, sex and age
    "individuals": ("nav_individuals", 3, None),  # parks, years, timeline
    "corridors": ("nav_corridors", 1, None),      # the map
    "alerts": ("nav_alerts", 3, None),            # map, months, response times
    "patrols": ("nav_patrols", 4, None),          # effort map, km per month, what each park recorded
    "signs": ("nav_signs", 2, None),              # signs per km by year, samples by status
    "feasibility": ("nav_feasibility", 1, "A6"),  # the census map; the six activities of Proposal 2
    "budget": ("nav_budget", 3, None),            # S-curve, burn, Gantt
    "publications": ("nav_publications", 1, "LLNP"),
    "sources": ("nav_sources", 0, None),
}


@pytest.fixture(scope="module")
def opening(demo_reader) -> dict:
    return _opening(demo_reader)


def off_the_right(page, width: int) -> list[str]:
    """The language links whose right edge is past `width` pixels, and the tables that run past it
    or scroll sideways by more than a scrollbar's width (their last columns cut off)."""
    return page.evaluate("""(width) => {
        const out = [];
        let links = 0;
        const walk = (root) => { for (const el of root.querySelectorAll('*')) {
            if (el.shadowRoot) walk(el.shadowRoot);
            if (el.matches('.bigcats-langs a')) {
                links += 1;
                if (el.getBoundingClientRect().right > width) out.push('link ' + el.textContent);
            }
            if (!el.classList || el.getBoundingClientRect().width === 0) continue;
            // a table for people scrolls down, never sideways; a Tabulator neither
            const holder = el.classList.contains('people-table') ? el
                : el.classList.contains('tabulator') ? el.querySelector('.tabulator-tableholder') : null;
            if (!holder) continue;
            if (el.getBoundingClientRect().right > width + 1 || holder.scrollWidth > holder.clientWidth + 20)
                out.push('table ' + el.className); } };
        walk(document);
        if (links !== 4) out.push(links + ' language links');
        return out; }""", width)


# Each page once in the browser, the languages taken in turn so that each is seen on two pages
# (every page builds in every language in tests/integration/test_page_languages.py; English is
# walked again by each page's own tests; Mongolian takes Phase-1 readiness, the longest title).
WALK = list(zip(PAGES, ["zh", "ru", "ru", "zh", "mn", "zh", "ru", "mn", "mn", "zh", "ru"]))


@pytest.mark.parametrize("slug,lang", WALK, ids=[f"{s}-{l}" for s, l in WALK])
def test_page_renders_with_its_plots_and_the_report_button(server, browser, opening, demo_reader, slug, lang):
    title_key, canvases, text = PAGES[slug]
    text = text or opening[slug]
    if slug == "budget":  # written with the language's thousands separator
        text = number(text, lang)
    # a steering meeting's projector: 1366 x 768
    page, errors, offsite = open_page(browser, f"{server}?page={slug}&lang={lang}", {"width": 1366, "height": 768})
    try:
        page.locator(".bigcats-nav").wait_for(state="visible", timeout=30_000)
        if canvases:
            page.locator("canvas").first.wait_for(state="attached", timeout=30_000)
        wait_for_text(page, text)
        wait_until(lambda: page.locator("canvas").count() >= canvases, 60, f"{canvases} plots on {slug}")
        # the four language links stay whole in the header (a long title gives way) and no table
        # runs off the right edge
        wait_until(lambda: off_the_right(page, 1366) == [], 30, f"every header link and table of {slug} within 1366 px")
        # the page's key message without scrolling: its headline figures and its chart inside the window
        if KEY[slug]:
            bottoms = wait_until(lambda: (b := {css: page.evaluate(BOTTOM, css) for css in KEY[slug]})
                                 and None not in b.values() and b, 90, f"the key figures of {slug}")
            assert all(b <= 768 + 1 for b in bottoms.values()), f"below the fold of 768 px: {bottoms}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{slug}_{lang}.png"), full_page=True)
        # the template scrolls its main area, so each proposal card gets a picture of its own,
        # in a viewport tall enough that a long card is not clipped by the scroll container
        cards = page.locator(".proposal-card")
        if cards.count():
            page.set_viewport_size({"width": 1400, "height": 2600})
        for i in range(cards.count()):
            cards.nth(i).scroll_into_view_if_needed()
            cards.nth(i).screenshot(path=str(ARTIFACTS / f"{slug}_{lang}_proposal{i + 1}.png"))
        assert page.title() == f"{t('app_title', lang)} · {t(title_key, lang)}"
        body = visible_text(page)
        assert t(title_key, lang) in body
        assert " ".join(text.split()) in body  # visible_text folds every space (a narrow no-break one too)
        # no word left in English, no identifier, no "8.0" (what Chromium shows; every page in every
        # language is walked in tests/integration/test_page_languages.py)
        assert not untranslated(visible_text(page, code=False), allowed_words(demo_reader, lang))
        if canvases:
            assert page.locator("canvas").count() >= canvases
            box = page.locator("canvas").first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100
        # every page carries the steering report of the proposal it shows
        page.locator(".report-download").wait_for(timeout=30_000)
        chosen = page.locator(".report-proposal select").evaluate("s => s.options[s.selectedIndex].text")
        assert chosen.startswith(f"{t('proposal', lang)} {opening['report'][slug]}:"), chosen
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_overview_badge_and_numbers_then_the_language_links_and_the_sources_download(server, browser, demo_reader):
    """One tab: the English overview with its badge, numbers and sources; the Russian link; the
    navigation keeps the language; the Russian sources page downloads its table as CSV."""
    page, errors, _ = open_page(browser, f"{server}?page=overview&lang=en")
    try:
        page.locator(".bigcats-demo-badge").wait_for(state="visible", timeout=30_000)
        body = visible_text(page)
        assert "DEMO DATA" in body
        assert "200,000 USD" in body and "74,000 USD" in body and "50,000 USD" in body
        assert "about 90" in body and "Amur leopard" in body
        assert "Source: Proposal 1, Park Amur tiger and Amur leopard" in body
        assert "Land of the Leopard National Park" in body and "Hovsgol National Park" in body

        page.locator("#lang-ru").click()
        page.wait_for_url("**lang=ru**")
        page.locator(".bigcats-nav").wait_for(state="visible", timeout=30_000)
        assert page.title() == f"{t('app_title', 'ru')} · {t('nav_overview', 'ru')}"
        assert "Национальный парк «Земля леопарда»" in visible_text(page)

        page.locator(".bigcats-nav a", has_text=t("nav_sources", "ru")).click()
        page.wait_for_url("**page=sources**")
        assert "lang=ru" in page.url
        button = page.locator(".bk-btn", has_text=t("download_csv", "ru")).first
        button.wait_for(timeout=30_000)
        with page.expect_download() as d:
            button.click()
        content = open(d.value.path(), encoding="utf-8").read()
        ids = demo_reader.query("reported_population_figures", lang="ru")["estimate_id"].to_list()
        assert content.startswith("estimate_id,") and ids and all(i in content for i in ids)
        assert not errors, errors
    finally:
        page.close()


# Every page carries the report button (the walk above checks the proposal it offers); here one
# report is downloaded from a page whose link chose a region of another proposal.
def test_the_report_downloaded_from_a_page_is_of_the_proposal_it_shows(server, browser, tmp_path, demo_reader):
    slug, region = "corridors", "khingan"
    serving = demo_reader.query("proposal_overview", lang="en").filter(region_id=region).sort("proposal_id")
    proposal, title = serving["proposal_id"][0], serving["short_title"][0]
    page, errors, offsite = open_page(browser, f"{server}?page={slug}&lang=en&region={region}")
    try:
        button = page.locator(".report-download")
        button.wait_for(timeout=60_000)
        chosen = page.locator(".report-proposal select").evaluate("s => s.options[s.selectedIndex].text")
        assert chosen.startswith(f"Proposal {proposal}:"), chosen
        with page.expect_download(timeout=180_000) as info:
            button.locator(".bk-btn").first.click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.name.startswith(f"bigcats_report_proposal{proposal}_en_")
        context, report, report_errors, requests = open_offline(browser, saved)
        try:
            text = visible_text(report)
            assert "Steering-meeting report" in text and title in text
            for css in SECTIONS:
                assert report.locator(css).is_visible()
            assert not report_errors, report_errors
            report.screenshot(path=str(ARTIFACTS / f"report_from_{slug}.png"))
        finally:
            context.close()
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
