"""Patrol figures: the effort map of a region (km walked per 5-km cell, the gaps next to the
crossings, the cameras' cells and the border), km per month of each park, and what the patrols
recorded; drawn the same by the Patrols page and the steering report."""
from __future__ import annotations

import holoviews as hv
import numpy as np
import polars as pl

from bigcats.i18n import t
from bigcats.patrols import PatrolEffort
from dashboards.figures.axes import date_ticks
from dashboards.figures.corridors import equal_scale, mercator, region_layers
from dashboards.palette import COUNTRY_COLOURS, GAP_COLOUR

MAP_FRAME = (640, 520)


def incident_label(incident: str, lang: str) -> str:
    return t(f"incident_{incident}", lang)


NICE_KM = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
KM_COLOURS = ("#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#005a32")


def km_classes(km_max: float) -> list[float]:
    """Upper bounds of at most six classes of km per cell, round numbers up to the largest value."""
    bounds = [b for b in NICE_KM if b < km_max][-5:]
    return [*bounds, float("inf")]


def _merged(effort: PatrolEffort, cells: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The cells as one multi-polygon in Web Mercator (rings separated by NaN): a map of
    hundreds of cells draws as a few shapes (one element per cell costs HoloViews seconds)."""
    lon, lat = effort.cell_corners_lonlat(cells["ix"], cells["iy"])
    x, y = mercator(lon.ravel(), lat.ravel())
    brk = np.full((cells.height, 1), np.nan)
    x = np.hstack([x.reshape(-1, 5), brk]).ravel()[:-1]
    y = np.hstack([y.reshape(-1, 5), brk]).ravel()[:-1]
    return x, y


def _class_label(lo: float, hi: float, lang: str) -> str:
    km = t("km", lang)
    return f"> {lo:g} {km}" if hi == float("inf") else f"{lo:g}–{hi:g} {km}"


def effort_map(effort: PatrolEffort, park_names: dict[str, str], lang: str,
               frame_size: tuple[int, int] = MAP_FRAME) -> hv.Overlay:
    """km of track per cell of the unified grid, both parks together, in classes of round
    numbers; the cells with a camera outlined grey, and the gaps next to border crossings outlined
    red; countries, protected areas and borders beneath."""
    countries, areas, borders = region_layers(effort.base, lang, mercator)
    elements = [
        hv.Polygons(countries, kdims=["x", "y"], vdims=["country"]).opts(
            color="country", cmap=COUNTRY_COLOURS, fill_alpha=0.06, line_color="#adb5bd", line_width=0.6,
            show_legend=False),
    ]
    walked = effort.cells.group_by("ix", "iy").agg(pl.col("km").sum()).sort("iy", "ix")
    if walked.height:
        bounds = km_classes(float(walked["km"].max()))
        lo = 0.0
        shapes, colours = [], {}
        for colour, hi in zip(KM_COLOURS[-len(bounds):] if len(bounds) < len(KM_COLOURS) else KM_COLOURS, bounds):
            group = walked.filter((pl.col("km") > lo) & (pl.col("km") <= hi))
            if group.height:
                label = _class_label(lo, hi, lang) if lo else f"≤ {hi:g} {t('km', lang)}"
                x, y = _merged(effort, group)
                shapes.append({"x": x, "y": y, "km": label, "cells": group.height})
                colours[label] = colour
            lo = hi
        elements.append(hv.Polygons(shapes, kdims=["x", "y"], vdims=["km", "cells"]).opts(
            color="km", cmap=colours, line_color="white", line_width=0.3, fill_alpha=0.85, show_legend=True,
            tools=["hover"], hover_tooltips=[(t("patrol_km_per_cell", lang), "@km"), (t("col_cells", lang), "@cells")]))
    if effort.camera_cells.height:
        x, y = _merged(effort, effort.camera_cells)
        elements.append(hv.Path([{"x": x, "y": y}], kdims=["x", "y"]).opts(color="#495057", line_width=0.7, alpha=0.6))
    elements += [
        hv.Polygons(areas, kdims=["x", "y"], vdims=["name", "country", "status", "planned"]).opts(
            fill_alpha=0.0, line_color="country", cmap=COUNTRY_COLOURS, line_width=2, tools=["hover"],
            hover_tooltips=[("", "@name"), ("", "@status")], show_legend=False),
        hv.Path(borders, kdims=["x", "y"]).opts(color="#343a40", line_width=1.5),
    ]
    if effort.gaps.height:
        x, y = _merged(effort, effort.gaps)
        elements.append(hv.Polygons([{"x": x, "y": y, "what": t("patrol_gap", lang)}], kdims=["x", "y"], vdims=["what"]).opts(
            fill_alpha=0.15, fill_color=GAP_COLOUR, line_color=GAP_COLOUR, line_width=2.2, tools=["hover"],
            hover_tooltips=[("", "@what")]))
    xs = [v for a in areas for v in a["x"]]
    ys = [v for a in areas for v in a["y"]]
    xs, ys = [v for v in xs if v == v], [v for v in ys if v == v]  # NaN breaks between rings
    pad_x, pad_y = 0.06 * (max(xs) - min(xs)) + 5_000, 0.06 * (max(ys) - min(ys)) + 5_000
    x0, x1, y0, y1 = equal_scale((min(xs) - pad_x, max(xs) + pad_x, min(ys) - pad_y, max(ys) + pad_y), *frame_size)
    return hv.Overlay(elements).opts(frame_width=frame_size[0], frame_height=frame_size[1], xlim=(x0, x1),
                                     ylim=(y0, y1), xaxis=None, yaxis=None, active_tools=["wheel_zoom"],
                                     toolbar="above", title=t("patrol_map_title", lang), fontscale=1.1,
                                     legend_position="top_left")


def legend(lang: str) -> str:
    """What the map's outlines mean, as HTML (the colour bar explains the fill)."""
    return (f'<div class="patrol-legend" style="font-size:15px">'
            f'<span style="display:inline-block;width:14px;height:14px;border:2.5px solid {GAP_COLOUR};'
            f'vertical-align:middle"></span> {t("patrol_gap_legend", lang)} &nbsp; '
            f'<span style="display:inline-block;width:14px;height:14px;border:1px solid #495057;'
            f'vertical-align:middle"></span> {t("patrol_camera_cells", lang)}</div>')


def km_by_month(months: pl.DataFrame, park_names: dict[str, str], lang: str) -> hv.Overlay:
    """km of track per month, one line per park in its country's colour."""
    curves = []
    if months.height:  # a month without a patrol is a zero, not a line drawn across it
        every = pl.date_range(months["month"].min(), months["month"].max(), "1mo", eager=True).alias("month")
        parks = months.select("area_id", "country").unique()
        months = (parks.join(pl.DataFrame(every), how="cross")
                  .join(months, on=["area_id", "country", "month"], how="left")
                  .with_columns(pl.col("km").fill_null(0.0)))
    for (area, country), rows in months.sort("month").group_by(["area_id", "country"], maintain_order=True):
        curves.append(hv.Curve(rows.select("month", "km").to_pandas(), "month", "km",
                               label=park_names.get(area, area)).opts(color=COUNTRY_COLOURS.get(country, "#495057"),
                                                                      line_width=3))
        curves.append(hv.Scatter(rows.select("month", "km").to_pandas(), "month", "km").opts(
            color=COUNTRY_COLOURS.get(country, "#495057"), size=5))
    if not curves:
        curves = [hv.Curve([], "month", "km")]
    curves = [c.opts(responsive=True, height=300, xlabel="", ylabel=t("patrol_km_month", lang), fontscale=1.2,
                     show_grid=True, xformatter=date_ticks(lang)) for c in curves]
    return hv.Overlay(curves).opts(title=t("patrol_km_by_month", lang), legend_position="top_left",
                                   responsive=True, height=300)


def incident_bars(incidents: pl.DataFrame, park_names: dict[str, str], lang: str) -> hv.Layout:
    """What the patrols recorded per incident class: one chart per park, side by side on one
    scale, each in its country's colour."""
    from bigcats.patrols import INCIDENTS
    top = int(incidents["observations"].max() or 1) if incidents.height else 1
    charts = []
    for (area, country), rows in incidents.sort("area_id").group_by(["area_id", "country"], maintain_order=True):
        table = pl.DataFrame({"what": [incident_label(i, lang) for i in INCIDENTS]}).join(
            rows.with_columns(pl.col("incident").map_elements(lambda i: incident_label(i, lang),
                                                              return_dtype=pl.Utf8).alias("what"))
                .select("what", "observations"), on="what", how="left").with_columns(pl.col("observations").fill_null(0))
        # the dimensions carry their labels: with the axes turned, which axis is "x" is HoloViews' to say
        charts.append(hv.Bars(table.to_pandas(), hv.Dimension("what", label=" "),
                              hv.Dimension("observations", label=t("patrol_observations", lang))).opts(
            color=COUNTRY_COLOURS.get(country, "#495057"), title=park_names.get(area, area), invert_axes=True,
            ylim=(0, top * 1.08), fontscale=1.15,
            responsive=True, height=330, tools=["hover"], invert_yaxis=True))
    if not charts:
        charts = [hv.Bars([], hv.Dimension("what", label=" "),
                          hv.Dimension("observations", label=t("patrol_observations", lang)))]
    return hv.Layout(charts).cols(2).opts(title=t("patrol_incidents_title", lang), shared_axes=False)
