"""What the Bokeh figures share: type large enough for a projector, and the countries, park
outlines and borders under the alert and patrol maps (Web Mercator, from `region_layers`)."""
from __future__ import annotations

from bokeh.models import ColumnDataSource, HoverTool

from dashboards.palette import COUNTRY_COLOURS

BORDER_COLOUR = "#343a40"


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


def borders_over(fig, borders: list[dict]) -> None:
    """The state borders as dark lines."""
    fig.multi_line([list(b["x"]) for b in borders], [list(b["y"]) for b in borders], line_color=BORDER_COLOUR,
                   line_width=1.5)


def finish_map(fig, css: str | None = None):
    """A map's legend where it hides least (top left, over the sea or the far side) in type a
    projector shows, and the figure's CSS class (a Bokeh pane does not pass its own on)."""
    if fig.legend:
        fig.legend.location = "top_left"
        fig.legend.label_text_font_size = "14px"
        fig.legend.background_fill_alpha = 0.85
    fig.css_classes = [css] if css else []
    return fig


def titled(title: str, height: int, **kw):
    """A chart as most pages show one: the page's width, no toolbar, a title, large type."""
    from bokeh.plotting import figure
    return large_type(figure(height=height, sizing_mode="stretch_width", title=title, toolbar_location=None,
                             tools="", **kw))
