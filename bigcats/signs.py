"""Encounter rates of the sign surveys: signs of a species found per km walked, by route and for
each park of a scope, with standard errors across routes (`bigcats.estimate.encounter`).
`bigcats encounter-rates`, notebooks."""
from __future__ import annotations

from datetime import date

import polars as pl

from bigcats.estimate.encounter import encounter_rate
from bigcats.frames import conform
from bigcats.store import Store

ROUTE_COLUMNS = {"route_id": pl.Utf8, "area_id": pl.Utf8, "surveyed_on": pl.Date, "length_km": pl.Float64,
                 "signs": pl.Int64, "signs_per_km": pl.Float64}
SUMMARY_COLUMNS = {"area_id": pl.Utf8, "routes": pl.Int64, "km": pl.Float64, "signs": pl.Int64,
                   "signs_per_km": pl.Float64, "se": pl.Float64}


def encounter_rates(store: Store, species: str, scope: str, date_from: date, date_to: date,
                    sign_types: tuple[str, ...] = ()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(each route walked in `scope`, a park or a region, in the period with its signs of
    `species` of `sign_types` (none: every type) and signs per km; per park and for the whole
    scope ('all'), routes, km, signs, signs per km and its standard error (Fewster et al. 2009's
    R2; none for a single route)). No route: ValueError."""
    routes = store.query("sign_route_encounters", species=species, scope=scope, date_from=date_from, date_to=date_to,
                         sign_types=list(sign_types))
    if routes.is_empty():
        raise ValueError(f"no sign-survey route in {scope!r} between {date_from} and {date_to}")
    routes = routes.with_columns(pl.col("signs").cast(pl.Int64), (pl.col("signs") / pl.col("length_km")).alias("signs_per_km"))
    rows = []
    for area, group in [*routes.group_by("area_id", maintain_order=True), (("all",), routes)]:
        rate, se = encounter_rate(group["signs"].to_numpy(), group["length_km"].to_numpy())
        rows.append({"area_id": area[0], "routes": group.height, "km": float(group["length_km"].sum()),
                     "signs": int(group["signs"].sum()), "signs_per_km": rate, "se": se})
    summary = pl.DataFrame(rows, schema=SUMMARY_COLUMNS)
    return conform(routes, ROUTE_COLUMNS, "routes"), conform(summary, SUMMARY_COLUMNS, "encounter rates")
