"""Fixtures and helpers of the browser tests: the app served on a free port from a copy of the
demo store, Debian's Chromium driven by Playwright, and reading what Bokeh draws in shadow DOM."""
import os
import re
import shutil
import socket
import signal
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT
from tests.waiting import SERVERS, http_answers

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
# How often a condition is looked at in the page. Playwright's default (every animation frame)
# walks the whole shadow DOM sixty times a second: on two cores that starves BokehJS and the
# server of the CPU they need to draw what the test waits for.
POLL_MS = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(db, env: dict | None) -> dict:
    """The app as users run it: DuckDB's own thread count (the tests' one-thread cap is for the
    test processes; a server computing estimates with one thread made the browser suite a minute
    slower), the store `db`, and `env`."""
    base = {k: v for k, v in os.environ.items() if k != "BIGCATS_DUCKDB_THREADS"}
    return {**base, "BIGCATS_DB": str(db), **(env or {})}


def start_server(db, log_path, command: list[str], env: dict | None = None):
    """Serve the app on a free port from the store `db`; returns (process, base URL)."""
    port = free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", *command, "--port", str(port), "--address", "127.0.0.1"],
        env=server_environment(db, env), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/app"
    try:
        http_answers(base, 120, proc)
    except (TimeoutError, RuntimeError):
        proc.kill()
        pytest.fail(f"the app did not start; see {log_path}")
    return proc, base


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:  # a session still computing: stop it hard
        proc.kill()
        proc.wait(timeout=20)


# SERVERS (base URL -> process and log of each app server this worker started) lives in
# tests.waiting: pytest imports this conftest under a name of its own, and a test module importing
# tests.browser.conftest gets a second copy of it, whose own dict would be empty.


def server_threads(base: str) -> str:
    """Every thread's stack of the server at `base` (dashboards/app.py dumps them on SIGUSR1), for
    the message of a test that waited in vain: what the server was doing instead."""
    from tests.waiting import wait_until
    proc, log = SERVERS[base]
    size = log.stat().st_size
    proc.send_signal(signal.SIGUSR1)
    try:
        wait_until(lambda: "most recent call first" in log.read_text(errors="replace")[size:], 10, "the stack dump")
    except TimeoutError:
        return "(the server wrote no stack dump)"
    return log.read_text(errors="replace")[size:][-6000:]


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(demo_db, db)  # the server holds its own read-write connection
    log = tmp_path_factory.mktemp("log") / "serve.log"
    proc, base = start_server(db, log, ["panel", "serve", str(ROOT / "app.py"), "--num-procs", "1"])
    SERVERS[base] = (proc, log)
    yield base
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
            # the alert chime plays without a click first (a person has clicked in the page by then)
            "--autoplay-policy=no-user-gesture-required"])
        yield b
        b.close()


DEEP_TEXT = """(skip) => {
  skip = skip || ['STYLE', 'SCRIPT'];  // Playwright passes null when no argument is given
  const out = [];
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent);
      else if (!skip.includes(child.nodeName)) walk(child);
    }
  };
  walk(document.body);
  return out.join(' ');
}"""


def visible_text(page, code: bool = True) -> str:
    """All text the page shows, including what Bokeh renders inside shadow roots; without code
    spans (a file format's column names) when `code` is False."""
    skip = ["STYLE", "SCRIPT"] + ([] if code else ["CODE"])
    return " ".join(page.evaluate(DEEP_TEXT, skip).replace("\xa0", " ").split())


# One browser context per browser (that is, per worker) for pages that need no cookies of their
# own: its HTTP cache and V8's code cache are kept from page to page, so Bokeh's and Panel's
# scripts are compiled once instead of at every page (Chromium spent a third less CPU on six pages).
# A page that signs in gets a context of its own (`fresh`): cookies are per host, not per port.
_SHARED_CONTEXTS: dict = {}


def open_page(browser, url, viewport: dict | None = None, fresh: bool = False, prepare=None):
    """A new page at `url` once its network is idle, with the console errors and the requests off
    this machine it gave; `prepare(page)` is called before it goes there (a route, say)."""
    size = viewport or {"width": 1400, "height": 1000}
    if fresh:
        page = browser.new_page(viewport=size)
    else:
        context = _SHARED_CONTEXTS.get(id(browser))
        if context is None:
            context = _SHARED_CONTEXTS[id(browser)] = browser.new_context(viewport=size)
        page = context.new_page()
        page.set_viewport_size(size)
    errors, offsite = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def check(request):
        u = urlparse(request.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.hostname not in ("127.0.0.1", "localhost"):
            offsite.append(request.url)
    page.on("request", check)
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url} ({r.failure})"))
    if prepare is not None:
        prepare(page)
    page.goto(url, timeout=120_000)  # the first visit to a page builds it on the server
    page.wait_for_load_state("networkidle", timeout=120_000)
    return page, errors, offsite




class DocumentReadyHeld:
    """Hold back what the browser sends on `page`'s Bokeh websocket from its 'document_ready' on,
    until `release()`: the page as it is after the browser pulled the document and before the
    server knows the browser has it, the window in which Panel drops a redraw (see
    dashboards.common.once_the_browser_has_the_page). Call before `page.goto`."""

    def __init__(self, page):
        self.holding, self.released, self._held, self._server = False, False, [], None
        page.route_web_socket(re.compile(r"/ws(\?|$)"), self._route)

    def _route(self, ws) -> None:
        self._server = ws.connect_to_server()  # the server's messages reach the page as they come

        def from_page(message):
            if not self.released and isinstance(message, str) and '"document_ready"' in message:
                self.holding = True
            if self.holding and not self.released:
                self._held.append(message)
            else:
                self._server.send(message)
        ws.on_message(from_page)

    def release(self) -> None:
        self.released = True
        for message in self._held:
            self._server.send(message)
        self._held.clear()


