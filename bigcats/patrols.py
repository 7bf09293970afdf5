"""Patrol effort beside the border: where the parks' rangers walked, what they recorded, and which
border stretches that the cats cross nobody patrols (issue 15; Proposal 1, Step 3: "coordinate
patrolling along Sino-Russian border").

Effort is the km of GPS track and the patrol days in each cell of the unified grid (5 km, the
region's metric projection, `bigcats.corridors.grid_cells`' indexing) per park and month, summed
from `patrol_effort_cells` (computed at import, `bigcats.ingest.patrols`). A cell is an effort
gap next to a crossing when a cat crossed the border in it or in one of its eight neighbours in
the period and no park's patrol walked it: what a coordinated patrol plan has to cover first.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from bigcats import corridors, geo, paths
from bigcats.frames import conform
from bigcats.store import MONITORING_TABLES, Store

CELL_KM = 5.0
INCIDENTS = ("snare", "poaching", "smuggling", "logging", "fire", "people", "enforcement", "wildlife", "other")
CELL_COLUMNS = {"area_id": pl.Utf8, "country": pl.Utf8, "ix": pl.Int64, "iy": pl.Int64, "km": pl.Float64,
                "patrol_days": pl.Int64}
CELL_MONTH_COLUMNS = {**CELL_COLUMNS, "month": pl.Date}
MONTH_COLUMNS = {"area_id": pl.Utf8, "country": pl.Utf8, "month": pl.Date, "km": pl.Float64, "patrol_days": pl.Int64}
INCIDENT_COLUMNS = {"area_id": pl.Utf8, "country": pl.Utf8, "incident": pl.Utf8, "observations": pl.Int64}
GAP_COLUMNS = {"ix": pl.Int64, "iy": pl.Int64, "crossings": pl.Int64, "lon": pl.Float64, "lat": pl.Float64}


def incident_of(category_key: str, prefixes: list[tuple[str, str]]) -> str:
    """The incident class of a SMART category key: the longest prefix of the seed's list it starts
    with (`data/seed/smart_categories.csv`), else 'other'."""
    key = category_key.lower()
    best = max((p for p in prefixes if key == p[0] or key.startswith(p[0])), key=lambda p: len(p[0]), default=None)
    return best[1] if best else "other"


def category_prefixes() -> list[tuple[str, str]]:
    with open(paths.SEED / "smart_categories.csv", encoding="utf-8") as f:
        return [(r["category_prefix"].strip().lower(), r["incident"].strip()) for r in csv.DictReader(f)]


def effort_gaps(effort_cells: pl.DataFrame, crossing_cells: pl.DataFrame) -> pl.DataFrame:
    """Cells with a crossing in them or in one of their eight neighbours and no patrol km.

    effort_cells: ix, iy, km (any park); crossing_cells: ix, iy, crossings. Returns ix, iy and
    the crossings in the 3 × 3 cells around it, most first."""
    if crossing_cells.is_empty():
        return pl.DataFrame(schema={"ix": pl.Int64, "iy": pl.Int64, "crossings": pl.Int64})
    around = pl.concat([crossing_cells.select((pl.col("ix") + dx).alias("ix"), (pl.col("iy") + dy).alias("iy"),
                                              "crossings")
                        for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    near = around.group_by("ix", "iy").agg(pl.col("crossings").sum())
    walked = effort_cells.filter(pl.col("km") > 0).select("ix", "iy").unique()
    return (near.join(walked, on=["ix", "iy"], how="anti")
            .sort(["crossings", "iy", "ix"], descending=[True, False, False]))


@dataclass(frozen=True)
class PatrolEffort:
    """A region's patrols in a period, as the store's reader may see them.

    parks: per park (area_id, country, name): patrols, patrol_days, km, observations;
    cells: CELL_COLUMNS, km and patrol days per park and grid cell over the period;
    cell_months: CELL_MONTH_COLUMNS, the same per month (`cells_in` reads either);
    months: MONTH_COLUMNS, km and patrol days per park and month;
    incidents: INCIDENT_COLUMNS, observations per park and incident class (INCIDENTS);
    gaps: GAP_COLUMNS, cells next to the period's border crossings that no patrol walked;
    crossing_cells: ix, iy, crossings (any cat of the region) per cell;
    camera_cells: ix, iy of the cells with a camera running in the period;
    base: the region's countries, borders and protected areas (`region_map_layers`).
    """
    region: str
    years: tuple[int, int]
    cell_km: float
    parks: pl.DataFrame
    cells: pl.DataFrame
    cell_months: pl.DataFrame
    months: pl.DataFrame
    incidents: pl.DataFrame
    gaps: pl.DataFrame
    crossing_cells: pl.DataFrame
    camera_cells: pl.DataFrame
    base: pl.DataFrame

    @property
    def synthetic(self) -> bool:
        return bool(self.parks["synthetic"].any()) if self.parks.height else False

    @property
    def patrol_months(self) -> list[date]:
        """The months of the period in which a park of the region patrolled, first to last."""
        return sorted(self.cell_months["month"].unique().to_list())

    def cells_in(self, month: date | None = None) -> pl.DataFrame:
        """km and patrol days per park and cell (CELL_COLUMNS): over the whole period (None), or
        in one month (a day of it). A patrol day lies in one month, so the months' days add up to
        the period's."""
        if month is None:
            return self.cells
        first = month.replace(day=1)
        return self.cell_months.filter(pl.col("month") == first).drop("month")

    def cell_corners_lonlat(self, ix, iy) -> tuple[np.ndarray, np.ndarray]:
        """The lon/lat corners (5 per cell, closing the ring) of cells (ix, iy): squares in the
        region's metric projection."""
        return geo.cell_corners_lonlat(self.region, self.cell_km, ix, iy)


