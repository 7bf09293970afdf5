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
    # the fits are independent: one process per core (spawned, so no thread state is forked)
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(secr.fit_secr, surveys, repeat(TRAPS), repeat(USAGE), repeat(mask), chunksize=10))


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
