"""SECR: coverage and bias by simulation, and the time to fit one park's season.

    python benchmarks/bench_secr.py [surveys]     (default 200)

1. Simulates `surveys` camera-trap surveys from the model of Borchers & Efford (2008) with a known
   density (2 per 100 km², g0 0.03 per day, sigma 2.5 km, 100 cameras 4 km apart, 90 days),
   fits each, and reports how often the 95% interval covers the truth and the relative bias.
2. Times the fit of the demo store's leopards for one season of Land of the Leopard NP and of
   the whole lower Tumen (both countries' cameras), through `bigcats.population.estimate`.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bigcats import Store, population
from bigcats.demo import build_store
from bigcats.estimate import secr

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
rng = np.random.default_rng(20080101)
traps = np.array([(x, y) for x in np.arange(10) * 4000.0 for y in np.arange(10) * 4000.0])
usage = np.full(len(traps), 90)
mask = secr.make_mask(traps, 10_000, 1_250)
truth = 2.0
estimates, hits, seconds = [], 0, []
for _ in range(n):
    y = secr.simulate_proximity(rng, truth, 0.03, 2500.0, traps, usage, 10_000)
    t0 = time.perf_counter()
    f = secr.fit_secr(y, traps, usage, mask)
    seconds.append(time.perf_counter() - t0)
    estimates.append(f["density_per_100km2"])
    hits += f["lcl"] <= truth <= f["ucl"]
print(f"simulated surveys: {n}")
print(f"coverage of the 95% interval: {hits / n:.1%}")
print(f"relative bias of D: {np.mean(estimates) / truth - 1:+.1%} (mean {np.mean(estimates):.3f}, truth {truth})")
print(f"CV of D across surveys: {np.std(estimates) / np.mean(estimates):.1%}")
print(f"fit time: median {statistics.median(seconds):.2f} s (mask {len(mask.points)} cells, 100 cameras)")

with tempfile.TemporaryDirectory() as tmp:
    db = Path(tmp) / "demo.duckdb"
    build_store(db, demo=True)
    with Store.open(db, read_only=True) as store:
        for scope in ("LLNP", "tumen"):
            times = []
            for year in (2014, 2019, 2024):
                t0 = time.perf_counter()
                out = population.estimate(store, "leopard", scope, f"{year}-01-01", f"{year}-12-31", "secr")
                times.append(time.perf_counter() - t0)
            print(f"demo leopards, one season of {scope}: median {statistics.median(times):.1f} s "
                  f"({min(times):.1f}-{max(times):.1f}); {out['mask'][0]}")
