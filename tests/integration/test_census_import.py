"""Census import: every refusal located, nothing half-written; a good file adds routes and counts."""
import pytest

from bigcats.ingest.census import CensusRefused, add_route, import_census

HEADER = "route_id,area,surveyed_on,length_km,species,crossings,start_lon,start_lat,end_lon,end_lat\n"
GOOD = ("T-1,POMP,2022-01-25,12.5,roe_deer,31,130.50,48.20,130.62,48.25\n"
        "T-1,POMP,2022-01-25,12.5,tiger,1,130.50,48.20,130.62,48.25\n"
        "T-2,TPG,2022-01-26,9,Capreolus pygargus,14,,,,\n")


def n(store):
    return (store.sql("SELECT count(*) AS n FROM census_routes")["n"][0],
            store.sql("SELECT count(*) AS n FROM census_counts")["n"][0])


def write(tmp_path, text, enc="utf-8"):
    p = tmp_path / "census.csv"
    p.write_bytes(text.encode(enc))
    return p


def test_good_file(seed_store, tmp_path):
    assert import_census(seed_store, write(tmp_path, HEADER + GOOD)) == 2
    assert n(seed_store) == (2, 3)
    assert seed_store.sql("SELECT ST_AsText(geom) AS g FROM census_routes WHERE route_id = 'T-1'")["g"][0].startswith("LINESTRING")


@pytest.mark.parametrize("row, where, reason", [
    ("T-3,NOPE,2022-01-25,5,roe_deer,3,,,,", "row 5, column 'area'", "'NOPE' is not a protected area"),
    ("T-3,POMP,2022-01-25,5,moose,3,,,,", "row 5, column 'species'", "'moose' is not a species"),
    ("T-3,POMP,2022-01-25,0,roe_deer,3,,,,", "row 5, column 'length_km'", "must be more than zero"),
    ("T-3,POMP,2022-01-25,5,roe_deer,-2,,,,", "row 5, column 'crossings'", "not a whole number"),
    ("T-3,POMP,25.01.2022,5,roe_deer,3,,,,", "row 5, column 'surveyed_on'", "not a date"),
    ("T-3,POMP,2022-01-25,5,roe_deer,3,130,95,131,48", "row 5, column 'start_lat'", "out of range"),
    ("T-1,POMP,2022-01-25,12.5,tiger,2,,,,", "row 5, column 'species'", "tiger counted twice on route T-1"),
    ("T-2,TPG,2022-01-26,11,red_deer,3,,,,", "row 5, column 'length_km'", "another area, date or length"),
])
def test_bad_row_refused(seed_store, tmp_path, row, where, reason):
    with pytest.raises(CensusRefused) as err:
        import_census(seed_store, write(tmp_path, HEADER + GOOD + row + "\n"))
    assert where in str(err.value) and reason in str(err.value)
    assert n(seed_store) == (0, 0)


def test_duplicate_route_encoding_and_header(seed_store, tmp_path):
    import_census(seed_store, write(tmp_path, HEADER + GOOD))
    with pytest.raises(CensusRefused, match="route 'T-1' is already in the store"):
        import_census(seed_store, write(tmp_path, HEADER + GOOD))
    with pytest.raises(CensusRefused, match="not UTF-8"):
        import_census(seed_store, write(tmp_path, HEADER + "T-9,POMP,2022-01-25,5,roe_deer,3,,,,,Ü\n", "latin-1"))
    with pytest.raises(CensusRefused, match="column 'crossings': required column missing"):
        import_census(seed_store, write(tmp_path, "route_id,area,surveyed_on,length_km,species\n"))
    assert n(seed_store) == (2, 3)


def test_form_route(seed_store):
    assert add_route(seed_store, "F-1", "POMP", "2022-02-01", "10", {"roe_deer": "12", "tiger": "0"}, "N. Petrova") == 1
    with pytest.raises(CensusRefused, match="form, row 1, column 'crossings'"):
        add_route(seed_store, "F-2", "POMP", "2022-02-01", "10", {"roe_deer": "many"})
    assert n(seed_store) == (1, 2)
