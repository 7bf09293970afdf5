"""Clip Natural Earth country polygons to the three NEASPEC regions (run once).

Input: the countries of world-atlas (Natural Earth 4.1.0, 1:10m) converted from TopoJSON to
GeoJSON with topojson-client (see data/geo/README.md). Output: data/geo/countries.geojson
(country polygons clipped to each region) and data/geo/borders.geojson (the shared
international border lines within each region). Run: python tools/extract_borders.py IN.json
"""
import json
import sys
from pathlib import Path

from shapely.geometry import box, mapping, shape
from shapely.ops import linemerge

ISO = {"Russia": "RU", "China": "CN", "Mongolia": "MN", "North Korea": "KP"}
# (west, south, east, north) in degrees: generous frames around each region's parks.
REGIONS = {
    "tumen": (129.0, 41.8, 132.6, 44.8),
    "khingan": (127.5, 46.5, 135.0, 50.5),
    "altai_sayan": (86.0, 48.0, 103.5, 53.5),
}
PAIRS = [("RU", "CN"), ("RU", "MN"), ("CN", "KP"), ("RU", "KP"), ("CN", "MN")]


def main(src: str, out_dir: str = "data/geo") -> None:
    features = json.loads(Path(src).read_text())["features"]
    countries = {ISO[f["properties"]["name"]]: shape(f["geometry"]).buffer(0)
                 for f in features if f["properties"]["name"] in ISO}
    polys, lines = [], []
    for region, bbox in REGIONS.items():
        frame = box(*bbox)
        clipped = {iso: g.intersection(frame) for iso, g in countries.items()}
        clipped = {iso: g for iso, g in clipped.items() if not g.is_empty}
        for iso, g in clipped.items():
            polys.append({"type": "Feature", "properties": {"region": region, "iso": iso},
                          "geometry": mapping(g.simplify(0.002, preserve_topology=True))})
        for a, b in PAIRS:
            if a in clipped and b in clipped:
                shared = countries[a].boundary.intersection(countries[b].boundary).intersection(frame)
                if shared.length > 0:
                    merged = linemerge(shared) if shared.geom_type != "LineString" else shared
                    lines.append({"type": "Feature",
                                  "properties": {"region": region, "country_a": a, "country_b": b},
                                  "geometry": mapping(merged.simplify(0.001))})
    meta = {"source": "Natural Earth 1:10m admin-0 countries v4.1.0 via world-atlas 2.0.2 (public domain)"}
    for name, feats in (("countries", polys), ("borders", lines)):
        Path(out_dir, f"{name}.geojson").write_text(json.dumps(
            {"type": "FeatureCollection", "metadata": meta, "features": feats}, separators=(",", ":")))


if __name__ == "__main__":
    main(*sys.argv[1:])
