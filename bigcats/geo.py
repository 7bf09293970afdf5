"""Geometry helpers: local equal-area projections so that areas and distances are in metres,
never degrees (DESIGN: EPSG:4326 for storage, a metric projection for computing)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import polars as pl
import shapely
from pyproj import Transformer

from bigcats import paths

@lru_cache(maxsize=1)
def region_centres() -> dict[str, tuple[float, float]]:
    """The centre (lon, lat) of each region's Lambert azimuthal equal-area projection, from the
    shipped seed file data/seed/region_projections.csv."""
    rows = pl.read_csv(paths.SEED / "region_projections.csv")
    return {r["region_id"]: (float(r["centre_lon"]), float(r["centre_lat"])) for r in rows.iter_rows(named=True)}


@lru_cache(maxsize=None)
def _transformers(region: str):
    lon0, lat0 = region_centres()[region]
    crs = f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
    return (Transformer.from_crs("EPSG:4326", crs, always_xy=True),
            Transformer.from_crs(crs, "EPSG:4326", always_xy=True))


def to_metric(region: str, geom):
    """A lon/lat shapely geometry in the region's equal-area projection (metres)."""
    fwd, _ = _transformers(region)
    return shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))


def to_metric_xy(region: str, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat arrays to metres in the region's equal-area projection."""
    fwd, _ = _transformers(region)
    return fwd.transform(np.asarray(lon), np.asarray(lat))


def to_lonlat(region: str, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    _, inv = _transformers(region)
    return inv.transform(np.asarray(x), np.asarray(y))


def area_km2(region: str, geom) -> float:
    """Area of a lon/lat geometry in km², computed in the region's equal-area projection."""
    return to_metric(region, geom).area / 1e6


def geojson_parts(geojson: str) -> tuple[list[list[list]], bool]:
    """The parts of a GeoJSON geometry as lists of rings of [x, y] coordinates (a polygon: its
    shell, then its holes; a line: one open ring), and whether they are lines."""
    import json

    g = json.loads(geojson)
    kind, coords = g["type"], g["coordinates"]
    if kind == "Polygon":
        return [coords], False
    if kind == "MultiPolygon":
        return coords, False
    if kind == "LineString":
        return [[coords]], True
    if kind == "MultiLineString":
        return [[line] for line in coords], True
    raise ValueError(f"unsupported geometry type {kind}")


def geojson_paths(geojson: str) -> list[dict]:
    """Polygon or line parts of a GeoJSON geometry as {'x': [...], 'y': [...], 'holes': [[...]]}
    dicts (lon/lat), one per part (holes listed per geometry, hence the extra level)."""
    parts, lines = geojson_parts(geojson)
    if lines:
        return [{"x": [c[0] for c in ring], "y": [c[1] for c in ring]} for (ring,) in parts]
    out = []
    for rings in parts:
        shell, holes = rings[0], rings[1:]
        out.append({"x": [c[0] for c in shell], "y": [c[1] for c in shell],
                    "holes": [[[(c[0], c[1]) for c in h] for h in holes]]})
    return out


def area_km2_where_it_is(geom) -> float:
    """The area of a lon/lat shapely geometry in km², on a Lambert azimuthal equal-area
    projection centred on it (any place: an area of a region the seed file does not know)."""
    c = geom.centroid
    crs = f"+proj=laea +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m +no_defs"
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    return float(shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1]))).area / 1e6)


def cell_corners_lonlat(region: str, cell_km: float, ix, iy) -> tuple[np.ndarray, np.ndarray]:
    """The lon/lat corners (5 per cell, closing the ring) of the cells (ix, iy) of a region's
    unified grid: squares of `cell_km` in the region's metric projection, cell (ix, iy) covering
    [ix, ix + 1) x [iy, iy + 1) cell lengths (the indexing of `bigcats.corridors.grid_cells`)."""
    m = cell_km * 1000.0
    ix, iy = np.asarray(ix, dtype=float), np.asarray(iy, dtype=float)
    xs = np.stack([ix, ix + 1, ix + 1, ix, ix], axis=1) * m
    ys = np.stack([iy, iy, iy + 1, iy + 1, iy], axis=1) * m
    lon, lat = to_lonlat(region, xs.ravel(), ys.ravel())
    return lon.reshape(xs.shape), lat.reshape(ys.shape)


def cell_of(region: str, cell_km: float, lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """The cell (ix, iy) of the region's unified grid each point (lon, lat) lies in."""
    x, y = to_metric_xy(region, np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    m = cell_km * 1000.0
    return np.floor(x / m).astype(np.int64), np.floor(y / m).astype(np.int64)