def wait_for_text(page, text: str, timeout: int = 90_000) -> None:
    """Wait until `text` is shown anywhere, shadow roots included (server callbacks are not
    network requests, so networkidle does not cover them)."""
    page.wait_for_function(f"(t) => ({DEEP_TEXT})().replace(/\\u00a0/g, ' ').includes(t)", arg=text, timeout=timeout,
                           polling=POLL_MS)


ELEMENT_TEXT = DEEP_TEXT.replace("(skip) => {", "(root, skip) => {").replace("walk(document.body);", "walk(root);")
assert "(root, skip) => {" in ELEMENT_TEXT and "walk(root);" in ELEMENT_TEXT  # both replacements took


def element_text(locator) -> str:
    """The text one element shows, shadow roots included."""
    return " ".join(locator.evaluate(ELEMENT_TEXT).replace("\xa0", " ").split())


DEEP_QUERY = """(css) => {
  const find = (root) => {
    const hit = root.querySelector(css);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
    }
    return null;
  };
  return find(document);
}"""


def wait_for_change(page, css: str, old: str, timeout: int = 90_000) -> str:
    """Wait until the first element matching `css` (shadow roots included) shows text other than
    `old` (a server callback redrew it); returns the new text. The condition to wait for after an
    action whose effect is a changed figure, instead of a fixed pause."""
    page.wait_for_function(
        f"([css, old]) => {{ const e = ({DEEP_QUERY})(css); if (!e) return false;"
        f" const text = ({ELEMENT_TEXT})(e).replace(/\\u00a0/g, ' ').split(/\\s+/).join(' ').trim();"
        f" return text.length > 0 && text !== old; }}", arg=[css, old], timeout=timeout, polling=POLL_MS)
    return element_text(page.locator(css).first)


FILE_INPUT_HOLDS = """([cls, name]) => {
  for (const doc of Bokeh.documents) {
    for (const m of doc.all_models) {
      if ((m.css_classes || []).includes(cls) && 'filename' in m && 'value' in m) {
        try {
          return m.filename === name && !!m.value;
        } catch (e) {  // BokehJS throws on a property not set yet: the file is still being read
          return false;
        }
      }
    }
  }
  return false;
}"""


def upload_file(page, css_prefix: str, path) -> None:
    """Choose `path` in the page's upload and wait until the browser has read it into the widget
    and the server holds it (it names the chosen file beside the Import button): the click on
    Import must not overtake the file."""
    page.locator(f".{css_prefix}-upload input[type=file]").set_input_files(str(path))
    page.wait_for_function(FILE_INPUT_HOLDS, arg=[f"{css_prefix}-upload", path.name], timeout=60_000,
                           polling=POLL_MS)
    server_holds(page, css_prefix, path.name)


def server_holds(page, css_prefix: str, name: str) -> None:
    """Wait until the server says it holds the file `name` for the upload `css_prefix`."""
    page.wait_for_function(
        f"([css, name]) => {{ const e = ({DEEP_QUERY})(css); return !!e && ({ELEMENT_TEXT})(e).includes(name); }}",
        arg=[f".{css_prefix}-chosen", name], timeout=60_000, polling=POLL_MS)


LOADING = """() => {
  const busy = (root) => {
    if (root.querySelector('.pn-loading')) return true;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot && busy(el.shadowRoot)) return true;
    return false;
  };
  return busy(document);
}"""


def redrawn(page, css: str, before: bytes, timeout: float = 120) -> bytes:
    """A picture of the first element matching `css` once it differs from `before` (a plot the
    server redrew after a control changed) and no part of the page is still loading (Panel greys
    a pane out while its callback runs: that picture differs too, but is not the new map); an
    element replaced while photographed is looked at again."""
    from tests.waiting import wait_until

    def new_picture():
        if page.evaluate(LOADING):
            return None
        try:
            png = page.locator(css).first.screenshot()
        except playwright.Error:
            return None
        return png != before and not page.evaluate(LOADING) and png
    return wait_until(new_picture, timeout, f"{css} to be redrawn")


# Each page's key message: the headline figures and the one chart that answers its question (the
# first element of each class); pages that are a list to search (sources, audit) have none.
KEY = {
    "overview": [".budget-number", ".share-spent-number"],
    "population": [".latest-estimate", ".trend-plot"],
    "individuals": [".parks-plot"],
    "corridors": [".number-crossings", ".corridor-map"],
    "alerts": [".number-median-ack"],  # the figures, then the alerts to answer
    "patrols": [".patrol-numbers", ".patrol-map"],
    "signs": [".number-signs-per-km", ".signs-plot"],
    "feasibility": [".readiness-number"],
    "budget": [".number-spent", ".s-curve"],
    "publications": [".number-exchanges", ".publications-plot"],
    "sources": [],
    "audit": [],
}
# The bottom edge of an element, searched through Bokeh's shadow roots; null when absent.
BOTTOM = f"""(css) => {{
  const e = ({DEEP_QUERY})(css);
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return r.height > 0 ? r.bottom : null;
}}"""


# The steering report's sections and the plots each draws at least.
SECTIONS = {"#key-numbers": 0, "#population": 1, "#shared": 1, "#corridors": 1, "#alerts": 1, "#patrols": 1, "#budget": 1,
            "#readiness": 0}


def open_offline(browser, path):
    """The report as a director opens it from a USB stick: file://, no network at all."""
    context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("data:", "blob:")) else None)
    page.goto(path.resolve().as_uri())
    page.locator("#corridors canvas").first.wait_for(timeout=60_000)  # Bokeh draws inside shadow roots
    page.wait_for_load_state("networkidle")
    return context, page, errors, requests