def patrol_years(store: Store, region: str) -> list[int]:
    """The years in which a park of the region has a patrol day."""
    return store.query("patrol_years", region=region)["year"].to_list()


def patrol_effort(store: Store, region: str, years: tuple[int, int], lang: str = "en") -> PatrolEffort:
    """The patrol effort of `region` in the calendar `years` (see `PatrolEffort`)."""
    period = {"date_from": date(years[0], 1, 1), "date_to": date(years[1], 12, 31)}
    effort = store.query("patrol_effort", region=region, **period)
    cells = (effort.group_by("area_id", "country", "ix", "iy")
             .agg(pl.col("km").sum(), pl.col("patrol_days").sum()).sort("area_id", "iy", "ix"))
    months = (effort.group_by("area_id", "country", "month").agg(pl.col("km").sum(), pl.col("patrol_days").sum())
              .sort("month", "area_id"))
    prefixes = category_prefixes()
    counts = store.query("patrol_observation_counts", region=region, **period)
    incidents = (counts.with_columns(pl.col("category_key").map_elements(lambda k: incident_of(k, prefixes),
                                                                          return_dtype=pl.Utf8).alias("incident"))
                 .group_by("area_id", "country", "incident").agg(pl.col("observations").sum())
                 .sort("area_id", "incident"))
    cats = store.query("species_names", lang="en").filter(pl.col("kind") == "cat")["species_id"].to_list()
    # the crossings of every cat of the region, memoised with the corridor map's until the camera data change
    cross = store.cached(("crossings", region, tuple(cats), tuple(years)),
                         lambda: corridors.border_crossings(store, region, cats, **period), depends_on=MONITORING_TABLES)
    m = CELL_KM * 1000.0
    if cross.height:
        x, y = geo.to_metric_xy(region, cross["lon"].to_numpy(), cross["lat"].to_numpy())
        crossing_cells = (pl.DataFrame({"ix": np.floor(x / m).astype(np.int64), "iy": np.floor(y / m).astype(np.int64)})
                          .group_by("ix", "iy").len("crossings").with_columns(pl.col("crossings").cast(pl.Int64)))
    else:
        crossing_cells = pl.DataFrame(schema={"ix": pl.Int64, "iy": pl.Int64, "crossings": pl.Int64})
    gaps = effort_gaps(cells.group_by("ix", "iy").agg(pl.col("km").sum()), crossing_cells)
    if gaps.height:
        gx, gy = geo.to_lonlat(region, (gaps["ix"].to_numpy() + 0.5) * m, (gaps["iy"].to_numpy() + 0.5) * m)
        gaps = gaps.with_columns(pl.Series("lon", gx), pl.Series("lat", gy))
    else:
        gaps = gaps.with_columns(pl.lit(None, dtype=pl.Float64).alias("lon"), pl.lit(None, dtype=pl.Float64).alias("lat"))
    cams = store.query("deployment_detections", region=region, species=cats[0] if cats else "", **period)
    if cams.height:
        cx, cy = geo.to_metric_xy(region, cams["longitude"].to_numpy(), cams["latitude"].to_numpy())
        camera_cells = pl.DataFrame({"ix": np.floor(cx / m).astype(np.int64), "iy": np.floor(cy / m).astype(np.int64)}).unique()
    else:
        camera_cells = pl.DataFrame(schema={"ix": pl.Int64, "iy": pl.Int64})
    return PatrolEffort(region, tuple(years), CELL_KM, store.query("patrol_summary", region=region, lang=lang, **period),
                        conform(cells, CELL_COLUMNS, "cells"),
                        conform(effort.select(*CELL_MONTH_COLUMNS).sort("month", "area_id", "iy", "ix"),
                                CELL_MONTH_COLUMNS, "cell_months"),
                        conform(months, MONTH_COLUMNS, "months"),
                        conform(incidents, INCIDENT_COLUMNS, "incidents"), conform(gaps, GAP_COLUMNS, "gaps"),
                        crossing_cells, camera_cells.sort("iy", "ix"),
                        store.query("region_map_layers", region=region, lang=lang))


def patrol_list(store: Store, region: str, years: tuple[int, int]) -> pl.DataFrame:
    """The region's patrols in the period, one row each; names only for the owning park's
    editors and the admins (the query's declaration), team and roles for everyone."""
    return store.query("patrol_list", region=region, date_from=date(years[0], 1, 1), date_to=date(years[1], 12, 31))
