"""The corridor map as a HoloViews overlay: drawn the same by the page, its HTML export and the
steering report, from a `bigcats.corridors.CorridorMap`.

Everything is projected to Web Mercator here, with pyproj, once per figure (so optional tiles line
up; GeoViews' own projection goes through cartopy shape by shape, seconds per redraw), and each
layer is one element over one table: the heat line is one `Segments` glyph of
every piece of every border segment, the grid one polygon set per cell state. An element per
segment or per cell costs HoloViews a dataset each (thousands per map, tens of seconds of a
two-core server per redraw)."""
from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh plots, so options can be given)
import numpy as np
import polars as pl
from pyproj import Transformer

from bigcats import corridors
from bigcats.geo import geojson_paths
from bigcats.i18n import t
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


# the map's frame on a page: with the controls beside it and the sidebar, it fits a 1366-pixel
# projector without scrolling sideways (the colour bar goes below the map, the toolbar above)
MAP_FRAME = (760, 540)


def heat_line(m: corridors.CorridorMap, lang: str) -> hv.Segments:
    """Crossings per border segment as one coloured line."""
    h = m.heat_line
    x0, y0 = mercator(h["lon0"], h["lat0"])
    x1, y1 = mercator(h["lon1"], h["lat1"])
    table = h.select("crossings", "from_km", "to_km", "border").with_columns(
        pl.Series("x0", x0), pl.Series("y0", y0), pl.Series("x1", x1), pl.Series("y1", y1)).to_pandas()
    top = max(1, int(h["crossings"].max() or 0))
    return hv.Segments(table, kdims=["x0", "y0", "x1", "y1"], vdims=["crossings", "from_km", "to_km", "border"]).opts(
        color="crossings", cmap="YlOrRd", clim=(0, top), line_width=7, line_cap="round", colorbar=True,
        colorbar_position="bottom",
        clabel=t("crossings_per_segment", lang), tools=["hover"],
        hover_tooltips=[(t("crossings_per_segment", lang), "@crossings"), (t("col_border_km", lang), "@from_km – @to_km")])


def grid(m: corridors.CorridorMap, lang: str) -> hv.Polygons:
    """The unified grid, one multi-polygon per cell state (a gap named in `lang` on the legend)."""
    cells = corridors.state_polygons_lonlat(m.region, m.cells, m.coverage["cell_km"] * 1000)
    # the legend names the countries whose cameras watch a cell, in `lang` ("Russia+China"), and the gaps
    def named(state: str) -> str:
        return t("cell_gap", lang) if state == "gap" else "+".join(t(f"country_{c}", lang) for c in state.split("+"))
    for c in cells:
        c["state"] = named(c["state"])
    # projected here, not by GeoViews: its projection makes each multi-polygon valid with shapely,
    # which merges the touching squares and loses every other one
    for c in cells:
        c["x"], c["y"] = mercator(c["x"], c["y"])
    return hv.Polygons(cells, kdims=["x", "y"], vdims=["state", "cells"]).opts(
        color="state", cmap={named(k): c for k, c in CELL_COLOURS.items()}, fill_alpha=0.45,
        line_color="white", line_width=0.3, tools=["hover"], show_legend=True,
        hover_tooltips=[("", "@state"), (t("col_cells", lang), "@cells")])


def density(points: pl.DataFrame, threshold: int):
    """Every photograph (x, y in Web Mercator) as a point; rasterised by datashader when there are
    more than `threshold` (a browser draws ~100,000 glyphs at most comfortably)."""
    pts = hv.Points(points.select("x", "y").to_pandas(), ["x", "y"])
    if points.height > threshold:
        # imported here: datashader costs 1.5 s to import and only the 10-million-photograph
        # stores reach this branch
        from holoviews.operation.datashader import rasterize
        return rasterize(pts, aggregator="count").opts(cmap="viridis", alpha=0.7, cnorm="log")
    return pts.opts(color="#5f3dc4", size=3, alpha=0.25)


