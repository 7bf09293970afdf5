"""Camera positions leave the library exact only for admins and the owning park's editors.

Every other reader (viewers, other parks' editors, the public view, exports, reports) gets them
snapped to a grid (BIGCATS_GENERALISE_KM, default 5 km); estimates are computed on the exact
positions whoever asks, so they do not change with the reader."""
import csv
import io
from datetime import date

import numpy as np
import polars as pl
import pytest
from pyproj import Transformer

from bigcats import corridors
from bigcats.access import PUBLIC, REPORT, Actor
from bigcats.geo import region_centres, to_metric_xy
from bigcats.sensitivity import hidden_rows, snap_to_grid
from bigcats.ingest.camtrapdp import export_package
from bigcats.population import Survey

VIEWER = Actor("v", "viewer")
LLNP_EDITOR = Actor("olga", "editor", frozenset({"LLNP"}))
ADMIN = Actor("a", "admin")
PERIOD = {"date_from": date(2013, 1, 1), "date_to": date(2015, 12, 31)}


def test_snap_to_grid_puts_each_point_at_the_centre_of_its_cell():
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(42.5, 43.5, 500), rng.uniform(130.5, 131.5, 500)
    clat, clon = snap_to_grid(lat, lon, 5.0)
    # within half the cell's diagonal of the true point (km, equirectangular at this scale)
    dy = (clat - lat) * 111.32
    dx = (clon - lon) * 111.32 * np.cos(np.radians(clat))
    assert np.all(np.hypot(dx, dy) <= 5.0 * np.sqrt(2) / 2 + 1e-9)
    assert np.all(np.abs(dy) <= 2.5 + 1e-9) and np.all(np.abs(dx) <= 2.5 + 1e-9)
    # points of one cell share one position: the centre is all that is published
    again = snap_to_grid(clat, clon, 5.0)
    np.testing.assert_allclose(again[0], clat)
    np.testing.assert_allclose(again[1], clon)
    assert len(set(zip(clat.round(6), clon.round(6)))) < 500


@pytest.mark.parametrize("actor", [VIEWER, PUBLIC, LLNP_EDITOR, Actor("two", "editor", frozenset({"LLNP", "HUNCHUN"})), ADMIN])
def test_hidden_rows_asks_the_rule_of_each_row_however_many_rows(actor):
    """Who may see a row exactly is asked once per park, not per row: the answer must still be
    the rule's for every row, with one owning column or two (an alert's park and the park across
    the border it concerns) and with rows that name no park."""
    rng = np.random.default_rng(3)
    parks = ["LLNP", "KEDR", "HUNCHUN", "TLNP", None]
    frame = pl.DataFrame({"owner": rng.choice(np.array(parks, dtype=object), 2_000).tolist(),
                          "concerns": rng.choice(np.array(parks, dtype=object), 2_000).tolist()})
    one = [not actor.may_see_exact(p) for p in frame["owner"].to_list()]
    two = [not (actor.may_see_exact(a) or actor.may_see_exact(b)) for a, b in frame.iter_rows()]
    assert hidden_rows(frame, actor, "owner").tolist() == one
    assert hidden_rows(frame, actor, ("owner", "concerns")).tolist() == two
    no_owner = hidden_rows(frame, actor, "no_such_column")  # nothing to check against: fail closed
    assert (not no_owner.any()) if actor.is_admin else no_owner.all()


def _positions(store, park):
    return store.query("park_deployments", park=park, **PERIOD).sort("deployment_id")


@pytest.mark.parametrize("park", ["LLNP", "TLNP"])
@pytest.mark.parametrize("who", ["viewer", "public", "report", "editor of LLNP", "admin"])
def test_who_sees_exact_camera_positions(demo_reader, who, park):
    actor = {"viewer": VIEWER, "public": PUBLIC, "report": REPORT, "editor of LLNP": LLNP_EDITOR, "admin": ADMIN}[who]
    exact = _positions(demo_reader.as_actor(ADMIN), park)
    seen = _positions(demo_reader.as_actor(actor), park)
    assert exact.height > 10 and seen["deployment_id"].to_list() == exact["deployment_id"].to_list()
    sees_exact = who == "admin" or (who == "editor of LLNP" and park == "LLNP")
    if sees_exact:
        assert seen["latitude"].to_list() == exact["latitude"].to_list()
        assert seen["longitude"].to_list() == exact["longitude"].to_list()
    else:
        assert seen["coordinates_generalised_km"].to_list() == [5.0] * seen.height
        moved = np.hypot(seen["latitude"] - exact["latitude"], seen["longitude"] - exact["longitude"])
        assert (moved > 1e-5).all(), "a generalised camera kept its exact position"
        assert seen.select("latitude", "longitude").unique().height < exact.height


