"""Activity figure: two species' kernel densities of the time of day, the area they share shaded
(its size is the coefficient of overlapping Δ), drawn from a `bigcats.activity.ActivityOverlap`."""
from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh plots, so options can be given)
import polars as pl

from bigcats.activity import ActivityOverlap
from bigcats.i18n import t
from dashboards.palette import ACTIVITY_COLOURS


def overlap(result: ActivityOverlap, names: dict[str, str], lang: str) -> hv.Overlay:
    """Both densities by hour of the day, and min(f, g) shaded: the overlap."""
    d = result.densities
    a = d.filter(pl.col("species_id") == result.species).sort("hour")
    b = d.filter(pl.col("species_id") == result.versus).sort("hour")
    shared = pl.DataFrame({"hour": a["hour"], "shared": pl.Series([min(x, y) for x, y in zip(a["density"], b["density"])])})
    hour, dens = t("hour_of_day", lang), t("activity_density", lang)
    area = hv.Area(shared.to_pandas(), ("hour", hour), ("shared", dens), label=t("overlap_coefficient", lang)).opts(
        color=ACTIVITY_COLOURS["overlap"], alpha=0.35, line_alpha=0)
    curves = [hv.Curve(frame.to_pandas(), ("hour", hour), ("density", dens), label=names[sp]).opts(
        color=ACTIVITY_COLOURS[k], line_width=3, line_dash="solid" if k == "species" else "dashed")
        for k, sp, frame in (("species", result.species, a), ("versus", result.versus, b))]
    return (area * curves[0] * curves[1]).opts(
        responsive=True, height=360, legend_position="top", show_grid=True, fontscale=1.3, toolbar="above",
        xlim=(0, 24), ylim=(0, None), xticks=[0, 3, 6, 9, 12, 15, 18, 21, 24])
