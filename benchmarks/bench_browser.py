"""What a person at the browser waits for: switching page, and switching region or species on the
corridor map, timed in Chromium against the served app.

    python benchmarks/bench_browser.py [--db STORE] [--rounds 3] [--lang ru] [--width 1920 --height 1080]

What it does
- Copies the store `--db` (default: a fresh demo store) and serves it with
  `python -m dashboards.server --mode local` on a free loopback port.
- Opens every page once in headless Chromium (system Chromium, Playwright), so the server's
  memoised queries and estimates are warm, as in a meeting after the first minutes.
- Page switch: from each page, a click on the next page's link in the navigation, until the new
  page is drawn: every Bokeh document of the page idle (BokehJS's `Document.is_idle`: every view
  built and painted), no loading spinner, and a canvas for each page that has a figure. `--rounds`
  times round all pages.
- Corridor switches: on the corridor map, a click on each region's button in turn, then each
  species of the region, until the map's caption (region and species) has changed and the
  document is idle again.

Prints each switch's time and the medians; figures go in benchmarks/README.md (targets of issue
13: page switch median <= 1.5 s, a corridor region or species switch <= 2 s).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.served import served_app  # noqa: E402
CHROMIUM = "/usr/bin/chromium"
PAGES = ["overview", "population", "individuals", "corridors", "alerts", "patrols", "signs", "feasibility",
         "budget", "publications", "sources", "audit"]

# every Bokeh document idle, no Panel loading spinner, and (when asked) a canvas drawn
DRAWN = """(needsCanvas) => {
  if (!window.Bokeh || !Bokeh.documents || Bokeh.documents.length === 0) return false;
  if (!Bokeh.documents.every((d) => d.is_idle)) return false;
  const deep = (root, css) => { if (root.querySelector(css)) return true;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot && deep(el.shadowRoot, css)) return true;
    return false; };
  if (deep(document, '.pn-loading')) return false;
  return !needsCanvas || deep(document, 'canvas');
}"""

# the corridor view's caption (its region and species), drawn with the map when the view is rebuilt
VIEW_TEXT = """() => { const find = (root) => { const hit = root.querySelector('.map-caption'); if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
    return null; };
  const cap = find(document); if (!cap) return '';
  const out = []; const walk = (n) => { if (n.shadowRoot) walk(n.shadowRoot);
    for (const c of n.childNodes) { if (c.nodeType === 3) out.push(c.textContent); else if (c.nodeName !== 'STYLE') walk(c); } };
  walk(cap); return out.join(' '); }"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="serve a copy of this store (default: a fresh demo store)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lang", default="ru")
    ap.add_argument("--width", type=int, default=1920)
    ap.add_argument("--height", type=int, default=1080)
    args = ap.parse_args()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bigcats-browser-"))
    db = work / "served.duckdb"
    if args.db:
        shutil.copy(args.db, db)
    else:
        from bigcats.demo import build_store
        build_store(db, demo=True)
    switches: dict[str, list[float]] = {}
    served: dict[str, list[float]] = {}
    corridor: dict[str, list[float]] = {"region": [], "species": []}
    with served_app(db, work / "server.log", wait_s=240) as (base, _):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": args.width, "height": args.height})
            page = context.new_page()
            canvas = {}
            for slug in PAGES:  # warm the server, and learn which pages draw a figure
                page.goto(f"{base}?page={slug}&lang={args.lang}", timeout=300_000)
                page.wait_for_function(DRAWN, arg=False, timeout=300_000, polling=50)
                try:  # a page with a figure has drawn its canvas within seconds of being idle
                    page.wait_for_function(DRAWN, arg=True, timeout=10_000, polling=50)
                    canvas[slug] = True
                except PlaywrightTimeout:
                    canvas[slug] = False
            page.goto(f"{base}?page={PAGES[-1]}&lang={args.lang}")
            page.wait_for_function(DRAWN, arg=canvas[PAGES[-1]], timeout=300_000, polling=50)
            for _ in range(args.rounds):
                for slug in PAGES:
                    link = page.locator(f'.bigcats-nav a[href*="page={slug}&"]').first
                    t0 = time.perf_counter()
                    link.click()
                    page.wait_for_url(f"**page={slug}&**", timeout=120_000)
                    page.wait_for_function(DRAWN, arg=canvas[slug], timeout=120_000, polling=50)
                    switches.setdefault(slug, []).append(time.perf_counter() - t0)
                    # the server's share: from the request for the page's HTML to its first byte
                    # (the session's document and template built), then the document over the websocket
                    nav = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                                        " return [n.responseStart - n.requestStart, n.responseEnd - n.startTime]; }")
                    served.setdefault(slug, []).append(nav[0] / 1000)
                    print(f"{slug}: {switches[slug][-1]:.2f} s (HTML's first byte after {nav[0] / 1000:.2f} s)", flush=True)
            # the corridor map: every region, then every species of the last region, and back
            page.goto(f"{base}?page=corridors&lang={args.lang}")
            page.wait_for_function(DRAWN, arg=True, timeout=120_000, polling=50)
            regions = page.locator(".control-region .bk-btn")
            for _ in range(args.rounds):
                for i in list(range(1, regions.count())) + [0]:
                    before = page.evaluate(VIEW_TEXT)
                    t0 = time.perf_counter()
                    regions.nth(i).click()
                    page.wait_for_function(f"([before, needsCanvas]) => ({VIEW_TEXT})() !== before && ({DRAWN})(needsCanvas)",
                                           arg=[before, True], timeout=120_000, polling=50)
                    corridor["region"].append(time.perf_counter() - t0)
                    print(f"region {i}: {corridor['region'][-1]:.2f} s", flush=True)
                species = page.locator(".control-species select")
                values = species.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
                current = species.input_value()
                for value in [v for v in values if v != current] + ([current] if len(values) > 1 else []):
                    before = page.evaluate(VIEW_TEXT)
                    t0 = time.perf_counter()
                    species.select_option(value)
                    page.wait_for_function(f"([before, needsCanvas]) => ({VIEW_TEXT})() !== before && ({DRAWN})(needsCanvas)",
                                           arg=[before, True], timeout=120_000, polling=50)
                    corridor["species"].append(time.perf_counter() - t0)
                    print(f"species {value}: {corridor['species'][-1]:.2f} s", flush=True)
            browser.close()

    print(f"page switch in Chromium ({args.width}x{args.height}, {args.lang}, {args.rounds} rounds): click on the "
          f"navigation link -> the new page drawn")
    every = [s for v in switches.values() for s in v]
    for slug, times in switches.items():
        print(f"  {slug:13s} median {statistics.median(times):5.2f} s  max {max(times):5.2f} s  "
              f"(the HTML's first byte: median {statistics.median(served[slug]):.2f} s)")
    print(f"  all pages     median {statistics.median(every):5.2f} s  max {max(every):5.2f} s  (n={len(every)}; the "
          f"HTML's first byte: median {statistics.median([s for v in served.values() for s in v]):.2f} s)")
    for kind, times in corridor.items():
        if times:
            print(f"corridor {kind} switch: median {statistics.median(times):.2f} s, max {max(times):.2f} s (n={len(times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
