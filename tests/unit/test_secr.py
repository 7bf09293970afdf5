"""SECR by maximum likelihood, checked by simulation from the model with known density."""
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

import numpy as np
import pytest
import shapely

from bigcats.estimate import secr

SPACING = 4000.0
TRAPS = np.array([(x, y) for x in np.arange(10) * SPACING for y in np.arange(10) * SPACING])
USAGE = np.full(len(TRAPS), 90)
TRUTH = dict(density_per_100km2=2.0, g0=0.03, sigma_m=2500.0)


@pytest.fixture(scope="module")
def simulated_fits():
    rng = np.random.default_rng(2008)
    mask = secr.make_mask(TRAPS, 4 * TRUTH["sigma_m"], TRUTH["sigma_m"] / 2)
    surveys = [secr.simulate_proximity(rng, TRUTH["density_per_100km2"], TRUTH["g0"], TRUTH["sigma_m"],
                                       TRAPS, USAGE, 4 * TRUTH["sigma_m"]) for _ in range(100)]
    # the fits are independent: one process per core (spawned, so no thread state is forked), each
    # with a one-thread BLAS (two processes of two BLAS threads each on two cores took as long as one)
    blas = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    os.environ.update({k: "1" for k in blas})
    try:
        with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(secr.fit_secr, surveys, repeat(TRAPS), repeat(USAGE), repeat(mask), chunksize=10))
    finally:
        for k, v in blas.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.mark.slow
def test_interval_covers_true_density_in_90_to_99_percent(simulated_fits):
    hits = sum(f["lcl"] <= TRUTH["density_per_100km2"] <= f["ucl"] for f in simulated_fits)
    assert 90 <= hits <= 99


@pytest.mark.slow
def test_density_unbiased_within_5_percent(simulated_fits):
    mean = np.mean([f["density_per_100km2"] for f in simulated_fits])
    assert abs(mean / TRUTH["density_per_100km2"] - 1) < 0.05


@pytest.mark.slow
def test_detection_parameters_recovered(simulated_fits):
    assert np.median([f["sigma_m"] for f in simulated_fits]) == pytest.approx(TRUTH["sigma_m"], rel=0.05)
    assert np.median([f["g0"] for f in simulated_fits]) == pytest.approx(TRUTH["g0"], rel=0.10)
    assert all(f["converged"] for f in simulated_fits)


def test_mask_is_buffer_clipped_to_habitat():
    mask = secr.make_mask(TRAPS, 10_000, 1_000)
    # every cell within the buffer of a trap, none outside
    d = np.sqrt(((mask.points[:, None, :] - TRAPS[None]) ** 2).sum(axis=2)).min(axis=1)
    assert d.max() <= 10_000
    half = shapely.box(-1e6, -1e6, 18_000, 1e6)  # habitat: west of x = 18 km only
    clipped = secr.make_mask(TRAPS, 10_000, 1_000, habitat=half)
    assert clipped.points[:, 0].max() < 18_000
    assert 0 < len(clipped.points) < len(mask.points)


@pytest.mark.slow
def test_expected_abundance_in_a_region_is_density_times_area(simulated_fits):
    rng = np.random.default_rng(3)
    mask = secr.make_mask(TRAPS, 10_000, 1_250)
    y = secr.simulate_proximity(rng, 2.0, 0.03, 2500, TRAPS, USAGE, 10_000)
    fit = secr.fit_secr(y, TRAPS, USAGE, mask, regions_km2={"park": 1500.0})
    park = fit["abundance"]["park"]
    assert park["estimate"] == pytest.approx(fit["density_per_100km2"] / 100 * 1500)
    assert park["lcl"] < park["estimate"] < park["ucl"]


def test_refuses_data_without_recaptures():
    y = np.zeros((3, len(TRAPS))); y[0, 0] = y[1, 5] = y[2, 9] = 1
    with pytest.raises(ValueError, match="recapture"):
        secr.fit_secr(y, TRAPS, USAGE, secr.make_mask(TRAPS, 10_000, 1_250))


def test_a_mask_too_small_is_widened_until_the_density_is_the_wide_masks():
    """secr's buffer check: a 1σ buffer leaves out centres whose animals were photographed, so D̂
    is biased up; after the fit the buffer is checked against the fitted σ, widened and refitted,
    and the density moves to what a 4σ mask gives."""
    rng = np.random.default_rng(17)
    y = secr.simulate_proximity(rng, 2.0, 0.03, 2500, TRAPS, USAGE, 6 * 2500)
    mask_for = lambda b: secr.make_mask(TRAPS, b, 1250)  # noqa: E731
    small = secr.fit_secr(y, TRAPS, USAGE, mask_for(2500))
    wide = secr.fit_secr(y, TRAPS, USAGE, mask_for(4 * 2500))
    assert secr.buffer_bias(TRAPS, USAGE, mask_for(2500), small["g0"], small["sigma_m"], mask_for) > 0.05
    assert small["density_per_100km2"] > 1.05 * wide["density_per_100km2"]
    fit = secr.fit_secr_wide_enough(y, TRAPS, USAGE, mask_for, 2500)
    assert fit["mask_widened_from_m"] == 2500 and fit["mask_buffer_m"] >= 3.5 * fit["sigma_m"]
    assert fit["buffer_bias"] <= secr.MAX_BUFFER_BIAS
    assert fit["density_per_100km2"] == pytest.approx(wide["density_per_100km2"], rel=0.01)
    # a buffer wide enough at first is kept
    kept = secr.fit_secr_wide_enough(y, TRAPS, USAGE, mask_for, 4 * 2500)
    assert kept["mask_widened_from_m"] is None and kept["mask_buffer_m"] == 4 * 2500


def test_expected_abundance_over_the_mask_and_a_parks_part_of_it():
    """E(N) over the mask is D times the mask's habitat area, and a park is counted over the part
    of it the mask covers, never over its whole area (a small grid in a big park)."""
    rng = np.random.default_rng(5)
    y = secr.simulate_proximity(rng, 2.0, 0.03, 2500, TRAPS, USAGE, 10_000)
    mask_for = lambda b: secr.make_mask(TRAPS, b, 1250)  # noqa: E731
    park = shapely.box(-1e6, -1e6, 18_000, 1e6)  # a park far bigger than the grid, holding its west half
    regions = lambda m: {"mask": m.area_km2,  # noqa: E731
                         "park": park.intersection(shapely.box(*(TRAPS.min(0) - m.buffer_m), *(TRAPS.max(0) + m.buffer_m))).area / 1e6}
    fit = secr.fit_secr_wide_enough(y, TRAPS, USAGE, mask_for, 10_000, regions_km2=regions)
    d = fit["density_per_100km2"] / 100
    assert fit["abundance"]["mask"]["estimate"] == pytest.approx(d * fit["mask_area_km2"])
    assert fit["abundance"]["park"]["area_km2"] < fit["mask_area_km2"]
    assert fit["abundance"]["park"]["estimate"] < d * park.area / 1e6 / 100  # not a hundredth of the whole park
