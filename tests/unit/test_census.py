"""The Formozov–Malyshev–Pereleshin formula on hand-computed cases, and its bootstrap interval."""
import math

import polars as pl
import pytest

from bigcats.estimate.census import density_by_species, fmp_density


def test_fmp_by_hand():
    # 10 crossings on a 20 km route of an animal travelling 2 km a day: (π/2)·10/40 = 0.3927 per km²
    assert fmp_density(10, 20, 2) == pytest.approx(math.pi / 2 * 10 / 40)
    assert fmp_density(0, 5, 3) == 0
    with pytest.raises(ValueError):
        fmp_density(3, 0, 2)


def test_pooled_density_and_bootstrap_interval():
    counts = pl.DataFrame({"route_id": ["a", "b", "c", "d"], "area_id": ["P"] * 4, "species_id": ["roe_deer"] * 4,
                           "length_km": [10.0, 12.0, 8.0, 10.0], "crossings": [20, 30, 10, 20], "daily_travel_km": [2.0] * 4})
    row = density_by_species(counts).row(0, named=True)
    # pooled: (π/2)·80/(40·2) = π/2 per km², 15.7 per 1000 ha
    assert row["density_km2"] == pytest.approx(math.pi / 2)
    assert row["per_1000ha"] == pytest.approx(10 * math.pi / 2)
    assert row["lcl_km2"] < row["density_km2"] < row["ucl_km2"]
    # the bootstrap cannot go beyond the most and least dense route
    per_route = [math.pi / 2 * x / (s * 2) for x, s in zip([20, 30, 10, 20], [10, 12, 8, 10])]
    assert min(per_route) <= row["lcl_km2"] and row["ucl_km2"] <= max(per_route)
    # one route only: no spread to resample
    one = density_by_species(counts.head(1)).row(0, named=True)
    assert one["lcl_km2"] == one["ucl_km2"] == pytest.approx(one["density_km2"])
