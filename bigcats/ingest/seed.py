"""Load the facts transcribed from the proposals (data/seed/*.csv) and the shipped geometry
(data/geo/*.geojson) into an empty store, in one transaction."""
from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from bigcats import paths
from bigcats.store import Store, StoreError, one_transaction

# Table <- CSV file, in foreign-key order.
SEED_TABLES = [
    ("regions", "regions.csv"),
    ("species", "species.csv"),
    ("proposals", "proposals.csv"),
]
AFTER_AREAS = [
    ("proposal_areas", "proposal_areas.csv"),
    ("activities", "activities.csv"),
    ("activity_periods", "activity_periods.csv"),
    ("facts", "facts.csv"),
    ("feasibility_items", "feasibility_items.csv"),
    ("readiness_criteria", "readiness_criteria.csv"),
    ("translations", "translations.csv"),
]


def read_seed(name: str, seed_dir: Path | None = None) -> pl.DataFrame:
    return pl.read_csv((seed_dir or paths.SEED) / name, infer_schema_length=0)  # all text; the DB casts


def _features(name: str) -> list[dict]:
    return json.loads((paths.GEO / name).read_text())["features"]


@one_transaction
def load_seed(store: Store) -> None:
    """Fill an empty store with the proposals' facts and the geometry."""
    if store.query("proposal_count")["n"][0]:
        raise StoreError(f"the store {store.path} already holds the seed facts")
    with store.transaction() as cur:
        for table, name in SEED_TABLES:
            store.insert_frame(cur, table, read_seed(name))
        natural_earth = "Natural Earth 1:10m admin-0 countries 4.1.0 (public domain), via world-atlas 2.0.2"
        for f in _features("countries.geojson"):
            p = f["properties"]
            store.run(cur, "add_country_part", region_id=p["region"], iso=p["iso"], geojson=json.dumps(f["geometry"]),
                      source=natural_earth)
        for f in _features("borders.geojson"):
            p = f["properties"]
            store.run(cur, "add_border", region_id=p["region"], country_a=p["country_a"], country_b=p["country_b"],
                      geojson=json.dumps(f["geometry"]), source=natural_earth)
        insert_areas(store, cur, _features("protected_areas.geojson"))
        for table, name in AFTER_AREAS:
            store.insert_frame(cur, table, read_seed(name))
        store.insert_frame(cur, "population_estimates",
                read_seed("population_reported.csv").with_columns(pl.lit("reported").alias("method")))


AREA_FIELDS = ["area_id", "country", "status", "kind", "name_en", "name_ru", "name_zh",
               "name_mn", "area_km2_reported", "area_source", "established", "schematic", "source"]


def insert_areas(store: Store, cur, features: list[dict]) -> None:
    for f in features:
        p = f["properties"]
        store.run(cur, "add_protected_area", region_id=p.get("region"), geojson=json.dumps(f["geometry"]),
                  **{k: p.get(k) for k in AREA_FIELDS})
