"""Population figures, drawn alike by the Population trends page and the steering report from a
`bigcats.trends.PopulationTrend`: the trend with its 95% band beside the reported figures,
and the sex and age structure by year."""
from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh plots, so options can be given)
import polars as pl

from bigcats.i18n import t
from bigcats.trends import PopulationTrend
from dashboards.palette import ESTIMATE_COLOURS, STRUCTURE_COLOURS


def axis_label(p: PopulationTrend, lang: str) -> str:
    return t("density_axis" if p.quantity == "density_per_100km2" else "individuals_axis", lang)


def trend(p: PopulationTrend, lang: str) -> hv.Overlay:
    """Estimates by year with their 95% interval, and the proposals' reported figures as diamonds
    (their quote and source on hover)."""
    computed_label = f"{t('method_' + p.method, lang)} — {t('computed_from', lang)}"
    data = p.series.select("year", "estimate", "lcl", "ucl").to_pandas()
    band = hv.Area(data, "year", ["lcl", "ucl"], label=t("ci95", lang)).opts(
        color=ESTIMATE_COLOURS["computed"], alpha=0.18, line_alpha=0)
    line = hv.Curve(data, "year", "estimate", label=computed_label).opts(color=ESTIMATE_COLOURS["computed"], line_width=3)
    dots = hv.Scatter(data, "year", ["estimate", "lcl", "ucl"]).opts(
        color=ESTIMATE_COLOURS["computed"], size=9, tools=["hover"],
        hover_tooltips=[(t("year", lang), "@year"), (t("col_estimate", lang), "@estimate{0,0.[00]}"),
                        (t("ci95", lang), "@lcl{0,0.[00]} – @ucl{0,0.[00]}")])
    layers = band * line * dots
    if p.reported.height:
        rdata = p.reported.select("year", "estimate", "quote", "source").to_pandas()
        layers = layers * hv.Scatter(rdata, "year", ["estimate", "quote", "source"],
                                     label=t("reported_in_proposals", lang)).opts(
            color=ESTIMATE_COLOURS["reported"], marker="diamond", size=18, line_color="black", tools=["hover"],
            hover_tooltips=[(t("reported", lang), "@estimate"), ("", "@quote"), (t("source", lang), "@source")])
    return layers.opts(responsive=True, height=400, legend_position="top_left", show_grid=True, xlabel=t("year", lang),
                       ylabel=axis_label(p, lang), fontscale=1.3, toolbar="above", ylim=(0, None),
                       xticks=[int(y) for y in data["year"]] if len(data) else None)


def structure(p: PopulationTrend, lang: str) -> hv.Bars:
    """Animals by sex and life stage, stacked by year."""
    df = p.structure.with_columns(
        pl.concat_str([pl.col("sex").map_elements(lambda s: t(s, lang), return_dtype=pl.Utf8),
                       pl.col("life_stage").map_elements(lambda s: t(s, lang), return_dtype=pl.Utf8)],
                      separator=", ").alias("class"),
        pl.col("year").cast(pl.Utf8))
    return hv.Bars(df.to_pandas(), ["year", "class"], "individuals").opts(
        stacked=True, responsive=True, height=340, legend_position="right", tools=["hover"],
        hover_tooltips=[(t("year", lang), "@year"), ("", "@class"), (t("individuals_axis", lang), "@individuals")],
        xlabel=t("year", lang), ylabel=t("individuals_axis", lang), fontscale=1.1, cmap=STRUCTURE_COLOURS)
