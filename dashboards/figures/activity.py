"""Activity figure: two species' kernel densities of the time of day, the area they share shaded
(its size is the coefficient of overlapping Δ), drawn from a `bigcats.activity.ActivityOverlap`
in plain Bokeh (a few hundredths of a second where HoloViews took half a second)."""
from __future__ import annotations

import polars as pl
from bokeh.models import Range1d
from bokeh.plotting import figure

from bigcats.activity import ActivityOverlap
from bigcats.i18n import t
from dashboards.figures.common import section_chart
from dashboards.palette import ACTIVITY_COLOURS


def overlap(result: ActivityOverlap, names: dict[str, str], lang: str, css: str | None = None):
    """Both densities by hour of the day, and min(f, g) shaded: the overlap."""
    d = result.densities
    a = d.filter(pl.col("species_id") == result.species).sort("hour")
    b = d.filter(pl.col("species_id") == result.versus).sort("hour")
    shared = [min(x, y) for x, y in zip(a["density"], b["density"])]
    fig = figure(height=360, sizing_mode="stretch_width", toolbar_location="above", tools="pan,wheel_zoom,reset,save",
                 x_range=Range1d(0, 24))
    fig.varea(a["hour"].to_numpy(), 0, shared, fill_color=ACTIVITY_COLOURS["overlap"], fill_alpha=0.35,
              legend_label=t("overlap_coefficient", lang))
    for k, sp, frame in (("species", result.species, a), ("versus", result.versus, b)):
        fig.line(frame["hour"].to_numpy(), frame["density"].to_numpy(), color=ACTIVITY_COLOURS[k], line_width=3,
                 line_dash="solid" if k == "species" else "dashed", legend_label=names[sp])
    fig.y_range.start = 0
    fig.xaxis.ticker = [0, 3, 6, 9, 12, 15, 18, 21, 24]
    fig.xaxis.axis_label, fig.yaxis.axis_label = t("hour_of_day", lang), t("activity_density", lang)
    return section_chart(fig, css)
