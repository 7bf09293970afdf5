"""Budget burn figures, drawn alike by the Budget burn page and the steering report from a
`bigcats.burn.Burn`: the S-curve, the burn by month and the schedule (Gantt) of the workplan.

Plain Bokeh figures: HoloViews took 0.3-0.4 s to build each of these for every visitor, Bokeh a
few hundredths, and none of them needs more than Bokeh's glyphs."""
from __future__ import annotations

import math

import polars as pl
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, PrintfTickFormatter
from bokeh.transform import dodge

from bigcats.burn import Burn
from bigcats.i18n import t
from dashboards.figures.common import titled
from dashboards.figures.axes import date_ticks
from dashboards.palette import BURN_COLOURS, LINE_STATE_COLOURS


def line_state(lang: str) -> pl.Expr:
    """'over budget', 'late' or 'on track' of an earned-value row, in `lang`."""
    return (pl.when(pl.col("over_budget")).then(pl.lit(t("over_budget", lang)))
            .when(pl.col("late")).then(pl.lit(t("late", lang))).otherwise(pl.lit(t("on_track", lang))))


def s_curve(burn: Burn, lang: str, css: str | None = None):
    """Cumulative planned value against actual cost (actual cost up to the latest status date)."""
    fig = titled(t("s_curve", lang), 330, x_axis_type="datetime")
    actual = burn.curve.filter(pl.col("reported"))
    fig.line(burn.curve["month"].to_numpy(), burn.curve["planned_cum"].to_numpy(), color=BURN_COLOURS["planned"],
             line_width=3, line_dash="dashed", legend_label=t("planned_value", lang))
    fig.line(actual["month"].to_numpy(), actual["actual_cum"].to_numpy(), color=BURN_COLOURS["actual"], line_width=3,
             legend_label=t("actual_cost", lang))
    fig.yaxis.axis_label = t("usd", lang)
    fig.yaxis.formatter = PrintfTickFormatter(format="%.0f")
    fig.xaxis.formatter = date_ticks(lang)
    fig.legend.location = "top_left"
    fig.legend.label_text_font_size = "14px"
    fig.css_classes = [css] if css else []
    return fig


def burn_by_month(burn: Burn, lang: str, css: str | None = None):
    """Planned value and actual cost of each month as bars, side by side."""
    months = burn.curve["month"].dt.strftime("%Y-%m").to_list()
    actual = dict(zip(burn.curve.filter(pl.col("reported"))["month"].dt.strftime("%Y-%m").to_list(),
                      burn.curve.filter(pl.col("reported"))["actual_usd"].to_list()))
    fig = titled(t("burn_by_month", lang), 300, x_range=FactorRange(*months))
    source = ColumnDataSource({"m": months, "planned": burn.curve["planned_usd"].to_numpy(),
                               "actual": [actual.get(m, float("nan")) for m in months]})
    fig.vbar(x=dodge("m", -0.2, range=fig.x_range), top="planned", width=0.4, source=source,
             color=BURN_COLOURS["planned"], alpha=0.5, legend_label=t("planned_value", lang))
    fig.vbar(x=dodge("m", 0.2, range=fig.x_range), top="actual", width=0.4, source=source,
             color=BURN_COLOURS["actual"], alpha=0.8, legend_label=t("actual_cost", lang))
    fig.xaxis.major_label_orientation = math.pi / 2
    fig.xgrid.grid_line_color = None
    fig.y_range.start = 0
    fig.yaxis.axis_label = t("usd", lang)
    fig.yaxis.formatter = PrintfTickFormatter(format="%.0f")
    # the legend above the bars, so that it hides none of them
    fig.legend.orientation = "horizontal"
    fig.add_layout(fig.legend[0], "above")
    fig.css_classes = [css] if css else []
    return fig


def _columns(frame: pl.DataFrame, *names: str) -> dict:
    """Columns of `frame` for a data source, dates as numpy datetimes (which Bokeh's time axis reads)."""
    return {n: frame[n].to_numpy() if frame[n].dtype.is_temporal() else frame[n].to_list() for n in names}


def schedule(burn: Burn, lang: str, css: str | None = None):
    """The workplan: each line's planned span, and the span of its expenditures coloured by state
    (over budget, late, on track: the legend names each)."""
    g = burn.schedule.with_columns(
        pl.concat_str([pl.col("proposal_id").cast(pl.Utf8), pl.col("code")], separator=" · ").alias("line"),
        line_state(lang).alias("status"),
        pl.when(pl.col("over_budget")).then(pl.lit("over_budget")).when(pl.col("late")).then(pl.lit("late"))
        .otherwise(pl.lit("on_track")).alias("state"))
    lines = g["line"].to_list()
    fig = titled(t("gantt", lang), max(260, 24 * g.height + 60), x_axis_type="datetime",
                  y_range=FactorRange(*reversed(lines)))
    planned = fig.segment(x0="planned_start", y0="line", x1="planned_end", y1="line", line_width=14,
                          color=BURN_COLOURS["schedule"], legend_label=t("planned", lang),
                          source=ColumnDataSource(_columns(g, "planned_start", "planned_end", "line", "title")))
    spent = g.filter(pl.col("first_spent").is_not_null())
    actual = fig.segment(x0="first_spent", y0="line", x1="last_spent", y1="line", line_width=6, color="colour",
                         legend_field="status", source=ColumnDataSource({
                             **_columns(spent, "first_spent", "last_spent", "line", "status"),
                             "colour": [LINE_STATE_COLOURS[s] for s in spent["state"]]}))
    fig.add_tools(HoverTool(renderers=[planned], tooltips=[(t("activity", lang), "@title")]),
                  HoverTool(renderers=[actual], tooltips=[(t("col_status", lang), "@status")]))
    fig.xaxis.formatter = date_ticks(lang)
    fig.legend.location = "top_right"
    fig.css_classes = [css] if css else []
    return fig
