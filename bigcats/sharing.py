"""Animals shared across a border, from the store: how many of the animals photographed in a
region in a period were photographed in more than one country, in total, by park and by year.
For the Shared individuals page, the steering report and notebooks alike. An animal is a set of
catalogue entries joined by individual links (`catalogue_animals`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from bigcats.frames import conform
from bigcats.store import Store

BY_PARK_COLUMNS = {"owner_area_id": pl.Utf8, "park": pl.Utf8, "country": pl.Utf8, "animals": pl.UInt32}
BY_YEAR_COLUMNS = {"year": pl.Int64, "detected": pl.Int32, "shared": pl.Int32}


@dataclass(frozen=True)
class Sharing:
    """detected, shared: the period's animals and those seen in two countries or more;
    by_park: BY_PARK_COLUMNS, animals photographed by each park's cameras (park named in the
      language asked for);
    by_year: BY_YEAR_COLUMNS, detected and shared animals of each year of the period."""
    species: str
    region: str
    years: tuple[int, int]
    detected: int
    shared: int
    by_park: pl.DataFrame
    by_year: pl.DataFrame


def sharing(store: Store, species: str, region: str, years: tuple[int, int], lang: str = "en") -> Sharing:
    period = {"date_from": date(years[0], 1, 1), "date_to": date(years[1], 12, 31)}
    total = store.query("transboundary_shares", species=species, region=region, **period).row(0, named=True)
    names = dict(store.query("proposal_parks", lang=lang).select("area_id", "name").unique().iter_rows())
    det = store.query("identified_detections", species=species, scope=region, **period)
    by_park = (det.group_by("owner_area_id", "country").agg(pl.col("animal_id").n_unique().alias("animals"))
               .with_columns(pl.col("owner_area_id").replace_strict(names, default=pl.col("owner_area_id")).alias("park"))
               .sort("owner_area_id"))
    by_year = pl.DataFrame([
        {"year": y, **store.query("transboundary_shares", species=species, region=region, date_from=date(y, 1, 1),
                                  date_to=date(y, 12, 31)).row(0, named=True)}
        for y in range(years[0], years[1] + 1)], schema=BY_YEAR_COLUMNS)
    return Sharing(species, region, tuple(years), total["detected"], total["shared"],
                   conform(by_park.select(list(BY_PARK_COLUMNS)), BY_PARK_COLUMNS, "by_park"), by_year)
