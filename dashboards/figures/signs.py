"""Sign-survey figures: each park's signs per km walked by year, with ± one standard error across
its routes (`bigcats.signs.encounter_rates_by_year`), and the genetic samples of each park by
the lab's status. A park's line is in its country's colour; parks of one country differ by dash
and marker, so that a grey projector still tells them apart."""
from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Range1d, Whisker
from bokeh.plotting import figure

from bigcats.i18n import t
from dashboards import tables
from dashboards.figures.common import section_chart
from dashboards.palette import COUNTRY_COLOURS, SAMPLE_STATUS_COLOURS

DASHES = ("solid", "dashed", "dotted", "dashdot")
MARKERS = ("circle", "square", "triangle", "diamond")


def encounter_rates_by_year(by_year: pl.DataFrame, park_names: dict[str, str], countries: dict[str, str], lang: str,
                            css: str | None = None):
    """Signs per km by year, one line per park, the standard error as whiskers (none for a year
    with a single route)."""
    fig = figure(height=360, sizing_mode="stretch_width", toolbar_location="above", tools="pan,wheel_zoom,reset,save",
                 title=t("signs_rate_title", lang))
    fig.title.text_font_size = "16px"
    seen: dict[str, int] = {}
    for area in sorted(by_year["area_id"].unique().to_list()):
        rows = by_year.filter(pl.col("area_id") == area).sort("year")
        country = countries.get(area, "")
        k = seen.get(country, 0)
        seen[country] = k + 1
        colour = COUNTRY_COLOURS.get(country, "#495057")
        se = rows["se"].fill_null(0.0)
        source = ColumnDataSource({
            "year": rows["year"].to_numpy(), "rate": rows["signs_per_km"].to_numpy(),
            "lo": (rows["signs_per_km"] - se).clip(lower_bound=0.0).to_numpy(),
            "hi": (rows["signs_per_km"] + se).to_numpy(),
            "shown": [tables.number(v, lang, 2) for v in rows["signs_per_km"]],
            "se": ["—" if v is None else tables.number(v, lang, 2) for v in rows["se"]],
            "routes": [tables.number(v, lang) for v in rows["routes"]],
            "km": [tables.number(v, lang, 0 if round(v, 1) == round(v) else 1) for v in rows["km"]],
            "signs": [tables.number(v, lang) for v in rows["signs"]]})
        name = park_names.get(area, area)
        fig.line("year", "rate", source=source, color=colour, line_width=3, line_dash=DASHES[k % len(DASHES)],
                 legend_label=name)
        dots = fig.scatter("year", "rate", source=source, size=10, color=colour, marker=MARKERS[k % len(MARKERS)],
                           legend_label=name)
        fig.add_layout(Whisker(source=source, base="year", lower="lo", upper="hi", line_color=colour, line_width=1.5,
                               upper_head=None, lower_head=None))
        fig.add_tools(HoverTool(renderers=[dots], tooltips=[
            ("", name), (t("year", lang), "@year"), (t("col_signs_per_km", lang), "@shown ± @se"),
            (t("col_routes", lang), "@routes"), (t("km", lang), "@km"), (t("col_signs", lang), "@signs")]))
    # the whiskers are annotations, which the automatic range leaves out
    top = float((by_year["signs_per_km"] + by_year["se"].fill_null(0.0)).max() or 1.0)
    fig.y_range = Range1d(0, top * 1.08)
    fig.yaxis.axis_label = t("col_signs_per_km", lang)
    fig.xaxis.axis_label = t("year", lang)
    fig.xaxis.ticker = sorted({int(y) for y in by_year["year"]})
    section_chart(fig, css)
    parks = by_year["area_id"].n_unique()
    if parks > 3:  # the park names in rows of three above the plot, not one row running off its edges
        fig.legend[0].nrows = -(-parks // 3)
    return fig


def samples_by_status(summary: pl.DataFrame, park_names: dict[str, str], lang: str, css: str | None = None):
    """The samples of each park by status, stacked horizontal bars (the parks of the summary, not
    its 'all' row)."""
    from bigcats.signs import SAMPLE_STATUSES
    parks = summary.filter(pl.col("area_id") != "all").sort("area_id", descending=True)
    names = [park_names.get(a, a) for a in parks["area_id"]]
    data = {"park": names, **{s: parks[s].to_list() for s in SAMPLE_STATUSES}}
    fig = figure(height=90 + 48 * max(len(names), 1), sizing_mode="stretch_width", y_range=FactorRange(*names),
                 toolbar_location=None, tools="", title=t("samples_title", lang))
    bars = fig.hbar_stack(list(SAMPLE_STATUSES), y="park", height=0.7, source=ColumnDataSource(data),
                          color=[SAMPLE_STATUS_COLOURS[s] for s in SAMPLE_STATUSES],
                          legend_label=[t(f"sample_status_{s}", lang) for s in SAMPLE_STATUSES])
    for s, r in zip(SAMPLE_STATUSES, bars):
        fig.add_tools(HoverTool(renderers=[r], tooltips=[("", "@park"), (t(f"sample_status_{s}", lang), f"@{s}")]))
    fig.x_range.start = 0
    fig.xaxis.axis_label = t("samples_axis", lang)
    fig.ygrid.grid_line_color = None
    return section_chart(fig, css)
