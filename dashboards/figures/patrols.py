"""Patrol figures: the effort map of a region (km walked per 5-km cell, the gaps next to the
crossings, the cameras' cells and the border), km per month of each park, and what the patrols
recorded; drawn the same by the Patrols page and the steering report. Plain Bokeh: HoloViews took
0.5-1 s to build each of them for every visitor and every change of region or years."""
from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from bokeh.layouts import gridplot
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Range1d
from bokeh.plotting import figure

from bigcats.i18n import t
from bigcats.patrols import PatrolEffort
from dashboards.figures.axes import date_ticks
from dashboards.figures.common import (blank_map, borders_over, class_label, countries_beneath, finish_map, ground_scale_bar,
                                       large_type, numbered_parks, park_key, park_key_html, park_outlines,
                                       round_classes)
from dashboards.figures.corridors import equal_scale, merged_cells, mercator, region_layers
from dashboards.palette import COUNTRY_COLOURS, GAP_COLOUR

MAP_FRAME = (600, 375)


def incident_label(incident: str, lang: str) -> str:
    return t(f"incident_{incident}", lang)


KM_COLOURS = ("#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#005a32")
# What a cell of the map is coloured by: the column of PatrolEffort.cells, the map's title, the
# hover's name of the value, and the unit of the legend's classes (message keys)
MEASURES = {"km": ("km", "patrol_map_title", "patrol_km_per_cell", "km"),
            "days": ("patrol_days", "patrol_map_title_days", "patrol_days_per_cell", "days_unit")}


