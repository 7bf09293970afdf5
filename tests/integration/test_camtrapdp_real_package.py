"""A real park export gets in whole: the official TDWG Camtrap DP 1.0.2 example (a sample of the
MICA muskrat and coypu survey in Belgium and the Netherlands: ducks, herons, rats, foxes, people,
vehicles, blanks; media-based and event-based observations) is imported into a newly added area
and exported again, valid against the official table schemas (tests/data/README.md)."""
import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bigcats.audit import undo
from bigcats.ingest import camtrapdp
from bigcats.ingest.areas import import_areas
from bigcats.ingest.problems import ImportRefused
from tests import table_schema
from tests.cli import bigcats

EXAMPLE = Path(__file__).parents[1] / "data" / "camtrap-dp-example"


def rows(name: str) -> list[dict]:
    with open(EXAMPLE / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def area_file(tmp_path: Path, **extra) -> Path:
    """The example's survey area (its `spatial` polygon) as a new protected area in a new region."""
    spatial = json.loads((EXAMPLE / "datapackage.json").read_text())["spatial"]
    props = {"area_id": "MICA", "name_en": "MICA camera-trap sample", "country": "BE", "region": "rhine_meuse",
             "region_name_en": "Rhine–Meuse delta", **extra}
    f = tmp_path / "mica.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection",
                             "features": [{"type": "Feature", "properties": props, "geometry": spatial}]}))
    return f


def test_the_tdwg_example_goes_in_whole_through_the_command_line_and_out_valid(seed_db, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_db, db)
    r = bigcats("import", "areas", str(area_file(tmp_path)), "--db", str(db))
    assert r.returncode == 0, r.stderr
    r = bigcats("import", "camtrap-dp", str(EXAMPLE), "--park", "MICA", "--db", str(db))
    assert r.returncode == 0, r.stderr
    types = Counter(o["observationType"] for o in rows("observations"))
    assert "observations by type: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())) in r.stdout
    out = tmp_path / "out"
    r = bigcats("export", "camtrap-dp", str(out), "--park", "MICA", "--from", "2020-01-01", "--to", "2021-12-31",
                "--db", str(db))
    assert r.returncode == 0, r.stderr
    for name in ("deployments", "media", "observations"):
        with open(out / f"{name}.csv", encoding="utf-8", newline="") as fh:
            exported = list(csv.DictReader(fh))
        key = {"deployments": "deploymentID", "media": "mediaID", "observations": "observationID"}[name]
        assert sorted(r[key] for r in exported) == sorted(r[key] for r in rows(name)), name
    assert table_schema.problems(out) == []
    # every observation keeps its type, level, taxon, count and event; times are the same instants
    exported = {r["observationID"]: r for r in csv.DictReader(open(out / "observations.csv", encoding="utf-8"))}
    for o in rows("observations"):
        e = exported[o["observationID"]]
        for field in ("observationLevel", "observationType", "scientificName", "count", "mediaID", "eventID",
                      "lifeStage", "sex", "behavior", "classificationMethod"):
            assert e[field] == o[field], (o["observationID"], field)
        for field in ("eventStart", "eventEnd"):
            assert (camtrapdp._parse_datetime(e[field]) == camtrapdp._parse_datetime(o[field])), field
    desc = json.loads((out / "datapackage.json").read_text())
    given = {t["scientificName"]: t for t in json.loads((EXAMPLE / "datapackage.json").read_text())["taxonomic"]}
    for t in desc["taxonomic"]:
        assert t["vernacularNames"]["eng"] == given[t["scientificName"]]["vernacularNames"]["eng"]
        assert t["taxonRank"] == given[t["scientificName"]]["taxonRank"]
    assert sorted(desc["project"]["observationLevel"]) == ["event", "media"]


@pytest.fixture
def mica(seed_store, tmp_path):
    import_areas(seed_store, area_file(tmp_path))
    return seed_store


def test_every_taxon_becomes_a_species_of_kind_other_with_its_names(mica):
    before = set(mica.sql("SELECT species_id FROM species WHERE kind IN ('cat', 'prey')")["species_id"])
    camtrapdp.import_package(mica, EXAMPLE, "MICA")
    taxa = mica.sql("SELECT * FROM species WHERE kind = 'other'")
    named = {o["scientificName"] for o in rows("observations") if o["scientificName"]}
    assert set(taxa["scientific_name"]) == named
    mallard = taxa.filter(taxa["scientific_name"] == "Anas platyrhynchos").row(0, named=True)
    assert mallard["species_id"] == "anas_platyrhynchos" and mallard["name_en"] == "mallard"
    assert mallard["taxon_rank"] == "species" and mallard["taxon_id"].startswith("https://")
    # no Russian, Chinese or Mongolian name in the package: the scientific name, and the source says so
    assert mallard["name_ru"] == mallard["name_zh"] == "Anas platyrhynchos" and "scientific name" in mallard["source"]
    # the programme's own species are untouched, and the cat pages still list only the cats
    assert set(mica.sql("SELECT species_id FROM species WHERE kind IN ('cat', 'prey')")["species_id"]) == before
    assert set(mica.query("species_names", lang="ru").filter(kind="cat")["species_id"]) == {"leopard", "tiger", "snow_leopard"}


