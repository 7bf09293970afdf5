"""The publication exchange's figure: per park and year, the publications produced, those
exchanged with the park across the border, and those still missing an abstract in the other
language; grouped bars in plain Bokeh (built in hundredths of a second for every visitor)."""
from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, FactorRange, HoverTool
from bokeh.plotting import figure
from bokeh.transform import dodge

from bigcats.i18n import t

KINDS = {"produced": "#1864ab", "exchanged": "#2b8a3e", "missing_abstract": "#e8590c"}


def per_park_year(exchange: pl.DataFrame, lang: str, css: str | None = None):
    """`exchange` (queries/publication_exchange.sql rows: area_id, year and the three counts) as
    three bars per park and year."""
    groups = [f"{r['area_id']} {r['year']}" for r in exchange.iter_rows(named=True)]
    fig = figure(height=320, sizing_mode="stretch_width", x_range=FactorRange(*groups), toolbar_location=None,
                 tools="", title=t("per_park_year", lang))
    source = ColumnDataSource({"group": groups, **{k: exchange[k].to_list() for k in KINDS}})
    for (kind, colour), offset in zip(KINDS.items(), (-0.27, 0.0, 0.27)):
        bars = fig.vbar(x=dodge("group", offset, range=fig.x_range), top=kind, width=0.25, color=colour,
                        source=source, legend_label=t(kind, lang))
        fig.add_tools(HoverTool(renderers=[bars], tooltips=[("", "@group"), ("", t(kind, lang)),
                                                            (t("publications", lang), f"@{kind}")]))
    fig.y_range.start = 0
    fig.xgrid.grid_line_color = None
    fig.xaxis.major_label_orientation = 0.8
    fig.yaxis.axis_label = t("publications", lang)
    fig.title.text_font_size = "16px"
    fig.axis.major_label_text_font_size = "13px"
    fig.legend.location = "top_left"
    fig.legend.label_text_font_size = "14px"
    fig.css_classes = [css] if css else []
    return fig
