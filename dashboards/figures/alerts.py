"""Alert figures: the map of a region's alerts, the monthly timeline by kind and the response
times per park, drawn the same by the Alerts page and the steering report. Plain Bokeh: the
page redraws them whenever an alert comes, and HoloViews took a second or more of the server's one
event loop to build them, Bokeh a tenth."""
from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Range1d
from bokeh.plotting import figure

from bigcats.geo import geojson_paths
from bigcats.i18n import t
from dashboards.figures.axes import date_ticks
from dashboards.figures.common import borders_over, countries_beneath, ground_scale_bar, large_type, park_key, park_outlines
from dashboards.figures.corridors import equal_scale, lonlat_to_mercator, mercator, region_layers
from dashboards.palette import ALERT_COLOURS, FIRE_COLOUR

MAP_FRAME = (560, 480)
STATUS_MARKERS = {"open": "triangle", "acknowledged": "square", "resolved": "circle"}


def kind_label(kind: str, lang: str) -> str:
    return t(f"alert_kind_{kind}", lang)


def _styled(fig, title: str):
    fig.title.text = title
    return large_type(fig)


def alert_map(alerts: pl.DataFrame, layers: pl.DataFrame, lang: str, frame_size: tuple[int, int] = MAP_FRAME,
              fires: pl.DataFrame | None = None, css: str | None = None):
    """The region's countries, protected areas and borders with its alerts: colour by kind, marker
    by status (open triangle, acknowledged square, resolved circle), an alert's area (where it has
    one) outlined in its kind's colour, and the satellite fire hotspots as small crosses. Positions
    are what the reader may see (generalised to a grid cell's centre for those who may not see them
    exactly; an area only for those who see it exactly). Web Mercator at equal metres per pixel."""
    countries, areas, borders = region_layers(layers, lang, mercator)
    fig = figure(frame_width=frame_size[0], frame_height=frame_size[1], toolbar_location="above",
                 tools="pan,wheel_zoom,reset", active_scroll="wheel_zoom", x_axis_type=None, y_axis_type=None)
    fig.grid.visible = False
    countries_beneath(fig, countries)
    park_outlines(fig, areas)
    borders_over(fig, borders)
    if fires is not None and fires.height:
        f = lonlat_to_mercator(fires).with_columns(pl.col("detected_at").dt.strftime("%Y-%m-%d %H:%M").alias("when"))
        hot = fig.scatter("x", "y", marker="x", size=7, line_width=1.5, color=FIRE_COLOUR,
                          source=ColumnDataSource(f.select("x", "y", "when").to_dict(as_series=False)))
        fig.add_tools(HoverTool(renderers=[hot], tooltips=[(t("fire_hotspot", lang), "@when")]))
    with_area = alerts.filter(pl.col("area_geojson").is_not_null()) if "area_geojson" in alerts.columns else alerts.clear()
    if with_area.height:  # an alert about an area: its outline in the kind's colour, under the markers
        shapes = {"xs": [], "ys": [], "colour": [], "what": []}
        for r in with_area.iter_rows(named=True):
            for part in geojson_paths(r["area_geojson"]):  # each outer ring (an alert area has no holes drawn)
                x, y = mercator(part["x"], part["y"])
                shapes["xs"].append(x)
                shapes["ys"].append(y)
                shapes["colour"].append(ALERT_COLOURS.get(r["kind"], "#868e96"))
                shapes["what"].append(kind_label(r["kind"], lang))
        outlines = fig.patches("xs", "ys", fill_color="colour", fill_alpha=0.3, line_color="colour", line_width=2,
                               source=ColumnDataSource(shapes))
        fig.add_tools(HoverTool(renderers=[outlines], tooltips=[("", "@what")]))
    pts = alerts.filter(pl.col("latitude").is_not_null())
    if pts.height:
        pts = lonlat_to_mercator(pts).with_columns(
            pl.col("kind").map_elements(lambda k: kind_label(k, lang), return_dtype=pl.Utf8).alias("what"),
            pl.col("kind").replace_strict(ALERT_COLOURS, default="#868e96").alias("colour"),
            pl.col("status").map_elements(lambda s: t(f"alert_status_{s}", lang), return_dtype=pl.Utf8).alias("state"),
            pl.col("raised_at").dt.strftime("%Y-%m-%d %H:%M").alias("when"))
        for status, marker in STATUS_MARKERS.items():
            sub = pts.filter(pl.col("status") == status)
            if sub.height:
                marks = fig.scatter("x", "y", marker=marker, size=13, fill_color="colour", line_color="black",
                                    line_width=0.8, source=ColumnDataSource(
                                        sub.select("x", "y", "what", "state", "when", "area_id", "colour")
                                        .to_dict(as_series=False)))
                fig.add_tools(HoverTool(renderers=[marks], tooltips=[("", "@what"), ("", "@state"), ("", "@when"),
                                                                     ("", "@area_id")]))
    xs = [v for a in areas for v in a["x"]] + (pts["x"].to_list() if pts.height else [])
    ys = [v for a in areas for v in a["y"]] + (pts["y"].to_list() if pts.height else [])
    xs, ys = [v for v in xs if v == v], [v for v in ys if v == v]  # NaN breaks between rings
    pad_x, pad_y = 0.08 * (max(xs) - min(xs)) + 10_000, 0.08 * (max(ys) - min(ys)) + 10_000
    x0, x1, y0, y1 = equal_scale((min(xs) - pad_x, max(xs) + pad_x, min(ys) - pad_y, max(ys) + pad_y), *frame_size)
    fig.x_range, fig.y_range = Range1d(x0, x1), Range1d(y0, y1)
    park_key(fig, areas, frame_size[0])
    ground_scale_bar(fig, lang)
    fig.css_classes = [css] if css else []
    return _styled(fig, t("alerts_map", lang))


