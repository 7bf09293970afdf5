"""Passports: one card per animal with its catalogue IDs, the disagreement of its photographs kept
visible, and the photograph embedded so the printed file needs no network."""
import base64

import polars as pl

from bigcats import passports
from bigcats.ingest import camtrapdp
from tests.camtrap_package import PNG, make_package


def test_passport_of_an_imported_animal_embeds_its_photograph(seed_store, tmp_path):
    camtrapdp.import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")
    det = seed_store.query("identified_detections", species="leopard", scope="LLNP",
                           date_from="2014-01-01", date_to="2014-12-31")
    pp = passports.passports(det)
    row = pp.row(0, named=True)
    assert row["catalogue_ids"] == "LLNP: Leo 99F" and row["aliases"] == "Bright Eye"
    assert row["detections"] == 3 and row["photo_media_id"] == "M1"
    assert row["sex"] == "female" and row["sex_disagrees"]           # one photograph reads male
    assert row["sexes_photographed"] == "female 1, unknown 1, male 1"
    m = seed_store.query("media_photo", media_id="M1")
    names = dict(seed_store.query("area_names", lang="ru").iter_rows())
    doc = passports.passports_html(pp, "Passports", "ru", {"M1": (m["file_mediatype"][0], m["content"][0])}, demo=False,
                                   park_names=names)
    assert f"data:image/png;base64,{base64.b64encode(PNG).decode()}" in doc
    # the park and its country by name in the reader's language, not their codes
    assert names["LLNP"] in doc and "Россия" in doc and "LLNP (" not in doc and ">LLNP<" not in doc
    assert "Паспорт особи" in doc and "самка" in doc and "ДЕМО" not in doc
    assert doc.count('class="passport"') == 1
    csv = passports.passport_csv(pp)
    assert csv.splitlines()[0].startswith("animal_id,catalogue_ids,aliases")


def test_shared_is_true_only_for_animals_seen_in_two_countries():
    det = pl.DataFrame({
        "observation_id": ["1", "2", "3"], "animal_id": ["A", "A", "B"], "catalogue_area_id": ["LLNP", "TLNP", "LLNP"],
        "individual_id": ["x", "y", "z"], "alias": [None, None, None], "catalogue_sex": ["male", "male", "female"],
        "sex": ["male", "unknown", "female"], "life_stage": ["adult", "adult", "juvenile"],
        "observed_at": pl.Series(["2014-01-01 22:00", "2014-02-01 22:00", "2014-01-05 21:00"]).str.to_datetime(),
        "owner_area_id": ["LLNP", "TLNP", "LLNP"], "country": ["RU", "CN", "RU"], "media_id": [None, None, None]})
    pp = passports.passports(det)
    assert pp.filter(pl.col("animal_id") == "A")["shared"][0]
    assert not pp.filter(pl.col("animal_id") == "B")["shared"][0]
    a = pp.filter(pl.col("animal_id") == "A").row(0, named=True)
    assert a["catalogue_ids"] == "LLNP: x; TLNP: y" and a["first_park"] == "LLNP" and a["last_park"] == "TLNP"
