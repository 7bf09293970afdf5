"""Crossings, segments, the unified grid and areas, on hand-made geometry where the answer is
known. The border is the line x = 0 (Russia west, China east) from y = 0 to y = 50 km."""
from datetime import datetime

import numpy as np
import polars as pl
import pytest
import shapely

from bigcats import corridors, geo

BORDER = shapely.LineString([(0, 0), (0, 50_000)])


def track(animal, points):
    """points: (day, country, x, y)."""
    return pl.DataFrame([{"animal_id": animal, "observed_at": datetime(2014, 1, 1 + d, h), "country": c, "x": float(x),
                          "y": float(y)} for d, h, c, x, y in points])


def test_an_animal_that_returns_crosses_twice():
    t = track("A", [(0, 22, "RU", -3000, 10_000), (3, 22, "CN", 2000, 12_000), (9, 22, "RU", -1000, 30_000)])
    cx = corridors.crossings(t)
    assert cx["from_country"].to_list() == ["RU", "CN"] and cx["to_country"].to_list() == ["CN", "RU"]
    located = corridors.locate_crossings(cx, BORDER)
    # the straight line from (-3, 10) to (2, 12) km cuts x = 0 at y = 11.2 km
    assert located["along_m"][0] == pytest.approx(11_200)
    assert located["x"].to_list() == pytest.approx([0.0, 0.0])


def test_an_animal_seen_on_one_side_only_never_crosses():
    t = track("B", [(0, 22, "RU", -3000, 10_000), (5, 22, "RU", -8000, 40_000), (6, 3, "RU", -100, 40_000)])
    assert corridors.crossings(t).is_empty()


def test_photographs_on_both_sides_the_same_day_count_and_order_by_time():
    t = track("C", [(2, 23, "CN", 1000, 20_000), (2, 1, "RU", -1000, 21_000)])  # RU at 01:00, CN at 23:00
    cx = corridors.crossings(t)
    assert cx.height == 1 and cx.row(0, named=True)["from_country"] == "RU"


def test_each_animal_is_its_own_track():
    t = pl.concat([track("D", [(0, 22, "RU", -1000, 5000)]), track("E", [(1, 22, "CN", 1000, 5000)])])
    assert corridors.crossings(t).is_empty()


def test_crossing_off_the_line_goes_to_the_nearest_border_point():
    bent = shapely.LineString([(0, 0), (0, 20_000), (10_000, 20_000)])  # the border turns east
    cx = pl.DataFrame({"x_from": [-2000.0], "y_from": [30_000.0], "x_to": [-1000.0], "y_to": [40_000.0]})
    located = corridors.locate_crossings(cx, bent)
    assert located["along_m"][0] == pytest.approx(20_000, abs=1)   # the corner, nearest to the midpoint


def test_a_path_cutting_a_winding_border_twice_crosses_where_it_first_meets_it():
    # the border goes north, east, then back south: a path due east meets it at x = 0, then x = 5 km
    winding = shapely.LineString([(0, 0), (0, 10_000), (5_000, 10_000), (5_000, 0)])
    cx = pl.DataFrame({"x_from": [-1000.0, 6000.0, -3000.0], "y_from": [5000.0, 5000.0, 20_000.0],
                       "x_to": [6000.0, -1000.0, -2000.0], "y_to": [5000.0, 5000.0, 30_000.0]})
    located = corridors.locate_crossings(cx, winding)
    # eastward from the west: x = 0; westward from the east: x = 5 km (20 km along); the third
    # path misses the border and goes to the point nearest its midpoint, the corner at (0, 10 km)
    assert located["x"].to_list() == pytest.approx([0.0, 5000.0, 0.0])
    assert located["along_m"].to_list() == pytest.approx([5000.0, 20_000.0, 10_000.0])


def test_along_lays_the_parts_of_a_broken_border_end_to_end():
    broken = shapely.MultiLineString([[(0, 0), (0, 10_000)], [(0, 20_000), (0, 30_000)]])
    assert corridors.along(broken, np.array([[-10.0, 5000.0], [5.0, 25_000.0]])).tolist() == pytest.approx([5000.0, 15_000.0])


