"""Winter track census (Proposal 2, Phase 1, activity 1): prey density from snow tracks.

Formozov–Malyshev–Pereleshin formula (Formozov 1932; Malyshev & Pereleshin 1963; as used in
the Russian winter route census, Priklonsky 1965):

    D = (π / 2) · x / (S · d)

animals per km², where x is the number of track crossings of a route of S km counted one day
after fresh snow and d the species' mean daily travel distance in km. Routes are pooled
(Σx over Σ S·d), and the 95% interval comes from a nonparametric bootstrap over routes (Efron &
Tibshirani 1993, ch. 13, percentile interval), since crossings on one route are not independent.
"""
from __future__ import annotations

import math

import numpy as np
import polars as pl


def fmp_density(crossings: float, route_km: float, daily_travel_km: float) -> float:
    """Animals per km² by the FMP formula."""
    if route_km <= 0 or daily_travel_km <= 0:
        raise ValueError("route length and daily travel distance must be positive")
    return math.pi / 2 * crossings / (route_km * daily_travel_km)


def density_by_species(counts: pl.DataFrame, n_boot: int = 2000, seed: int = 1932, level: float = 0.95) -> pl.DataFrame:
    """Pooled FMP density per species and area with a bootstrap interval over routes.

    counts: one row per route and species with route_id, area_id, species_id, length_km,
    crossings, daily_travel_km. Output: area_id, species_id, routes, route_km, crossings,
    density_km2, lcl_km2, ucl_km2, and the same per 1000 ha (= 10 km², the unit of Russian reports).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for (area, sp), g in counts.group_by("area_id", "species_id", maintain_order=True):
        x = g["crossings"].to_numpy().astype(float)
        s = g["length_km"].to_numpy().astype(float)
        d = float(g["daily_travel_km"][0])
        est = math.pi / 2 * x.sum() / (s.sum() * d)
        idx = rng.integers(0, len(x), size=(n_boot, len(x)))
        boot = math.pi / 2 * x[idx].sum(axis=1) / (s[idx].sum(axis=1) * d)
        lo, hi = np.quantile(boot, [(1 - level) / 2, 1 - (1 - level) / 2])
        rows.append({"area_id": area, "species_id": sp, "routes": len(x), "route_km": float(s.sum()),
                     "crossings": int(x.sum()), "daily_travel_km": d, "density_km2": est,
                     "lcl_km2": float(lo), "ucl_km2": float(hi)})
    out = pl.DataFrame(rows)
    return out.with_columns((pl.col("density_km2") * 10).alias("per_1000ha"), (pl.col("lcl_km2") * 10).alias("lcl_1000ha"),
                            (pl.col("ucl_km2") * 10).alias("ucl_1000ha"))
