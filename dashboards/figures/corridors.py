"""The corridor map in plain Bokeh: drawn the same by the page, its HTML export and the steering
report, from a `bigcats.corridors.CorridorMap`.

Everything is projected to Web Mercator here, with pyproj, once per figure (so optional tiles line
up), and each layer is one glyph over one table: the heat line one `segment` glyph of every piece
of every border segment, the grid one multi-polygon per cell state, the detection density points
or, past a threshold, one image of counts. HoloViews took 1.3-1.9 s to build this map for every
visitor and every change of a control; Bokeh models built directly take a tenth of that."""
from __future__ import annotations

import numpy as np
import polars as pl
from bokeh.models import (ColorBar, ColumnDataSource, HoverTool, LinearColorMapper, LogColorMapper, Range1d,
                          WMTSTileSource)
from bokeh.palettes import Viridis256, YlOrRd9
from bokeh.plotting import figure
from pyproj import Transformer

from bigcats import corridors, geo
from bigcats.geo import geojson_paths
from bigcats.i18n import t
from dashboards.figures.common import finish_map, ground_scale_bar, numbered_parks, park_key
from dashboards.palette import CELL_COLOURS, COUNTRY_COLOURS

LAYERS = ("areas", "cameras", "grid", "crossings", "path", "density")
MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


def mercator(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat arrays in Web Mercator metres; NaN (breaks between rings) stays NaN."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    finite = np.isfinite(lon) & np.isfinite(lat)
    x, y = np.full_like(lon, np.nan), np.full_like(lat, np.nan)
    x[finite], y[finite] = MERCATOR.transform(lon[finite], lat[finite])
    return x, y


def merged_cells(region: str, cell_km: float, cells: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Cells (ix, iy) of the region's unified grid as one multi-polygon in Web Mercator (rings
    separated by NaN): a map of hundreds of cells draws as a few shapes."""
    lon, lat = geo.cell_corners_lonlat(region, cell_km, cells["ix"], cells["iy"])
    x, y = mercator(lon.ravel(), lat.ravel())
    brk = np.full((cells.height, 1), np.nan)
    x = np.hstack([x.reshape(-1, 5), brk]).ravel()[:-1]
    y = np.hstack([y.reshape(-1, 5), brk]).ravel()[:-1]
    return x, y


def lonlat_to_mercator(frame: pl.DataFrame, lon: str = "longitude", lat: str = "latitude") -> pl.DataFrame:
    """`frame` with x, y: its lon/lat columns in Web Mercator."""
    x, y = mercator(frame[lon], frame[lat])
    return frame.with_columns(pl.Series("x", x), pl.Series("y", y))


def region_layers(layers: pl.DataFrame, lang: str, project=None) -> tuple[list, list, list]:
    """A region's map layers (`region_map_layers` rows) as paths: countries, protected areas (with
    their name, and status in `lang`) and borders; in lon/lat, or through `project(lon, lat)`."""
    countries, areas, borders = [], [], []
    for row in layers.iter_rows(named=True):
        for part in geojson_paths(row["geojson"]):
            if project is not None:
                part = dict(zip(("x", "y"), project(part["x"], part["y"])))
            if row["layer"] == "country":
                countries.append({**part, "country": row["country"]})
            elif row["layer"] == "border":
                borders.append(part)
            else:
                status = t(row["status"], lang) + (f", {t('schematic', lang)}" if row["schematic"] else "")
                areas.append({**part, "name": row["name"], "country": row["country"], "status": status,
                              "planned": row["status"] == "planned"})
    return countries, areas, borders


def base_layers(m: corridors.CorridorMap, lang: str) -> tuple[list, list, list]:
    """The corridor map's countries, protected areas and borders in Web Mercator."""
    return region_layers(m.base, lang, mercator)


def parks_of(m: corridors.CorridorMap, lang: str) -> list[dict]:
    """The map's parks as it numbers them (`numbered_parks`), for a key beside the figure."""
    return numbered_parks(base_layers(m, lang)[1])


