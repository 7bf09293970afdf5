"""Budget burn figures, drawn alike by the Budget burn page and the steering report from a
`bigcats.burn.Burn`: the S-curve, the burn by month and the schedule (Gantt) of the workplan."""
from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh plots, so options can be given)
import polars as pl

from bigcats.burn import Burn
from bigcats.i18n import t
from dashboards.figures.axes import date_ticks
from dashboards.palette import BURN_COLOURS, LINE_STATE_COLOURS


def line_state(lang: str) -> pl.Expr:
    """'over budget', 'late' or 'on track' of an earned-value row, in `lang`."""
    return (pl.when(pl.col("over_budget")).then(pl.lit(t("over_budget", lang)))
            .when(pl.col("late")).then(pl.lit(t("late", lang))).otherwise(pl.lit(t("on_track", lang))))


def s_curve(burn: Burn, lang: str) -> hv.Overlay:
    """Cumulative planned value against actual cost (actual cost up to the latest status date)."""
    data = burn.curve.to_pandas()
    actual = burn.curve.filter(pl.col("reported")).to_pandas()
    return (hv.Curve(data, "month", "planned_cum", label=t("planned_value", lang)).opts(
                color=BURN_COLOURS["planned"], line_width=3, line_dash="dashed")
            * hv.Curve(actual, "month", "actual_cum", label=t("actual_cost", lang)).opts(
                color=BURN_COLOURS["actual"], line_width=3)
            ).opts(responsive=True, height=330, title=t("s_curve", lang), legend_position="top_left", xlabel="",
                   ylabel=t("usd", lang), fontscale=1.15, show_grid=True, yformatter="%.0f", xformatter=date_ticks(lang))


def burn_by_month(burn: Burn, lang: str) -> hv.Overlay:
    """Planned value and actual cost of each month as bars."""
    month = pl.col("month").dt.strftime("%Y-%m").alias("m")
    data = burn.curve.select(month, "planned_usd").to_pandas()
    actual = burn.curve.filter(pl.col("reported")).select(month, "actual_usd").to_pandas()
    return (hv.Bars(data, "m", "planned_usd", label=t("planned_value", lang)).opts(color=BURN_COLOURS["planned"], alpha=0.5)
            * hv.Bars(actual, "m", "actual_usd", label=t("actual_cost", lang)).opts(color=BURN_COLOURS["actual"], alpha=0.7)
            ).opts(responsive=True, height=260, title=t("burn_by_month", lang), xrotation=90, xlabel="",
                   ylabel=t("usd", lang), fontscale=1.0, legend_position="top_right", yformatter="%.0f")


def schedule(burn: Burn, lang: str) -> hv.Overlay:
    """The workplan: each line's planned span, and the span of its expenditures coloured by state."""
    g = burn.schedule.with_columns(
        pl.concat_str([pl.col("proposal_id").cast(pl.Utf8), pl.col("code")], separator=" · ").alias("line"),
        line_state(lang).alias("status"))
    planned = g.select(pl.col("planned_start").alias("x0"), pl.col("line").alias("y0"), pl.col("planned_end").alias("x1"),
                       pl.col("line").alias("y1"), "title").to_pandas()
    actual = g.filter(pl.col("first_spent").is_not_null()).select(
        pl.col("first_spent").alias("x0"), pl.col("line").alias("y0"), pl.col("last_spent").alias("x1"),
        pl.col("line").alias("y1"), "status").to_pandas()
    states = {t(k, lang): c for k, c in LINE_STATE_COLOURS.items()}
    return (hv.Segments(planned, ["x0", "y0", "x1", "y1"], [hv.Dimension("title", label=t("activity", lang))],
                        label=t("planned", lang)).opts(
                color=BURN_COLOURS["schedule"], line_width=14, tools=["hover"],
                hover_tooltips=[(t("activity", lang), "@title")])
            * hv.Segments(actual, ["x0", "y0", "x1", "y1"], [hv.Dimension("status", label=t("col_status", lang))],
                          label=t("actual", lang)).opts(
                color="status", cmap=states, line_width=6, tools=["hover"],
                hover_tooltips=[(t("col_status", lang), "@status")])
            ).opts(responsive=True, height=max(260, 24 * g.height + 60), title=t("gantt", lang), xlabel="", ylabel="",
                   invert_yaxis=True, legend_position="top_right", fontscale=1.0, xformatter=date_ticks(lang))