def test_segments_cover_the_border_and_assign_by_distance_along_it():
    segs = corridors.border_segments(BORDER, 10_000)
    assert len(segs) == 5 and sum(s.length for s in segs) == pytest.approx(50_000)
    counts = corridors.segment_counts(np.array([100, 9_999, 10_000, 11_200, 49_999, 50_000]), 50_000, 10_000)
    assert counts.tolist() == [2, 2, 0, 0, 2]


def test_grid_coverage_on_a_hand_computed_example():
    # habitat 20 km x 10 km: 8 cells of 5 km; RU cameras in 2 cells, a CN camera in 1, both in 1
    habitat = shapely.box(0, 0, 20_000, 10_000)
    cams = pl.DataFrame({"x": [1000.0, 2000.0, 6000.0, 16_000.0, 16_500.0, 11_000.0, 50_000.0],
                         "y": [1000.0, 2000.0, 1000.0, 6000.0, 6500.0, 8000.0, 1000.0],
                         "country": ["RU", "RU", "RU", "CN", "RU", "CN", "CN"]})   # the last is off the habitat
    cells = corridors.grid_cells(habitat, 5000, cams)
    assert cells.height == 8
    states = dict(zip(cells["cell"], cells["state"]))
    assert states["0:0"] == "RU" and states["1:0"] == "RU" and states["3:1"] == "RU+CN" and states["2:1"] == "CN"
    cov = corridors.coverage(cells)
    assert cov == {"habitat_cells": 8, "watched_cells": 4, "gap_cells": 4, "share_watched": 0.5,
                   "cells_RU": 3, "cells_CN": 2, "cells_MN": 0}


def test_cells_draw_as_one_multipolygon_per_state_with_every_cell_closed():
    habitat = shapely.box(0, 0, 20_000, 10_000)
    cams = pl.DataFrame({"x": [1000.0, 6000.0, 16_000.0], "y": [1000.0, 1000.0, 6000.0], "country": ["RU", "RU", "CN"]})
    cells = corridors.grid_cells(habitat, 5000, cams)
    shapes = corridors.state_polygons_lonlat("tumen", cells, 5000)
    assert {s["state"]: s["cells"] for s in shapes} == {"RU": 2, "CN": 1, "gap": 5}
    for s in shapes:
        x = np.asarray(s["x"])
        rings = np.split(x, np.flatnonzero(np.isnan(x)))
        rings = [r[~np.isnan(r)] for r in rings]
        assert len(rings) == s["cells"] and all(len(r) == 5 and r[0] == r[-1] for r in rings)
    # the same corners as drawing each cell alone
    one = corridors.cell_polygons_lonlat("tumen", cells.filter(pl.col("state") == "CN"), 5000)[0]
    cn = next(s for s in shapes if s["state"] == "CN")
    np.testing.assert_allclose(cn["x"], one["x"])
    np.testing.assert_allclose(cn["y"], one["y"])


@pytest.mark.parametrize("region, lon, lat", [("tumen", 131.0, 43.0), ("khingan", 131.0, 48.5), ("altai_sayan", 94.5, 50.8)])
def test_areas_of_known_polygons_within_one_percent(region, lon, lat):
    # a 1° x 1° cell: area = R² · Δλ · (sin φ2 − sin φ1), on the authalic sphere R = 6371.007 km
    cell = shapely.box(lon, lat, lon + 1, lat + 1)
    expected = 6371.0072 ** 2 * np.radians(1) * (np.sin(np.radians(lat + 1)) - np.sin(np.radians(lat)))
    assert geo.area_km2(region, cell) == pytest.approx(expected, rel=0.01)
    # and a 10 km x 10 km square drawn in metres comes back as 100 km²
    sq = shapely.box(0, 0, 10_000, 10_000)
    lon_, lat_ = geo.to_lonlat(region, np.array(sq.exterior.xy[0]), np.array(sq.exterior.xy[1]))
    assert geo.area_km2(region, shapely.Polygon(zip(lon_, lat_))) == pytest.approx(100, rel=0.01)
