"""SMART patrols: a park's patrol export imported with the counts it holds, idempotent, a changed
patrol replacing its earlier version, bad files refused with nothing written, effort on the
unified grid adding up to the tracks, and the personal data in it reaching only the park's own
editors and the admins."""
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import shapely
from pyproj import Geod

from bigcats import Store, patrols
from bigcats.access import PUBLIC, AccessDenied, Actor
from bigcats.cli import main
from bigcats.ingest.patrols import NS, PatrolsRefused, import_patrols
from tests.store_state import fingerprint

DATA = Path(__file__).parents[1] / "data" / "smart"
LLNP_FILE, TLNP_FILE = DATA / "llnp_patrol_2021_03.xml", DATA / "tlnp_patrol_2021_03.xml"
OLGA = Actor("olga", "editor", frozenset({"LLNP"}))
WANG = Actor("wang", "editor", frozenset({"TLNP"}))
ADMIN = Actor("boss", "admin")
VIEWER = Actor("vera", "viewer")
# what the LLNP file says about people: rangers' names and ids, the man met on day 2, the comment
PERSONAL = ("Volkov", "Kuznetsova", "LLNP-R-0117", "LLNP-R-0231", "Sidorenko", "0512 778341", "+7 914 555 0187",
            "Barabash village", "reported to the directorate by radio")


def counted(path: Path) -> dict:
    """What a SMART file holds, read from its XML here (not by the importer): patrols, waypoints,
    observations, and the km of its tracks on the ellipsoid."""
    root = ET.parse(path).getroot()
    q = lambda n: f"{{{NS}}}{n}"  # noqa: E731
    tracks = [shapely.from_wkb(bytes.fromhex(g.text.strip())) for g in root.iter(q("geometry"))]
    return {"patrols": 1, "waypoints": len(list(root.iter(q("waypoints")))),
            "observations": len(list(root.iter(q("observations")))),
            "km": sum(Geod(ellps="WGS84").geometry_length(t) for t in tracks) / 1000}


def test_a_patrol_export_imports_with_the_counts_it_holds_and_again_changes_nothing(seed_store):
    expected = counted(LLNP_FILE)
    out = import_patrols(seed_store, LLNP_FILE, "LLNP")
    assert {k: out[k] for k in ("patrols", "waypoints", "observations")} == \
        {k: expected[k] for k in ("patrols", "waypoints", "observations")}
    assert out["km"] == pytest.approx(expected["km"], rel=1e-9) and out["added"] == 1
    stored = seed_store.sql("SELECT (SELECT count(*) FROM patrol_waypoints) AS w, (SELECT count(*) FROM patrol_observations) AS o, "
                            "(SELECT sum(track_km) FROM patrol_days) AS km, (SELECT count(*) FROM patrol_legs) AS legs").row(0)
    assert stored[:2] == (expected["waypoints"], expected["observations"]) and stored[3] == 2
    assert stored[2] == pytest.approx(expected["km"])
    # effort on the grid: every km of every track is in some cell
    cells = seed_store.sql("SELECT sum(km) AS km FROM patrol_effort_cells")["km"][0]
    assert cells == pytest.approx(expected["km"], rel=1e-6)
    before = fingerprint(seed_store, skip=("imports", "audit_log", "audit_changes", "audit_added_keys", "id_counters"))
    again = import_patrols(seed_store, LLNP_FILE, "LLNP")
    assert (again["added"], again["replaced"], again["unchanged"]) == (0, 0, 1)
    assert fingerprint(seed_store, skip=("imports", "audit_log", "audit_changes", "audit_added_keys", "id_counters")) == before