def test_ad_hoc_sql_without_an_owning_park_is_generalised(demo_reader):
    exact = demo_reader.as_actor(ADMIN).sql("SELECT latitude, longitude FROM deployments ORDER BY deployment_id")
    seen = demo_reader.as_actor(LLNP_EDITOR).sql("SELECT latitude, longitude FROM deployments ORDER BY deployment_id")
    assert seen["coordinates_generalised_km"].null_count() == 0
    assert not np.allclose(seen["latitude"].to_numpy(), exact["latitude"].to_numpy())


def test_the_grid_size_is_configurable(demo_reader, monkeypatch):
    monkeypatch.setenv("BIGCATS_GENERALISE_KM", "10")
    seen = _positions(demo_reader.as_actor(VIEWER), "LLNP")
    assert seen["coordinates_generalised_km"].unique().to_list() == [10.0]


def test_estimates_do_not_depend_on_who_asks(demo_reader):
    survey = Survey("leopard", "tumen", **PERIOD)
    det = {who: survey.detections(demo_reader.as_actor(a)) for who, a in (("admin", ADMIN), ("public", PUBLIC))}
    assert det["admin"].equals(det["public"])
    crossings = {who: corridors.border_crossings(demo_reader.as_actor(a), "tumen", ["leopard"], **PERIOD)
                 for who, a in (("admin", ADMIN), ("public", PUBLIC))}
    assert crossings["admin"].height > 0 and crossings["admin"].equals(crossings["public"])


def _deployments_csv(folder):
    with open(folder / "deployments.csv", newline="", encoding="utf-8") as f:
        return sorted(csv.DictReader(f), key=lambda r: r["deploymentID"])


def test_camtrap_dp_export_is_generalised_unless_the_park_is_yours(demo_reader, tmp_path):
    exact = _positions(demo_reader.as_actor(ADMIN), "TLNP")
    export_package(demo_reader.as_actor(LLNP_EDITOR), tmp_path / "theirs", "TLNP", **PERIOD)
    rows = _deployments_csv(tmp_path / "theirs")
    assert [r["deploymentID"] for r in rows] == exact["deployment_id"].to_list()
    for r, lat in zip(rows, exact["latitude"].to_list()):
        assert r["coordinateUncertainty"] == str(round(5000 * 2 ** 0.5 / 2)) and float(r["latitude"]) != lat
    export_package(demo_reader.as_actor(Actor("li", "editor", frozenset({"TLNP"}))), tmp_path / "ours", "TLNP", **PERIOD)
    rows = _deployments_csv(tmp_path / "ours")
    assert [float(r["latitude"]) for r in rows] == exact["latitude"].to_list()
    assert {r["coordinateUncertainty"] for r in rows} == {""}


def _flat(values) -> np.ndarray:
    """A data source column of coordinates as one flat array: numbers, one array per shape
    (multi-lines, patches) or Bokeh's multi-polygon nesting (shapes, parts, rings)."""
    out = []

    def walk(v):
        if isinstance(v, np.ndarray) and v.dtype != object:
            out.extend(np.ravel(v).astype(float))
        elif isinstance(v, (list, tuple, np.ndarray)):
            for item in v:
                walk(item)
        else:
            out.append(float(v) if v is not None else np.nan)
    walk(values)
    return np.asarray(out, float)


def _exact_positions_drawn(models, exact_lonlat: pl.DataFrame) -> int:
    """How many exact camera positions (within 1 m, in Web Mercator) the Bokeh models draw."""
    from bokeh.models import ColumnDataSource
    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    ex, ey = to_merc.transform(exact_lonlat["longitude"].to_numpy(), exact_lonlat["latitude"].to_numpy())
    drawn = []
    for model in models:
        for src in model.select({"type": ColumnDataSource}):
            data = src.data
            for xk, yk in (("longitude", "latitude"), ("x", "y"), ("xs", "ys")):
                if xk in data and yk in data and len(data[xk]):
                    drawn.append(np.column_stack([_flat(data[xk]), _flat(data[yk])]))
    drawn = np.vstack(drawn)
    assert drawn.shape[0] > len(ex)  # cameras, areas, grid and crossings were all drawn
    nearest = np.array([np.min(np.hypot(drawn[:, 0] - x, drawn[:, 1] - y)) for x, y in zip(ex, ey)])
    return int((nearest <= 1.0).sum())


