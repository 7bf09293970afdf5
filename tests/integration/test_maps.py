"""The maps name their parks and carry a true scale: every protected area of the region numbered at
a point inside its own boundary (as the store holds it) with its name in the key below the map, and
on a Web Mercator map a scale bar whose range is ground metres at the map's centre (Mercator
stretches lengths by 1/cos(latitude), about 1.4 at the parks' latitudes)."""
import numpy as np
import pytest
import shapely
from bokeh.models import Legend, ScaleBar
from pyproj import Geod, Transformer

from bigcats import corridors
from dashboards.figures.corridors import corridor_figure
from dashboards.figures.regions import region_figure

TO_LONLAT = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
CORRIDORS = [("tumen", "leopard", (2013, 2015)), ("khingan", "tiger", (2013, 2015)),
             ("altai_sayan", "snow_leopard", (2020, 2020))]


def parks_of(store, region: str, lang: str) -> dict[str, shapely.Geometry]:
    """The region's protected areas by their name in `lang`, their boundaries in lon/lat."""
    rows = store.sql(f"SELECT name_{lang} AS name, ST_AsWKB(geom) AS wkb FROM protected_areas "
                     f"WHERE region_id = '{region}'").iter_rows(named=True)
    return {r["name"]: shapely.from_wkb(bytes(r["wkb"])) for r in rows}


def park_key(fig) -> tuple[list[str], dict[int, tuple[float, float]]]:
    """The names in the key below the map ("1  name", in order) and the point inside its park each
    number stands at (or, moved away from its neighbours, points to)."""
    keys = [legend for legend in fig.below if isinstance(legend, Legend)
            and legend.items and str(getattr(legend.items[0].label, "value", "")).startswith("1  ")]
    assert len(keys) == 1, "one key of numbered parks below the map"
    names = [str(item.label.value).split("  ", 1)[1] for item in keys[0].items]
    numbers = {}
    for r in fig.renderers:
        data = r.data_source.data
        if "text" in data and all(str(v).isdigit() for v in data["text"]):
            numbers = {int(v): (x, y) for v, x, y in zip(data["text"], data["inside_x"], data["inside_y"])}
    return names, numbers


@pytest.mark.parametrize("region, species, years", CORRIDORS, ids=[c[0] for c in CORRIDORS])
def test_the_corridor_map_numbers_and_names_every_park_and_its_scale_is_true_on_the_ground(demo_reader, region,
                                                                                          species, years):
    m = corridors.corridor_map(demo_reader, region, species, years, corridors.DEFAULT_CELL_KM,
                               corridors.DEFAULT_SEGMENT_KM, "ru")
    fig = corridor_figure(m, lang="ru", title=None, frame_size=(760, 375))
    parks = parks_of(demo_reader, region, "ru")
    names, numbers = park_key(fig)
    assert sorted(names) == sorted(parks) and len(numbers) == len(names)
    for number, name in enumerate(names, start=1):
        lon, lat = TO_LONLAT.transform(*numbers[number])
        assert parks[name].contains(shapely.Point(lon, lat)), (name, lon, lat)

    # the numbers themselves at least 23 px apart (those of small parks side by side moved apart)
    per_pixel = (fig.x_range.end - fig.x_range.start) / 760
    text = next(r.data_source.data for r in fig.renderers if "inside_x" in r.data_source.data)
    shown = np.column_stack([text["x"], text["y"]])
    apart = [np.hypot(*(shown[i] - shown[j])) / per_pixel for i in range(len(shown)) for j in range(i + 1, len(shown))]
    assert min(apart, default=99) >= 23, apart

    bars = [a for a in fig.center if isinstance(a, ScaleBar)]
    assert len(bars) == 1 and bars[0].unit == "m"
    x0, x1, y0, y1 = fig.x_range.start, fig.x_range.end, fig.y_range.start, fig.y_range.end
    # the frame's width on the ground: along the parallel through its centre, on the ellipsoid
    lons, lats = TO_LONLAT.transform(np.linspace(x0, x1, 200), np.full(200, (y0 + y1) / 2))
    ground = Geod(ellps="WGS84").line_length(lons, lats)
    shown = bars[0].range.end - bars[0].range.start
    assert abs(shown / ground - 1) < 0.01, (shown, ground)
    assert (x1 - x0) / ground > 1.3  # Mercator metres are not ground metres here


@pytest.mark.parametrize("region", ["tumen", "khingan", "altai_sayan"])
def test_the_region_map_numbers_every_park_inside_its_boundary_and_names_it_in_the_key(demo_reader, region):
    from bigcats.geo import to_lonlat
    fig = region_figure(demo_reader.query("region_map_layers", region=region, lang="zh"), region, "zh")
    parks = parks_of(demo_reader, region, "zh")
    names, numbers = park_key(fig)
    assert sorted(names) == sorted(parks) and len(numbers) == len(names)
    for number, name in enumerate(names, start=1):
        lon, lat = to_lonlat(region, *[np.array([v]) for v in numbers[number]])
        assert parks[name].contains(shapely.Point(lon[0], lat[0])), name
