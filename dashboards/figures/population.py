"""Population figures, drawn alike by the Population trends page and the steering report from a
`bigcats.trends.PopulationTrend`: the trend with its 95% band beside the reported figures,
and the sex and age structure by year. Plain Bokeh figures: HoloViews cost 0.3-0.5 s to build
each of them for every visitor, Bokeh a few hundredths."""
from __future__ import annotations

from bokeh.models import ColumnDataSource, FactorRange, HoverTool, PrintfTickFormatter
from bokeh.plotting import figure

from bigcats.i18n import t
from dashboards.figures.common import large_type
from bigcats.trends import PopulationTrend
from dashboards.palette import ESTIMATE_COLOURS, STRUCTURE_COLOURS


def axis_label(p: PopulationTrend, lang: str) -> str:
    return t("density_axis" if p.quantity == "density_per_100km2" else "individuals_axis", lang)


def trend(p: PopulationTrend, lang: str, css: str | None = None):
    """Estimates by year with their 95% interval, and the proposals' reported figures as diamonds
    (their quote and source on hover)."""
    computed_label = f"{t('method_' + p.method, lang)} — {t('computed_from', lang)}"
    data = p.series.select("year", "estimate", "lcl", "ucl")
    years = [int(y) for y in data["year"]] + [int(y) for y in p.reported["year"]] if p.reported.height else \
        [int(y) for y in data["year"]]
    fig = figure(height=400, sizing_mode="stretch_width", toolbar_location="above", tools="pan,wheel_zoom,reset,save")
    colour = ESTIMATE_COLOURS["computed"]
    source = ColumnDataSource(data.to_dict(as_series=False))
    fig.varea(x="year", y1="lcl", y2="ucl", source=source, fill_color=colour, fill_alpha=0.18,
              legend_label=t("ci95", lang))
    fig.line(x="year", y="estimate", source=source, color=colour, line_width=3, legend_label=computed_label)
    dots = fig.scatter(x="year", y="estimate", source=source, color=colour, size=9)
    fig.add_tools(HoverTool(renderers=[dots], tooltips=[
        (t("year", lang), "@year"), (t("col_estimate", lang), "@estimate{0,0.[00]}"),
        (t("ci95", lang), "@lcl{0,0.[00]} – @ucl{0,0.[00]}")]))
    if p.reported.height:
        reported = fig.scatter(x="year", y="estimate", marker="diamond", size=18, color=ESTIMATE_COLOURS["reported"],
                               line_color="black", legend_label=t("reported_in_proposals", lang),
                               source=ColumnDataSource(p.reported.select("year", "estimate", "quote", "source")
                                                       .to_dict(as_series=False)))
        fig.add_tools(HoverTool(renderers=[reported], tooltips=[
            (t("reported", lang), "@estimate"), ("", "@quote"), (t("source", lang), "@source")]))
    fig.y_range.start = 0
    if years:
        fig.xaxis.ticker = sorted(set(years))
    fig.xaxis.axis_label, fig.yaxis.axis_label = t("year", lang), axis_label(p, lang)
    fig.xaxis.formatter = PrintfTickFormatter(format="%d")  # years without a thousands separator
    large_type(fig, ticks_px=15, labels_px=16)
    fig.legend.location = "top_left"
    fig.css_classes = [css] if css else []
    return fig


SEXES = ("female", "male", "unknown")
STAGES = ("adult", "subadult", "juvenile")


def structure(p: PopulationTrend, lang: str, css: str | None = None):
    """Animals by sex and life stage, stacked by year: females in reds, males in blues, unknown in
    greys, each the lighter the younger (STRUCTURE_COLOURS in that order)."""
    df = p.structure
    years = [str(y) for y in sorted(df["year"].unique().to_list())]
    present = set(zip(df["sex"], df["life_stage"]))
    classes = [(sex, stage) for sex in SEXES for stage in STAGES if (sex, stage) in present]
    classes += sorted(c for c in present if c not in classes)  # a class the palette does not know, last
    counts = {(str(y), sx, st): n for y, sx, st, n in df.select("year", "sex", "life_stage", "individuals").iter_rows()}
    keys = [f"{sex}_{stage}" for sex, stage in classes]
    source = ColumnDataSource({"year": years, **{k: [counts.get((y, sx, st), 0) for y in years]
                                                 for k, (sx, st) in zip(keys, classes)}})
    labels = [f"{t(sex, lang)}, {t(stage, lang)}" for sex, stage in classes]
    colours = [STRUCTURE_COLOURS[SEXES.index(sx) * 3 + STAGES.index(st)] if sx in SEXES and st in STAGES
               else "#adb5bd" for sx, st in classes]
    fig = figure(height=340, sizing_mode="stretch_width", x_range=FactorRange(*years), toolbar_location=None, tools="")
    bars = fig.vbar_stack(keys, x="year", width=0.8, color=colours, source=source,
                          legend_label=labels, line_color="white")
    for bar, label, key in zip(bars, labels, keys):
        fig.add_tools(HoverTool(renderers=[bar], tooltips=[(t("year", lang), "@year"), ("", label),
                                                           (t("individuals_axis", lang), f"@{key}")]))
    fig.y_range.start = 0
    fig.xgrid.grid_line_color = None
    fig.xaxis.axis_label, fig.yaxis.axis_label = t("year", lang), t("individuals_axis", lang)
    large_type(fig, ticks_px=15, labels_px=16)
    legend = fig.legend[0]
    legend.items = list(reversed(legend.items))  # top of the stack first, as the bars read
    fig.add_layout(legend, "right")
    fig.css_classes = [css] if css else []
    return fig
