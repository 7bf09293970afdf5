"""Many sessions, one store: readers and writers at once against one served app, on loopback.

    python benchmarks/bench_load.py [--readers 20] [--seconds 120] [--think 5] [--lang en]

What it does
- Builds a fresh demo store (or copies the store `--db`) and serves it with
  `python -m dashboards.server --mode local` on a free loopback port: one process, one read-write
  DuckDB connection, a cursor per session. A lake (`--db ducklake:postgres:...`) is served as it
  is, by `--processes N` processes (issue 16).
- Opens every page once (a cold start: the memoised estimates are computed then).
- Then, for `--seconds`: `--readers` reader sessions, each a thread that opens the pages one after
  another with Bokeh's own client (`bokeh.client.pull_session`: the same websocket protocol a
  browser speaks; the server builds the whole page for the session and sends the document) and
  reads it for `--think` seconds before the next (0: back to back, the server's saturation), and
  two writer sessions in headless Chromium: one enters expenditures in the budget page's form,
  the other imports expenditure CSV files of three rows through the page's upload.
- A page's render time is from asking for the session to holding its complete document.
- Afterwards the store is opened and every write a writer saw confirmed is looked for (by its
  unique description) and in the audit trail: a write confirmed but missing is a lost write.

Prints render times per page (median, p95, max), errors, writes confirmed and lost, and exits 1
on any error or lost write. Figures go in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.served import served_app  # noqa: E402
PAGES = ["overview", "population", "individuals", "corridors", "feasibility", "budget", "publications", "sources"]
CHROMIUM = "/usr/bin/chromium"


def client_models() -> None:
    """The reader client must know every Bokeh model the server may send (Panel loads its own lazily)."""
    import panel.models
    for m in pkgutil.iter_modules(panel.models.__path__):
        importlib.import_module(f"panel.models.{m.name}")


def server_peak_mb(pid: int) -> float | None:
    """The server process's peak resident memory (VmHWM, Linux), in MB; None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def open_page(url: str, page: str, lang: str) -> tuple[float, int]:
    """One reader visit: the whole session document of `page`; returns (seconds, models in it)."""
    from bokeh.client import pull_session
    t0 = time.perf_counter()
    session = pull_session(url=url, arguments={"page": page, "lang": lang})
    try:
        models = {m for root in session.document.roots for m in root.references()}
        return time.perf_counter() - t0, len(models)
    finally:
        session.close()


def _model_ids(value, ids: set) -> set:
    """The ids of the Bokeh models in a serialised document."""
    if isinstance(value, dict):
        if value.get("type") == "object" and "id" in value:
            ids.add(value["id"])
        for v in value.values():
            _model_ids(v, ids)
    elif isinstance(value, list):
        for v in value:
            _model_ids(v, ids)
    return ids


def open_page_as_a_browser(url: str, page: str, lang: str) -> tuple[float, int]:
    """One reader visit as a browser makes it: the page's HTML (the server builds the session's
    document and the template), then the document over the session's websocket (the server
    serialises it); returns (seconds, models in it). The document stays JSON: turning it into
    models is work a reader's own computer does, not the server's, and on this machine it would
    take the cores the server needs (`open_page` does it, as Bokeh's Python client)."""
    import re
    from urllib.parse import urlencode
    from bokeh.client.session import ClientSession

    class Visit(ClientSession):
        """The session the page's HTML created, entered with the token the HTML carries."""
        def __init__(self, token: str, websocket_url: str):
            from bokeh.util.token import get_session_id
            self._html_token = token
            super().__init__(session_id=get_session_id(token), websocket_url=websocket_url)

        @property
        def token(self) -> str:
            return self._html_token

    t0 = time.perf_counter()
    with urllib.request.urlopen(f"{url}?{urlencode({'page': page, 'lang': lang})}", timeout=600) as response:
        html = response.read().decode("utf-8")
    token = re.search(r'"token":\s*"([^"]+)"', html).group(1)
    session = Visit(token, url.replace("http://", "ws://") + "/ws")
    try:
        session._connection.connect()
        connection = session._connection
        reply = connection._send_message_wait_for_reply(connection._protocol.create("PULL-DOC-REQ"))
        if reply is None or reply.header["msgtype"] != "PULL-DOC-REPLY":
            raise RuntimeError(f"no document: {reply.content if reply is not None else 'connection lost'}")
        return time.perf_counter() - t0, len(_model_ids(reply.content["doc"]["roots"], set()))
    finally:
        session.close()


