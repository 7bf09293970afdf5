"""Relative-abundance figure: the independent events per 100 camera-days of two species by year
(the page's cat solid, the species beside it dashed), from `bigcats.abundance.relative_abundance`
frames by year. A prey species is photographed tens of times as often as a cat: when one index is
more than three times the other, the second has its own axis on the right, in its colour, so that
both trends can be read."""
from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, HoverTool, LinearAxis, Range1d
from bokeh.plotting import figure

from bigcats.i18n import t
from dashboards import tables
from dashboards.figures.common import section_chart
from dashboards.palette import ACTIVITY_COLOURS


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