@pytest.mark.slow
def test_exported_corridor_map_holds_no_exact_camera_position(demo_reader):
    from dashboards.corridors import CorridorMaps
    page = CorridorMaps(store=demo_reader.as_actor(ADMIN), lang="en", cell_km=1.0)  # the admin sees them exactly
    cams = demo_reader.as_actor(ADMIN).query("survey_deployments", scope="tumen", **PERIOD)
    live = page.map.cameras
    assert "coordinates_generalised_km" not in live.columns  # the admin's live page draws them exactly
    assert _exact_positions_drawn([page.export_model()], cams) == 0


@pytest.mark.slow
def test_steering_report_holds_no_exact_camera_position(demo_reader):
    from dashboards.report import SteeringReport
    report = SteeringReport(demo_reader.as_actor(ADMIN), 1, "en")  # asked for by an admin
    html = report.html()
    assert "Camera positions are generalised to a 5 km grid" in html
    cams = demo_reader.as_actor(ADMIN).query("survey_deployments", scope="tumen", **PERIOD)
    assert _exact_positions_drawn(report.figures, cams) == 0


# The classes of every control that writes (tests/browser/test_accounts.py checks the same in
# Chromium on two pages of each read-only view)
WRITE_CONTROLS = {"form-add", "csv-upload", "census-add", "census-upload", "form-add-pub", "pub-upload", "link-confirm",
                  "camtrapdp-upload", "score-save", "undo-entry", "alert-send", "alert-ack", "form-save-sample",
                  "signs-upload", "samples-upload"}
# the pages that hold a form for editors: a reader finds the read-only note in its place
FORM_PAGES = {"individuals", "feasibility", "budget", "publications", "alerts", "signs"}


@pytest.mark.parametrize("slug", ["overview", "population", "individuals", "corridors", "feasibility", "budget",
                                  "publications", "sources", "alerts", "signs"])
@pytest.mark.slow
def test_no_page_of_the_public_view_holds_an_exact_camera_position(demo_reader, slug):
    """Every page as the public view builds it for a session: no drawn point is a camera's exact
    position, and no control that writes is in it (the read-only note stands where a form would)."""
    from bokeh.document import Document
    from bokeh.models import ColumnDataSource
    from scipy.spatial import cKDTree

    from dashboards import shell
    doc = Document()
    shell.build(slug, "en", demo_reader, {}, actor=PUBLIC, mode="public").server_doc(doc)
    classes = {c for m in doc.models for c in (getattr(m, "css_classes", None) or [])}
    assert not classes & WRITE_CONTROLS, f"write controls on the public {slug} page: {classes & WRITE_CONTROLS}"
    assert slug not in FORM_PAGES or "read-only-note" in classes, slug
    cams = demo_reader.as_actor(ADMIN).sql("SELECT DISTINCT longitude, latitude FROM deployments")
    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    exact = {"lonlat": np.column_stack([cams["longitude"], cams["latitude"]]),
             "mercator": np.column_stack(to_merc.transform(cams["longitude"].to_numpy(), cams["latitude"].to_numpy())),
             # the region maps draw in each region's equal-area projection (metres)
             **{f"metric:{r}": np.column_stack(to_metric_xy(r, cams["longitude"].to_numpy(), cams["latitude"].to_numpy()))
                for r in region_centres()}}
    found = 0
    for root in doc.roots:
        for src in root.select({"type": ColumnDataSource}):
            data = src.data
            for xk, yk in (("longitude", "latitude"), ("x", "y"), ("xs", "ys")):
                if xk in data and yk in data and len(data[xk]):
                    try:
                        pts = np.column_stack([_flat(data[xk]), _flat(data[yk])])
                    except (TypeError, ValueError):  # categorical axes: not a position
                        continue
                    pts = pts[np.isfinite(pts).all(axis=1)]
                    for kind in exact:
                        tol = 1e-6 if kind == "lonlat" else 1.0
                        if len(pts):
                            d, _ = cKDTree(pts).query(exact[kind])
                            found += int((d <= tol).sum())
    assert found == 0, f"{found} exact camera positions on the public {slug} page"


@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(FORM_PAGES))
def test_a_signed_in_viewer_gets_no_control_that_writes(demo_reader, slug):
    """A viewer's session (served with --auth) builds each page with a form without it: the
    read-only note stands in its place (the browser walks two of them: test_accounts.py)."""
    from bokeh.document import Document
    from bigcats.access import Actor
    from dashboards import shell
    viewer = Actor("li", "viewer", frozenset())
    doc = Document()
    shell.build(slug, "ru", demo_reader.as_actor(viewer), {}, actor=viewer, mode="auth").server_doc(doc)
    classes = {c for m in doc.models for c in (getattr(m, "css_classes", None) or [])}
    assert not classes & WRITE_CONTROLS and "read-only-note" in classes, (slug, classes & WRITE_CONTROLS)


