"""Sensitive values: what a column means, and what a reader who may not see it exactly gets.

Exact camera positions and personal data reach only their park's editors and the admins. Which
columns are sensitive is declared, never guessed from a column's name:

- in the schema, as column comments (`COMMENT ON COLUMN deployments.latitude IS 'sensitive:
  latitude'`, migration 006), read once per store: ad-hoc SQL (`Store.sql`) is protected by these;
- in each named query's header, for the columns it returns:

      -- sensitive: lat=latitude, lon=longitude, grid_cell=place, content=media
      -- owner: owner_area_id            (or several: -- owner: area_id, partner_area_id)

  `owner` names the column holding the park each row belongs to (default `owner_area_id`; with
  none, every row is hidden from everyone but admins: fail closed). A query whose text reads a
  sensitive column and returns nothing sensitive says `-- sensitive: none` (a test checks that
  every query reading one declares).

Kinds (what a hidden reader gets):
- latitude, longitude: the centre of a `BIGCATS_GENERALISE_KM` (5 km) grid cell;
- place: anything else that encodes where (location ids, tags, grid cells, file names): null;
- media: an image with its location metadata (EXIF, XMP, IPTC) removed; other media: null;
- personal: null.
A column `coordinates_generalised_km` says which rows were generalised.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import numpy as np
import polars as pl

KINDS = ("latitude", "longitude", "place", "media", "personal")
DEFAULT_OWNER = "owner_area_id"
DEFAULT_GENERALISE_KM = 5.0
KM_PER_DEGREE = 111.32  # length of a degree of latitude (and of longitude at the equator)

_SENSITIVE = re.compile(r"^--\s*sensitive:\s*(.+)$", re.M)
_OWNER = re.compile(r"^--\s*owner:\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*|none)\s*$", re.M)


class DeclarationError(ValueError):
    """A sensitivity declaration names an unknown kind or is malformed."""


@dataclass(frozen=True)
class Declaration:
    """The sensitive columns of a result (column -> kind) and the column naming each row's park."""
    columns: dict[str, str] = field(default_factory=dict)
    owner: str | tuple[str, ...] | None = DEFAULT_OWNER  # several: an editor of any of them sees the row
    declared: bool = False  # the text said something (even 'none')


def parse_declaration(sql: str, name: str = "query") -> Declaration:
    """The `-- sensitive:` and `-- owner:` lines of a query's header."""
    columns: dict[str, str] = {}
    declared = False
    for m in _SENSITIVE.finditer(sql):
        declared = True
        body = m.group(1).split("(")[0].strip()
        if body == "none":
            continue
        for part in body.split(","):
            col, _, kind = part.strip().partition("=")
            col, kind = col.strip(), kind.strip()
            if kind not in KINDS or not col:
                raise DeclarationError(f"{name}: '-- sensitive: {part.strip()}': write column=kind, kind one of {KINDS}")
            columns[col] = kind
    owner_m = _OWNER.search(sql)
    owner: str | tuple[str, ...] | None = DEFAULT_OWNER
    if owner_m:
        names = tuple(n.strip() for n in owner_m.group(1).split(","))
        owner = None if names == ("none",) else names[0] if len(names) == 1 else names
    return Declaration(columns, owner, declared)


def generalise_km() -> float:
    """Grid size (km) to which camera positions are snapped for those who may not see them exactly."""
    try:
        km = float(os.environ.get("BIGCATS_GENERALISE_KM", DEFAULT_GENERALISE_KM))
    except ValueError:
        km = DEFAULT_GENERALISE_KM
    return km if np.isfinite(km) and km >= 1.0 else DEFAULT_GENERALISE_KM  # never finer than 1 km


