"""Activity overlap from the store: the demo simulation draws each species' times of day from its
own pattern (bigcats.simulate.CatModel.activity), so the true overlap of two species is known and
the estimate's interval must cover it; independence and the CLI."""
import numpy as np
import pytest

from bigcats import activity, simulate
from bigcats.cli import main

PERIOD = ("2020-01-01", "2022-12-31")


def true_overlap(a: simulate.CatModel, b: simulate.CatModel) -> float:
    """∫ min(f, g) of the two simulated patterns (mixtures of normals wrapped on 24 h)."""
    hours = np.linspace(0, 24, 24 * 600, endpoint=False)

    def density(model):
        out = np.zeros_like(hours)
        total = sum(w for *_, w in model.activity)
        for centre, sd, w in model.activity:
            for wrap in (-48, -24, 0, 24, 48):
                out += w / total * np.exp(-0.5 * ((hours + wrap - centre) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
        return out
    return float(np.minimum(density(a), density(b)).sum() * (hours[1] - hours[0]))


@pytest.mark.slow  # a calibration against the simulation's truth
def test_the_interval_covers_the_simulated_overlap(demo_reader):
    truth = true_overlap(simulate.TIGER, simulate.LEOPARD)
    assert 0.3 < truth < 0.95  # the two patterns differ: an overlap of about 1 would test nothing
    result = activity.activity_overlap(demo_reader, "tiger", "leopard", "tumen", *PERIOD, resamples=200)
    best = result.estimates.filter(result.estimates["recommended"]).row(0, named=True)
    assert best["estimator"] == "dhat4"  # both samples above 75 detections
    assert best["lcl"] <= truth <= best["ucl"], (best, truth)
    assert best["lcl"] < best["estimate"] < best["ucl"]
    # each species' density integrates to one over the day
    for sp in ("tiger", "leopard"):
        d = result.densities.filter(result.densities["species_id"] == sp)
        assert np.trapezoid(d["density"].to_numpy(), d["hour"].to_numpy()) == pytest.approx(1.0, abs=0.01)


def test_independence_drops_photographs_close_in_time(demo_reader):
    every = activity.detection_times(demo_reader, "tiger", "LLNP", *PERIOD, independence_minutes=0)
    photos = demo_reader.sql(
        "SELECT count(*) AS n FROM observations o JOIN deployment_places p USING (deployment_id) "
        "WHERE o.species_id = 'tiger' AND p.owner_area_id = 'LLNP' AND o.observed_at >= DATE '2020-01-01' "
        "AND o.observed_at < DATE '2023-01-01'")["n"][0]
    # independence 0: only photographs at the very same second of a camera count once
    assert 0 < every.size <= photos
    day = activity.detection_times(demo_reader, "tiger", "LLNP", *PERIOD, independence_minutes=24 * 60)
    assert day.size < every.size


def test_sun_time_moves_sunrise_and_sunset_to_six_and_eighteen(demo_reader):
    sun = activity.detection_times(demo_reader, "leopard", "LLNP", *PERIOD, time="sun")
    clock = activity.detection_times(demo_reader, "leopard", "LLNP", *PERIOD, time="clock")
    assert sun.size == clock.size and not np.allclose(sun, clock)
    assert sun.min() >= 0 and sun.max() < 2 * np.pi


def test_cli_prints_both_estimators_with_intervals_and_sample_sizes(demo_db, capsys):
    code = main(["activity", "--species", "tiger", "--versus", "leopard", "--area", "tumen", "--from", PERIOD[0],
                 "--to", PERIOD[1], "--resamples", "50", "--csv", "--db", str(demo_db)])
    out = capsys.readouterr().out.splitlines()
    assert code in (0, None)
    assert out[0].startswith("estimator,estimate,lcl,ucl,resamples,recommended,species,versus,area,n_tiger,n_leopard")
    assert [line.split(",")[0] for line in out[1:]] == ["dhat1", "dhat4"]


def test_cli_refuses_a_pair_without_detections(demo_db, capsys):
    code = main(["activity", "--species", "snow_leopard", "--versus", "leopard", "--area", "tumen", "--from",
                 PERIOD[0], "--to", PERIOD[1], "--db", str(demo_db)])
    assert code != 0
    assert "too few for an activity pattern" in capsys.readouterr().err