def test_blank_human_vehicle_and_event_observations_are_kept_as_such(mica):
    camtrapdp.import_package(mica, EXAMPLE, "MICA")
    stored = mica.sql("SELECT observation_level, observation_type, count(*) AS n FROM observations "
                      "GROUP BY ALL ORDER BY ALL").rows()
    expected = sorted(Counter((o["observationLevel"], o["observationType"]) for o in rows("observations")).items())
    assert stored == [(level, kind, n) for (level, kind), n in expected]
    # an event-based observation has no media file; a blank has no taxon and no count
    assert mica.sql("SELECT count(*) FROM observations WHERE observation_level = 'event' AND media_id IS NOT NULL").item() == 0
    assert mica.sql("SELECT count(*) FROM observations WHERE observation_type = 'blank' "
                    "AND (species_id IS NOT NULL OR count IS NOT NULL)").item() == 0


def test_importing_the_example_twice_changes_nothing_and_undo_removes_its_taxa(mica):
    first = camtrapdp.import_package(mica, EXAMPLE, "MICA")
    again = camtrapdp.import_package(mica, EXAMPLE, "MICA")
    assert first["added"] > 0 and again["added"] == again["changed"] == 0
    entry = mica.sql("SELECT max(audit_id) FROM audit_log WHERE action = 'import camtrap-dp'").item()
    undo(mica, entry)
    assert mica.sql("SELECT count(*) FROM species WHERE kind = 'other'").item() == 0
    assert mica.sql("SELECT count(*) FROM deployments WHERE owner_area_id = 'MICA'").item() == 0


def test_a_bad_taxonomic_block_is_refused_by_field_and_changes_nothing(mica, tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(EXAMPLE, pkg)
    desc = json.loads((pkg / "datapackage.json").read_text())
    desc["taxonomic"][1]["taxonRank"] = "tribe"
    desc["taxonomic"][2] = {"vernacularNames": {"eng": "no name"}}
    (pkg / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(camtrapdp.PackageRefused) as exc:
        camtrapdp.import_package(mica, pkg, "MICA")
    text = str(exc.value)
    assert "taxonomic[1].taxonRank" in text and "'tribe' is not one of" in text
    assert "taxonomic[2].scientificName" in text
    assert mica.sql("SELECT count(*) FROM observations").item() == 0


def test_a_new_area_needs_its_names_country_and_region(seed_store, tmp_path):
    f = area_file(tmp_path, country="Belgium")
    with pytest.raises(ImportRefused) as exc:
        import_areas(seed_store, f)
    assert "feature 1, field 'country'" in str(exc.value) and "ISO 3166" in str(exc.value)
    spatial = json.loads((EXAMPLE / "datapackage.json").read_text())["spatial"]
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"area_id": "NEW"}, "geometry": spatial}]}))
    with pytest.raises(ImportRefused) as exc:
        import_areas(seed_store, f)
    for field in ("name_en", "country", "region"):
        assert f"field '{field}'" in str(exc.value)
    assert seed_store.sql("SELECT count(*) FROM protected_areas WHERE area_id IN ('MICA', 'NEW')").item() == 0


def test_a_new_area_in_a_partner_country_of_a_known_region(seed_store, tmp_path):
    """Southern Altai with Kazakhstan (Proposal 3's next phases): a park of a fifth country in the
    Altai-Sayan region, its cameras checked against its own boundary."""
    square = {"type": "Polygon", "coordinates": [[[85.0, 49.0], [86.0, 49.0], [86.0, 49.6], [85.0, 49.6], [85.0, 49.0]]]}
    f = tmp_path / "kz.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": square,
        "properties": {"area_id": "KATON", "name_en": "Katon-Karagay National Park", "name_ru": "Катон-Карагайский",
                       "country": "KZ", "region": "altai_sayan", "kind": "national_park"}}]}))
    assert import_areas(seed_store, f) == 1
    row = seed_store.sql("SELECT region_id, country, name_ru, schematic FROM protected_areas WHERE area_id = 'KATON'").row(0)
    assert row == ("altai_sayan", "KZ", "Катон-Карагайский", False)
    assert seed_store.sql("SELECT count(*) FROM regions WHERE region_id = 'altai_sayan'").item() == 1
    # the park's cameras stand in Kazakhstan, which the region's country shapes do not cover
    pkg = tmp_path / "katon"
    shutil.copytree(EXAMPLE, pkg)
    deployments = rows("deployments")
    for k, d in enumerate(deployments):
        d["latitude"], d["longitude"] = f"{49.1 + 0.1 * k:.3f}", "85.500"
    deployments[-1]["latitude"], deployments[-1]["longitude"] = "42.000", "130.000"   # in Primorye instead
    with open(pkg / "deployments.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(deployments[0]))
        w.writeheader()
        w.writerows(deployments)
    with pytest.raises(camtrapdp.PackageRefused) as exc:
        camtrapdp.import_package(seed_store, pkg, "KATON")
    assert str(exc.value).count("outside the altai_sayan region") == 1 and f"row {len(deployments) + 1}" in str(exc.value)
    deployments[-1]["latitude"], deployments[-1]["longitude"] = "49.500", "85.900"
    with open(pkg / "deployments.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(deployments[0]))
        w.writeheader()
        w.writerows(deployments)
    assert camtrapdp.import_package(seed_store, pkg, "KATON")["tables"]["deployments"]["added"] == len(deployments)