def _merged(effort: PatrolEffort, cells: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return merged_cells(effort.region, effort.cell_km, cells)


def effort_map(effort: PatrolEffort, park_names: dict[str, str], lang: str,
               frame_size: tuple[int, int] = MAP_FRAME, css: str | None = None, measure: str = "km",
               month: date | None = None, park_legend: bool = True):
    """km of track (measure "km") or patrol days ("days") per cell of the unified grid, over the
    period or in one `month`, both parks together, in classes of round numbers; the cells with a
    camera outlined grey, and the gaps next to the period's border crossings outlined red;
    countries, protected areas and borders beneath. Web Mercator at equal metres per pixel."""
    column, title_key, value_key, unit_key = MEASURES[measure]
    countries, areas, borders = region_layers(effort.base, lang, mercator)
    title = t(title_key, lang) + (f" · {month:%Y-%m}" if month is not None else "")
    fig = blank_map(frame_size, title)
    countries_beneath(fig, countries)
    walked = effort.cells_in(month).group_by("ix", "iy").agg(pl.col(column).sum().alias("value")).sort("iy", "ix")
    if walked.height:
        bounds = round_classes(float(walked["value"].max()))
        lo = 0.0
        shapes = {"xs": [], "ys": [], "value": [], "cells": [], "colour": []}
        for colour, hi in zip(KM_COLOURS[-len(bounds):] if len(bounds) < len(KM_COLOURS) else KM_COLOURS, bounds):
            group = walked.filter((pl.col("value") > lo) & (pl.col("value") <= hi))
            if group.height:
                x, y = _merged(effort, group)
                shapes["xs"].append(x)
                shapes["ys"].append(y)
                shapes["value"].append(class_label(lo, hi, t(unit_key, lang)))
                shapes["cells"].append(group.height)
                shapes["colour"].append(colour)
            lo = hi
        cells = fig.patches("xs", "ys", fill_color="colour", fill_alpha=0.85, line_color="white", line_width=0.3,
                            legend_field="value", source=ColumnDataSource(shapes))
        fig.add_tools(HoverTool(renderers=[cells], tooltips=[(t(value_key, lang), "@value"),
                                                             (t("col_cells", lang), "@cells")]))
    if effort.camera_cells.height:
        x, y = _merged(effort, effort.camera_cells)
        fig.line(x, y, line_color="#495057", line_width=0.7, line_alpha=0.6)
    park_outlines(fig, areas)
    borders_over(fig, borders)
    if effort.gaps.height:
        x, y = _merged(effort, effort.gaps)
        gaps = fig.patches([x], [y], fill_alpha=0.15, fill_color=GAP_COLOUR, line_color=GAP_COLOUR, line_width=2.2)
        fig.add_tools(HoverTool(renderers=[gaps], tooltips=[("", t("patrol_gap", lang))]))
    xs = [v for a in areas for v in a["x"]]
    ys = [v for a in areas for v in a["y"]]
    xs, ys = [v for v in xs if v == v], [v for v in ys if v == v]  # NaN breaks between rings
    pad_x, pad_y = 0.06 * (max(xs) - min(xs)) + 5_000, 0.06 * (max(ys) - min(ys)) + 5_000
    x0, x1, y0, y1 = equal_scale((min(xs) - pad_x, max(xs) + pad_x, min(ys) - pad_y, max(ys) + pad_y), *frame_size)
    fig.x_range, fig.y_range = Range1d(x0, x1), Range1d(y0, y1)
    park_key(fig, areas, frame_size[0], legend=park_legend)
    ground_scale_bar(fig, lang)
    return finish_map(fig, css)


def parks_of(effort: PatrolEffort, lang: str) -> list[dict]:
    """The effort map's parks as it numbers them (`numbered_parks`), for a key beside the figure."""
    return numbered_parks(region_layers(effort.base, lang, mercator)[1])


def legend(lang: str, parks: list[dict] = ()) -> str:
    """What the map's outlines mean, and the key to its numbered parks, as HTML (the colour bar
    explains the fill)."""
    return (park_key_html(parks) if parks else "") + (f'<div class="patrol-legend" style="font-size:15px">'
            f'<span style="display:inline-block;width:14px;height:14px;border:2.5px solid {GAP_COLOUR};'
            f'vertical-align:middle"></span> {t("patrol_gap_legend", lang)} &nbsp; '
            f'<span style="display:inline-block;width:14px;height:14px;border:1px solid #495057;'
            f'vertical-align:middle"></span> {t("patrol_camera_cells", lang)}</div>')


def km_by_month(months: pl.DataFrame, park_names: dict[str, str], lang: str, css: str | None = None):
    """km of track per month, one line per park in its country's colour."""
    fig = figure(height=300, sizing_mode="stretch_width", x_axis_type="datetime", toolbar_location=None, tools="",
                 title=t("patrol_km_by_month", lang))
    if months.height:  # a month without a patrol is a zero, not a line drawn across it
        every = pl.date_range(months["month"].min(), months["month"].max(), "1mo", eager=True).alias("month")
        parks = months.select("area_id", "country").unique()
        months = (parks.join(pl.DataFrame(every), how="cross")
                  .join(months, on=["area_id", "country", "month"], how="left")
                  .with_columns(pl.col("km").fill_null(0.0)))
    for (area, country), rows in months.sort("month").group_by(["area_id", "country"], maintain_order=True):
        colour = COUNTRY_COLOURS.get(country, "#495057")
        fig.line(rows["month"].to_numpy(), rows["km"].to_numpy(), color=colour, line_width=3,
                 legend_label=park_names.get(area, area))
        fig.scatter(rows["month"].to_numpy(), rows["km"].to_numpy(), color=colour, size=5)
    fig.yaxis.axis_label = t("patrol_km_month", lang)
    fig.xaxis.formatter = date_ticks(lang)
    fig.y_range.start = 0
    large_type(fig)
    if fig.legend:
        fig.legend.location = "top_left"
    fig.css_classes = [css] if css else []
    return fig


def incident_bars(incidents: pl.DataFrame, park_names: dict[str, str], lang: str, css: str | None = None):
    """What the patrols recorded per incident class: one chart per park, side by side on one
    scale, each in its country's colour."""
    from bigcats.patrols import INCIDENTS
    top = int(incidents["observations"].max() or 1) if incidents.height else 1
    what = [incident_label(i, lang) for i in INCIDENTS]
    charts = []
    for (area, country), rows in incidents.sort("area_id").group_by(["area_id", "country"], maintain_order=True):
        counts = dict(zip(rows["incident"].to_list(), rows["observations"].to_list()))
        fig = figure(height=330, sizing_mode="stretch_width", y_range=FactorRange(*reversed(what)),
                     x_range=Range1d(0, top * 1.08), toolbar_location=None, tools="", title=park_names.get(area, area))
        bars = fig.hbar(y="what", right="n", height=0.7, color=COUNTRY_COLOURS.get(country, "#495057"),
                        source=ColumnDataSource({"what": what, "n": [counts.get(i, 0) for i in INCIDENTS]}))
        fig.add_tools(HoverTool(renderers=[bars], tooltips=[("", "@what"), (t("patrol_observations", lang), "@n")]))
        fig.xaxis.axis_label = t("patrol_observations", lang)
        fig.ygrid.grid_line_color = None
        large_type(fig)
        charts.append(fig)
    if not charts:
        charts = [figure(height=330, sizing_mode="stretch_width", y_range=FactorRange(*what), toolbar_location=None,
                         tools="", title=t("patrol_incidents_title", lang))]
    grid = gridplot([charts], sizing_mode="stretch_width", toolbar_location=None)
    grid.css_classes = [css] if css else []
    return grid
