"""Relative abundance and naive occupancy of any species the cameras photograph (the cats' prey,
and everything else a park's export holds): `bigcats estimate --method rai`, notebooks.

Effort is what the survey scope's cameras ran in the period (`queries/survey_deployments.sql`),
split by calendar year; events are independent detections (`queries/independent_detections.sql`).
A site is a deployment's grid cell, or, for a camera with none, its station (its position to
about 10 m). Computed on exact positions (sites are counted, never shown); the result holds no
position. Methods and their citations: `bigcats.estimate.rai`.

`detection_map`: the same per 5 km cell of the region's unified grid (the generalisation grid),
for a map of where a species was photographed and its naive occupancy of the grid.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import polars as pl

from bigcats import geo
from bigcats.estimate import rai
from bigcats.frames import conform
from bigcats.store import Store

GROUPINGS = {"scope": [], "year": ["year"], "park": ["owner_area_id", "year"], "camera": ["owner_area_id", "deployment_id"]}
COLUMNS = {"cameras": pl.Int64, "camera_days": pl.Float64, "events": pl.Int64, "rai": pl.Float64,
           "sites_surveyed": pl.Int64, "sites_detected": pl.Int64, "naive_occupancy": pl.Float64}


def _effort(deployments: pl.DataFrame, date_from: date, date_to: date) -> pl.DataFrame:
    """Camera-days of each deployment in each calendar year of the period, with its site."""
    start, end = datetime.combine(date_from, time()), datetime.combine(date_to + timedelta(days=1), time())
    rows = []
    for d in deployments.iter_rows(named=True):
        site = d["grid_cell"] or f"{d['latitude']:.4f},{d['longitude']:.4f}"
        for year in range(max(d["start_at"], start).year, min(d["end_at"], end).year + 1):
            lo, hi = max(start, datetime(year, 1, 1)), min(end, datetime(year + 1, 1, 1))
            days = float(rai.camera_days([d["start_at"]], [d["end_at"]], lo, hi)[0])
            if days > 0:
                rows.append({"deployment_id": d["deployment_id"], "owner_area_id": d["owner_area_id"],
                             "year": year, "site": site, "days": days})
    return pl.DataFrame(rows, schema={"deployment_id": pl.Utf8, "owner_area_id": pl.Utf8, "year": pl.Int32,
                                      "site": pl.Utf8, "days": pl.Float64})


def relative_abundance(store: Store, species: str, scope: str, date_from: date, date_to: date, by: str = "year",
                       independence_minutes: int = rai.DEFAULT_INDEPENDENCE_MINUTES) -> pl.DataFrame:
    """Independent events per 100 camera-days and naive occupancy of `species` in a survey scope
    (a park, a region, or 'region:ISO') and period, by `by`: 'scope' (one row), 'year', 'park'
    (park and year) or 'camera' (each deployment over the period).

    Columns: the grouping's keys, then cameras, camera_days, events, rai, sites_surveyed,
    sites_detected, naive_occupancy. No camera in the scope and period: ValueError."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}")
    if independence_minutes < 0:
        raise ValueError("the time between independent events cannot be negative")
    exact = store.for_computation()
    effort = _effort(exact.query("survey_deployments", scope=scope, date_from=date_from, date_to=date_to),
                     date_from, date_to)
    if effort.is_empty():
        raise ValueError(f"no camera ran in {scope!r} between {date_from} and {date_to}")
    events = (exact.query("independent_detections", species=species, scope=scope, date_from=date_from,
                          date_to=date_to, independence_minutes=independence_minutes)
              .group_by("deployment_id", pl.col("observed_at").dt.year().cast(pl.Int32).alias("year"))
              .agg(pl.len().cast(pl.Int64).alias("events")))
    pieces = effort.join(events, on=["deployment_id", "year"], how="left").with_columns(pl.col("events").fill_null(0))
    keys = GROUPINGS[by]
    detected_site = pl.when(pl.col("events") > 0).then(pl.col("site"))
    agg = [pl.col("deployment_id").n_unique().cast(pl.Int64).alias("cameras"), pl.col("days").sum().alias("camera_days"),
           pl.col("events").sum().cast(pl.Int64).alias("events"), pl.col("site").n_unique().cast(pl.Int64).alias("sites_surveyed"),
           detected_site.drop_nulls().n_unique().cast(pl.Int64).alias("sites_detected")]
    out = pieces.group_by(keys).agg(agg).sort(keys) if keys else pieces.select(agg)
    out = out.with_columns(
        pl.struct("events", "camera_days").map_elements(
            lambda r: rai.relative_abundance_index(r["events"], r["camera_days"]), return_dtype=pl.Float64).alias("rai"),
        pl.struct("sites_detected", "sites_surveyed").map_elements(
            lambda r: rai.naive_occupancy(r["sites_detected"], r["sites_surveyed"]), return_dtype=pl.Float64)
        .alias("naive_occupancy"))
    key_types = {"year": pl.Int32, "owner_area_id": pl.Utf8, "deployment_id": pl.Utf8}
    return conform(out.select(*keys, *COLUMNS), {**{k: key_types[k] for k in keys}, **COLUMNS}, "relative abundance")