def frame(areas: list, cameras: pl.DataFrame) -> tuple[float, float, float, float]:
    """The map's extent (Web Mercator): the protected areas and the cameras (x, y), with a margin
    of 8% and about 10 km."""
    xs = np.concatenate([np.asarray(a["x"]) for a in areas] + [cameras["x"].to_numpy()])
    ys = np.concatenate([np.asarray(a["y"]) for a in areas] + [cameras["y"].to_numpy()])
    x0, x1, y0, y1 = np.nanmin(xs), np.nanmax(xs), np.nanmin(ys), np.nanmax(ys)
    pad_x, pad_y = 0.08 * (x1 - x0) + 10_000, 0.08 * (y1 - y0) + 10_000
    return float(x0 - pad_x), float(x1 + pad_x), float(y0 - pad_y), float(y1 + pad_y)


def equal_scale(extent: tuple[float, float, float, float], width: int, height: int) -> tuple[float, float, float, float]:
    """`extent` (x0, x1, y0, y1) widened in one direction so that a frame of `width` x `height`
    pixels shows as many metres per pixel across as up: the map keeps its true shape (Web Mercator
    is conformal) whatever the region's outline."""
    x0, x1, y0, y1 = extent
    per_pixel = max((x1 - x0) / width, (y1 - y0) / height)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - per_pixel * width / 2, cx + per_pixel * width / 2, cy - per_pixel * height / 2, cy + per_pixel * height / 2


# the map's frame on a page: with the controls beside it and the sidebar, it fits a 1366 x 768
# projector without scrolling either way, the headline figures above it (the colour bar goes below
# the map, the toolbar above)
MAP_FRAME = (760, 375)


# Base maps for users online (the page works without them: the vector layers ship with the project)
TILES = {"osm": ("https://tile.openstreetmap.org/{Z}/{X}/{Y}.png", "© OpenStreetMap contributors"),
         "imagery": ("https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{Z}/{Y}/{X}.jpg",
                     "Esri, Maxar, Earthstar Geographics")}
HEAT_PALETTE = tuple(reversed(YlOrRd9))  # light yellow for few crossings, dark red for many
DENSITY_BINS = 320  # pixels of the density image across (a frame is 760 or 1,200 pixels wide)


def heat_line(fig, m: corridors.CorridorMap, lang: str):
    """Crossings per border segment as one line coloured from yellow to red, its colour bar below
    the map; returns the renderer."""
    h = m.heat_line
    x0, y0 = mercator(h["lon0"], h["lat0"])
    x1, y1 = mercator(h["lon1"], h["lat1"])
    top = max(1, int(h["crossings"].max() or 0))
    colours = LinearColorMapper(palette=HEAT_PALETTE, low=0, high=top)
    source = ColumnDataSource({"x0": x0, "y0": y0, "x1": x1, "y1": y1, "crossings": h["crossings"].to_numpy(),
                               "from_km": h["from_km"].to_numpy(), "to_km": h["to_km"].to_numpy()})
    line = fig.segment("x0", "y0", "x1", "y1", source=source, line_width=7, line_cap="round",
                       line_color={"field": "crossings", "transform": colours})
    fig.add_tools(HoverTool(renderers=[line], tooltips=[(t("crossings_per_segment", lang), "@crossings"),
                                                        (t("col_border_km", lang), "@from_km – @to_km")]))
    fig.add_layout(ColorBar(color_mapper=colours, orientation="horizontal", title=t("crossings_per_segment", lang),
                            title_text_font_size="14px", major_label_text_font_size="14px", height=14,
                            location=(0, 0)), "below")
    return line


def grid(fig, m: corridors.CorridorMap, lang: str):
    """The unified grid, one multi-polygon per cell state, named in `lang` on the legend
    ("Russia+China", a gap); returns the renderer."""
    cells = corridors.state_polygons_lonlat(m.region, m.cells, m.coverage["cell_km"] * 1000)

    def named(state: str) -> str:
        return t("cell_gap", lang) if state == "gap" else "+".join(t(f"country_{c}", lang) for c in state.split("+"))
    shapes = {"xs": [], "ys": [], "state": [], "cells": [], "colour": []}
    for c in cells:
        x, y = mercator(c["x"], c["y"])  # one multi-polygon: rings separated by NaN
        shapes["xs"].append(x)
        shapes["ys"].append(y)
        shapes["state"].append(named(c["state"]))
        shapes["cells"].append(c["cells"])
        shapes["colour"].append(CELL_COLOURS.get(c["state"], "#adb5bd"))
    patches = fig.patches("xs", "ys", source=ColumnDataSource(shapes), fill_color="colour", fill_alpha=0.45,
                          line_color="white", line_width=0.3, legend_field="state")
    fig.add_tools(HoverTool(renderers=[patches], tooltips=[("", "@state"), (t("col_cells", lang), "@cells")]))
    return patches


