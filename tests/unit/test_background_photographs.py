"""The prey photographs of a benchmark store and of the demo (bigcats.simulate.background_photographs):
inside their deployments, of the regions' prey, at the rates the simulation declares, one
photograph per event in the demo, reproducible."""
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from bigcats.simulate import BACKGROUND, BURST_EXTRA, background_photographs


def deployments(n: int, days: int, region: str = "tumen") -> pl.DataFrame:
    start = [datetime(2020, 1, 10) + timedelta(hours=7 * k) for k in range(n)]
    return pl.DataFrame({"deployment_id": [f"D{k}" for k in range(n)], "start_at": start,
                         "end_at": [s + timedelta(days=days) for s in start], "region": region})


def test_every_photograph_is_inside_its_deployment_and_of_a_prey_species():
    deps = deployments(50, 30)
    photos = background_photographs(deps, seed=1)
    joined = photos.join(deps, on="deployment_id")
    assert joined.height == photos.height > 0
    assert joined.filter((pl.col("observed_at") < pl.col("start_at")) | (pl.col("observed_at") > pl.col("end_at"))).is_empty()
    assert set(photos["species_id"]) <= {sp for sp, _, _ in BACKGROUND}
    assert photos["observation_id"].n_unique() == photos.height
    assert photos["individual_id"].null_count() == photos.height


def test_rates_are_the_declared_ones():
    """Mean photographs per camera-day = events per day × (1 + mean extra photographs per burst);
    the gamma heterogeneity has mean 1. 2,000 cameras × 100 days: the sampling error is well under 2%."""
    deps = deployments(2000, 100)
    photos = background_photographs(deps, seed=2)
    for species, rate, _ in BACKGROUND:
        per_day = photos.filter(pl.col("species_id") == species).height / (2000 * 100)
        assert abs(per_day / (rate * (1 + BURST_EXTRA)) - 1) < 0.05, species


def test_the_demos_prey_are_one_photograph_per_event_at_the_declared_rates():
    """The demo store's prey (burst_extra 0): photographs per camera-day = events per day."""
    deps = deployments(2000, 100)
    photos = background_photographs(deps, seed=5, burst_extra=0.0)
    for species, rate, _ in BACKGROUND:
        per_day = photos.filter(pl.col("species_id") == species).height / (2000 * 100)
        assert abs(per_day / rate - 1) < 0.05, species
    # no two photographs of a species at a camera 3 s apart (no burst)
    gaps = (photos.sort("deployment_id", "species_id", "observed_at")
            .with_columns(pl.col("observed_at").diff().over("deployment_id", "species_id").alias("gap")))
    assert gaps.filter(pl.col("gap") == timedelta(seconds=3)).height < 0.001 * photos.height


def test_same_seed_same_photographs_and_none_where_the_store_knows_no_prey():
    deps = pl.concat([deployments(20, 40), deployments(20, 40, "altai_sayan").with_columns(
        pl.format("A{}", pl.col("deployment_id")).alias("deployment_id"))])
    a, b = background_photographs(deps, seed=3), background_photographs(deps, seed=3)
    assert a.equals(b)
    assert not a.equals(background_photographs(deps, seed=4))
    assert not a["deployment_id"].str.starts_with("A").any()
    # the burst: photographs of one event 3 s apart at one camera
    gaps = a.sort("deployment_id", "observed_at").with_columns(
        pl.col("observed_at").diff().over("deployment_id").dt.total_seconds().alias("gap"))["gap"].drop_nulls()
    assert (gaps.to_numpy() == 3).mean() > 0.3 and np.all(gaps.to_numpy() >= 0)
