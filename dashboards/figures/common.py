"""What the Bokeh figures share: type large enough for a projector, and the countries, park
outlines and borders under the alert and patrol maps (Web Mercator, from `region_layers`)."""
from __future__ import annotations

import html
import math

import numpy as np
import shapely
from bokeh.models import ColumnDataSource, CustomJS, HoverTool, Legend, LegendItem, Metric, Range1d, ScaleBar

from bigcats.i18n import t
from dashboards.palette import COUNTRY_COLOURS

BORDER_COLOUR = "#343a40"


def blank_map(frame_size: tuple[int, int], title: str, title_px: int = 16):
    """A map figure of a fixed frame in Web Mercator metres: pan and wheel zoom, no axes, no grid,
    its title in type a projector shows (the layers, ranges and key are the caller's)."""
    from bokeh.plotting import figure
    fig = figure(frame_width=frame_size[0], frame_height=frame_size[1], toolbar_location="above",
                 tools="pan,wheel_zoom,reset", active_scroll="wheel_zoom", x_axis_type=None, y_axis_type=None,
                 title=title)
    fig.grid.visible = False
    fig.title.text_font_size = f"{title_px}px"
    return fig


def large_type(fig, ticks_px: int = 14, labels_px: int = 14, title_px: int = 16):
    """Tick labels, axis labels, legend and title in type a projector shows from the back of the
    room; returns the figure."""
    fig.title.text_font_size = f"{title_px}px"
    fig.axis.major_label_text_font_size = f"{ticks_px}px"
    fig.axis.axis_label_text_font_size = f"{labels_px}px"
    if fig.legend:
        fig.legend.label_text_font_size = f"{labels_px}px"
    return fig


def countries_beneath(fig, countries: list[dict]) -> None:
    """The countries lightly tinted in their colours (paths with x, y and country)."""
    fig.patches([list(c["x"]) for c in countries], [list(c["y"]) for c in countries],
                fill_color=[COUNTRY_COLOURS.get(c["country"], "#adb5bd") for c in countries], fill_alpha=0.06,
                line_color="#adb5bd", line_width=0.6)


def park_outlines(fig, areas: list[dict]) -> None:
    """The protected areas outlined in their country's colour, name and status on hover."""
    parks = fig.patches("xs", "ys", fill_alpha=0.0, line_color="colour", line_width=2, source=ColumnDataSource({
        "xs": [list(a["x"]) for a in areas], "ys": [list(a["y"]) for a in areas],
        "colour": [COUNTRY_COLOURS.get(a["country"], "#adb5bd") for a in areas],
        "name": [a["name"] for a in areas], "status": [a["status"] for a in areas]}))
    fig.add_tools(HoverTool(renderers=[parks], tooltips=[("", "@name"), ("", "@status")]))


def label_point(x, y) -> tuple[float, float] | None:
    """A point inside an outline (x, y; rings separated by NaN, its largest ring taken) where a
    label can stand: shapely's representative point, inside even a crescent-shaped park."""
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    cuts = np.flatnonzero(~np.isfinite(xy).all(axis=1))
    rings = [r[np.isfinite(r).all(axis=1)] for r in np.split(xy, cuts)]
    polygons = [shapely.Polygon(r).buffer(0) for r in rings if len(r) >= 3]
    largest = max(polygons, key=lambda g: g.area, default=None)
    if largest is None or largest.is_empty:
        return None
    point = largest.representative_point()
    return point.x, point.y


# a legend line of the park key is about this many pixels per character at 14 px (Latin, Cyrillic;
# CJK characters are about twice as wide): enough to choose how many columns fit the frame
_KEY_PX_PER_CHAR = 7.6


def spread(points: np.ndarray, gap: float, rounds: int = 60) -> np.ndarray:
    """`points` (n x 2) moved apart until no two are closer than `gap`, each pair pushed apart along
    the line between them by half of what it lacks (points on top of each other first stepped
    apart in turn around a circle): numbers of small parks side by side stay readable."""
    p = np.array(points, dtype=float)
    for _ in range(rounds):
        moved = False
        for i in range(len(p)):
            for j in range(i + 1, len(p)):
                d = p[j] - p[i]
                dist = float(np.hypot(*d))
                if dist >= gap:
                    continue
                direction = d / dist if dist > 0 else np.array([np.cos(j * 2.4), np.sin(j * 2.4)])
                push = (gap - dist) / 2 * direction
                p[i] -= push
                p[j] += push
                moved = True
        if not moved:
            break
    return p


def numbered_parks(areas: list[dict]) -> list[dict]:
    """The protected areas of a map in the order they are numbered: number, name, country, and the
    point (x, y) inside the largest part of each where its number stands. areas: paths with x, y,
    name, country (a park's parts share its name), in the figure's units."""
    parks: dict[str, tuple[float, tuple[float, float], str]] = {}
    for a in areas:
        point = label_point(a["x"], a["y"])
        if point is None:
            continue
        size = (np.nanmax(a["x"]) - np.nanmin(a["x"])) * (np.nanmax(a["y"]) - np.nanmin(a["y"]))
        if a["name"] not in parks or size > parks[a["name"]][0]:
            parks[a["name"]] = (size, point, a["country"])
    return [{"number": i + 1, "name": name, "country": country, "x": point[0], "y": point[1]}
            for i, (name, (_, point, country)) in enumerate(parks.items())]