def _package_with_a_gps_photo(folder):
    """The unit tests' small LLNP package, its photo a JPEG that carries its camera's GPS."""
    from tests.camtrap_package import make_package
    from tests.unit.test_media import jpeg_with_gps
    make_package(folder)
    (folder / "media" / "leo-1.png").unlink()
    (folder / "media" / "LLNP_cam1_43.1084N_131.2014E.jpg").write_bytes(jpeg_with_gps())
    media = (folder / "media.csv").read_text().replace("media/leo-1.png", "media/LLNP_cam1_43.1084N_131.2014E.jpg")
    media = media.replace("leo-1.png", "LLNP_cam1_43.1084N_131.2014E.jpg").replace("image/png", "image/jpeg")
    (folder / "media.csv").write_text(media)


def test_places_in_tags_ids_file_names_and_photos_reach_only_the_owner(seed_store, tmp_path):
    """The attack of issue 11: a non-owner's export kept `gridCell:tumen:i:j` (a cell centre 0.5 km
    from the camera), location ids, file names with coordinates, and photos with EXIF GPS."""
    from PIL import Image

    from bigcats.ingest.camtrapdp import import_package
    _package_with_a_gps_photo(tmp_path / "pkg")
    import_package(seed_store, tmp_path / "pkg", "LLNP")
    period = {"date_from": "2014-01-01", "date_to": "2014-12-31"}
    owner = Actor("olga", "editor", frozenset({"LLNP"}))
    other = Actor("li", "editor", frozenset({"NCTLNP"}))
    for who, folder in ((owner, "ours"), (other, "theirs"), (PUBLIC, "public")):
        export_package(seed_store.as_actor(who), tmp_path / folder, "LLNP", **period)
    ours = {r["deploymentID"]: r for r in _deployments_csv(tmp_path / "ours")}
    theirs = {r["deploymentID"]: r for r in _deployments_csv(tmp_path / "theirs")}
    assert ours["T-CAM-1"]["deploymentTags"] == "gridCell:tumen:-7:-21" and ours["T-CAM-1"]["locationID"] == "L1"
    for folder in ("theirs", "public"):
        rows = _deployments_csv(tmp_path / folder)
        assert rows and all(r["deploymentTags"] == "" and r["locationID"] == "" for r in rows), folder
        text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / folder).rglob("*.csv"))
        assert "gridCell" not in text and "43.1084N" not in text, folder
        photos = list((tmp_path / folder / "media").glob("*"))
        assert [p.name for p in photos] == ["M1.jpg"], folder
        assert not Image.open(photos[0]).getexif().get_ifd(0x8825), f"{folder}: GPS left in the photo"
    assert len(theirs) == len(ours)
    own_photo = tmp_path / "ours" / "media" / "LLNP_cam1_43.1084N_131.2014E.jpg"
    assert Image.open(own_photo).getexif().get_ifd(0x8825)  # the owner keeps the original
    # the passport's embedded photo, as a viewer and as the owner
    viewer = seed_store.as_actor(PUBLIC).query("media_photo", media_id="M1")
    assert not Image.open(io.BytesIO(viewer["content"][0])).getexif().get_ifd(0x8825)
    assert viewer["file_name"][0] is None
    mine = seed_store.as_actor(owner).query("media_photo", media_id="M1")
    assert Image.open(io.BytesIO(mine["content"][0])).getexif().get_ifd(0x8825)


def test_every_query_that_reads_a_sensitive_column_declares_what_it_returns():
    """Generalisation follows declarations: a query touching a place column must say which of its
    result columns are sensitive (or `-- sensitive: none`)."""
    import re

    from bigcats import paths
    from bigcats.sensitivity import parse_declaration
    sensitive = ("latitude", "longitude", "location_id", "grid_cell", "file_name", "file_path", "content")
    for f in sorted(paths.QUERIES.glob("*.sql")):
        body = "\n".join(line for line in f.read_text().splitlines() if not line.lstrip().startswith("--"))
        if any(re.search(rf"\b(d|m|deployments|media)?\.?{c}\b", body) for c in sensitive):
            assert parse_declaration(f.read_text(), f.stem).declared, f"{f.name} reads a sensitive column undeclared"