class Reader(threading.Thread):
    def __init__(self, i: int, url: str, lang: str, until: float, think: float, visit=open_page_as_a_browser):
        super().__init__(daemon=True)
        self.i, self.url, self.lang, self.until, self.think, self.visit = i, url, lang, until, think, visit
        self.times: list[tuple[str, float]] = []
        self.errors: list[str] = []

    def run(self):
        k = self.i
        time.sleep(self.think * self.i / 20)  # people do not all click at the same instant
        while time.monotonic() < self.until:
            page = PAGES[k % len(PAGES)]
            k += 1
            try:
                seconds, models = self.visit(self.url, page, self.lang)
                if models < 20:  # a page with its controls, text and plots has tens to hundreds
                    self.errors.append(f"reader {self.i}: {page} came with only {models} models")
                self.times.append((page, seconds))
            except Exception as exc:  # noqa: BLE001  (any failure of a session is what we count)
                self.errors.append(f"reader {self.i}: {page}: {type(exc).__name__}: {exc}")
            time.sleep(self.think)


def writers(url: str, until: float, workdir: Path, result: dict) -> None:
    """Two writer sessions in one headless Chromium: form entries and CSV imports, until `until`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

    def deep_text(page) -> str:
        return page.evaluate("""() => { const out = []; const walk = (n) => { if (n.shadowRoot) walk(n.shadowRoot);
            for (const c of n.childNodes) { if (c.nodeType === 3) out.push(c.textContent); else walk(c); } };
            walk(document.body); return out.join(' '); }""")

    def wait_for(page, css: str, text: str, timeout: float = 120.0) -> bool:
        """Whether the element `css` shows `text` within `timeout` s. Playwright's locator looks
        into the page's shadow roots itself; walking every node's text four times a second (what
        this did before) took the writers' Chromium a good share of the cores the server needs."""
        try:
            page.locator(css, has_text=text).first.wait_for(timeout=timeout * 1000)
            return True
        except PlaywrightTimeout:
            return False

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        form = browser.new_page(viewport={"width": 1400, "height": 1600})
        upload = browser.new_page(viewport={"width": 1400, "height": 1600})
        for page in (form, upload):
            page.goto(f"{url}?page=budget&lang=en", timeout=180_000)
            page.locator(".form-add").wait_for(timeout=180_000)
        n_form = n_csv = 0
        turn = 0
        while time.monotonic() < until:
            turn += 1
            if turn % 2:  # the form: one expenditure
                tag = f"load-form-{n_form + 1}"
                form.locator(".form-date input").fill("2021-03-15")
                amount = n_form + 1  # a message of its own for each entry (the last one may still show)
                form.locator(".form-amount input").fill(str(amount))
                form.locator(".form-description input").fill(tag)
                if not form.locator(".form-confirm input").is_checked():
                    form.locator(".form-confirm input").check()
                form.locator(".form-add .bk-btn").click()
                if wait_for(form, ".form-message", f"Saved: 1.1 2021-03-15 {amount} USD") and tag not in result["form"]:
                    n_form += 1
                    result["form"].append(tag)
                else:
                    result["errors"].append(f"form entry {tag} not confirmed")
                form.locator(".form-description input").fill("")
            else:  # the upload: a CSV of three rows, one transaction
                batch = n_csv + 1
                f = workdir / f"spend_{batch}.csv"
                f.write_text("date,proposal,activity,amount,currency,rate_to_usd,description\n" + "".join(
                    f"2021-04-{10 + k},1,3.2,2,USD,,load-csv-{batch}-{k}\n" for k in range(3)), encoding="utf-8")
                upload.locator(".csv-upload input[type=file]").set_input_files(str(f))
                if not upload.locator(".csv-confirm input").is_checked():
                    upload.locator(".csv-confirm input").check()
                try:  # the button is enabled once the server holds the file: a busy server takes a while
                    upload.locator(".csv-import .bk-btn:not([disabled])").wait_for(timeout=180_000)
                    upload.locator(".csv-import .bk-btn").click()  # the page is fresh: no earlier message on it
                except PlaywrightTimeout:
                    result["errors"].append(f"CSV batch {batch}: the server did not take the file within 180 s")
                    upload.reload()
                    upload.locator(".form-add").wait_for(timeout=180_000)
                    continue
                if wait_for(upload, ".csv-result", "Imported: 3"):
                    n_csv += 1
                    result["csv"].append(batch)
                else:
                    result["errors"].append(f"CSV batch {batch} not confirmed: {deep_text(upload)[-300:]}")
                upload.reload()
                upload.locator(".form-add").wait_for(timeout=180_000)
        browser.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--think", type=float, default=5.0, help="seconds a reader looks at a page before the next")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--client", choices=("browser", "bokeh"), default="browser",
                    help="browser: ask for the page's HTML and its document as a browser does, and keep the "
                         "document as JSON (default); bokeh: Bokeh's Python client, which also builds every "
                         "model of the document on this machine")
    ap.add_argument("--processes", type=int, default=1,
                    help="server processes (a lake only: --db ducklake:postgres:...), Bokeh's num_procs")
    ap.add_argument("--db", help="serve a copy of this store (e.g. one built with `bigcats init --demo --scale 5`) "
                                 "instead of a fresh demo store")
    args = ap.parse_args()
    client_models()
    from bigcats import Store
    from bigcats.demo import build_store

    work = Path(tempfile.mkdtemp(prefix="bigcats-load-"))
    peak_mb = None
    db = work / "load.duckdb"
    if args.db and args.db.startswith("ducklake:"):
        db = args.db  # a lake is served as it is (its data folder in BIGCATS_LAKE_DATA); writes stay in it
    elif args.db:
        shutil.copy(args.db, db)  # the writes go to the copy
    else:
        build_store(db, demo=True)
    with served_app(db, work / "server.log", processes=args.processes) as (url, server):
        cold = {page: open_page_as_a_browser(url, page, args.lang)[0] for page in PAGES}
        print("cold start (first visit of each page, estimates computed):",
              ", ".join(f"{p} {s:.1f} s" for p, s in cold.items()))

        until = time.monotonic() + args.seconds
        result = {"form": [], "csv": [], "errors": []}
        writer = threading.Thread(target=writers, args=(url, until, work, result), daemon=True)
        writer.start()
        visit = open_page_as_a_browser if args.client == "browser" else open_page
        readers = [Reader(i, url, args.lang, until, args.think, visit) for i in range(args.readers)]
        for r in readers:
            r.start()
        for r in readers:
            r.join()
        writer.join(timeout=300)
        peak_mb = server_peak_mb(server.pid)

    times = [(p, s) for r in readers for p, s in r.times]
    errors = [e for r in readers for e in r.errors] + result["errors"]
    server_log = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    lines = server_log.splitlines()
    for i, line in enumerate(lines):  # a server-side failure, with the lines that say what it was
        if "Traceback" in line or " ERROR" in line:
            said = [lines[i - 1]] if "Traceback" in line and i > 0 else []  # what the logger said before it
            block = said + [line] + [x for x in lines[i + 1:i + 40] if x.startswith(("  File", "    "))][-4:]
            after = next((x for x in lines[i + 1:i + 60] if x and not x.startswith((" ", "Traceback"))), "")
            errors.append(" | ".join(block + [after]))
    with Store.open(db, read_only=True) as store:
        found = set(store.sql("SELECT description FROM expenditures WHERE description LIKE 'load-%'")["description"])
        audited = store.sql("SELECT count(*) AS n FROM audit_log WHERE action IN ('add expenditure', 'import expenditures')"
                            )["n"][0]
    expected = set(result["form"]) | {f"load-csv-{b}-{k}" for b in result["csv"] for k in range(3)}
    lost = sorted(expected - found)
    writes = len(result["form"]) + len(result["csv"])

    all_s = [s for _, s in times]
    print(f"\n{args.readers} reader sessions ({args.think:g} s on each page, client {args.client}) and 2 writer "
          f"sessions for {args.seconds:.0f} s on loopback ({os.cpu_count()} cores)")
    print(f"page visits: {len(all_s)}; render median {statistics.median(all_s):.2f} s, p95 {p95(all_s):.2f} s, "
          f"max {max(all_s):.2f} s")
    for page in PAGES:
        s = [x for p, x in times if p == page]
        if s:
            print(f"  {page:13s} n={len(s):4d}  median {statistics.median(s):6.2f} s  p95 {p95(s):6.2f} s  max {max(s):6.2f} s")
    print(f"writes confirmed: {len(result['form'])} form entries, {len(result['csv'])} CSV imports of 3 rows; "
          f"in the store: {len(expected & found)} of {len(expected)} rows; audit entries {audited} (writes {writes})")
    print(f"lost writes: {len(lost)} {lost[:5]}")
    if peak_mb is not None:
        print(f"server peak memory (VmHWM): {peak_mb:.0f} MB")
    print(f"errors: {len(errors)}")
    for e in errors[:20]:
        print("  ", e)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if errors or lost or audited < writes or not writes else 0


if __name__ == "__main__":
    raise SystemExit(main())
