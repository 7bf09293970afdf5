"""Encounter rates of the sign surveys: signs of a species found per km walked, by route and for
each park of a scope and year, with standard errors across routes (`bigcats.estimate.encounter`);
and the register of the genetic samples collected on them, summarised as a lab's results are.
`bigcats encounter-rates`, the Sign surveys page, notebooks."""
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


YEAR_COLUMNS = {"area_id": pl.Utf8, "year": pl.Int32, "routes": pl.Int64, "km": pl.Float64, "signs": pl.Int64,
                "signs_per_km": pl.Float64, "se": pl.Float64}


def encounter_rates_by_year(routes: pl.DataFrame) -> pl.DataFrame:
    """Signs per km and its standard error (Fewster et al. 2009's R2, across routes) per park and
    year, from the routes `encounter_rates` returns: the trend of each park's index."""
    rows = []
    for (area, year), group in routes.group_by("area_id", pl.col("surveyed_on").dt.year().alias("year"),
                                               maintain_order=True):
        rate, se = encounter_rate(group["signs"].to_numpy(), group["length_km"].to_numpy())
        rows.append({"area_id": area, "year": year, "routes": group.height, "km": float(group["length_km"].sum()),
                     "signs": int(group["signs"].sum()), "signs_per_km": rate, "se": se})
    return conform(pl.DataFrame(rows, schema=YEAR_COLUMNS).sort("area_id", "year"), YEAR_COLUMNS, "encounter rates by year")


def survey_scopes(store: Store, lang: str = "en") -> pl.DataFrame:
    """Regions and parks with a sign-survey route: scope_kind, scope, region_id, label in `lang`,
    first_year, last_year."""
    return store.query("sign_survey_scopes", lang=lang)


SAMPLE_STATUSES = ("collected", "sent", "genotyped", "failed")
SAMPLE_SUMMARY_COLUMNS = {"area_id": pl.Utf8, **{s: pl.Int64 for s in SAMPLE_STATUSES}, "samples": pl.Int64,
                          "genotypes": pl.Int64, "entries": pl.Int64}


def sample_register(store: Store, scope: str, date_from: date, date_to: date) -> pl.DataFrame:
    """The genetic samples collected in `scope` (a park or a region) in the period, positions and
    collectors as the store's reader may see them (`queries/genetic_sample_register.sql`)."""
    return store.query("genetic_sample_register", scope=scope, date_from=date_from, date_to=date_to)


def sample_summary(register: pl.DataFrame) -> pl.DataFrame:
    """Per park, and for all ('all'): the samples by status, the distinct genotypes the lab
    returned (the individuals identified by DNA: one genotype, one animal), and the distinct
    catalogue entries the genotyped samples were assigned to (an animal catalogued by two parks
    has two)."""
    def counts(frame: pl.DataFrame) -> dict:
        genotyped = frame.filter(pl.col("status") == "genotyped")
        return {**{s: int((frame["status"] == s).sum()) for s in SAMPLE_STATUSES}, "samples": frame.height,
                "genotypes": genotyped["genotype"].drop_nulls().n_unique(),
                "entries": genotyped.filter(pl.col("individual_id").is_not_null())
                .select("catalogue_area_id", "individual_id").unique().height}
    rows = [{"area_id": area, **counts(group)} for (area,), group in register.group_by("area_id", maintain_order=True)]
    rows.sort(key=lambda r: r["area_id"])
    rows.append({"area_id": "all", **counts(register)})
    return conform(pl.DataFrame(rows, schema=SAMPLE_SUMMARY_COLUMNS), SAMPLE_SUMMARY_COLUMNS, "sample summary")
