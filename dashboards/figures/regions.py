"""A region's map: countries, protected areas and borders, drawn by the Overview's proposal cards
and under the Feasibility page's census routes.

Plain Bokeh rather than HoloViews: three small maps on one page cost HoloViews about 0.4 s each
to build for every visitor (a dataset per ring for its ranges), Bokeh a few hundredths; there is
nothing here HoloViews' options add. Drawn in the region's equal-area projection
(`bigcats.geo.to_metric_xy`, metres), with equal metres per pixel across and up, so a park keeps
its shape and the scale bar is true."""
from __future__ import annotations

import numpy as np
import polars as pl
from bokeh.models import ColumnDataSource, HoverTool, Legend, LegendItem, Metric, Range1d, ScaleBar
from bokeh.plotting import figure

from bigcats.geo import geojson_parts, to_metric_xy
from bigcats.i18n import t
from dashboards.figures.common import BORDER_COLOUR, park_key
from dashboards.palette import COUNTRY_COLOURS


def _polygons(geojson: str, region: str) -> list[list[np.ndarray]]:
    """A GeoJSON geometry as Bokeh's multi-polygon nesting: polygons, each a list of rings (the
    shell, then its holes) as (xs, ys) arrays in the region's metres. Lines become open rings of
    their own (a border is a line)."""
    parts, _ = geojson_parts(geojson)
    out = []
    for rings in parts:
        projected = []
        for ring in rings:
            a = np.asarray(ring, dtype=float)
            projected.append(to_metric_xy(region, a[:, 0], a[:, 1]))
        out.append(projected)
    return out


def _source(rows: list[dict], region: str, **columns) -> ColumnDataSource:
    """One row per feature: its polygons as `xs`, `ys` (Bokeh's multi-polygon nesting) and the
    extra columns given as lists."""
    xs, ys = [], []
    for r in rows:
        polys = _polygons(r["geojson"], region)
        xs.append([[ring[0] for ring in poly] for poly in polys])
        ys.append([[ring[1] for ring in poly] for poly in polys])
    return ColumnDataSource({"xs": xs, "ys": ys, **columns})