def density(fig, points: pl.DataFrame, threshold: int, extent: tuple[float, float, float, float]):
    """Every photograph (x, y in Web Mercator) as a point; past `threshold` photographs (a browser
    draws about 100,000 glyphs comfortably) one image of counts per pixel-sized bin of `extent`,
    on a log scale, empty bins clear. Returns the renderer."""
    if points.height <= threshold:
        return fig.scatter("x", "y", source=ColumnDataSource(points.select("x", "y").to_dict(as_series=False)),
                           color="#5f3dc4", size=3, alpha=0.25)
    x0, x1, y0, y1 = extent
    ny = max(1, round(DENSITY_BINS * (y1 - y0) / (x1 - x0)))
    counts, _, _ = np.histogram2d(points["x"].to_numpy(), points["y"].to_numpy(), bins=(DENSITY_BINS, ny),
                                  range=((x0, x1), (y0, y1)))
    image = counts.T  # rows up the map, as Bokeh's image glyph reads them
    image[image == 0] = np.nan
    colours = LogColorMapper(palette=Viridis256, low=1, high=max(2.0, float(np.nanmax(image, initial=1.0))),
                             nan_color=(0, 0, 0, 0))
    return fig.image(image=[image], x=x0, y=y0, dw=x1 - x0, dh=y1 - y0, color_mapper=colours, alpha=0.7)


def _colours(countries: pl.Series) -> np.ndarray:
    """Each row's country colour, as an array: Bokeh walks a list item by item (looking for models
    in it) on every build, an array not; thousands of cameras made that a second."""
    return countries.replace_strict(COUNTRY_COLOURS, default="#495057", return_dtype=pl.Utf8).to_numpy()


def _areas(fig, areas: list[dict]):
    """The protected areas outlined in their country's colour, planned ones dashed, with name and
    status on hover."""
    source = ColumnDataSource({"xs": [np.asarray(a["x"]) for a in areas], "ys": [np.asarray(a["y"]) for a in areas],
                               "colour": [COUNTRY_COLOURS.get(a["country"], "#adb5bd") for a in areas],
                               "dash": ["dashed" if a["planned"] else "solid" for a in areas],
                               "name": [a["name"] for a in areas], "status": [a["status"] for a in areas]})
    outlines = fig.patches("xs", "ys", source=source, fill_alpha=0.0, line_color="colour", line_dash="dash",
                           line_width=2)
    fig.add_tools(HoverTool(renderers=[outlines], tooltips=[("", "@name"), ("", "@status")]))


