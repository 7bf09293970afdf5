"""Relative-abundance figures: the independent events per 100 camera-days of two species by year
(the page's cat solid, the species beside it dashed), from `bigcats.abundance.relative_abundance`
frames by year. A prey species is photographed tens of times as often as a cat: when one index is
more than three times the other, the second has its own axis on the right, in its colour, so that
both trends can be read. And each species' detection map: the cells of the unified grid where it
was photographed, shaded by its index, beside the cells surveyed where it was not."""
from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, HoverTool, Legend, LegendItem, LinearAxis, Range1d
from bokeh.plotting import figure

from bigcats.abundance import DetectionMap
from bigcats.i18n import t
from dashboards import tables
from dashboards.figures.common import (blank_map, borders_over, class_label, countries_beneath, finish_map, ground_scale_bar,
                                       park_key, park_outlines, round_classes, section_chart)
from dashboards.figures.corridors import equal_scale, merged_cells, region_layers
from dashboards.palette import ACTIVITY_COLOURS, DETECTION_COLOURS

DETECTION_FRAME = (340, 380)  # two side by side beside the Population page's controls


def rai_by_year(series: list[tuple[str, pl.DataFrame]], names: dict[str, str], lang: str, css: str | None = None):
    """series: (species id, its frame by year) for the page's cat, then the species beside it.
    A species' line starts at its first year with an event in the area: parks often begin to
    classify the photographs of other species years after their cameras started (the demo's
    prey, the last two survey years), and the years before are not zeros."""
    fig = figure(height=320, sizing_mode="stretch_width", toolbar_location="above", tools="pan,wheel_zoom,reset,save",
                 title=t("rai_axis", lang))
    fig.title.text_font_size = "16px"
    years = sorted({int(y) for _, frame in series for y in frame["year"]})
    series = [(species, frame.filter(pl.col("year") >= frame.filter(pl.col("events") > 0)["year"].min())
               if frame["events"].sum() else frame) for species, frame in series]
    tops = [float(frame["rai"].fill_null(0.0).max() or 0.0) for _, frame in series]
    own_axis = len(series) == 2 and min(tops) > 0 and max(tops) > 3 * min(tops)
    if own_axis:
        fig.extra_y_ranges = {"versus": Range1d(0, tops[1] * 1.08)}
        fig.y_range = Range1d(0, tops[0] * 1.08)
    for k, (species, frame) in zip(("species", "versus"), series):
        frame = frame.sort("year")
        source = ColumnDataSource({
            "year": frame["year"].to_numpy(), "rai": frame["rai"].fill_null(0.0).to_numpy(),
            "shown": [tables.number(v, lang, 1) for v in frame["rai"].fill_null(0.0)],
            "events": [tables.number(v, lang) for v in frame["events"]],
            "days": [tables.number(v, lang) for v in frame["camera_days"]]})
        colour, dash = ACTIVITY_COLOURS[k], "solid" if k == "species" else "dashed"
        on = {"y_range_name": "versus"} if own_axis and k == "versus" else {}
        fig.line("year", "rai", source=source, color=colour, line_width=3, line_dash=dash, legend_label=names[species],
                 **on)
        dots = fig.scatter("year", "rai", source=source, size=9, color=colour, **on)
        fig.add_tools(HoverTool(renderers=[dots], tooltips=[
            ("", names[species]), (t("year", lang), "@year"), (t("col_rai", lang), "@shown"),
            (t("col_events", lang), "@events"), (t("col_camera_days", lang), "@days")]))
    if own_axis:  # each axis named by its species, in its colour (the title gives the unit)
        fig.yaxis.axis_label = names[series[0][0]]
        fig.yaxis.axis_label_text_color = ACTIVITY_COLOURS["species"]
        fig.add_layout(LinearAxis(y_range_name="versus", axis_label=names[series[1][0]],
                                  axis_label_text_color=ACTIVITY_COLOURS["versus"]), "right")
    else:
        fig.y_range.start = 0
    fig.xaxis.ticker = years
    fig.xaxis.axis_label = t("year", lang)
    return section_chart(fig, css)


