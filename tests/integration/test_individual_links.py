"""Linking catalogues: the candidate queue finds the animals the simulation left unlinked, and a
confirmed link is recorded with its evidence, or refused with the reason."""
from datetime import date

import pytest

from bigcats.ingest.links import LinkRefused, link_individuals

pytestmark = pytest.mark.both_backends  # every writing store on a file and on a lake

QUEUE = dict(max_days=28, max_km=10, date_from=date(2013, 1, 1), date_to=date(2025, 12, 31))


def unlinked_true_pairs(store, species):
    """The simulation names each animal in the alias; pairs of entries of one animal with no link."""
    return store.sql(
        "SELECT a.catalogue_area_id, a.individual_id, b.catalogue_area_id, b.individual_id FROM individuals a "
        "JOIN individuals b ON a.alias = b.alias AND a.catalogue_area_id > b.catalogue_area_id "
        "WHERE a.species_id = ? AND NOT EXISTS (SELECT 1 FROM individual_links l WHERE "
        "(l.area_a = a.catalogue_area_id AND l.individual_a = a.individual_id) OR "
        "(l.area_b = a.catalogue_area_id AND l.individual_b = a.individual_id))", [species]).rows()


@pytest.mark.parametrize("species", ["leopard", "tiger"])
def test_queue_proposes_every_animal_left_unlinked(demo_reader, species):
    truth = unlinked_true_pairs(demo_reader, species)
    assert truth, "the simulation leaves recent cross-border animals unlinked"
    queue = demo_reader.query("candidate_matches", species=species, region="tumen", **QUEUE)
    proposed = set(queue.select("area_a", "individual_a", "area_b", "individual_b").rows())
    for pair in truth:
        assert pair in proposed


def test_confirming_a_candidate_removes_it_from_the_queue_and_shares_the_animal(demo_store):
    (area_a, ind_a, area_b, ind_b), *_ = unlinked_true_pairs(demo_store, "tiger")
    before = demo_store.query("transboundary_shares", species="tiger", region="tumen",
                              date_from=date(2024, 1, 1), date_to=date(2025, 12, 31)).row(0, named=True)
    link_individuals(demo_store, area_a, ind_a, area_b, ind_b, "stripe pattern on both flanks", "N. Petrova")
    row = demo_store.sql("SELECT evidence, matched_by FROM individual_links WHERE individual_a = ? AND individual_b = ?",
                         [ind_a, ind_b]).row(0)
    assert row == ("stripe pattern on both flanks", "N. Petrova")
    queue = demo_store.query("candidate_matches", species="tiger", region="tumen", **QUEUE)
    assert (area_a, ind_a, area_b, ind_b) not in set(queue.select("area_a", "individual_a", "area_b", "individual_b").rows())
    after = demo_store.query("transboundary_shares", species="tiger", region="tumen",
                             date_from=date(2024, 1, 1), date_to=date(2025, 12, 31)).row(0, named=True)
    assert after["detected"] == before["detected"] - 1 and after["shared"] >= before["shared"] + 1


@pytest.mark.parametrize("args, reason", [
    (("LLNP", "Pt 1M", "TLNP", "NOPE"), "not in TLNP's catalogue"),
    (("LLNP", "Pt 1M", "LLNP", "Pt 2F"), "one catalogue"),
    (("LLNP", "Pt 1M", "TLNP", "L-01"), "is a tiger"),
])
def test_bad_links_are_refused(demo_store, args, reason):
    n = demo_store.sql("SELECT count(*) AS n FROM individual_links")["n"][0]
    with pytest.raises(LinkRefused, match=reason):
        link_individuals(demo_store, *args, "photos", "me")
    assert demo_store.sql("SELECT count(*) AS n FROM individual_links")["n"][0] == n


def test_link_needs_evidence_and_a_name(demo_store):
    with pytest.raises(LinkRefused, match="evidence"):
        link_individuals(demo_store, "LLNP", "Pt 1M", "TLNP", "T-01", " ", "me")
    with pytest.raises(LinkRefused, match="name"):
        link_individuals(demo_store, "LLNP", "Pt 1M", "TLNP", "T-01", "photos", "")


@pytest.mark.slow  # a brute-force cross-check over four survey years
def test_binned_queue_equals_every_photograph_against_every_photograph(demo_reader):
    """The queue pairs visits within neighbouring bins; a brute force over every pair of
    photographs across the border must find the same entries, distances and days."""
    import numpy as np
    import polars as pl
    # the last four survey years (with unlinked candidates in the demo): the brute force grows with
    # the square of the photographs
    window = QUEUE | dict(date_from=date(2022, 1, 1))
    det = demo_reader.for_computation().query("identified_detections", species="tiger", scope="tumen",
                                              date_from=window["date_from"], date_to=window["date_to"])
    det = det.select(pl.col("catalogue_area_id").alias("area"), pl.col("individual_id").alias("id"), "observed_at",
                     pl.col("latitude").alias("lat"), pl.col("longitude").alias("lon"), "country",
                     pl.col("catalogue_sex").alias("sex"))
    a, b = det.filter(pl.col("country") == "CN"), det.filter(pl.col("country") == "RU")
    pairs = a.join(b, how="cross", suffix="_b").filter(
        (pl.col("sex") == pl.col("sex_b")) | (pl.col("sex") == "unknown") | (pl.col("sex_b") == "unknown"))
    lat1, lat2 = np.radians(pairs["lat"].to_numpy()), np.radians(pairs["lat_b"].to_numpy())
    dlon = np.radians(pairs["lon_b"].to_numpy() - pairs["lon"].to_numpy())
    km = 6371.0 * 2 * np.arcsin(np.sqrt(np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2))
    days = np.abs((pairs["observed_at_b"] - pairs["observed_at"]).dt.total_seconds().to_numpy()) / 86400
    close = pairs.with_columns(pl.Series("km", km), pl.Series("days", days)).filter(
        (pl.col("km") <= window["max_km"]) & (pl.col("days") <= window["max_days"]))
    linked = {(r[0], r[1], r[2]) for r in demo_reader.sql(
        "SELECT area_a, individual_a, area_b FROM individual_links UNION SELECT area_b, individual_b, area_a "
        "FROM individual_links").rows()}
    # an entry already linked into the other park is not proposed again
    expected = (close.group_by("area", "id", "area_b", "id_b").agg(pl.col("km").min().round(2), pl.col("days").min().round(1))
                .filter(pl.struct("area", "id", "area_b", "id_b").map_elements(
                    lambda r: (r["area"], r["id"], r["area_b"]) not in linked and (r["area_b"], r["id_b"], r["area"]) not in linked,
                    return_dtype=pl.Boolean)))
    queue = demo_reader.query("candidate_matches", species="tiger", region="tumen", **window)
    assert expected.height > 0
    assert sorted(queue.select("area_a", "individual_a", "area_b", "individual_b", "nearest_km", "fewest_days").rows()) == \
        sorted(expected.rows())
