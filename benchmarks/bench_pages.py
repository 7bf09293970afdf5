"""Server-side cost of the pages and of the corridor map's choices, and of the named queries they
run, on a store (default: a fresh demo store). Run:
    python benchmarks/bench_pages.py [--db STORE] [--repeats 5]

For each page: the first build (cold: nothing memoised) and later builds (warm: the store's
memoised named queries and estimates, as a server's later sessions find them), as Bokeh models
for a document, i.e. what the server does before it sends a page. For the corridor map: a region
switch and a species switch on a built page (the settled choices computed, the map redrawn once).
For the named queries: every query the page builds and switches ran (recorded as they ran), each
of its distinct calls timed again, the median and the slowest (* past the 0.1 s target); then a
few with the demo's parameters. Times in seconds, medians over the repeats."""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import panel as pn
from bokeh.document import Document

from bigcats import access
from bigcats.demo import build_store
from bigcats.store import Store

PERIOD = {"date_from": date(2013, 1, 1), "date_to": date(2015, 12, 31)}
QUERIES = {
    "identified_detections": dict(species="leopard", scope="tumen", **PERIOD),
    "deployment_detections": dict(species="leopard", region="tumen", **PERIOD),
    "survey_scopes": dict(species="tiger", lang="en"),
    "survey_deployments": dict(scope="tumen", **PERIOD),
    "transboundary_shares": dict(species="tiger", region="tumen", **PERIOD),
    "candidate_matches": dict(species="tiger", region="tumen", max_days=21, max_km=8, date_from=date(2013, 1, 1),
                              date_to=date(2025, 12, 31)),
    "region_map_layers": dict(region="tumen", lang="ru"),
    "expenditures_usd": {},
}


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def record_queries() -> dict[str, list[dict]]:
    """Every named query the pages run from now on, by name, with the distinct parameters of its
    calls: each is timed again afterwards, so that the table lists every query a page runs, not
    a chosen few."""
    ran: dict[str, list[dict]] = {}
    query = Store.query

    def recording(self, name, /, **params):
        calls = ran.setdefault(name, [])
        if params not in calls and len(calls) < 12:
            calls.append(dict(params))
        return query(self, name, **params)
    Store.query = recording
    return ran


def population_first_views(store) -> None:
    """The Population page on estimates not stored yet (its build returns at once; the worker
    computes and stores them), then the same view once they are stored."""
    from dashboards.population import PopulationTrends
    from bigcats import trends
    store.sql("SELECT 1")  # warm the connection
    with store.transaction(touches=trends.STORED_TABLES) as cur:
        cur.execute("DELETE FROM survey_estimates")
        cur.execute("DELETE FROM survey_estimate_runs")
    page = PopulationTrends(store=store, lang="en")
    build = timed(lambda: pn.panel(page).get_root(Document()))
    t0 = time.perf_counter()
    pending = trends.population_trend(store, page.species, page.scope, page.years, page.method,
                                      page.occasion_days, wait=False).pending
    worker = trends.worker(store)
    while worker.waiting(pending)[0]:
        time.sleep(0.05)
    filled = time.perf_counter() - t0
    stored = timed(lambda: pn.panel(PopulationTrends(store=store, lang="en")).get_root(Document()))
    print(f"population, nothing stored: build {build:.2f} s, the worker stores {len(pending)} years "
          f"in {filled:.2f} s; build once stored {stored:.2f} s")
    page.param.update(method="secr", years=(2024, 2025))
    pending = trends.population_trend(store, page.species, page.scope, page.years, "secr", 7, wait=False).pending
    t0 = time.perf_counter()
    while worker.waiting(pending)[0]:
        time.sleep(0.05)
    print(f"population SECR 2024-2025 ({page.scope}): the worker stores {len(pending)} years in "
          f"{time.perf_counter() - t0:.1f} s while the page shows 'being computed'")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a store file, or a lake's address (ducklake:postgres:...; BIGCATS_LAKE_DATA)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--keep-estimates", action="store_true",
                    help="leave the stored estimates as they are (skip timing the worker filling them again)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db if args.db and args.db.startswith("ducklake:") else Path(args.db) if args.db else Path(tmp.name) / "demo.duckdb"
    if not args.db:
        build_store(db, demo=True)
    import dashboards.app  # noqa: F401  (the serving process's settings: Bokeh's defaults remembered, the collector)
    from dashboards.shell import PAGES
    # read-write, as the server holds it: the Population page leaves missing estimates to the
    # store's worker, which stores them (a read-only store makes the page compute them itself)
    store = Store.open(db).as_actor(access.PUBLIC)
    ran = record_queries()
    if not args.keep_estimates:
        population_first_views(store)

    print("page                 cold     warm (median)")
    for slug, cls in PAGES.items():
        cold = timed(lambda: pn.panel(cls(store=store, lang="en")).get_root(Document()))
        warm = statistics.median(timed(lambda: pn.panel(cls(store=store, lang="en")).get_root(Document()))
                                 for _ in range(args.repeats))
        print(f"{slug:18} {cold:7.2f}  {warm:7.2f}")

    from dashboards.corridors import CorridorMaps
    page = CorridorMaps(store=store, lang="en")
    pn.panel(page).get_root(Document())
    switches = []
    for _ in range(args.repeats):
        for region in ("khingan", "altai_sayan", "tumen"):
            switches.append(timed(lambda: setattr(page, "region", region)))
    species = [timed(lambda: setattr(page, "species", sp)) for _ in range(args.repeats) for sp in ("tiger", "leopard")]
    print(f"corridor region switch: median {statistics.median(switches):.2f} s (max {max(switches):.2f}); "
          f"species switch: median {statistics.median(species):.2f} s")

    print("query (the pages' own calls)           calls  rows   median s  max s")
    for name, calls in sorted(ran.items()):
        runs, rows = [], 0
        for params in calls:
            store._shared.written(None)  # the query itself, not its memoised rows (Store.query)
            t0 = time.perf_counter()
            rows = max(rows, store.query(name, **params).height)
            runs.append(time.perf_counter() - t0)
        slow = " *" if statistics.median(runs) > 0.1 else ""
        print(f"{name:38} {len(calls):5} {rows:6} {statistics.median(runs):8.3f} {max(runs):6.3f}{slow}")
    print("query (the demo's parameters)  median s")
    for name, params in QUERIES.items():
        runs = []
        for _ in range(args.repeats):
            store._shared.written(None)
            runs.append(timed(lambda: store.query(name, **params)))
        print(f"{name:30} {statistics.median(runs):7.3f}")


if __name__ == "__main__":
    main()