def test_a_changed_patrol_replaces_its_earlier_version(seed_store, tmp_path):
    import_patrols(seed_store, LLNP_FILE, "LLNP")
    text = LLNP_FILE.read_text(encoding="utf-8")
    # SMART re-exported after an edit: one waypoint (with its one observation) deleted, a count corrected
    start = text.index('<ns2:waypoints id="4"')
    end = text.index("</ns2:waypoints>", start) + len("</ns2:waypoints>")
    edited = (text[:start] + text[end:]).replace("<ns2:dValue>3.0</ns2:dValue>", "<ns2:dValue>4.0</ns2:dValue>")
    changed = tmp_path / "llnp_patrol_2021_03_v2.xml"
    changed.write_text(edited, encoding="utf-8")
    out = import_patrols(seed_store, changed, "LLNP")
    assert (out["added"], out["replaced"], out["unchanged"]) == (0, 1, 0)
    assert seed_store.sql("SELECT count(*) AS n FROM patrols")["n"][0] == 1
    assert seed_store.sql("SELECT count(*) AS n FROM patrol_waypoints")["n"][0] == counted(changed)["waypoints"]
    assert seed_store.sql("SELECT number_value FROM patrol_observation_values "
                          "WHERE attribute_key = 'numberofsnares'")["number_value"].to_list() == [4.0]


def test_several_files_or_a_folder_in_one_go_and_each_park_its_own(seed_store, tmp_path):
    out = main_output(["import", "patrols", str(LLNP_FILE), "--park", "LLNP"], seed_store)
    assert out.startswith("imported 1 patrols, 5 waypoints, 7 observations, ")
    assert "(0 added, 0 replaced, 1 unchanged)" in main_output(["import", "patrols", str(DATA / "llnp_patrol_2021_03.xml"),
                                                                "--park", "LLNP"], seed_store)
    folder = tmp_path / "tlnp"
    folder.mkdir()
    shutil.copy(TLNP_FILE, folder)
    assert "1 added" in main_output(["import", "patrols", str(folder), "--park", "TLNP"], seed_store)
    parks = seed_store.sql("SELECT area_id, smart_id FROM patrols ORDER BY area_id").rows()
    assert parks == [("LLNP", "LLNP-2021-0042"), ("TLNP", "TLNP-HC-2021-118")]


def main_output(argv: list[str], store) -> str:
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main([*argv, "--db", str(store.path)]) in (0, None)
    return buf.getvalue()


def test_a_chinese_parks_export_is_refused_for_a_russian_park_and_nothing_is_written(seed_store):
    before = fingerprint(seed_store)
    with pytest.raises(PatrolsRefused) as refused:
        import_patrols(seed_store, [LLNP_FILE, TLNP_FILE], "LLNP")
    assert "tlnp_patrol_2021_03.xml, element patrol" in str(refused.value) and "outside RU, where LLNP is" in str(refused.value)
    assert fingerprint(seed_store) == before


