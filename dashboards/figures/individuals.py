"""Figures of animals shared across a border, drawn alike by the Shared individuals page and the
steering report from a `bigcats.sharing.Sharing`, and one animal's timeline. Plain Bokeh: HoloViews
cost 0.3 s to build each for every visitor, Bokeh a few hundredths."""
from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, FactorRange, HoverTool
from bokeh.transform import dodge

from bigcats.i18n import t
from dashboards.figures.common import titled
from bigcats.sharing import Sharing
from dashboards.figures.axes import date_ticks
from dashboards.palette import COUNTRY_COLOURS, SHARED_COLOURS


def shared_text(s: Sharing, lang: str) -> str:
    """'19 of 45' in `lang`."""
    return t("shared_of", lang).replace("{shared}", str(s.shared)).replace("{detected}", str(s.detected))


def by_park(s: Sharing, lang: str, css: str | None = None):
    """Animals photographed by each park's cameras, coloured by country. Each park's name is
    written above its bar rather than on an axis beside it: a long name ("Northeast China Tiger
    and Leopard National Park", longer in Russian) took half the chart's width, and the frames of
    the page's charts below it, aligned with this one, shrank with it."""
    df = s.by_park.select("park", "animals", "country")
    parks = df["park"].to_list()
    fig = titled(t("detected_by_park", lang), 80 + 60 * max(1, len(parks)), y_range=FactorRange(*reversed(parks)))
    source = ColumnDataSource({"park": parks, "animals": df["animals"].to_list(),
                               "label": [f"{p}: {n}" for p, n in zip(parks, df["animals"])],
                               "colour": [COUNTRY_COLOURS.get(c, "#adb5bd") for c in df["country"]]})
    bars = fig.hbar(y=dodge("park", -0.15, range=fig.y_range), right="animals", height=0.45, color="colour",
                    source=source)
    fig.text(x=0, y=dodge("park", 0.22, range=fig.y_range), text="label", source=source, text_font_size="15px",
             text_baseline="middle", x_offset=2, text_color="#212529")
    fig.add_tools(HoverTool(renderers=[bars], tooltips=[(t("park", lang), "@park"),
                                                        (t("individuals_axis", lang), "@animals")]))
    fig.x_range.start = 0
    fig.ygrid.grid_line_color = None
    fig.yaxis.visible = False
    fig.xaxis.axis_label = t("individuals_axis", lang)
    fig.css_classes = [css] if css else []
    return fig


def by_year(s: Sharing, lang: str, css: str | None = None):
    """Detected and shared animals of each year, side by side."""
    years = [str(y) for y in s.by_year["year"]]
    fig = titled(t("shared_by_year", lang), 260, x_range=FactorRange(*years))
    source = ColumnDataSource({"year": years, "detected": s.by_year["detected"].to_list(),
                               "shared": s.by_year["shared"].to_list()})
    for kind, offset in (("detected", -0.2), ("shared", 0.2)):
        bars = fig.vbar(x=dodge("year", offset, range=fig.x_range), top=kind, width=0.4, source=source,
                        color=SHARED_COLOURS[kind], legend_label=t(kind, lang))
        fig.add_tools(HoverTool(renderers=[bars], tooltips=[(t("year", lang), "@year"), ("", t(kind, lang)),
                                                            (t("individuals_axis", lang), f"@{kind}")]))
    fig.y_range.start = 0
    fig.xgrid.grid_line_color = None
    fig.xaxis.axis_label, fig.yaxis.axis_label = t("year", lang), t("individuals_axis", lang)
    fig.legend.location = "top_left"
    fig.legend.label_text_font_size = "14px"
    fig.css_classes = [css] if css else []
    return fig


def timeline(detections: pl.DataFrame, lang: str, css: str | None = None, samples: pl.DataFrame | None = None):
    """One animal's photographs in time, a row per catalogue entry, coloured by the country of the
    camera (`detections`: observed_at, entry, country, deployment_id); and its genotyped samples
    (`samples`: collected_on, entry, country, sample_id) as triangles on the same rows."""
    samples = samples if samples is not None and samples.height else None
    entries = sorted(set(detections["entry"].to_list()) | (set(samples["entry"].to_list()) if samples is not None else set()))
    fig = titled(t("timeline", lang), 230, x_axis_type="datetime", y_range=FactorRange(*entries))
    for country in sorted(detections["country"].unique().to_list()):
        mine = detections.filter(pl.col("country") == country)
        dots = fig.scatter(x="observed_at", y="entry", size=11, color=COUNTRY_COLOURS.get(country, "#adb5bd"),
                           legend_label=t(f"country_{country}", lang), source=ColumnDataSource({
                               "observed_at": mine["observed_at"].to_numpy(), "entry": mine["entry"].to_list(),
                               "deployment_id": mine["deployment_id"].to_list()}))
        fig.add_tools(HoverTool(renderers=[dots], formatters={"@observed_at": "datetime"}, tooltips=[
            (t("date", lang), "@observed_at{%F}"), (t("catalogue_ids", lang), "@entry"),
            (t("col_deployment", lang), "@deployment_id")]))
    if samples is not None:
        dna = fig.scatter(x="collected_on", y="entry", size=13, marker="triangle", line_color="#212529", line_width=1.5,
                          fill_color="colour", legend_label=t("timeline_dna", lang), source=ColumnDataSource({
                              "collected_on": samples["collected_on"].cast(pl.Datetime).to_numpy(),
                              "entry": samples["entry"].to_list(), "sample_id": samples["sample_id"].to_list(),
                              "colour": [COUNTRY_COLOURS.get(c, "#adb5bd") for c in samples["country"]]}))
        fig.add_tools(HoverTool(renderers=[dna], formatters={"@collected_on": "datetime"}, tooltips=[
            (t("date", lang), "@collected_on{%F}"), (t("catalogue_ids", lang), "@entry"),
            (t("col_sample", lang), "@sample_id")]))
    fig.xaxis.formatter = date_ticks(lang)
    fig.legend.location = "top_right"
    fig.css_classes = [css] if css else []
    return fig
