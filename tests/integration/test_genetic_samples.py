"""The genetic sample register: imported and brought up to date from CSV, refused by row and
column, and a genotyped sample assigned to an entry is a detection of it beside its photographs."""
import csv
from datetime import date

import pytest

from bigcats.ingest import camtrapdp
from bigcats.ingest.samples import SamplesRefused, import_samples
from tests.camtrap_package import make_package

HEADER = ["sample_id", "kind", "area", "collected_on", "latitude", "longitude", "collector", "lab", "status",
          "genotype", "species", "individual"]


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


@pytest.fixture
def store(seed_store, tmp_path):
    camtrapdp.import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")  # the leopard 'Leo 99F'
    return seed_store


def test_the_register_follows_the_lab_and_a_genotype_is_a_detection(store, tmp_path):
    collected = [["DNA-1", "scat", "LLNP", "2014-03-05", "42.46", "130.60", "A. Collector", "", "collected", "", "leopard", ""]]
    assert import_samples(store, write(tmp_path / "s.csv", collected)) == {"samples": 1}
    back = [["DNA-1", "scat", "LLNP", "2014-03-05", "42.46", "130.60", "A. Collector", "Lab V", "genotyped", "PPO-17",
             "Panthera pardus orientalis", "LLNP:Leo 99F"]]
    import_samples(store, write(tmp_path / "s.csv", back))
    assert store.sql("SELECT status, genotype, individual_id FROM genetic_samples").rows() == [("genotyped", "PPO-17", "Leo 99F")]
    found = store.query("sample_detections", park="LLNP", individual="Leo 99F")
    photos = store.sql("SELECT count(*) FROM observations WHERE individual_id = 'Leo 99F'").item()
    assert found["evidence"].to_list().count("photograph") == photos and "genetic sample" in found["evidence"].to_list()
    assert found.filter(evidence="genetic sample")["day"].cast(str).item() == "2014-03-05"


@pytest.mark.parametrize("row,where", [
    (["D2", "feather", "LLNP", "2014-03-05", "", "", "", "", "sent", "", "", ""], "row 2, column 'kind'"),
    (["D2", "scat", "LLNP", "2014-03-05", "", "", "", "", "sent", "G-1", "", ""], "row 2, column 'genotype': a genotype for a sample whose status is 'sent'"),
    (["D2", "scat", "LLNP", "2014-03-05", "", "", "", "", "genotyped", "G-1", "tiger", "LLNP:Leo 99F"], "row 2, column 'individual': 'LLNP:Leo 99F' is a leopard, not a tiger"),
    (["D2", "scat", "LLNP", "2014-03-05", "", "", "", "", "genotyped", "G-1", "", "LLNP:Nobody"], "row 2, column 'individual': 'LLNP:Nobody' is not a catalogue entry"),
    (["D2", "scat", "LLNP", "2014-03-05", "10", "10", "", "", "sent", "", "", ""], "row 2, column 'latitude'"),
    (["D2", "scat", "LLNP", "2031-03-05", "", "", "", "", "sent", "", "", ""], "row 2, column 'collected_on'"),
])
def test_a_bad_row_is_refused_where_it_stands_and_nothing_is_written(store, tmp_path, row, where):
    with pytest.raises(SamplesRefused) as exc:
        import_samples(store, write(tmp_path / "bad.csv", [row]))
    assert where in str(exc.value) and "bad.csv" in str(exc.value)
    assert store.sql("SELECT count(*) FROM genetic_samples").item() == 0


