"""Alert figures: the map of a region's alerts, the monthly timeline by kind and the response
times per park, drawn the same by the Alerts page and the steering report."""
from __future__ import annotations

import holoviews as hv
import polars as pl

from bigcats.i18n import t
from dashboards.figures.axes import date_ticks
from dashboards.figures.corridors import equal_scale, lonlat_to_mercator, mercator, region_layers
from dashboards.palette import ALERT_COLOURS, COUNTRY_COLOURS, FIRE_COLOUR

MAP_FRAME = (560, 480)
STATUS_MARKERS = {"open": "triangle", "acknowledged": "square", "resolved": "circle"}


def kind_label(kind: str, lang: str) -> str:
    return t(f"alert_kind_{kind}", lang)


def alert_map(alerts: pl.DataFrame, layers: pl.DataFrame, lang: str, frame_size: tuple[int, int] = MAP_FRAME,
              fires: pl.DataFrame | None = None) -> hv.Overlay:
    """The region's countries, protected areas and borders with its alerts: colour by kind, marker
    by status (open triangle, acknowledged square, resolved circle), and the satellite fire
    hotspots as small crosses. Positions are what the reader may see (generalised to a grid cell's
    centre for those who may not see them exactly)."""
    countries, areas, borders = region_layers(layers, lang, mercator)
    elements = [
        hv.Polygons(countries, kdims=["x", "y"], vdims=["country"]).opts(
            color="country", cmap=COUNTRY_COLOURS, fill_alpha=0.06, line_color="#adb5bd", line_width=0.6,
            show_legend=False),
        hv.Polygons(areas, kdims=["x", "y"], vdims=["name", "country", "status", "planned"]).opts(
            fill_alpha=0.0, line_color="country", cmap=COUNTRY_COLOURS, line_width=2, tools=["hover"],
            hover_tooltips=[("", "@name"), ("", "@status")], show_legend=False),
        hv.Path(borders, kdims=["x", "y"]).opts(color="#343a40", line_width=1.5),
    ]
    if fires is not None and fires.height:
        f = lonlat_to_mercator(fires).with_columns(pl.col("detected_at").dt.strftime("%Y-%m-%d %H:%M").alias("when"))
        elements.append(hv.Points(f.select("x", "y", "when", "confidence").to_pandas(), ["x", "y"], ["when", "confidence"]).opts(
            color=FIRE_COLOUR, marker="x", size=7, line_width=1.5, tools=["hover"],
            hover_tooltips=[(t("fire_hotspot", lang), "@when")]))
    pts = alerts.filter(pl.col("latitude").is_not_null())
    if pts.height:
        pts = lonlat_to_mercator(pts).with_columns(
            pl.col("kind").map_elements(lambda k: kind_label(k, lang), return_dtype=pl.Utf8).alias("what"),
            pl.col("status").map_elements(lambda s: t(f"alert_status_{s}", lang), return_dtype=pl.Utf8).alias("state"),
            pl.col("raised_at").dt.strftime("%Y-%m-%d %H:%M").alias("when"))
        for status, marker in STATUS_MARKERS.items():
            sub = pts.filter(pl.col("status") == status)
            if sub.height:
                elements.append(hv.Points(sub.select("x", "y", "what", "state", "when", "area_id").to_pandas(),
                                          ["x", "y"], ["what", "state", "when", "area_id"]).opts(
                    color="what", cmap={kind_label(k, lang): c for k, c in ALERT_COLOURS.items()}, marker=marker, size=13, line_color="black", line_width=0.8,
                    tools=["hover"], show_legend=False,
                    hover_tooltips=[("", "@what"), ("", "@state"), ("", "@when"), ("", "@area_id")]))
    xs = [v for a in areas for v in a["x"]] + (pts["x"].to_list() if pts.height else [])
    ys = [v for a in areas for v in a["y"]] + (pts["y"].to_list() if pts.height else [])
    xs, ys = [v for v in xs if v == v], [v for v in ys if v == v]  # NaN breaks between rings
    pad_x, pad_y = 0.08 * (max(xs) - min(xs)) + 10_000, 0.08 * (max(ys) - min(ys)) + 10_000
    x0, x1, y0, y1 = equal_scale((min(xs) - pad_x, max(xs) + pad_x, min(ys) - pad_y, max(ys) + pad_y), *frame_size)
    return hv.Overlay(elements).opts(frame_width=frame_size[0], frame_height=frame_size[1], xlim=(x0, x1), ylim=(y0, y1),
                                     xaxis=None, yaxis=None, active_tools=["wheel_zoom"], toolbar="above",
                                     title=t("alerts_map", lang), fontscale=1.1)


