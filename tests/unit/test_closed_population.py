"""Closed-population estimators against the published snowshoe hare analyses (tests/data/README.md)
and against simulated populations of known size."""
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from bigcats.estimate import closed

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def hare() -> np.ndarray:
    return pl.read_csv(DATA / "hare_otis1978.csv").drop("hare").to_numpy()


def test_hare_data_is_the_published_study(hare):
    assert hare.shape == (68, 6)
    assert hare.sum(axis=0).tolist() == [16, 28, 20, 26, 23, 32]
    assert closed.capture_frequencies(hare).tolist() == [25, 22, 13, 5, 1, 2]


def test_mth_poisson2_matches_rcapture(hare):
    # Rcapture manual: "The best fitting model Mth Poisson2 (N = 81.1, s.e. = 5.7) has an AIC of 146."
    row = closed.loglinear(hare, "Mth Poisson2").row(0, named=True)
    assert row["estimate"] == pytest.approx(81.1, abs=0.05)
    # Rivest & Baillargeon's variance formula gives 5.57 here; the manual prints 5.7 (see tests/data/README.md)
    assert row["se"] == pytest.approx(5.7, abs=0.15)
    assert row["aic"] == pytest.approx(146, abs=0.5)


def test_mt_without_the_two_always_caught_hares_matches_rcapture(hare):
    # Rcapture manual: Mt with a column for history 111111 "gives N = 76.8 (s.e. = 3.9) with an AIC of 146".
    t = hare.shape[1]
    hist = closed._histories(t)
    extra = (hist.sum(axis=1) == t).astype(float)
    row = closed.loglinear(hare, "Mt", extra=extra).row(0, named=True)
    assert row["estimate"] == pytest.approx(76.8, abs=0.05)
    assert row["se"] == pytest.approx(3.9, abs=0.05)
    assert row["aic"] == pytest.approx(146, abs=0.5)


def test_chao_mh_on_hare_by_hand(hare):
    row = closed.mh_chao(hare).row(0, named=True)
    assert row["estimate"] == pytest.approx(68 + 625 / 44, rel=1e-9)
    r = 25 / 22
    assert row["se"] == pytest.approx(np.sqrt(22 * (r ** 4 / 4 + r ** 3 + r ** 2 / 2)), rel=1e-9)
    # log-normal interval on f0 never goes below the 68 caught and brackets the estimate
    assert 68 < row["lcl"] < row["estimate"] < row["ucl"]
    f0 = row["estimate"] - 68
    c = np.exp(1.959964 * np.sqrt(np.log(1 + row["se"] ** 2 / f0 ** 2)))
    assert row["lcl"] == pytest.approx(68 + f0 / c, rel=1e-5)
    assert row["ucl"] == pytest.approx(68 + f0 * c, rel=1e-5)


def test_m0_and_mt_on_hare_maximise_the_otis_likelihoods(hare):
    # the loglinear (Poisson) forms of the same models agree within 1% on this data (75.4, 75.1)
    assert closed.m0(hare)["estimate"][0] == pytest.approx(closed.loglinear(hare, "M0")["estimate"][0], rel=0.01)
    assert closed.mt(hare)["estimate"][0] == pytest.approx(closed.loglinear(hare, "Mt")["estimate"][0], rel=0.01)
    # and M0's is the maximum of its likelihood over a fine grid of N
    from scipy.special import gammaln
    s, t, ndot = 68, 6, hare.sum()
    grid = np.arange(68.5, 120, 0.01)
    ll = gammaln(grid + 1) - gammaln(grid - s + 1) + (t * grid - ndot) * np.log(t * grid - ndot) - t * grid * np.log(t * grid)
    assert closed.m0(hare)["estimate"][0] == pytest.approx(grid[ll.argmax()], abs=0.02)


def test_everything_caught_gives_the_count_and_a_narrow_interval():
    x = np.ones((30, 40), dtype=int)
    for est in (closed.m0, closed.mt):
        row = est(x).row(0, named=True)
        assert row["estimate"] == pytest.approx(30, abs=0.01) and row["ucl"] < 30.5


def test_many_occasions_are_fine():
    rng = np.random.default_rng(1)
    x = (rng.uniform(size=(60, 120)) < 0.03).astype(int)
    for est in (closed.m0, closed.mt, closed.mh_chao):
        assert est(x)["estimate"][0] >= (x.sum(axis=1) > 0).sum()


def test_minimum_number_alive_counts_animals():
    x = np.array([[1, 0, 0], [0, 0, 0], [1, 1, 1]])
    row = closed.minimum_number_alive(x).row(0, named=True)
    assert row["estimate"] == 2 and row["se"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("estimator, heterogeneous", [(closed.m0, False), (closed.mt, False), (closed.mh_chao, True)])
def test_coverage_on_simulated_populations(estimator, heterogeneous):
    """Across 400 simulated closed populations of 100 animals the 95% interval covers the truth
    in 89–99% of surveys and the mean estimate is within 5% of it."""
    rng = np.random.default_rng(11)
    truth, hits, estimates = 100, 0, []
    for _ in range(400):
        p = rng.beta(2, 6, truth) if heterogeneous else np.full(truth, 0.22)
        x = (rng.uniform(size=(truth, 8)) < p[:, None]).astype(int)
        x = x[x.sum(axis=1) > 0]
        row = estimator(x).row(0, named=True)
        estimates.append(row["estimate"])
        hits += row["lcl"] <= truth <= row["ucl"]
    assert 0.89 <= hits / 400 <= 0.99
    assert abs(np.mean(estimates) / truth - 1) < 0.05