@pytest.mark.parametrize("edit, where", [
    (lambda s: s.replace('x="131.16" y="43.07"', 'x="43.07" y="131.16"'), "waypoints[id=2], attribute 'y'"),
    (lambda s: s.replace('startDate="2021-03-02" endDate="2021-03-04"', 'startDate="2021-03-02" endDate="2021-02-30"'),
     "element patrol, attribute 'endDate'"),
    (lambda s: s.replace("<ns2:dValue>5.0</ns2:dValue>", "<ns2:dValue>five</ns2:dValue>"), "attribute 'dValue'"),
    (lambda s: s.replace("010200000004", "ZZ0200000004"), "track, attribute 'geometry': not hex-encoded WKB"),
    (lambda s: s.replace("</ns2:legs>\n</ns2:patrol>", "</ns2:legs>"), "not well-formed XML"),
    (lambda s: s.replace("xml/1.3/patrol", "xml/9.9/other"), "not a SMART patrol"),
    (lambda s: s.replace("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
                         "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"aaaa\">]>"), "DOCTYPE or ENTITY"),
])
def test_bad_files_are_refused_naming_file_element_and_attribute(seed_store, tmp_path, edit, where):
    bad = tmp_path / "bad_patrol.xml"
    bad.write_text(edit(LLNP_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    before = fingerprint(seed_store)
    with pytest.raises(PatrolsRefused) as refused:
        import_patrols(seed_store, bad, "LLNP")
    assert "bad_patrol.xml" in str(refused.value) and where in str(refused.value), str(refused.value)
    assert fingerprint(seed_store) == before


def test_an_unknown_park_and_another_parks_editor_are_refused(seed_store):
    before = fingerprint(seed_store)
    with pytest.raises(PatrolsRefused, match="'NOPE' is not a protected area"):
        import_patrols(seed_store, LLNP_FILE, "NOPE")
    with pytest.raises(AccessDenied):
        import_patrols(seed_store.as_actor(WANG), LLNP_FILE, "LLNP")
    assert fingerprint(seed_store) == before


@pytest.fixture(scope="module")
def both_parks(seed_db, tmp_path_factory):
    """The seed store with both sample exports imported, once, for the tests that only read it."""
    db = tmp_path_factory.mktemp("both-parks") / "both-parks.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as store:
        import_patrols(store, LLNP_FILE, "LLNP")
        import_patrols(store, TLNP_FILE, "TLNP")
        yield store


def _everything_readable(store) -> str:
    """Every patrol query's rows as `store`'s reader gets them, as one text."""
    period = {"region": "tumen", "date_from": "2021-01-01", "date_to": "2021-12-31"}
    parts = [store.query(q, **period).write_json() for q in (
        "patrol_list", "patrol_observation_values", "patrol_waypoints_seen", "patrol_effort",
        "patrol_observation_counts")]
    parts.append(store.query("patrol_summary", lang="en", **period).write_json())
    parts.append(store.sql("SELECT * FROM patrol_members").write_json())
    parts.append(store.sql("SELECT * FROM patrol_observation_values").write_json())
    parts.append(store.sql("SELECT * FROM patrols").write_json())
    return "\n".join(parts)


def test_personal_data_reaches_only_the_parks_own_editors_and_the_admins(both_parks):
    for who in (OLGA, ADMIN):
        text = _everything_readable(both_parks.as_actor(who))
        assert all(p in text for p in PERSONAL), [p for p in PERSONAL if p not in text]
    for who in (WANG, VIEWER, PUBLIC):
        text = _everything_readable(both_parks.as_actor(who))
        assert not [p for p in PERSONAL if p in text], who
        # the team and roles are what others read of who walked
        row = patrols.patrol_list(both_parks.as_actor(who), "tumen", (2021, 2021)).filter(area_id="LLNP").row(0, named=True)
        assert row["team"] == "Barabash inspection team" and (row["people"], row["leaders"], row["pilots"]) == (3, 1, 1)
        assert row["member_names"] is None


@pytest.mark.parametrize("who", [WANG, VIEWER, PUBLIC], ids=["other park's editor", "viewer", "public"])
def test_the_patrols_page_shows_no_personal_data_to_others(both_parks, who):
    """The page as a session of `who` builds it: every model's text and data, searched."""
    from bokeh.document import Document

    from dashboards import shell
    doc = Document()
    shell.build("patrols", "en", both_parks, {}, actor=who, mode="public" if who is PUBLIC else "local").server_doc(doc)
    text = json.dumps(doc.to_json(deferred=False), default=str)  # numbers in buffers inlined, every string as it is
    assert "Barabash inspection team" in text and "What the patrols recorded" in text
    assert not [p for p in PERSONAL if p in text]


def test_effort_gaps_are_the_unwalked_cells_around_crossings():
    import polars as pl
    walked = pl.DataFrame({"ix": [0, 1], "iy": [0, 0], "km": [3.0, 0.0]})
    crossings = pl.DataFrame({"ix": [0], "iy": [0], "crossings": [2]})
    gaps = patrols.effort_gaps(walked, crossings)
    # the crossing's cell was walked; its eight neighbours were not (a cell with 0 km is not walked)
    assert gaps.height == 8 and set(gaps["crossings"]) == {2} and (0, 0) not in set(zip(gaps["ix"], gaps["iy"]))
    assert patrols.effort_gaps(walked, crossings.clear()).is_empty()


@pytest.mark.parametrize("key, incident", [("threats.snares", "snare"), ("Threats.Snares.Wire", "snare"),
                                           ("humanactivity.people", "people"), ("animals.tracks", "wildlife"),
                                           ("threats.unknownthing", "other"), ("mydatamodel.custom", "other")])
def test_a_smart_category_maps_to_its_incident_by_its_longest_prefix(key, incident):
    assert patrols.incident_of(key, patrols.category_prefixes()) == incident


def test_the_steering_reports_patrol_section_holds_numbers_and_cells_not_people(both_parks):
    """The report leaves the programme: the patrols as km, days and 5-km cells, no name, id,
    phone number, track or waypoint, even when an admin asks for it."""
    from bokeh.embed import json_item

    from dashboards.report import SteeringReport
    report = SteeringReport(both_parks.as_actor(ADMIN), 1, "en")
    section = report.patrols()
    km = both_parks.sql("SELECT round(sum(track_km))::INTEGER AS km FROM patrol_days JOIN patrols USING (patrol_key) "
                        "WHERE area_id = 'LLNP'")["km"][0]
    assert 'id="patrols"' in section and f'<div class="value">{km}</div>' in section
    figure = json.dumps(json_item(report.figures[-1]))
    assert not [p for p in PERSONAL if p in section + figure]
    waypoint = both_parks.sql("SELECT longitude, latitude FROM patrol_waypoints LIMIT 1").row(0)
    assert f"{waypoint[0]}" not in figure and f"{waypoint[1]}" not in figure


def _two_months_of_patrols(store, tmp_path):
    """LLNP's March patrol, TLNP's March patrol, and the same TLNP walk again in May (another patrol)."""
    import_patrols(store, LLNP_FILE, "LLNP")
    import_patrols(store, TLNP_FILE, "TLNP")
    may = tmp_path / "tlnp_patrol_2021_05.xml"
    may.write_text(TLNP_FILE.read_text(encoding="utf-8").replace("2021-03-", "2021-05-")
                   .replace("TLNP-HC-2021-118", "TLNP-HC-2021-160"), encoding="utf-8")
    import_patrols(store, may, "TLNP")


def test_effort_per_cell_and_month_adds_up_to_the_years(seed_store, tmp_path):
    from datetime import date

    import polars as pl
    _two_months_of_patrols(seed_store, tmp_path)
    effort = patrols.patrol_effort(seed_store, "tumen", (2021, 2021))
    march, may = date(2021, 3, 1), date(2021, 5, 1)
    assert effort.patrol_months == [march, may]
    keys = ["area_id", "ix", "iy"]
    both = (pl.concat([effort.cells_in(march), effort.cells_in(may)]).group_by(keys)
            .agg(pl.col("km").sum(), pl.col("patrol_days").sum()).sort(keys))
    whole = effort.cells_in(None).select(*keys, "km", "patrol_days").sort(keys)
    assert both["patrol_days"].to_list() == whole["patrol_days"].to_list()
    assert both["km"].to_list() == pytest.approx(whole["km"].to_list())
    # May holds TLNP's walk again and nothing of LLNP's; a day of a month names the month too
    in_may = effort.cells_in(date(2021, 5, 17))
    assert set(in_may["area_id"]) == {"TLNP"}
    assert in_may.select(keys[1:] + ["patrol_days"]).sort(keys[1:]).rows() == \
        effort.cells_in(march).filter(area_id="TLNP").select(keys[1:] + ["patrol_days"]).sort(keys[1:]).rows()


def test_the_patrol_map_shows_km_or_patrol_days_over_the_years_or_in_one_month(seed_store, tmp_path):
    """The page's two map controls: what a cell is coloured by, and which month."""
    from datetime import date

    from bokeh.models import ColumnDataSource, GlyphRenderer

    from bigcats.i18n import t
    from dashboards.patrols import PatrolsPage
    _two_months_of_patrols(seed_store, tmp_path)
    page = PatrolsPage(store=seed_store, lang="ru")
    page.__panel__()

    def shown():
        fig = page._map_pane.object
        cells = [r.data_source for r in fig.select(GlyphRenderer)
                 if isinstance(r.data_source, ColumnDataSource) and "value" in r.data_source.data]
        return fig.title.text, (cells[0].data if cells else {})
    title, data = shown()
    assert title == t("patrol_map_title", "ru") and all(v.endswith(t("km", "ru")) for v in data["value"])
    assert list(page._month_select.options.values()) == ["", "2021-03", "2021-05"]
    page.measure = "days"
    title, data = shown()
    effort = page._effort()
    walked = effort.cells_in(None).group_by("ix", "iy").len()
    assert title == t("patrol_map_title_days", "ru") and all(v.endswith(t("days_unit", "ru")) for v in data["value"])
    assert sum(data["cells"]) == walked.height
    page.month = "2021-05"
    title, data = shown()
    assert title.endswith("2021-05") and title.startswith(t("patrol_map_title_days", "ru"))
    assert sum(data["cells"]) == effort.cells_in(date(2021, 5, 1)).height