def timeline(monthly: pl.DataFrame, lang: str, css: str | None = None):
    """Alerts raised per month, stacked by kind, on a time axis read in each language."""
    fig = figure(height=320, sizing_mode="stretch_width", x_axis_type="datetime", toolbar_location=None, tools="")
    fig.yaxis.axis_label = t("alerts_count", lang)
    fig.xaxis.formatter = date_ticks(lang)
    fig.css_classes = [css] if css else []
    if monthly.is_empty():
        return _styled(fig, t("alerts_by_month", lang))
    months = pl.date_range(monthly["month"].min(), monthly["month"].max(), "1mo", eager=True).alias("month")
    columns, colours, labels = {"month": months.to_numpy()}, [], []
    for kind, colour in ALERT_COLOURS.items():
        series = (pl.DataFrame(months).join(monthly.filter(pl.col("kind") == kind).select("month", "alerts"),
                                            on="month", how="left")
                  .with_columns(pl.col("alerts").fill_null(0).cast(pl.Int64)))
        if series["alerts"].sum():
            columns[kind] = series["alerts"].to_numpy()
            colours.append(colour)
            labels.append(kind_label(kind, lang))
    kinds = [k for k in columns if k != "month"]
    fig.varea_stack(kinds, x="month", color=colours, fill_alpha=0.85, legend_label=labels,
                    source=ColumnDataSource(columns))
    fig.y_range.start = 0
    legend = fig.legend[0]
    legend.items = list(reversed(legend.items))  # the top of the stack first
    legend.label_text_font_size = "14px"
    fig.add_layout(legend, "right")
    return _styled(fig, t("alerts_by_month", lang))


def response_bars(times: pl.DataFrame, park_names: dict[str, str], lang: str, css: str | None = None):
    """Median hours from raising to acknowledgement, per park (all kinds)."""
    df = times.filter(pl.col("median_hours_to_acknowledge").is_not_null()).with_columns(
        pl.col("area_id").replace_strict(park_names, default=pl.col("area_id")).alias("park"))
    parks = df["park"].to_list()
    fig = figure(height=280, sizing_mode="stretch_width", x_range=FactorRange(*parks), toolbar_location=None, tools="")
    bars = fig.vbar(x="park", top="hours", width=0.7, color="#2b4d3f", source=ColumnDataSource(
        {"park": parks, "hours": df["median_hours_to_acknowledge"].to_list()}))
    fig.add_tools(HoverTool(renderers=[bars], tooltips=[("", "@park"), (t("hours", lang), "@hours{0.0}")]))
    fig.y_range.start = 0
    fig.xgrid.grid_line_color = None
    fig.yaxis.axis_label = t("hours", lang)
    fig.css_classes = [css] if css else []
    return _styled(fig, t("alerts_median_ack", lang))


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
