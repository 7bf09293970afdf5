"""Every page, in every language, as a person sees it in headless Chromium."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

import pytest

from bigcats.i18n import LANGUAGES, t
from tests.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"

# page slug -> (title key, whether the page has a plot, a text every language shows)
PAGES = {
    "overview": ("nav_overview", True, "200"),
    "sources": ("nav_sources", False, "Proposal 1"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(demo_db, db)  # the server holds its own read-write connection
    port = free_port()
    log = open(tmp_path_factory.mktemp("log") / "serve.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "panel", "serve", str(ROOT / "app.py"), "--port", str(port),
         "--address", "127.0.0.1", "--num-procs", "1"],
        env=dict(os.environ, BIGCATS_DB=str(db)), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/app"
    for _ in range(120):
        try:
            urllib.request.urlopen(base, timeout=5)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the app did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


DEEP_TEXT = """() => {
  const out = [];
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent);
      else if (child.nodeName !== 'STYLE' && child.nodeName !== 'SCRIPT') walk(child);
    }
  };
  walk(document.body);
  return out.join(' ');
}"""


def visible_text(page) -> str:
    """All text the page shows, including what Bokeh renders inside shadow roots."""
    return " ".join(page.evaluate(DEEP_TEXT).replace("\xa0", " ").split())


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors, offsite = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def check(request):
        u = urlparse(request.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.hostname not in ("127.0.0.1", "localhost"):
            offsite.append(request.url)
    page.on("request", check)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, errors, offsite


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("slug", list(PAGES))
def test_page_renders_in_each_language(server, browser, slug, lang):
    title_key, has_plot, text = PAGES[slug]
    page, errors, offsite = open_page(browser, f"{server}?page={slug}&lang={lang}")
    try:
        page.locator(".bigcats-nav").wait_for(state="visible", timeout=30_000)
        if has_plot:
            page.locator("canvas").first.wait_for(state="attached", timeout=30_000)
        page.wait_for_timeout(1500)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{slug}_{lang}.png"), full_page=True)
        # the template scrolls its main area, so each proposal card gets a picture of its own,
        # in a viewport tall enough that a long card is not clipped by the scroll container
        cards = page.locator(".proposal-card")
        if cards.count():
            page.set_viewport_size({"width": 1400, "height": 2600})
            page.wait_for_timeout(800)
        for i in range(cards.count()):
            cards.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            cards.nth(i).screenshot(path=str(ARTIFACTS / f"{slug}_{lang}_proposal{i + 1}.png"))
        assert page.title() == f"{t('app_title', lang)} · {t(title_key, lang)}"
        body = visible_text(page)
        assert t(title_key, lang) in body
        assert text in body
        if has_plot:
            assert page.locator("canvas").count() >= 3  # one map per proposal
            box = page.locator("canvas").first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_overview_shows_demo_badge_numbers_and_sources(server, browser):
    page, errors, _ = open_page(browser, f"{server}?page=overview&lang=en")
    try:
        page.locator(".bigcats-demo-badge").wait_for(state="visible", timeout=30_000)
        body = visible_text(page)
        assert "DEMO DATA" in body
        assert "200,000 USD" in body and "74,000 USD" in body and "50,000 USD" in body
        assert "about 90" in body and "Amur leopard" in body
        assert "Source: Proposal 1, Park Amur tiger and Amur leopard" in body
        assert "Land of the Leopard National Park" in body and "Hovsgol National Park" in body
        assert not errors
    finally:
        page.close()


def test_language_link_switches_the_language(server, browser):
    page, errors, _ = open_page(browser, f"{server}?page=overview&lang=en")
    try:
        page.locator("#lang-ru").click()
        page.wait_for_url("**lang=ru**")
        page.locator(".bigcats-nav").wait_for(state="visible", timeout=30_000)
        assert page.title() == f"{t('app_title', 'ru')} · {t('nav_overview', 'ru')}"
        assert "Национальный парк «Земля леопарда»" in visible_text(page)
        page.locator(".bigcats-nav a", has_text=t("nav_sources", "ru")).click()
        page.wait_for_url("**page=sources**")
        assert "lang=ru" in page.url
        assert not errors
    finally:
        page.close()


def test_sources_table_downloads_csv(server, browser):
    page, _, _ = open_page(browser, f"{server}?page=sources&lang=en")
    try:
        page.locator(".bk-btn", has_text="Download CSV").first.wait_for(timeout=30_000)
        with page.expect_download() as d:
            page.locator(".bk-btn", has_text="Download CSV").first.click()
        content = open(d.value.path(), encoding="utf-8").read()
        assert content.startswith("estimate_id,") and "rep_leopard_shared_2013_2015" in content
    finally:
        page.close()