def detection_map(dm: DetectionMap, base: pl.DataFrame, species_name: str, which: str, lang: str,
                  frame_size: tuple[int, int] = DETECTION_FRAME, css: str | None = None):
    """The cells of the unified grid with a camera: where the species was photographed shaded by
    its independent events per 100 camera-days in round classes (`which`: 'species' for the
    page's cat, 'versus' for the species beside it, each in its own colours), the cells where it
    was not left white; countries, numbered parks and borders beneath (the key to the numbers is
    under the maps). Web Mercator at equal metres per pixel, framed on the cells."""
    from dashboards.figures.corridors import mercator
    countries, areas, borders = region_layers(base, lang, mercator)
    share = tables.number(100 * (dm.naive_occupancy or 0.0), lang)
    # the species on the first line, where it was photographed on the second (two maps side by side)
    title = f"{species_name}\n" + t("detection_map_title", lang, detected=tables.number(dm.detected, lang),
                                    surveyed=tables.number(dm.surveyed, lang), km=f"{dm.cell_km:g}", share=share)
    fig = blank_map(frame_size, title, 15)
    countries_beneath(fig, countries)
    items = []
    unit = ""  # the legend's title gives it
    empty = dm.cells.filter(pl.col("events") == 0)
    shapes = {"xs": [], "ys": [], "label": [], "cells": [], "colour": []}
    if empty.height:
        x, y = merged_cells(dm.region, dm.cell_km, empty)
        shapes["xs"].append(x), shapes["ys"].append(y), shapes["cells"].append(empty.height)
        shapes["label"].append(t("detection_not_photographed", lang)), shapes["colour"].append("#ffffff")
    seen = dm.cells.filter(pl.col("events") > 0)
    if seen.height:
        bounds = round_classes(float(seen["rai"].max()), classes=5)
        palette = DETECTION_COLOURS[which][-len(bounds):]
        lo = 0.0
        for colour, hi in zip(palette, bounds):
            group = seen.filter((pl.col("rai") > lo) & (pl.col("rai") <= hi))
            if group.height:
                x, y = merged_cells(dm.region, dm.cell_km, group)
                shapes["xs"].append(x), shapes["ys"].append(y), shapes["cells"].append(group.height)
                shapes["label"].append(class_label(lo, hi, unit).strip()), shapes["colour"].append(colour)
            lo = hi
    cells = fig.patches("xs", "ys", fill_color="colour", fill_alpha=0.9, line_color="#868e96", line_width=0.4,
                        source=ColumnDataSource(shapes))
    fig.add_tools(HoverTool(renderers=[cells], tooltips=[("", "@label"), (t("col_cells", lang), "@cells")]))
    for k, label in enumerate(shapes["label"]):
        items.append(LegendItem(label=label, renderers=[cells], index=k))
    park_outlines(fig, areas)
    borders_over(fig, borders)
    x, y = merged_cells(dm.region, dm.cell_km, dm.cells)
    x, y = x[x == x], y[y == y]  # NaN breaks between rings
    pad = 0.08 * max(x.max() - x.min(), y.max() - y.min()) + 4_000
    x0, x1, y0, y1 = equal_scale((x.min() - pad, x.max() + pad, y.min() - pad, y.max() + pad), *frame_size)
    fig.x_range, fig.y_range = Range1d(x0, x1), Range1d(y0, y1)
    park_key(fig, areas, frame_size[0], legend=False)
    fig.add_layout(Legend(items=items, ncols=2, label_text_font_size="14px", spacing=2, padding=4, margin=2,
                          title=t("rai_axis", lang), title_text_font_size="14px", title_text_font_style="normal",
                          border_line_alpha=0.0, location="left"), "below")
    ground_scale_bar(fig, lang)
    return finish_map(fig, css)

