"""Areas and distances are computed in metres in an equal-area projection, never in degrees."""
import math

import pytest
from shapely.geometry import Polygon, box

from bigcats.geo import area_km2, geojson_paths


def test_area_of_a_one_degree_cell_matches_the_spherical_formula():
    # a 1°x1° cell between 43°N and 44°N: R² · Δλ · (sin φ2 − sin φ1) on the authalic sphere
    r = 6371.0072
    expected = r * r * math.radians(1) * (math.sin(math.radians(44)) - math.sin(math.radians(43)))
    assert area_km2("tumen", box(131, 43, 132, 44)) == pytest.approx(expected, rel=0.01)


def test_geojson_paths_keeps_holes_per_geometry():
    import json
    poly = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 1)]])
    parts = geojson_paths(json.dumps(poly.__geo_interface__))
    assert len(parts) == 1 and len(parts[0]["holes"]) == 1 and len(parts[0]["holes"][0]) == 1
