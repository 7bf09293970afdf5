"""Detection histories from camera-trap observations.

A survey period [date_from, date_to] is cut into occasions of a fixed number of days (day 1 of
the period opens occasion 0). An individual's detection history is the list of occasions it was
photographed on, per deployment (Otis et al. 1978 for the non-spatial form; Efford 2004 and
Borchers & Efford 2008 for the spatial form with traps). Input frames carry the columns the
named query `identified_detections` returns: `animal_id`, `deployment_id`, `observed_at`.
"""
from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import polars as pl

_OCCASION = re.compile(r"^\s*(\d+)\s*([dw])\s*$")


def parse_occasion(text: str | int) -> int:
    """'1d' -> 1, '7d' -> 7, '1w' -> 7; an int is taken as days."""
    if isinstance(text, int):
        days = text
    else:
        m = _OCCASION.match(str(text).lower())
        if not m:
            raise ValueError(f"occasion length {text!r}: write it as a number of days or weeks, e.g. 1d, 7d, 2w")
        days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
    if days < 1:
        raise ValueError("an occasion lasts at least one day")
    return days


def _as_date(d) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    return date.fromisoformat(str(d))


def n_occasions(date_from, date_to, occasion_days: int) -> int:
    """How many occasions of `occasion_days` days cover the period (the last may be short)."""
    days = (_as_date(date_to) - _as_date(date_from)).days + 1
    return max(1, -(-days // occasion_days))


def detection_histories(detections: pl.DataFrame, date_from, date_to, occasion_days: int = 1) -> pl.DataFrame:
    """Long-format detection histories: one row per animal, deployment and occasion with
    at least one photograph, with the number of photographs.

    Columns: animal_id, deployment_id, occasion (0-based), detections.
    """
    start, end = _as_date(date_from), _as_date(date_to)
    day = pl.col("observed_at").cast(pl.Date)
    return (detections
            .filter((day >= start) & (day <= end))
            .with_columns(((day - pl.lit(start)).dt.total_days() // occasion_days).cast(pl.Int32).alias("occasion"))
            .group_by("animal_id", "deployment_id", "occasion")
            .agg(pl.len().cast(pl.Int32).alias("detections"))
            .sort("animal_id", "occasion", "deployment_id"))


def capture_matrix(histories: pl.DataFrame, occasions: int) -> tuple[list[str], np.ndarray]:
    """The animals × occasions 0/1 matrix of the non-spatial models (any deployment counts)."""
    animals = histories.get_column("animal_id").unique().sort().to_list()
    row = {a: i for i, a in enumerate(animals)}
    x = np.zeros((len(animals), occasions), dtype=np.int8)
    for a, k in histories.select("animal_id", "occasion").iter_rows():
        x[row[a], k] = 1
    return animals, x


def deployment_days(deployments: pl.DataFrame, date_from, date_to) -> pl.DataFrame:
    """Days each deployment was active inside the period (its usage, in secr's word).

    Input columns: deployment_id, start_at, end_at. Output: deployment_id, active_days (> 0 only).
    """
    start, end = _as_date(date_from), _as_date(date_to)
    s = pl.max_horizontal(pl.col("start_at").cast(pl.Date), pl.lit(start))
    e = pl.min_horizontal(pl.col("end_at").cast(pl.Date), pl.lit(end))
    return (deployments
            .with_columns(((e - s).dt.total_days() + 1).cast(pl.Int32).alias("active_days"))
            .filter(pl.col("active_days") > 0)
            .select("deployment_id", "active_days")
            .sort("deployment_id"))


def days_detected(detections: pl.DataFrame, date_from, date_to) -> pl.DataFrame:
    """Per animal and deployment, the number of distinct days with a photograph: the
    proximity-detector data of a camera trap with one-day occasions (Efford, Borchers &
    Byrom 2009). Columns: animal_id, deployment_id, days."""
    return (detection_histories(detections, date_from, date_to, 1)
            .group_by("animal_id", "deployment_id")
            .agg(pl.len().cast(pl.Int32).alias("days"))
            .sort("animal_id", "deployment_id"))
