"""Satellite fire hotspots beside the parks: which parks burned, and how much of the fire fell
between them (the corridors), from the detections `bigcats import hotspots` stored."""
from __future__ import annotations

from datetime import date

import polars as pl

from bigcats.store import Store


def hotspots(store: Store, region: str, since: date) -> pl.DataFrame:
    """The region's hotspots detected since `since`, each with the protected area it fell in
    (null between the parks)."""
    return store.query("fire_hotspots_in_region", region=region, date_from=since)


def by_park(frame: pl.DataFrame) -> pl.DataFrame:
    """Per protected area (null: outside every park): hotspots, of them high confidence, days with
    fire, and the first and last detection."""
    if frame.is_empty():
        return pl.DataFrame(schema={"area_id": pl.Utf8, "hotspots": pl.UInt32, "high_confidence": pl.UInt32,
                                    "fire_days": pl.UInt32, "first": pl.Datetime, "last": pl.Datetime})
    return (frame.group_by("area_id")
            .agg(pl.len().alias("hotspots"), (pl.col("confidence") == "high").sum().cast(pl.UInt32).alias("high_confidence"),
                 pl.col("detected_at").dt.date().n_unique().cast(pl.UInt32).alias("fire_days"),
                 pl.col("detected_at").min().alias("first"), pl.col("detected_at").max().alias("last"))
            .sort("hotspots", "area_id", descending=[True, False], nulls_last=True))