def snap_to_grid(lat: np.ndarray, lon: np.ndarray, km: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the cells of a `km` grid that hold (lat, lon): rows of `km` in latitude, and
    within each row cells of `km` in longitude at the row's centre latitude. One position per
    cell, whatever the cameras inside it (as GBIF / Wildlife Insights generalise sensitive
    species: publish the cell, not the point)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    dlat = km / KM_PER_DEGREE
    lat_c = (np.floor(lat / dlat) + 0.5) * dlat
    dlon = km / (KM_PER_DEGREE * np.cos(np.radians(lat_c)))
    lon_c = (np.floor(lon / dlon) + 0.5) * dlon
    return lat_c, lon_c


def hidden_rows(frame: pl.DataFrame, actor, owner: str | tuple[str, ...] | None) -> np.ndarray:
    """Which rows `actor` may not see exactly (True: generalise). With several owner columns (an
    alert's park and the park across the border it concerns) an editor of either sees it."""
    if actor.is_admin:
        return np.zeros(frame.height, dtype=bool)
    owners = [o for o in ((owner,) if isinstance(owner, str) else owner or ()) if o in frame.columns]
    if owners:
        # the rule asked once per park, not once per row (a page's frame can hold many thousands)
        visible = np.zeros(frame.height, dtype=bool)
        for o in owners:
            allowed = [p for p in frame[o].unique().to_list() if actor.may_see_exact(p)]
            if allowed:
                visible |= frame[o].is_in(allowed).fill_null(False).to_numpy()
        return ~visible
    return np.ones(frame.height, dtype=bool)  # no owning park to check against: fail closed


def protect(frame: pl.DataFrame, declaration: Declaration, actor, km: float | None = None) -> pl.DataFrame:
    """The frame as `actor` may see it: every declared sensitive column generalised or dropped on
    the rows whose park `actor` may not see exactly."""
    present = {c: k for c, k in declaration.columns.items() if c in frame.columns}
    if not present:
        return frame
    hidden = hidden_rows(frame, actor, declaration.owner)
    has_coordinates = any(k in ("latitude", "longitude") for k in present.values())
    if not hidden.any():
        if has_coordinates:
            return frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("coordinates_generalised_km"))
        return frame
    km = km or generalise_km()
    mask = pl.Series(hidden)
    out = []
    lat_col = next((c for c, k in present.items() if k == "latitude"), None)
    lon_col = next((c for c, k in present.items() if k == "longitude"), None)
    if lat_col and lon_col:
        lat = frame[lat_col].cast(pl.Float64).to_numpy()
        lon = frame[lon_col].cast(pl.Float64).to_numpy()
        lat_c, lon_c = snap_to_grid(lat, lon, km)
        out += [pl.Series(lat_col, np.where(hidden, lat_c, lat)), pl.Series(lon_col, np.where(hidden, lon_c, lon))]
    elif lat_col or lon_col:  # half a position is still a position: snap it alone
        col = lat_col or lon_col
        v = frame[col].cast(pl.Float64).to_numpy()
        step = km / KM_PER_DEGREE
        out.append(pl.Series(col, np.where(hidden, (np.floor(v / step) + 0.5) * step, v)))
    for col, kind in present.items():
        if kind in ("place", "personal"):
            out.append(pl.when(mask).then(None).otherwise(pl.col(col)).alias(col))
        elif kind == "media":
            from bigcats.media import strip_location
            types = frame["file_mediatype"].to_list() if "file_mediatype" in frame.columns else [None] * frame.height
            values = [strip_location(v, t) if h and v is not None else v
                      for v, t, h in zip(frame[col].to_list(), types, hidden)]
            out.append(pl.Series(col, values, dtype=frame.schema[col]))
    if has_coordinates:
        out.append(pl.Series("coordinates_generalised_km", np.where(hidden, km, np.nan)).fill_nan(None))
    return frame.with_columns(out)


def schema_declaration(con) -> dict[str, str]:
    """Column name -> kind for every column the schema declares sensitive (migration 006's
    comments); what ad-hoc SQL results are protected by (a result column keeps its name unless
    renamed, and renaming in ad-hoc SQL is the reader's own query: see Store.sql)."""
    rows = con.execute("SELECT column_name, comment FROM duckdb_columns() "
                       "WHERE comment LIKE 'sensitive:%'").fetchall()
    return {name: comment.split(":", 1)[1].strip() for name, comment in rows}
