"""How the cats use the border and how well both countries watch it: border crossings, their
count along the border in segments, and the unified camera grid with its gaps.

All geometry is computed in metres in the region's equal-area projection (`bigcats.geo`) with
shapely; results are returned in lon/lat for drawing.

* A **crossing** is two consecutive photographs of one animal (its linked catalogue entries
  across parks) in different countries. It is placed where the straight line between the two
  cameras cuts the border, or, when that line does not cut it (a winding border), at the point of
  the border nearest to the line's midpoint. Photographs on the same day on both sides count:
  the animal crossed.
* A **segment** is a stretch of the border of fixed length measured along the border line; a
  crossing belongs to the segment its point projects to (linear referencing).
* The **unified grid** (Proposal 1, Step 2) is one grid of square cells over the region in the
  equal-area projection. A cell is habitat when its centre lies in a protected area on land; its
  state is the network(s) whose cameras stand in it, or 'gap' for habitat with no camera.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
import shapely
import shapely.ops
from shapely import wkb as shapely_wkb

from bigcats import geo
from bigcats.frames import conform
from bigcats.store import MONITORING_TABLES, Store


def border_in_metres(region: str, wkb: bytes):
    """A border line (lon/lat WKB) as one metric line where its parts join, else a multi-line."""
    line = geo.to_metric(region, shapely_wkb.loads(bytes(wkb)))
    return shapely.line_merge(line) if line.geom_type == "MultiLineString" else line


def crossings(detections: pl.DataFrame) -> pl.DataFrame:
    """Consecutive photographs of one animal in different countries.

    Input columns: animal_id, observed_at, country, x, y (metres). Output: animal_id, t_from,
    t_to, from_country, to_country, x_from, y_from, x_to, y_to.
    """
    d = detections.sort("animal_id", "observed_at")
    prev = [pl.col(c).shift(1).over("animal_id").alias(f"{c}_prev") for c in ("observed_at", "country", "x", "y")]
    return (d.with_columns(prev)
            .filter(pl.col("country_prev").is_not_null() & (pl.col("country_prev") != pl.col("country")))
            .select("animal_id", pl.col("observed_at_prev").alias("t_from"), pl.col("observed_at").alias("t_to"),
                    pl.col("country_prev").alias("from_country"), pl.col("country").alias("to_country"),
                    pl.col("x_prev").alias("x_from"), pl.col("y_prev").alias("y_from"),
                    pl.col("x").alias("x_to"), pl.col("y").alias("y_to")))


def _points_on_border(border, xy_from: np.ndarray, xy_to: np.ndarray) -> np.ndarray:
    """Where each straight path from xy_from to xy_to (n × 2 arrays) first meets the border, or,
    for a path that does not cut it, the border's point nearest the path's midpoint: all paths at
    once (shapely's vectorised functions, not a Python call per crossing)."""
    n = len(xy_from)
    out = np.empty((n, 2))
    if n == 0:
        return out
    paths = shapely.linestrings(np.stack([xy_from, xy_to], axis=1))
    cut = shapely.intersection(paths, border)
    hit = ~shapely.is_empty(cut)
    if hit.any():
        parts, which = shapely.get_parts(cut[hit], return_index=True)
        starts = shapely.points(xy_from[hit][which])
        d = shapely.distance(starts, parts)
        # per path, the part nearest its start (a path may cut a winding border several times)
        order = np.lexsort((d, which))
        first = order[np.r_[True, which[order][1:] != which[order][:-1]]]
        out[np.flatnonzero(hit)[which[first]]] = shapely.get_coordinates(shapely.centroid(parts[first]))
    if (~hit).any():
        mids = shapely.points((xy_from[~hit] + xy_to[~hit]) / 2)
        out[~hit] = shapely.get_coordinates(shapely.shortest_line(border, mids))[0::2]
    return out


def locate_crossings(cross: pl.DataFrame, border) -> pl.DataFrame:
    """Add the crossing point (x, y) and its distance along the border (along_m)."""
    xy = _points_on_border(border, cross.select("x_from", "y_from").to_numpy().astype(float),
                           cross.select("x_to", "y_to").to_numpy().astype(float))
    return cross.with_columns(pl.Series("x", xy[:, 0], dtype=pl.Float64), pl.Series("y", xy[:, 1], dtype=pl.Float64),
                              pl.Series("along_m", along(border, xy), dtype=pl.Float64))


def _parts(border) -> list:
    return list(border.geoms) if border.geom_type == "MultiLineString" else [border]


def along(border, xy: np.ndarray) -> np.ndarray:
    """Distance along the border (its parts laid end to end) of each point's projection onto the
    part nearest it (xy: n × 2)."""
    pts = shapely.points(xy)
    best_d = np.full(len(xy), np.inf)
    best = np.zeros(len(xy))
    offset = 0.0
    for part in _parts(border):
        d = shapely.distance(part, pts)
        closer = d < best_d
        best_d[closer] = d[closer]
        best[closer] = offset + shapely.line_locate_point(part, pts[closer])
        offset += part.length
    return best


def border_segments(border, segment_m: float) -> list:
    """The border cut into pieces of `segment_m` metres along it (the last one shorter)."""
    out = []
    total = border.length
    starts = np.arange(0.0, total, segment_m)
    parts = _parts(border)
    bounds = np.cumsum([0.0] + [p.length for p in parts])
    for s in starts:
        e = min(s + segment_m, total)
        pieces = []
        for part, lo, hi in zip(parts, bounds[:-1], bounds[1:]):
            a, b = max(s, lo), min(e, hi)
            if b > a:
                pieces.append(shapely.ops.substring(part, a - lo, b - lo))
        out.append(shapely.union_all(pieces) if len(pieces) > 1 else pieces[0])
    return out


def segment_counts(along_m: np.ndarray, border_length_m: float, segment_m: float) -> np.ndarray:
    """How many crossings fall in each segment of the border."""
    n = int(np.ceil(border_length_m / segment_m))
    idx = np.minimum((np.asarray(along_m, dtype=float) // segment_m).astype(int), n - 1)
    return np.bincount(idx, minlength=n)


def grid_cells(habitat, cell_m: float, cameras: pl.DataFrame) -> pl.DataFrame:
    """The unified grid over the habitat, one row per habitat cell.

    cameras: columns x, y (metres) and country. Output: cell (ix:iy), ix, iy, x0, y0 (lower left,
    metres), cameras_RU / _CN / _MN counts, state ('RU', 'CN', 'MN', 'RU+CN', ..., or 'gap').
    """
    minx, miny, maxx, maxy = habitat.bounds
    ix = np.arange(np.floor(minx / cell_m), np.ceil(maxx / cell_m)).astype(int)
    iy = np.arange(np.floor(miny / cell_m), np.ceil(maxy / cell_m)).astype(int)
    gx, gy = np.meshgrid(ix, iy)
    gx, gy = gx.ravel(), gy.ravel()
    inside = shapely.contains_xy(habitat, (gx + 0.5) * cell_m, (gy + 0.5) * cell_m)
    cells = pl.DataFrame({"ix": gx[inside], "iy": gy[inside]})
    cam = cameras.with_columns((pl.col("x") // cell_m).cast(pl.Int64).alias("ix"),
                               (pl.col("y") // cell_m).cast(pl.Int64).alias("iy"))
    counts = cam.group_by("ix", "iy", "country").len().pivot(on="country", index=["ix", "iy"], values="len")
    cells = cells.with_columns(pl.col("ix", "iy").cast(pl.Int64)).join(counts, on=["ix", "iy"], how="left")
    for c in ("RU", "CN", "MN"):
        if c not in cells.columns:
            cells = cells.with_columns(pl.lit(None, dtype=pl.UInt32).alias(c))
    cells = cells.with_columns(pl.col("RU", "CN", "MN").fill_null(0).cast(pl.Int64))
    state = pl.concat_str([pl.when(pl.col(c) > 0).then(pl.lit(c)) for c in ("RU", "CN", "MN")],
                          separator="+", ignore_nulls=True)
    return (cells.with_columns(pl.when(state == "").then(pl.lit("gap")).otherwise(state).alias("state"),
                               pl.concat_str([pl.col("ix"), pl.col("iy")], separator=":").alias("cell"),
                               (pl.col("ix") * cell_m).alias("x0"), (pl.col("iy") * cell_m).alias("y0"))
            .rename({"RU": "cameras_RU", "CN": "cameras_CN", "MN": "cameras_MN"})
            .select("cell", "ix", "iy", "x0", "y0", "cameras_RU", "cameras_CN", "cameras_MN", "state")
            .sort("iy", "ix"))


def coverage(cells: pl.DataFrame) -> dict:
    """Habitat cells, cells with a camera of any network, the share covered, and the gaps."""
    n = cells.height
    watched = cells.filter(pl.col("state") != "gap").height
    return {"habitat_cells": n, "watched_cells": watched, "gap_cells": n - watched,
            "share_watched": watched / n if n else 0.0,
            **{f"cells_{c}": cells.filter(pl.col(f"cameras_{c}") > 0).height for c in ("RU", "CN", "MN")}}


def cell_polygons_lonlat(region: str, cells: pl.DataFrame, cell_m: float) -> list[dict]:
    """The cells as lon/lat squares for drawing, with their state."""
    out = []
    for r in cells.iter_rows(named=True):
        xs = np.array([r["x0"], r["x0"] + cell_m, r["x0"] + cell_m, r["x0"], r["x0"]])
        ys = np.array([r["y0"], r["y0"], r["y0"] + cell_m, r["y0"] + cell_m, r["y0"]])
        lon, lat = geo.to_lonlat(region, xs, ys)
        out.append({"x": list(lon), "y": list(lat), "state": r["state"], "cell": r["cell"]})
    return out


def state_polygons_lonlat(region: str, cells: pl.DataFrame, cell_m: float) -> list[dict]:
    """The cells as lon/lat squares for drawing, one multi-polygon per state (rings separated by
    NaN): a map of thousands of cells draws as a handful of shapes, not thousands of them."""
    out = []
    for state, group in cells.group_by("state", maintain_order=True):
        x0, y0 = group["x0"].to_numpy(), group["y0"].to_numpy()
        # five corners per cell, all transformed at once (pyproj makes NaN infinite: breaks go in after)
        lon, lat = geo.to_lonlat(region, np.column_stack([x0, x0 + cell_m, x0 + cell_m, x0, x0]).ravel(),
                                 np.column_stack([y0, y0, y0 + cell_m, y0 + cell_m, y0]).ravel())
        brk = np.full((len(x0), 1), np.nan)
        lon = np.hstack([np.asarray(lon).reshape(-1, 5), brk]).ravel()[:-1]
        lat = np.hstack([np.asarray(lat).reshape(-1, 5), brk]).ravel()[:-1]
        out.append({"x": lon, "y": lat, "state": state[0], "cells": group.height})
    return out


# -- from the store ------------------------------------------------------------------------------------
def region_borders(store: Store, region: str) -> dict[tuple[str, str], object]:
    """The region's borders in metres, keyed by the (sorted) pair of countries."""
    return {tuple(sorted((r["country_a"], r["country_b"]))): border_in_metres(region, r["wkb"])
            for r in store.query("region_borders", region=region).iter_rows(named=True)}


def border_crossings(store: Store, region: str, species: list[str], date_from, date_to) -> pl.DataFrame:
    """Every crossing of the chosen species in the period, located on its border, with its
    segment-independent position (along_m) and lon/lat. Columns: species_id, animal_id, year,
    t_from, t_to, from_country, to_country, border (e.g. 'CN-RU'), along_m, lon, lat."""
    borders = region_borders(store, region)
    frames = []
    for sp in species:
        # exact positions for locating the crossing; what is returned is a point on the border
        det = store.for_computation().query("identified_detections", species=sp, scope=region,
                                            date_from=date_from, date_to=date_to)
        if det.is_empty():
            continue
        x, y = geo.to_metric_xy(region, det["longitude"].to_numpy(), det["latitude"].to_numpy())
        cross = crossings(det.with_columns(pl.Series("x", x), pl.Series("y", y)))
        for pair, group in cross.with_columns(
                pl.concat_str([pl.min_horizontal("from_country", "to_country"),
                               pl.max_horizontal("from_country", "to_country")], separator="-").alias("border")
        ).group_by("border", maintain_order=True):
            key = tuple(pair[0].split("-"))
            if key not in borders:
                continue
            located = locate_crossings(group, borders[key])
            lon, lat = geo.to_lonlat(region, located["x"].to_numpy(), located["y"].to_numpy())
            frames.append(located.with_columns(pl.lit(sp).alias("species_id"), pl.Series("lon", lon), pl.Series("lat", lat),
                                               pl.col("t_to").dt.year().alias("year")))
    if not frames:
        return pl.DataFrame(schema={"species_id": pl.Utf8, "animal_id": pl.Utf8, "year": pl.Int32,
                                    "t_from": pl.Datetime("us"), "t_to": pl.Datetime("us"), "from_country": pl.Utf8,
                                    "to_country": pl.Utf8, "border": pl.Utf8, "along_m": pl.Float64,
                                    "lon": pl.Float64, "lat": pl.Float64})
    return pl.concat(frames).select("species_id", "animal_id", "year", "t_from", "t_to", "from_country", "to_country",
                                    "border", "along_m", "lon", "lat")


HEAT_LINE_COLUMNS = {"border": pl.Utf8, "segment": pl.Int64, "crossings": pl.Int64, "from_km": pl.Float64,
                     "to_km": pl.Float64, "lon0": pl.Float64, "lat0": pl.Float64, "lon1": pl.Float64, "lat1": pl.Float64}


def heat_line(region: str, border_name: str, border, totals: np.ndarray, segment_m: float) -> pl.DataFrame:
    """The border as straight pieces (consecutive vertices), each carrying its segment's number of
    crossings: one table a map draws as one glyph, however many segments and bends the border has.
    Columns: HEAT_LINE_COLUMNS (lon/lat ends of each piece)."""
    frames = []
    for i, seg in enumerate(border_segments(border, segment_m)):
        for part in _parts(seg):
            xy = shapely.get_coordinates(part)
            if len(xy) < 2:
                continue
            frames.append(pl.DataFrame({"segment": np.full(len(xy) - 1, i), "x0": xy[:-1, 0], "y0": xy[:-1, 1],
                                        "x1": xy[1:, 0], "y1": xy[1:, 1]}))
    if not frames:
        return pl.DataFrame(schema=HEAT_LINE_COLUMNS)
    pieces = pl.concat(frames)
    lon0, lat0 = to_lonlat_arrays(region, pieces["x0"], pieces["y0"])
    lon1, lat1 = to_lonlat_arrays(region, pieces["x1"], pieces["y1"])
    km = segment_m / 1000.0
    return pieces.select(
        pl.lit(border_name).alias("border"), pl.col("segment").cast(pl.Int64),
        pl.Series("crossings", np.asarray(totals, dtype=np.int64)[pieces["segment"].to_numpy()]),
        (pl.col("segment") * km).round(1).alias("from_km"),
        pl.min_horizontal((pl.col("segment") + 1) * km, pl.lit(border.length / 1000.0)).round(1).alias("to_km"),
        pl.Series("lon0", lon0), pl.Series("lat0", lat0), pl.Series("lon1", lon1), pl.Series("lat1", lat1))


def to_lonlat_arrays(region: str, x: pl.Series, y: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = geo.to_lonlat(region, x.to_numpy(), y.to_numpy())
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def segment_table(store: Store, region: str, crossings_df: pl.DataFrame, segment_km: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Crossings per border segment (by species and year), and the heat line: the borders as
    pieces with their segment's total count (`heat_line`)."""
    borders = region_borders(store, region)
    seg_m = segment_km * 1000.0
    rows, lines = [], []
    for key, border in borders.items():
        name = "-".join(key)
        cx = crossings_df.filter(pl.col("border") == name)
        n = int(np.ceil(border.length / seg_m))
        totals = segment_counts(cx["along_m"].to_numpy(), border.length, seg_m) if cx.height else np.zeros(n, int)
        lines.append(heat_line(region, name, border, totals, seg_m))
        if cx.height:
            seg_idx = np.minimum((cx["along_m"].to_numpy() // seg_m).astype(int), n - 1)
            rows.append(cx.with_columns(pl.Series("segment", seg_idx), pl.lit(name).alias("border")))
    if not rows:
        table = pl.DataFrame(schema={"border": pl.Utf8, "segment": pl.Int64, "from_km": pl.Float64, "to_km": pl.Float64,
                                     "species_id": pl.Utf8, "year": pl.Int32, "crossings": pl.UInt32})
    else:
        table = (pl.concat(rows).group_by("border", "segment", "species_id", "year").len("crossings")
                 .with_columns((pl.col("segment") * float(segment_km)).alias("from_km"),
                               ((pl.col("segment") + 1) * float(segment_km)).alias("to_km"))
                 .select("border", "segment", "from_km", "to_km", "species_id", "year", "crossings")
                 .sort(["crossings", "border", "segment"], descending=[True, False, False]))
    heat = pl.concat(lines) if lines else pl.DataFrame(schema=HEAT_LINE_COLUMNS)
    return table, heat


def unified_grid(store: Store, region: str, cameras: pl.DataFrame, cell_km: float) -> tuple[pl.DataFrame, dict]:
    """The grid cells of the region's habitat and their states, and the coverage figures.
    cameras: deployment_detections rows (longitude, latitude, country).
    Below the admin role the cells are at least as large as the generalisation grid: a finer grid
    would show where the cameras are."""
    from bigcats.sensitivity import generalise_km
    if not store.actor.is_admin:
        cell_km = max(cell_km, generalise_km())
    hab = store.query("region_habitat", region=region).filter(pl.col("kind") == "habitat")["wkb"][0]
    habitat = geo.to_metric(region, shapely_wkb.loads(bytes(hab)))
    x, y = geo.to_metric_xy(region, cameras["longitude"].to_numpy(), cameras["latitude"].to_numpy())
    cells = grid_cells(habitat, cell_km * 1000.0,
                       pl.DataFrame({"x": x, "y": y, "country": cameras["country"].to_list()},
                                    schema={"x": pl.Float64, "y": pl.Float64, "country": pl.Utf8}))
    return cells, {**coverage(cells), "cell_km": cell_km}


DEFAULT_SEGMENT_KM = 10.0  # a border segment of the heat line, as the map opens
DEFAULT_CELL_KM = 5.0  # a cell of the unified grid, as the map opens (the generalisation grid's size)


# -- the corridor map of one region, species and period: what the page, its export and the report show --
@dataclass(frozen=True)
class RegionChoices:
    """What a region offers: its label, the cat species photographed and identified in it, and the
    years its cameras ran."""
    region: str
    label: str
    species: tuple[str, ...]
    first_year: int
    last_year: int

    @property
    def default_years(self) -> tuple[int, int]:
        """The first three seasons: what the map opens on."""
        return self.first_year, min(self.last_year, self.first_year + 2)


def region_choices(store: Store, species: list[str] | tuple[str, ...], lang: str) -> dict[str, RegionChoices]:
    """Every region where one of the cat `species` was photographed and identified, with what its
    corridor map offers, in the store's order of regions."""
    found: dict[str, dict] = {}
    for sp in species:
        for r in store.query("survey_scopes", species=sp, lang=lang).filter(pl.col("scope_kind") == "region").iter_rows(named=True):
            found.setdefault(r["scope"], {"label": r["label"], "species": []})["species"].append(sp)
    out = {}
    for region, f in found.items():
        years = store.query("survey_years", scope=region)["year"]
        out[region] = RegionChoices(region, f["label"], tuple(f["species"]), int(years.min()), int(years.max()))
    return out


CAMERA_COLUMNS = {"deployment_id": pl.Utf8, "latitude": pl.Float64, "longitude": pl.Float64, "country": pl.Utf8,
                  "detections": pl.Int32, "individuals": pl.Int32}
ANIMAL_COLUMNS = {"animal_id": pl.Utf8, "countries": pl.UInt32, "photographs": pl.UInt32}
TRACK_COLUMNS = {"animal_id": pl.Utf8, "observed_at": pl.Datetime("us"), "longitude": pl.Float64,
                 "latitude": pl.Float64, "country": pl.Utf8}


@dataclass(frozen=True)
class CorridorMap:
    """One region's border for one cat species and period, as the store's reader may see it.

    cameras: CAMERA_COLUMNS (+ coordinates_generalised_km below the editor role), the deployments
      running in the period with their photographs of the species;
    cells, coverage: the unified grid of the period's last year (`grid_cells`, `coverage`);
    crossings: the species' crossings (`border_crossings`);
    segments: crossings per border segment for every cat of the region, by species and year;
    heat_line: HEAT_LINE_COLUMNS, the species' crossings per segment along the borders;
    animals: ANIMAL_COLUMNS, the animals photographed, those seen in two countries first;
    tracks: TRACK_COLUMNS, every photograph of those animals in time order (positions as the
      reader may see them);
    base: the region's countries, borders and protected areas (`region_map_layers`, in the
      language asked for).
    """
    region: str
    species: str
    years: tuple[int, int]
    cameras: pl.DataFrame
    cells: pl.DataFrame
    coverage: dict
    crossings: pl.DataFrame
    segments: pl.DataFrame
    heat_line: pl.DataFrame
    animals: pl.DataFrame
    tracks: pl.DataFrame
    base: pl.DataFrame

    @property
    def generalised(self) -> bool:
        c = self.cameras
        return "coordinates_generalised_km" in c.columns and c["coordinates_generalised_km"].is_not_null().any()


def corridor_map(store: Store, region: str, species: str, years: tuple[int, int], cell_km: float,
                 segment_km: float, lang: str = "en", all_species: tuple[str, ...] = ()) -> CorridorMap:
    """The corridor map's data (see `CorridorMap`). Crossings are memoised per store until the
    monitoring tables are written; `all_species` are the cats the segment table counts."""
    period = {"date_from": date(years[0], 1, 1), "date_to": date(years[1], 12, 31)}
    cams = store.query("deployment_detections", region=region, species=species, **period)
    # the grid of the last season in the period: cameras stand for a season
    last = store.query("deployment_detections", region=region, species=species,
                       date_from=date(years[1], 1, 1), date_to=date(years[1], 12, 31))
    cells, cov = unified_grid(store, region, last if last.height else cams, cell_km)

    def crossings_of(which: tuple[str, ...]) -> pl.DataFrame:
        return store.cached(("crossings", region, which, tuple(years)),
                            lambda: border_crossings(store, region, list(which), **period), depends_on=MONITORING_TABLES)
    cross = crossings_of((species,))
    _, heat = segment_table(store, region, cross, segment_km)
    table, _ = segment_table(store, region, crossings_of(tuple(all_species) or (species,)), segment_km)
    det = store.query("identified_detections", species=species, scope=region, **period)
    animals = (det.group_by("animal_id").agg(pl.col("country").n_unique().alias("countries"), pl.len().alias("photographs"))
               .sort(["countries", "photographs", "animal_id"], descending=[True, True, False]))
    tracks = det.select(list(TRACK_COLUMNS)).sort("animal_id", "observed_at")
    return CorridorMap(region, species, tuple(years), conform(cams, CAMERA_COLUMNS, "cameras"), cells, cov, cross,
                       table, conform(heat, HEAT_LINE_COLUMNS, "heat_line"),
                       conform(animals, ANIMAL_COLUMNS, "animals"), conform(tracks, TRACK_COLUMNS, "tracks"),
                       store.query("region_map_layers", region=region, lang=lang))
