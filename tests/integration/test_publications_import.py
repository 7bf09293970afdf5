"""The publication register: BibTeX and RIS round trips, duplicates refused, merged or skipped by
choice, and refused records named with the field and reason, the store unchanged."""
import polars as pl
import pytest

from bigcats import Store
from bigcats.ingest.seed import load_seed
from bigcats.ingest.publications import (PublicationsRefused, add_publication, import_publications, to_bibtex,
                                         to_csv, to_ris)

BIB = """@article{ivanov2020,
  title = {Копытные Земли леопарда},
  title_en = {Ungulates of the Land of the Leopard},
  author = {Ivanov, I. and Petrova, N.},
  year = {2020},
  language = {russian},
  park = {LLNP},
  abstract = {Winter counts of ungulates 2015-2020.},
  doi = {10.1234/llnp.2020.1}
}
@article{li2021,
  title = {东北虎豹国家公园的猎物},
  title_en = {Prey of the Northeast China Tiger and Leopard National Park},
  author = {Li, W.},
  year = {2021},
  language = {zh},
  park = {TLNP},
  exchanged_on = {2022-01-20},
  exchanged_to = {LLNP}
}
"""


def register(store) -> pl.DataFrame:
    return store.query("publication_register", text="")


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_bibtex_import_then_round_trips_through_bibtex_and_ris(seed_store, tmp_path):
    assert import_publications(seed_store, write(tmp_path, "a.bib", BIB))["added"] == 2
    first = register(seed_store).drop("source", "synthetic")
    assert first.filter(pl.col("doi") == "10.1234/llnp.2020.1")["language"][0] == "ru"
    for name, text in (("b.bib", to_bibtex(register(seed_store))), ("c.ris", to_ris(register(seed_store)))):
        with Store.open(":memory:") as partner:   # the partner park's empty register
            load_seed(partner)
            assert import_publications(partner, write(tmp_path, name, text))["added"] == 2
            again = register(partner).drop("source", "synthetic")
        assert again.equals(first), name
    assert to_csv(register(seed_store)).splitlines()[0].startswith("publication_id,year,area_id")


def test_duplicates_refused_merged_or_skipped(seed_store, tmp_path):
    import_publications(seed_store, write(tmp_path, "a.bib", BIB))
    same_doi = BIB.split("@article{li2021")[0].replace("ivanov2020", "again").replace(
        "title_en = {Ungulates of the Land of the Leopard}", "title_en = {Ungulates of LLNP}")
    f = write(tmp_path, "dup.bib", same_doi.replace("doi = {10.1234/llnp.2020.1}", "doi = {https://doi.org/10.1234/LLNP.2020.1},\n  url = {https://example.org/u}"))
    n = register(seed_store).height
    with pytest.raises(PublicationsRefused, match=r"record 1 \(again\), field 'doi': already in the register"):
        import_publications(seed_store, f)
    assert register(seed_store).height == n
    assert import_publications(seed_store, f, on_duplicate="skip") == {"added": 0, "merged": 0, "skipped": 1}
    assert import_publications(seed_store, f, on_duplicate="merge")["merged"] == 1
    row = register(seed_store).filter(pl.col("doi") == "10.1234/llnp.2020.1").row(0, named=True)
    assert row["url"] == "https://example.org/u" and row["title_en"] == "Ungulates of the Land of the Leopard"
    # same English title and year, no DOI: a duplicate too
    with pytest.raises(PublicationsRefused, match="already in the register"):
        add_publication(seed_store, {"title": "Prey of the Northeast China Tiger and Leopard National Park",
                                     "authors": "Wang, X.", "year": "2021", "language": "en", "park": "TLNP"})


@pytest.mark.parametrize("change, field, reason", [
    (("year = {2020}", "year = {twenty}"), "year", "is not a year"),
    (("language = {russian}", "language = {latin}"), "language", "give Russian, Chinese, English or Mongolian"),
    (("park = {LLNP}", "park = {ZOO}"), "park", "'ZOO' is not a protected area"),
    (("  title_en = {Ungulates of the Land of the Leopard},\n", ""), "title_en", "needs its English title"),
    (("author = {Ivanov, I. and Petrova, N.}", "author = {}"), "author", "missing"),
    (("exchanged_on = {2022-01-20}", "exchanged_on = {20.01.2022}"), "exchanged_on", "is not a date"),
    (("  exchanged_to = {LLNP}\n", ""), "exchanged_to", "go together"),
])
def test_bad_records_are_refused_with_field_and_reason(seed_store, tmp_path, change, field, reason):
    with pytest.raises(PublicationsRefused) as err:
        import_publications(seed_store, write(tmp_path, "x.bib", BIB.replace(*change)))
    assert f"field {field!r}" in str(err.value) and reason in str(err.value)
    assert register(seed_store).height == 0


def test_wrong_encoding_wrong_format_and_repeated_record(seed_store, tmp_path):
    with pytest.raises(PublicationsRefused, match="not UTF-8"):
        import_publications(seed_store, write(tmp_path, "x.bib", "@article{a, title = {Über Tiger}, author = {Müller, K.}, year = {2020}, language = {en}, park = {LLNP}}", "latin-1"))
    with pytest.raises(PublicationsRefused, match=r"give a \.bib"):
        import_publications(seed_store, write(tmp_path, "x.docx", BIB))
    with pytest.raises(PublicationsRefused, match="repeats record 1 of the same file"):
        import_publications(seed_store, write(tmp_path, "x.bib", BIB + BIB.split("@article{li2021")[0].replace("ivanov2020", "twice")))
    assert register(seed_store).height == 0


def test_exchange_status_per_park_and_year(seed_store, tmp_path):
    import_publications(seed_store, write(tmp_path, "a.bib", BIB))
    status = {(r["area_id"], r["year"]): r for r in seed_store.query("publication_exchange").iter_rows(named=True)}
    assert status[("TLNP", 2021)]["annual_exchange"] == "done" and status[("TLNP", 2021)]["missing_abstract"] == 1
    assert status[("LLNP", 2020)]["annual_exchange"] == "not done" and status[("LLNP", 2020)]["exchanged"] == 0
    hits = seed_store.query("publication_register", text="ungulates")
    assert hits["title_en"].to_list() == ["Ungulates of the Land of the Leopard"]