def corridor_overlay(m: corridors.CorridorMap, *, lang: str, title: str, layers=LAYERS, animal: str | None = None,
                     tiles: str = "none", dense_threshold: int = 100_000, frame_size: tuple[int, int] = MAP_FRAME):
    """The map: base layers, then the chosen `layers` of LAYERS, the `animal`'s path, optional
    tiles ('osm', 'imagery'), in a frame of `frame_size` pixels. Returns the overlay and its extent
    (x0, x1, y0, y1, Web Mercator), as many metres per pixel across as up."""
    countries, areas, borders = base_layers(m, lang)
    cams = lonlat_to_mercator(m.cameras)
    elements = []
    if tiles == "osm":
        elements.append(hv.element.tiles.OSM())
    elif tiles == "imagery":
        elements.append(hv.element.tiles.EsriImagery())
    elements.append(hv.Polygons(countries, kdims=["x", "y"], vdims=["country"]).opts(
        color="country", cmap=COUNTRY_COLOURS, fill_alpha=0.06 if tiles == "none" else 0.0,
        line_color="#adb5bd", line_width=0.6, show_legend=False))
    if "grid" in layers and m.cells.height:
        elements.append(grid(m, lang))
    if "areas" in layers:
        elements.append(hv.Polygons(areas, kdims=["x", "y"], vdims=["name", "country", "status", "planned"]).opts(
            fill_alpha=0.0, line_color="country", cmap=COUNTRY_COLOURS, line_width=2,
            line_dash=hv.dim("planned").categorize({True: "dashed", False: "solid"}),
            tools=["hover"], hover_tooltips=[("", "@name"), ("", "@status")], show_legend=False))
    elements.append(hv.Path(borders, kdims=["x", "y"]).opts(color="#343a40", line_width=1.5))
    if "cameras" in layers and cams.height:
        df = cams.with_columns((4 + 2.2 * pl.col("detections").cast(pl.Float64).sqrt()).alias("size")).to_pandas()
        elements.append(hv.Points(df, ["x", "y"], ["detections", "individuals", "country", "deployment_id", "size"]).opts(
            color="country", cmap=COUNTRY_COLOURS, size="size", line_color="black", line_width=0.4,
            fill_alpha=0.75, tools=["hover"], show_legend=False,
            hover_tooltips=[(t("detections", lang), "@detections"), (t("individuals_axis", lang), "@individuals"),
                            (t("col_deployment", lang), "@deployment_id")]))
    if "crossings" in layers and m.heat_line.height:
        elements.append(heat_line(m, lang))
        if m.crossings.height:
            cx = lonlat_to_mercator(m.crossings, "lon", "lat").select("x", "y", "animal_id", "year")
            elements.append(hv.Points(cx.to_pandas(), ["x", "y"], ["animal_id", "year"]).opts(
                color="black", marker="x", size=7, tools=["hover"],
                hover_tooltips=[(t("animal", lang), "@animal_id"), (t("year", lang), "@year")]))
    if "density" in layers and m.tracks.height:
        elements.append(density(lonlat_to_mercator(m.tracks), dense_threshold))
    if "path" in layers and animal is not None:
        track = lonlat_to_mercator(m.tracks.filter(pl.col("animal_id") == animal))
        if track.height:
            elements.append(hv.Path([{"x": track["x"].to_numpy(), "y": track["y"].to_numpy()}], kdims=["x", "y"]).opts(
                color="#212529", line_width=2, line_dash="dotted"))
            pts = track.with_columns(pl.col("observed_at").dt.strftime("%Y-%m-%d").alias("date"))
            elements.append(hv.Points(pts.select("x", "y", "date", "country").to_pandas(), ["x", "y"], ["date", "country"]).opts(
                color="country", cmap=COUNTRY_COLOURS, size=10, line_color="black", tools=["hover"], show_legend=False,
                hover_tooltips=[(t("date", lang), "@date"), ("", "@country")]))
    x0, x1, y0, y1 = equal_scale(frame(areas, cams), *frame_size)
    overlay = hv.Overlay(elements).opts(frame_width=frame_size[0], frame_height=frame_size[1], xlabel="", ylabel="",
                                        xaxis=None, yaxis=None,
                                        active_tools=["wheel_zoom"],
                                        legend_position="top_left", title=title, fontscale=1.1, toolbar="above")
    return overlay, (x0, x1, y0, y1)


def standalone(m: corridors.CorridorMap, *, lang: str, title: str, width: int = 1200, height: int = 800, **options):
    """The map as a standalone Bokeh model whose frame is `width` x `height` pixels, for a file that leaves the programme.
    Bokeh's own embedding is used on it, not hv.save: hv.save goes through Panel's save, which
    switches Panel's resource mode to "inline" for the whole process while it runs, and a live
    session then asks for its loading.css from the CDN."""
    overlay, (x0, x1, y0, y1) = corridor_overlay(m, lang=lang, title=title, frame_size=(width, height), **options)
    return hv.render(overlay.opts(xlim=(x0, x1), ylim=(y0, y1)), backend="bokeh")