def park_key(fig, areas: list[dict], frame_width: int, legend: bool = True) -> list[dict]:
    """Each protected area numbered on the map at a point inside its largest part (numbers that
    would overlap moved apart, a thin line back to their park), and, with `legend`, a key below
    the frame naming them ("1  Land of the Leopard National Park") beside the country colour of
    its outline, in as many columns as the names allow: the map names its parks without long names
    over the cameras and cells. A page short of height shows the key as HTML instead
    (`park_key_html`). The figure's x range must be set, `frame_width` its width in pixels (to
    keep numbers 24 px apart). Returns the numbered parks (`numbered_parks`)."""
    parks = numbered_parks(areas)
    if not parks:
        return parks
    anchors = np.array([(p["x"], p["y"]) for p in parks])
    per_pixel = (fig.x_range.end - fig.x_range.start) / frame_width
    shown = spread(anchors, 24 * per_pixel)
    moved = np.hypot(*(shown - anchors).T) > per_pixel
    if moved.any():
        fig.segment(anchors[moved, 0], anchors[moved, 1], shown[moved, 0], shown[moved, 1], line_color="#212529",
                    line_width=1.2)
        fig.scatter(anchors[moved, 0], anchors[moved, 1], size=5, color="#212529")
    labels = [f"{p['number']}  {p['name']}" for p in parks]
    # one renderer for every ring (a renderer costs Bokeh five glyph models); each key entry draws
    # its own row of it (LegendItem.index)
    # the rings and their numbers share one data source; with each number the point inside its
    # park (what a reader of the figure's data can check)
    numbers = ColumnDataSource({
        "x": shown[:, 0], "y": shown[:, 1], "colour": [COUNTRY_COLOURS.get(p["country"], "#495057") for p in parks],
        "text": [str(p["number"]) for p in parks], "inside_x": anchors[:, 0], "inside_y": anchors[:, 1]})
    rings = fig.scatter("x", "y", source=numbers, marker="circle", size=21, fill_color="white", line_color="colour",
                        line_width=2.5)
    items = [LegendItem(label=labels[i], renderers=[rings], index=i) for i in range(len(parks))]
    fig.text("x", "y", text="text", source=numbers, text_align="center", text_baseline="middle",
             text_font_size="12px", text_font_style="bold", text_color="#212529")
    if legend:
        widest = max(sum(2 if ord(c) > 0x2e80 else 1 for c in label) for label in labels) * _KEY_PX_PER_CHAR + 40
        columns = max(1, min(len(items), int(frame_width // widest), 3))
        fig.add_layout(Legend(items=items, ncols=columns, label_text_font_size="14px", spacing=2, padding=4,
                              margin=2, border_line_alpha=0.0, glyph_width=18, location="left"), "below")
    return parks


def park_key_html(parks: list[dict], css: str = "park-key") -> str:
    """The key to a map's numbered parks as HTML (for a page where the figure has no room below
    it): each number in a ring of its country's colour, then the park's name, wrapping as the page's
    width allows."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:6px;margin-right:18px">'
        f'<b style="display:inline-block;min-width:20px;height:20px;line-height:20px;text-align:center;'
        f'border:2.5px solid {COUNTRY_COLOURS.get(p["country"], "#495057")};border-radius:50%;font-size:12px">'
        f'{p["number"]}</b>{html.escape(p["name"])}</span>' for p in parks)
    return f'<div class="{css}" style="font-size:15px;display:flex;flex-wrap:wrap;row-gap:4px">{items}</div>'


def ground_scale_bar(fig, lang: str, location: str = "bottom_right") -> None:
    """A scale bar in km true on the ground at the map's centre for a Web Mercator map: Mercator
    stretches lengths by 1/cos(latitude) (about 1.4 at the parks' 43-50 degrees), so the bar
    measures a range of ground metres, the x range scaled by cos(latitude of the frame's centre),
    kept in step in the browser as the reader pans and zooms."""
    radius = 6378137.0  # Web Mercator's sphere

    def ground(x_start, x_end, y_start, y_end):
        k = math.cos(2 * math.atan(math.exp((y_start + y_end) / 2 / radius)) - math.pi / 2)
        return x_start * k, x_end * k
    start, end = ground(fig.x_range.start, fig.x_range.end, fig.y_range.start, fig.y_range.end)
    metres = Range1d(start, end)
    follow = CustomJS(args={"g": metres, "x": fig.x_range, "y": fig.y_range, "R": radius}, code="""
        const k = Math.cos(2 * Math.atan(Math.exp((y.start + y.end) / 2 / R)) - Math.PI / 2)
        g.setv({start: x.start * k, end: x.end * k})""")
    for r in (fig.x_range, fig.y_range):
        r.js_on_change("start", follow)
        r.js_on_change("end", follow)
    # metres or kilometres only, so that the label gives the unit as the catalogue's word
    fig.add_layout(ScaleBar(range=metres, unit="m", dimensional=Metric(base_unit="m", include=["m", "km"]),
                            label=f"@{{value}} {t('km', lang)}", location=location, bar_length=0.2,
                            label_text_font_size="14px", background_fill_alpha=0.8))


def borders_over(fig, borders: list[dict]) -> None:
    """The state borders as dark lines."""
    fig.multi_line([list(b["x"]) for b in borders], [list(b["y"]) for b in borders], line_color=BORDER_COLOUR,
                   line_width=1.5)


def finish_map(fig, css: str | None = None):
    """A map's legend where it hides least (top left, over the sea or the far side) in type a
    projector shows, and the figure's CSS class (a Bokeh pane does not pass its own on)."""
    for legend in fig.center:  # a legend over the map (those below it are placed already)
        if isinstance(legend, Legend):
            legend.update(location="top_left", label_text_font_size="14px", background_fill_alpha=0.85)
    fig.css_classes = [css] if css else []
    return fig


def section_chart(fig, css: str | None = None):
    """A chart of a page's section as the activity and abundance sections draw theirs: tick labels
    at 15 px, axis labels at 16 px, the legend in one row above the plot (over no line), the
    figure's CSS class; returns the figure."""
    fig.axis.major_label_text_font_size = "15px"
    fig.axis.axis_label_text_font_size = "16px"
    fig.legend.label_text_font_size = "15px"
    fig.legend.orientation = "horizontal"
    fig.add_layout(fig.legend[0], "above")
    fig.css_classes = [css] if css else []
    return fig


def titled(title: str, height: int, **kw):
    """A chart as most pages show one: the page's width, no toolbar, a title, large type."""
    from bokeh.plotting import figure
    return large_type(figure(height=height, sizing_mode="stretch_width", title=title, toolbar_location=None,
                             tools="", **kw))


NICE = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


def round_classes(largest: float, classes: int = 6, nice=NICE) -> list[float]:
    """Upper bounds of at most `classes` classes of a value per map cell (km walked, patrol days,
    events per 100 camera-days), round numbers up to the largest value, the last open."""
    bounds = [b for b in nice if b < largest][-(classes - 1):]
    return [*bounds, float("inf")]


def class_label(lo: float, hi: float, unit: str) -> str:
    """'≤ 5 km', '5–10 km', '> 10 km': a class of `round_classes` in a map's legend."""
    if not lo:
        return f"≤ {hi:g} {unit}"
    return f"> {lo:g} {unit}" if hi == float("inf") else f"{lo:g}–{hi:g} {unit}"



def redraw_in_place(shown, drawn) -> bool:
    """Give the figure `shown` (in a page) the data of `drawn` (the same figure function called again
    on newer data): each renderer's data, categorical factors, fixed ranges and height. Nothing
    else is sent to the browser, where replacing the figure rebuilds every model of it. Returns
    False, changing nothing, when the two differ in their renderers (the caller replaces it)."""
    from bokeh.models import FactorRange
    pairs = list(zip(shown.renderers, drawn.renderers))
    if len(shown.renderers) != len(drawn.renderers) or any(
            type(a.glyph) is not type(b.glyph) for a, b in pairs):
        return False
    ranges = [(getattr(shown, r), getattr(drawn, r)) for r in ("x_range", "y_range")]
    if any(type(a) is not type(b) for a, b in ranges):
        return False
    for a, b in ranges:
        if isinstance(a, FactorRange):
            a.factors = list(b.factors)
        elif isinstance(a, Range1d):
            a.update(start=b.start, end=b.end)
    for a, b in pairs:
        a.data_source.data = dict(b.data_source.data)
    shown.height = drawn.height
    return True


def drop_unshown_glyphs(fig):
    """Take out of `fig` the glyphs Bokeh's glyph methods make for every renderer that this figure
    never shows: the dimmed copy for points left out of a selection (the figure has no tool that
    selects, and no code of the app selects) and the faded copy for a muted series (no legend of it
    mutes on a click). Each renderer then sends the browser one glyph instead of three: a tenth of
    the models of a page with maps and charts (overview 283 -> 243). Returns `fig`."""
    from bokeh.models import BoxSelectTool, GlyphRenderer, Legend, LassoSelectTool, PolySelectTool, TapTool
    toolbar = getattr(fig, "toolbar", None)
    selects = toolbar is not None and any(
        isinstance(tool, (TapTool, BoxSelectTool, LassoSelectTool, PolySelectTool)) for tool in toolbar.tools)
    panels = [*getattr(fig, "center", []), *getattr(fig, "above", []), *getattr(fig, "below", []),
              *getattr(fig, "left", []), *getattr(fig, "right", [])]
    mutes = any(isinstance(p, Legend) and p.click_policy == "mute" for p in panels)
    for renderer in getattr(fig, "renderers", []):
        if isinstance(renderer, GlyphRenderer):
            if not selects:
                renderer.nonselection_glyph = None
            if not mutes:
                renderer.muted_glyph = None
    return fig
