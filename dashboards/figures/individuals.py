"""Figures of animals shared across a border, drawn alike by the Shared individuals page and the
steering report from a `bigcats.sharing.Sharing`."""
from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh plots, so options can be given)
import polars as pl

from bigcats.i18n import t
from bigcats.sharing import Sharing
from dashboards.palette import COUNTRY_COLOURS, SHARED_COLOURS


def shared_text(s: Sharing, lang: str) -> str:
    """'19 of 45' in `lang`."""
    return t("shared_of", lang).replace("{shared}", str(s.shared)).replace("{detected}", str(s.detected))


def by_park(s: Sharing, lang: str) -> hv.Bars:
    """Animals photographed by each park's cameras, coloured by country."""
    df = s.by_park.select("park", "animals", "country").to_pandas()
    return hv.Bars(df, "park", ["animals", "country"]).opts(
        color="country", cmap=COUNTRY_COLOURS, responsive=True, height=70 + 45 * max(1, len(df)), tools=["hover"],
        hover_tooltips=[(t("park", lang), "@park"), (t("individuals_axis", lang), "@animals")],
        invert_axes=True, show_legend=False, xlabel="", ylabel=t("individuals_axis", lang),
        title=t("detected_by_park", lang), fontscale=1.1)


def by_year(s: Sharing, lang: str) -> hv.Bars:
    """Detected and shared animals of each year, side by side."""
    long = pl.concat([
        s.by_year.select(pl.col("year").cast(pl.Utf8), pl.lit(t("detected", lang)).alias("kind"), pl.col("detected").alias("n")),
        s.by_year.select(pl.col("year").cast(pl.Utf8), pl.lit(t("shared", lang)).alias("kind"), pl.col("shared").alias("n")),
    ]).sort("year", maintain_order=True)
    return hv.Bars(long.to_pandas(), ["year", "kind"], "n").opts(
        responsive=True, height=260, tools=["hover"], xlabel=t("year", lang), ylabel=t("individuals_axis", lang),
        hover_tooltips=[(t("year", lang), "@year"), ("", "@kind"), (t("individuals_axis", lang), "@n")],
        title=t("shared_by_year", lang), cmap=[SHARED_COLOURS["detected"], SHARED_COLOURS["shared"]], fontscale=1.1,
        multi_level=False)
