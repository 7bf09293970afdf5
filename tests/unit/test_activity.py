"""Activity overlap against the published figures of the `overlap` R package (Meredith & Ridout):
its simulated tiger (100) and pig (80) times of day, tests/data/overlap_simulated_times.csv,
taken from that package's data set `simulatedData`; the expected values are those of its own
test file (inst/tests/testthat/test-all.R, version 0.3.x)."""
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from bigcats.estimate import activity

TIMES = pl.read_csv(Path(__file__).parents[1] / "data" / "overlap_simulated_times.csv")
TIGER = TIMES.filter(pl.col("species") == "tiger")["radians"].to_numpy()
PIG = TIMES.filter(pl.col("species") == "pig")["radians"].to_numpy()
TRUE_OVERLAP = 0.2910917  # overlapTrue(tigerTrue, pigTrue): the densities the times were drawn from


def test_the_data_are_the_packages():
    assert (TIGER.size, PIG.size) == (100, 80)
    assert round(TIGER.mean(), 6) == 3.248677 and round(PIG.mean(), 6) == 3.328342


def test_bandwidths():
    # R's uniroot stops at a tolerance of 1.2e-4 on kappa; the exact root differs in the 7th digit
    assert activity.bandwidth(TIGER) == pytest.approx(29.90645, rel=1e-6)
    assert activity.bandwidth(PIG) == pytest.approx(10.42065, rel=1e-6)


def test_kernel_densities():
    at = [0, np.pi / 2, np.pi, 3 * np.pi / 2, 2 * np.pi]
    assert activity.kernel_density(TIGER, at, 30) == pytest.approx(
        [0.02440435, 0.44522913, 0.02179983, 0.50513539, 0.02440435], abs=1e-7)
    assert activity.kernel_density(PIG, at, 10) == pytest.approx(
        [7.877244e-06, 4.522317e-02, 4.622752e-01, 1.216268e-01, 7.877244e-06], rel=1e-6)


def test_dhat1_and_dhat4_equal_the_published_values():
    assert round(activity.dhat1(TIGER, PIG), 6) == 0.290862
    assert round(activity.dhat4(TIGER, PIG), 6) == 0.269201
    # the package's 'adjust' is 1/c: adjust 1.2 and 1.5
    assert round(activity.dhat1(TIGER, PIG, smoothing=1 / 1.2), 6) == 0.315068
    assert round(activity.dhat4(TIGER, PIG, smoothing=1 / 1.5), 6) == 0.288488


def test_dhat4_exact_below_the_interpolation_threshold_agrees_with_the_grid():
    # 60 + 50 observations are evaluated exactly; the grid's interpolation gives nearly the same
    a, b = TIGER[:60], PIG[:50]
    exact = activity.dhat4(a, b)
    interpolated = activity.dhat4(a, b, grid_points=64)
    assert exact == pytest.approx(interpolated, abs=0.01) and exact != interpolated


def test_identical_samples_overlap_completely_and_disjoint_ones_hardly():
    assert activity.dhat4(TIGER, TIGER) == pytest.approx(1.0)
    night = np.linspace(0.1, 0.6, 40)
    day = np.linspace(3.0, 3.5, 40)
    assert activity.dhat1(night, day) < 0.05


def test_bootstrap_interval_covers_the_true_overlap():
    result = activity.overlap(TIGER, PIG, "dhat4", resamples=300, seed=4)
    assert result.lcl < result.estimate < result.ucl
    assert result.lcl < TRUE_OVERLAP < result.ucl
    assert (result.n_a, result.n_b, result.resamples) == (100, 80, 300)


def test_percentile_interval_matches_the_order_statistics():
    samples = np.arange(1, 1000, dtype=float)  # R = 999: (R+1)·0.025 = 25 is an order statistic
    assert activity.percentile_interval(samples) == (25.0, 975.0)
    lo, hi = activity.percentile_interval(np.arange(1, 500, dtype=float))  # interpolated
    assert 12 < lo < 13 and 487 < hi < 488


def test_recommended_estimator_and_refusals():
    assert activity.recommended_estimator(100, 80) == "dhat4"
    assert activity.recommended_estimator(100, 60) == "dhat1"
    with pytest.raises(ValueError, match="radians"):
        activity.dhat4([1.0, 7.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="at least 2"):
        activity.dhat4([1.0, 1.0], [1.0, 2.0])


def test_sun_time_anchors_sunrise_and_sunset():
    hours = lambda h: activity.clock_radians(h)  # noqa: E731
    rise, set_ = hours(4.0), hours(20.0)  # a long summer day: 16 h of day, 8 of night
    at = activity.sun_time(hours([4.0, 12.0, 20.0, 0.0, 4.0 - 1e-9]), rise, set_)
    assert at[0] == pytest.approx(3 * np.pi / 2) or at[0] == pytest.approx(np.pi / 2)  # the boundary itself
    assert at[1] == pytest.approx(np.pi)  # midday halfway between sunrise and sunset
    assert at[2] == pytest.approx(3 * np.pi / 2)
    assert at[3] == pytest.approx(2 * np.pi * 0) or at[3] == pytest.approx(2 * np.pi)  # midnight halfway through the night
    assert at[4] == pytest.approx(np.pi / 2, abs=1e-6)


def test_a_count_per_time_equals_the_times_repeated():
    # the bootstrap draws counts on a grid: weighted estimators must equal the repeated times
    x, w = np.array([1.0, 2.0, 3.0, 2.5, 4.0]), np.array([2, 1, 3, 1, 4])
    other = PIG[:40]
    assert activity.bandwidth(x, weights=w) == pytest.approx(activity.bandwidth(np.repeat(x, w)))
    for f in (activity.dhat1, activity.dhat4):
        assert f(x, other, weights_a=w) == pytest.approx(f(np.repeat(x, w), other))
    big = np.repeat(TIGER, 2)  # 200 + 40 detections: Δ4 interpolates from the grid
    assert activity.dhat4(TIGER, other, weights_a=np.full(100, 2)) == pytest.approx(activity.dhat4(big, other))