# A cell of a detection map: the unified grid's 5 km, the size to which positions are generalised
# for those who may not see them exactly, so that the map shows no camera more precisely than that.
DETECTION_CELL_KM = 5.0
CELL_COLUMNS = {"ix": pl.Int64, "iy": pl.Int64, "cameras": pl.Int64, "camera_days": pl.Float64, "events": pl.Int64,
                "rai": pl.Float64}


@dataclass(frozen=True)
class DetectionMap:
    """Where a species was photographed: each cell of the region's unified grid with a camera
    in the scope and period, its cameras, camera-days, independent events and RAI (cells with
    no event were surveyed and the species was not photographed there)."""
    species: str
    region: str
    cell_km: float
    cells: pl.DataFrame

    @property
    def surveyed(self) -> int:
        return self.cells.height

    @property
    def detected(self) -> int:
        return int((self.cells["events"] > 0).sum())

    @property
    def naive_occupancy(self) -> float | None:
        """The share of the grid's surveyed cells where the species was photographed."""
        return rai.naive_occupancy(self.detected, self.surveyed)


def detection_map(store: Store, species: str, scope: str, date_from: date, date_to: date,
                  independence_minutes: int = rai.DEFAULT_INDEPENDENCE_MINUTES,
                  cell_km: float = DETECTION_CELL_KM) -> DetectionMap:
    """The detection map of `species` in a survey scope and period (see DetectionMap): cameras
    placed in the cells of the unified grid of the scope's region (`bigcats.geo.cell_of`) on their
    exact positions; the result holds cells only. No camera: ValueError."""
    exact = store.for_computation()
    deployments = exact.query("survey_deployments", scope=scope, date_from=date_from, date_to=date_to)
    effort = _effort(deployments, date_from, date_to)
    if effort.is_empty():
        raise ValueError(f"no camera ran in {scope!r} between {date_from} and {date_to}")
    region = deployments["region_id"][0]
    ix, iy = geo.cell_of(region, cell_km, deployments["longitude"], deployments["latitude"])
    cells = deployments.select("deployment_id").with_columns(pl.Series("ix", ix), pl.Series("iy", iy))
    events = (exact.query("independent_detections", species=species, scope=scope, date_from=date_from,
                          date_to=date_to, independence_minutes=independence_minutes)
              .group_by("deployment_id").agg(pl.len().cast(pl.Int64).alias("events")))
    per_camera = (effort.group_by("deployment_id").agg(pl.col("days").sum())
                  .join(events, on="deployment_id", how="left").with_columns(pl.col("events").fill_null(0))
                  .join(cells, on="deployment_id"))
    out = (per_camera.group_by("ix", "iy")
           .agg(pl.len().cast(pl.Int64).alias("cameras"), pl.col("days").sum().alias("camera_days"),
                pl.col("events").sum().cast(pl.Int64))
           .with_columns((100.0 * pl.col("events") / pl.col("camera_days")).alias("rai"))
           .sort("iy", "ix"))
    return DetectionMap(species, region, cell_km, conform(out.select(*CELL_COLUMNS), CELL_COLUMNS, "detection map"))