def timeline(monthly: pl.DataFrame, lang: str) -> hv.Overlay:
    """Alerts raised per month, stacked by kind, on a time axis read in each language."""
    if monthly.is_empty():
        return hv.Overlay([hv.Area([], "month", "alerts")]).opts(title=t("alerts_by_month", lang))
    months = pl.date_range(monthly["month"].min(), monthly["month"].max(), "1mo", eager=True).alias("month")
    areas = []
    for kind, colour in ALERT_COLOURS.items():
        series = (pl.DataFrame(months).join(monthly.filter(pl.col("kind") == kind).select("month", "alerts"),
                                            on="month", how="left")
                  .with_columns(pl.col("alerts").fill_null(0).cast(pl.Int64)))
        if series["alerts"].sum():
            areas.append(hv.Area(series.to_pandas(), "month", "alerts", label=kind_label(kind, lang)))
    stacked = hv.Area.stack(hv.Overlay(areas))
    colours = [ALERT_COLOURS[k] for k in ALERT_COLOURS if any(a.label == kind_label(k, lang) for a in areas)]
    return hv.Overlay([a.opts(color=c, line_color=c, alpha=0.85, responsive=True, height=320, xlabel="",
                              ylabel=t("alerts_count", lang), xformatter=date_ticks(lang))
                       for a, c in zip(stacked, colours)]).opts(
        title=t("alerts_by_month", lang), legend_position="right", fontscale=1.05, responsive=True, height=320)


def response_bars(times: pl.DataFrame, park_names: dict[str, str], lang: str) -> hv.Bars:
    """Median hours from raising to acknowledgement, per park (all kinds)."""
    df = times.filter(pl.col("median_hours_to_acknowledge").is_not_null()).with_columns(
        pl.col("area_id").replace_strict(park_names, default=pl.col("area_id")).alias("park"))
    return hv.Bars(df.select("park", "median_hours_to_acknowledge").to_pandas(), "park",
                   "median_hours_to_acknowledge").opts(
        responsive=True, height=280, color="#2b4d3f", xlabel="", ylabel=t("hours", lang),
        title=t("alerts_median_ack", lang), tools=["hover"], fontscale=1.05,
        hover_tooltips=[("", "@park"), (t("hours", lang), "@median_hours_to_acknowledge{0.0}")])



def legend(lang: str) -> str:
    """The map's key as HTML: a colour per kind, a marker per status (large, for a projector)."""
    chips = "".join(f'<span style="white-space:nowrap;margin-right:14px"><span style="display:inline-block;width:14px;'
                    f'height:14px;border-radius:7px;background:{c};border:1px solid #222;vertical-align:middle"></span> '
                    f'{kind_label(k, lang)}</span> ' for k, c in ALERT_COLOURS.items())
    shapes = {"open": "▲", "acknowledged": "■", "resolved": "●"}
    marks = "".join(f'<span style="white-space:nowrap;margin-right:14px">{shapes[s]} {t(f"alert_status_{s}", lang)}</span> '
                    for s in STATUS_MARKERS)
    fire = f'<span style="white-space:nowrap;color:{FIRE_COLOUR};font-weight:700">✕</span> {t("fire_hotspot", lang)}'
    return f'<div class="alerts-legend" style="font-size:15px;line-height:1.9">{chips}<br>{marks} {fire}</div>'
