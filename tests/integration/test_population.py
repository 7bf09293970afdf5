"""Population estimates from the demo store, against the simulation that made it."""
from datetime import date

import polars as pl
import pytest

from bigcats import population


def test_shares_2013_2015_are_computed_close_to_the_proposals(demo_reader):
    # Proposal 1: "19 of 45 tigers and 15 of 89 leopards were shared" in 2013-2015
    for species, shared, detected in (("tiger", 19, 45), ("leopard", 15, 89)):
        row = demo_reader.query("transboundary_shares", species=species, region="tumen",
                                date_from=date(2013, 1, 1), date_to=date(2015, 12, 31)).row(0, named=True)
        assert abs(row["detected"] - detected) / detected <= 0.2
        assert abs(row["shared"] - shared) / shared <= 0.35


def test_every_method_brackets_the_animals_photographed(demo_reader):
    mna = population.estimate(demo_reader, "tiger", "khingan", "2016-01-01", "2016-12-31", "mna")["estimate"][0]
    for method in ("m0", "mt", "mh"):
        row = population.estimate(demo_reader, "tiger", "khingan", "2016-01-01", "2016-12-31", method, "7d").row(0, named=True)
        assert row["estimate"] >= mna and row["lcl"] >= mna - 1e-6 and row["ucl"] >= row["estimate"]


@pytest.mark.slow
def test_secr_recovers_the_simulated_detection_function(demo_reader):
    out = population.estimate(demo_reader, "leopard", "LLNP", "2016-01-01", "2016-12-31", "secr")
    d = out.filter(pl.col("quantity") == "density_per_100km2").row(0, named=True)
    # simulate.py: leopard sigma 2.0 km; daily rate 0.08, i.e. g0 = 1 - exp(-0.08) = 0.077
    assert d["sigma_km"] == pytest.approx(2.0, rel=0.2)
    assert d["g0"] == pytest.approx(0.077, rel=0.3)
    # E(N) over the mask and over the park's part of it (not the whole park from its cameras' corner)
    n = dict(out.filter(pl.col("quantity") == "abundance").select("region", "estimate").iter_rows())
    assert set(n) == {population.SECR_MASK, "LLNP"} and n["LLNP"] <= n[population.SECR_MASK] * 1.02
    assert "σ)" in d["mask"]  # the buffer used, in fitted sigmas
    assert d["synthetic"]


def test_trend_has_one_estimate_per_survey_year(demo_reader):
    frame, notes = population.trend(demo_reader, "leopard", "tumen", 2013, 2016, "mh", "7d")
    assert frame["year"].to_list() == [2013, 2014, 2015, 2016]
    assert notes.is_empty()


@pytest.mark.parametrize("scope", ["tumen", "LLNP", "khingan", "tumen:CN"])
def test_survey_years_are_the_years_a_deployment_of_the_scope_started(demo_reader, scope):
    deployments = demo_reader.query("survey_deployments", scope=scope, date_from=date(1900, 1, 1),
                                    date_to=date(2100, 1, 1))
    assert deployments.height
    assert population.survey_years(demo_reader, scope) == sorted({d.year for d in deployments["start_at"].to_list()})


def test_sex_age_structure_counts_each_animal_once(demo_reader):
    s = population.sex_age(demo_reader, "leopard", "tumen", "2014-01-01", "2014-12-31")
    mna = population.estimate(demo_reader, "leopard", "tumen", "2014-01-01", "2014-12-31", "mna")["estimate"][0]
    assert s["individuals"].sum() == mna
    assert set(s["sex"]) <= {"female", "male", "unknown"}
    assert s["disagreeing"].sum() > 0  # the simulation misreads some photographs; they are kept visible


def test_estimates_are_memoised_until_a_write(demo_store):
    a = population.estimate(demo_store, "tiger", "khingan", "2016-01-01", "2016-12-31", "mh", "7d")
    b = population.estimate(demo_store, "tiger", "khingan", "2016-01-01", "2016-12-31", "mh", "7d")
    assert a is b
    with demo_store.transaction() as cur:
        cur.execute("DELETE FROM observations WHERE species_id = 'tiger' AND deployment_id LIKE 'KHI-2016%' "
                    "AND observation_id IN (SELECT min(observation_id) FROM observations WHERE deployment_id LIKE 'KHI-2016%')")
    c = population.estimate(demo_store, "tiger", "khingan", "2016-01-01", "2016-12-31", "mh", "7d")
    assert c is not a


def test_a_write_elsewhere_keeps_the_memoised_estimates(demo_store):
    from bigcats.ingest.expenditures import add_expenditure
    a = population.estimate(demo_store, "tiger", "khingan", "2016-01-01", "2016-12-31", "mh", "7d")
    add_expenditure(demo_store, 1, "1.1", "2021-03-15", "5", "USD", confirm_over_budget=True)
    assert population.estimate(demo_store, "tiger", "khingan", "2016-01-01", "2016-12-31", "mh", "7d") is a
    with demo_store.transaction(touches=["observations"]) as cur:  # a write to what the estimate reads
        cur.execute("DELETE FROM observations WHERE observation_id = (SELECT min(observation_id) FROM observations "
                    "WHERE deployment_id LIKE 'KHI-2016%')")
    assert population.estimate(demo_store, "tiger", "khingan", "2016-01-01", "2016-12-31", "mh", "7d") is not a