def corridor_figure(m: corridors.CorridorMap, *, lang: str, title: str | None, layers=LAYERS, animal: str | None = None,
                    tiles: str = "none", dense_threshold: int = 100_000, frame_size: tuple[int, int] = MAP_FRAME,
                    css: str | None = None, park_legend: bool = True):
    """The map: base layers, then the chosen `layers` of LAYERS, the `animal`'s path, optional
    tiles ('osm', 'imagery'), in a frame of `frame_size` pixels showing as many metres per pixel
    across as up (the region keeps its true shape); the parks numbered, their names in a key below
    the frame (`park_legend`; a page short of height shows `parks_of` as HTML instead)."""
    countries, areas, borders = base_layers(m, lang)
    cams = lonlat_to_mercator(m.cameras)
    x0, x1, y0, y1 = equal_scale(frame(areas, cams), *frame_size)
    fig = figure(frame_width=frame_size[0], frame_height=frame_size[1], x_range=Range1d(x0, x1),
                 y_range=Range1d(y0, y1), x_axis_type=None, y_axis_type=None, toolbar_location="above",
                 tools="pan,wheel_zoom,box_zoom,reset,save", active_scroll="wheel_zoom", title=title)
    fig.grid.visible = False
    if title:  # a page writes the title above the figure itself (text a reader's tools can find)
        fig.title.text_font_size = "18px"
    if tiles in TILES:
        url, attribution = TILES[tiles]
        fig.add_tile(WMTSTileSource(url=url, attribution=attribution))
    fig.patches([np.asarray(c["x"]) for c in countries], [np.asarray(c["y"]) for c in countries],
                fill_color=[COUNTRY_COLOURS.get(c["country"], "#adb5bd") for c in countries],
                fill_alpha=0.06 if tiles == "none" else 0.0, line_color="#adb5bd", line_width=0.6)
    if "grid" in layers and m.cells.height:
        grid(fig, m, lang)
    if "areas" in layers:
        _areas(fig, areas)
    fig.multi_line([np.asarray(b["x"]) for b in borders], [np.asarray(b["y"]) for b in borders], line_color="#343a40",
                   line_width=1.5)
    if "cameras" in layers and cams.height:
        source = ColumnDataSource({
            "x": cams["x"].to_numpy(), "y": cams["y"].to_numpy(),
            "size": (4 + 2.2 * cams["detections"].cast(pl.Float64).sqrt()).to_numpy(),
            "colour": _colours(cams["country"]), "detections": cams["detections"].to_numpy(),
            "individuals": cams["individuals"].to_numpy(), "deployment_id": cams["deployment_id"].to_numpy()})
        dots = fig.scatter("x", "y", source=source, size="size", fill_color="colour", fill_alpha=0.75,
                           line_color="black", line_width=0.4)
        fig.add_tools(HoverTool(renderers=[dots], tooltips=[
            (t("detections", lang), "@detections"), (t("individuals_axis", lang), "@individuals"),
            (t("col_deployment", lang), "@deployment_id")]))
    if "crossings" in layers and m.heat_line.height:
        heat_line(fig, m, lang)
        if m.crossings.height:
            cx = lonlat_to_mercator(m.crossings, "lon", "lat")
            marks = fig.scatter("x", "y", marker="x", size=7, color="black", line_width=1.5, source=ColumnDataSource(
                {"x": cx["x"].to_numpy(), "y": cx["y"].to_numpy(), "animal_id": cx["animal_id"].to_numpy(),
                 "year": cx["year"].to_numpy()}))
            fig.add_tools(HoverTool(renderers=[marks], tooltips=[(t("animal", lang), "@animal_id"),
                                                                 (t("year", lang), "@year")]))
    if "density" in layers and m.tracks.height:
        density(fig, lonlat_to_mercator(m.tracks), dense_threshold, (x0, x1, y0, y1))
    if "path" in layers and animal is not None:
        track = lonlat_to_mercator(m.tracks.filter(pl.col("animal_id") == animal))
        if track.height:
            fig.line(track["x"].to_numpy(), track["y"].to_numpy(), color="#212529", line_width=2, line_dash="dotted")
            seen = fig.scatter("x", "y", size=10, line_color="black", fill_color="colour", source=ColumnDataSource({
                "x": track["x"].to_numpy(), "y": track["y"].to_numpy(),
                "date": track["observed_at"].dt.strftime("%Y-%m-%d").to_numpy(),
                "country": track["country"].to_numpy(), "colour": _colours(track["country"])}))
            fig.add_tools(HoverTool(renderers=[seen], tooltips=[(t("date", lang), "@date"), ("", "@country")]))
    if fig.legend:  # the grid's cell states in one row below the map, where they hide no park
        states = fig.legend[0]
        fig.center.remove(states)
        states.update(orientation="horizontal", label_text_font_size="14px", border_line_alpha=0.0, padding=4,
                      margin=2, location="left")
        fig.add_layout(states, "below")
    if "areas" in layers:  # last: the parks' numbers over cameras and cells
        park_key(fig, areas, frame_size[0], legend=park_legend)
    ground_scale_bar(fig, lang)
    return finish_map(fig, css)


def standalone(m: corridors.CorridorMap, *, lang: str, title: str, width: int = 1200, height: int = 800, **options):
    """The map as a standalone Bokeh figure whose frame is `width` x `height` pixels, for a file
    that leaves the programme (Bokeh's own embedding: `file_html`, the report's page)."""
    return corridor_figure(m, lang=lang, title=title, frame_size=(width, height), **options)