def region_figure(layers: pl.DataFrame, region: str, lang: str, height: int = 300, legend: bool = True,
                  key_width: int = 520):
    """The region of `layers` (`region_map_layers` rows) as a Bokeh figure: countries lightly
    tinted, protected areas in their country's colour (planned ones dashed), the state borders
    dark; each park numbered, with a key of their names below the map (in columns fitting
    `key_width` pixels) and name and status on hover; a legend of the countries and a scale bar,
    in `lang`. The frame is fitted to the protected areas with a margin, at equal metres per pixel."""
    rows = list(layers.iter_rows(named=True))
    countries = [r for r in rows if r["layer"] == "country"]
    areas = [r for r in rows if r["layer"] not in ("country", "border")]
    borders = [r for r in rows if r["layer"] == "border"]

    fig = figure(height=height, sizing_mode="stretch_width", match_aspect=True, toolbar_location=None,
                 tools="", x_axis_type=None, y_axis_type=None, outline_line_color=None,
                 background_fill_color="#f8f9fa", min_border=4)
    fig.grid.visible = False

    land = _source(countries, region, country=[r["country"] for r in countries],
                   colour=[COUNTRY_COLOURS.get(r["country"], "#adb5bd") for r in countries])
    fig.multi_polygons("xs", "ys", source=land, fill_color="colour", fill_alpha=0.08,
                       line_color="#adb5bd", line_width=0.5)

    # existing and planned areas in one renderer (a renderer costs Bokeh five glyph models and a
    # data source per visitor): planned ones dashed through a column of dash patterns
    status = [t(r["status"], lang) + (f", {t('schematic', lang)}" if r["schematic"] else "") for r in areas]
    if areas:
        parks = _source(areas, region, name=[r["name"] for r in areas], status=status,
                        colour=[COUNTRY_COLOURS.get(r["country"], "#adb5bd") for r in areas],
                        dash=["dashed" if r["status"] == "planned" else "solid" for r in areas])
        drawn = fig.multi_polygons("xs", "ys", source=parks, fill_color="colour", fill_alpha=0.45,
                                   line_color="black", line_width=0.8, line_dash="dash")
        fig.add_tools(HoverTool(renderers=[drawn], tooltips=[("", "@name"), ("", "@status")]))

    # every border line in one renderer
    lines = [ring for r in borders for poly in _polygons(r["geojson"], region) for ring in poly]
    border = None
    if lines:
        border = fig.multi_line([x for x, _ in lines], [y for _, y in lines], line_color=BORDER_COLOUR,
                                line_width=2.2)

    # the frame: the protected areas and a margin (the countries reach far beyond the region)
    xs = np.concatenate([np.concatenate([x for x, _ in poly]) for r in areas for poly in _polygons(r["geojson"], region)])
    ys = np.concatenate([np.concatenate([y for _, y in poly]) for r in areas for poly in _polygons(r["geojson"], region)])
    pad = 0.15 * max(np.nanmax(xs) - np.nanmin(xs), np.nanmax(ys) - np.nanmin(ys)) + 15_000
    fig.x_range = Range1d(np.nanmin(xs) - pad, np.nanmax(xs) + pad)
    fig.y_range = Range1d(np.nanmin(ys) - pad, np.nanmax(ys) + pad)
    park_key(fig, [{"x": poly[0][0], "y": poly[0][1], "name": r["name"], "country": r["country"]}
                   for r in areas for poly in _polygons(r["geojson"], region)], key_width)

    if legend:
        shown = sorted({r["country"] for r in areas})
        # one swatch renderer off the map for every country, each legend entry drawing its own row
        # of it (LegendItem.index); the border's entry is the border line itself
        swatches = fig.scatter("x", "y", source=ColumnDataSource({
            "x": np.full(len(shown), np.nan), "y": np.full(len(shown), np.nan),
            "colour": [COUNTRY_COLOURS.get(code, "#adb5bd") for code in shown]}),
            marker="square", size=12, fill_alpha=0.45, fill_color="colour", line_color="black")
        items = [LegendItem(label=t(f"country_{code}", lang), renderers=[swatches], index=i)
                 for i, code in enumerate(shown)]
        if border is not None:
            items.append(LegendItem(label=t("border", lang), renderers=[border]))
        fig.add_layout(Legend(items=items, location="bottom_left", label_text_font_size="14px",
                              background_fill_alpha=0.8, padding=4, spacing=0, margin=4))
    # metres or kilometres only (a region is always kilometres wide), so that the label can give
    # the unit as the catalogue's word in the reader's language
    fig.add_layout(ScaleBar(range=fig.x_range, unit="m", dimensional=Metric(base_unit="m", include=["m", "km"]),
                            label=f"@{{value}} {t('km', lang)}", location="top_right", bar_length=0.25,
                            label_text_font_size="14px", background_fill_alpha=0.8))
    return fig


def route_lines(fig, routes: pl.DataFrame, region: str, lang: str) -> None:
    """Census routes (`census_routes_map` rows with a geometry, one per route) drawn on a region
    figure as heavy black lines, the route and its length on hover."""
    xs, ys, names, km = [], [], [], []
    for r in routes.iter_rows(named=True):
        for poly in _polygons(r["geojson"], region):
            for x, y in poly:
                xs.append(x)
                ys.append(y)
                names.append(r["route_id"])
                km.append(r["length_km"])
    if not xs:
        return
    drawn = fig.multi_line("xs", "ys", source=ColumnDataSource({"xs": xs, "ys": ys, "route": names, "km": km}),
                           line_color="#000000", line_width=4)
    fig.add_tools(HoverTool(renderers=[drawn], tooltips=[(t("route", lang), "@route"), (t("length_km", lang), "@km")]))