def test_the_summary_counts_statuses_genotypes_and_entries_by_hand(store, tmp_path):
    from datetime import date

    from bigcats import signs
    import_samples(store, write(tmp_path / "s.csv", [
        ["A1", "scat", "LLNP", "2014-03-05", "", "", "", "Lab V", "genotyped", "G-1", "leopard", "LLNP:Leo 99F"],
        ["A2", "scat", "LLNP", "2014-03-06", "", "", "", "Lab V", "genotyped", "G-1", "leopard", "LLNP:Leo 99F"],
        ["A3", "hair", "LLNP", "2014-03-07", "", "", "", "Lab V", "genotyped", "G-2", "leopard", ""],
        ["A4", "scat", "LLNP", "2014-03-08", "", "", "", "Lab V", "failed", "", "", ""],
        ["A5", "scat", "LLNP", "2014-04-01", "", "", "", "", "collected", "", "", ""]]))
    register = signs.sample_register(store, "LLNP", date(2014, 1, 1), date(2014, 3, 31))
    assert register["sample_id"].to_list() == ["A1", "A2", "A3", "A4"]  # A5 is after the period
    summary = signs.sample_summary(register)
    row = summary.filter(area_id="LLNP").row(0, named=True)
    # two genotypes (two animals), one of them assigned to a catalogue entry
    assert (row["genotyped"], row["failed"], row["collected"], row["samples"], row["genotypes"], row["entries"]) == \
        (3, 1, 0, 4, 2, 1)
    assert summary.filter(area_id="all").drop("area_id").rows() == summary.filter(area_id="LLNP").drop("area_id").rows()


def test_the_form_saves_a_sample_and_refuses_a_bad_one_by_field_writing_nothing(store):
    from bigcats.ingest.samples import save_sample
    from tests.store_state import fingerprint
    saved = save_sample(store, {"sample_id": "F-1", "kind": "scat", "area": "LLNP", "collected_on": "2014-03-05",
                                "latitude": "", "longitude": "", "collector": "", "lab": "", "status": "collected",
                                "genotype": "", "individual": "", "species": "leopard"})
    assert saved["sample_id"] == "F-1" and store.sql("SELECT count(*) FROM genetic_samples").item() == 1
    before = fingerprint(store)
    with pytest.raises(SamplesRefused) as exc:
        save_sample(store, {"sample_id": "F-1", "kind": "scat", "area": "LLNP", "collected_on": "2014-03-05",
                            "status": "sent", "genotype": "G-9", "individual": "LLNP:Nobody", "species": "leopard"})
    text = str(exc.value)
    assert "form, column 'genotype'" in text and "form, column 'individual'" in text
    with pytest.raises(SamplesRefused) as exc:
        save_sample(store, {"sample_id": "F-2", "kind": "", "area": "LLNP", "collected_on": None, "status": "sent"})
    assert "column 'kind': required" in str(exc.value) and "column 'collected_on': required" in str(exc.value)
    assert fingerprint(store) == before
    # the lab's answer brings the sample up to date
    save_sample(store, {"sample_id": "F-1", "kind": "scat", "area": "LLNP", "collected_on": "2014-03-05",
                        "status": "genotyped", "genotype": "G-9", "individual": "LLNP:Leo 99F", "species": ""})
    assert store.sql("SELECT status, genotype, individual_id FROM genetic_samples").rows() == [("genotyped", "G-9", "Leo 99F")]


def test_a_genotyped_sample_is_on_its_animals_timeline(store, tmp_path):
    import polars as pl

    from dashboards.figures.individuals import timeline
    import_samples(store, write(tmp_path / "s.csv", [
        ["DNA-1", "scat", "LLNP", "2014-03-05", "", "", "", "Lab V", "genotyped", "G-1", "leopard", "LLNP:Leo 99F"],
        ["DNA-2", "scat", "LLNP", "2014-03-06", "", "", "", "Lab V", "sent", "", "leopard", ""]]))
    animal = store.sql("SELECT animal_id FROM catalogue_animals WHERE individual_id = 'Leo 99F'").item()
    samples = store.query("animal_genetic_samples", animal=animal)
    assert samples.select("sample_id", "country").rows() == [("DNA-1", "RU")]  # genotyped and assigned only
    photos = store.query("identified_detections", species="leopard", scope="LLNP", date_from=date(2014, 1, 1),
                         date_to=date(2014, 12, 31)).filter(pl.col("animal_id") == animal)
    entry = pl.concat_str([pl.col("catalogue_area_id"), pl.col("individual_id")], separator=": ").alias("entry")
    fig = timeline(photos.with_columns(entry).select("observed_at", "entry", "country", "deployment_id"), "en",
                   samples=samples.with_columns(entry))
    dna = [r for r in fig.renderers if "sample_id" in r.data_source.data]
    assert len(dna) == 1 and list(dna[0].data_source.data["sample_id"]) == ["DNA-1"]
    assert list(dna[0].data_source.data["entry"]) == ["LLNP: Leo 99F"]
