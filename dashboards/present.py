"""Meeting mode (`?present=1&proposal=N&lang=xx`): a proposal's steering report as full-screen
slides, one section per slide (key numbers, population, shared individuals, corridors, alerts,
patrols, budget, readiness), moved with the arrow keys, in the session's language.

The slides are the report's own sections (`dashboards.report.SteeringReport`): the numbers and
figures a director sees on the projector are the ones printed in the report they take away, one
section per printed page, and both come from the same services and figure functions as the pages.
A section is built when it is first shown, so the first slide comes up at once."""
from __future__ import annotations

import re

import panel as pn
from bokeh.models import Tooltip
import param

from bigcats.i18n import t
from dashboards.report import CSS as REPORT_CSS
from dashboards.report import SteeringReport
from dashboards.common import Figure

# The report's sections, in its order: the method of SteeringReport that writes each, and its title
SLIDES = (("key_numbers", "report_key_numbers"), ("population", "nav_population"),
          ("shared_individuals", "nav_individuals"), ("corridor_map", "nav_corridors"), ("alerts", "nav_alerts"),
          ("patrols", "nav_patrols"), ("budget_burn", "nav_budget"), ("readiness", "readiness_title"))
FIGURE = re.compile(r'<div class="figure" data-figure="(\d+)"></div>')
SECTION = re.compile(r'^\s*<section[^>]*>(.*)</section>\s*$', re.S)

# The report's type, larger: read from the back of a meeting room
SLIDE_CSS = REPORT_CSS + """
:host { font-size: 20px; }
h2 { font-size: 36px; margin-top: 0; }
h3 { font-size: 26px; }
.numbers { gap: 22px 48px; }
.number .value { font-size: 56px; }
.number .label { font-size: 20px; }
.number .detail { font-size: 16px; }
table { font-size: 17px; }
.note, li { font-size: 18px; }
.source { font-size: 15px; }
"""


SLIDE_PLOT_PX = 440  # the tallest plot of a slide: a 768-pixel projector shows it under the slide's title


def fit(figure):
    """A report figure made no taller than SLIDE_PLOT_PX: a map's frame shrunk in both directions
    (its ranges stay, so it keeps as many metres per pixel across as up), a chart's height cut."""
    if getattr(figure, "frame_height", None) and figure.frame_height > SLIDE_PLOT_PX:
        k = SLIDE_PLOT_PX / figure.frame_height
        figure.frame_width, figure.frame_height = round(figure.frame_width * k), SLIDE_PLOT_PX
    elif getattr(figure, "height", None) and figure.height > SLIDE_PLOT_PX:
        figure.height = SLIDE_PLOT_PX
    return figure


class SlideKeys(pn.reactive.ReactiveHTML):
    """The deck's keys: → PageDown Space next, ← PageUp previous, Home first, End last (read
    from the whole document, so no control must have the focus); and a full-screen button."""

    slide = param.Integer(default=0, bounds=(0, None))
    count = param.Integer(default=1)
    fullscreen_label = param.String(default="")

    _child_config = {"fullscreen_label": "literal"}
    _template = """<button id="full" class="slide-fullscreen" onclick="${script('full')}">${fullscreen_label}</button>"""
    _scripts = {
        "render": """
          state.keys = (e) => {
            const tag = (e.target && e.target.tagName) || '';
            if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) return;
            let next = data.slide;
            if (['ArrowRight', 'PageDown', ' '].includes(e.key)) next = Math.min(data.slide + 1, data.count - 1);
            else if (['ArrowLeft', 'PageUp'].includes(e.key)) next = Math.max(data.slide - 1, 0);
            else if (e.key === 'Home') next = 0;
            else if (e.key === 'End') next = data.count - 1;
            else return;
            e.preventDefault();
            if (next !== data.slide) data.slide = next;
          };
          document.addEventListener('keydown', state.keys);
        """,
        "remove": "document.removeEventListener('keydown', state.keys);",
        "full": """
          if (document.fullscreenElement) document.exitFullscreen();
          else document.documentElement.requestFullscreen();
        """,
    }


class Presentation(pn.viewable.Viewer):
    """A proposal's steering report as slides."""

    slug = "present"

    report = param.ClassSelector(class_=SteeringReport, doc="The report whose sections are the slides.")
    slide = param.Integer(default=0, bounds=(0, len(SLIDES) - 1), doc="The slide shown (0: key numbers).")

    def __init__(self, **params):
        super().__init__(**params)
        self._built: dict[int, pn.Column] = {}
        self.lang = self.report.lang

    def title(self) -> str:
        return f"{t('present_title', self.lang)} — {t('proposal', self.lang)} {self.report.pid}"

    def slide_view(self, index: int) -> pn.Column:
        """Slide `index`: its section's text, with its figures as Bokeh panes where the report
        places them (built once, then kept)."""
        if index not in self._built:
            method, _ = SLIDES[index]
            first = len(self.report.figures)
            html = getattr(self.report, method)()
            inner = SECTION.match(html)
            parts = FIGURE.split(inner.group(1) if inner else html)
            objects = []
            for i, part in enumerate(parts):
                if i % 2:  # a figure's number, in the report's list
                    objects.append(Figure(fit(self.report.figures[int(part)])))
                elif part.strip():
                    objects.append(pn.pane.HTML(part, stylesheets=[SLIDE_CSS], sizing_mode="stretch_width"))
            assert len(self.report.figures) >= first  # a section only adds figures
            self._built[index] = pn.Column(*objects, css_classes=["slide", f"slide-{method}"],
                                           sizing_mode="stretch_width")
        return self._built[index]

    @param.depends("slide")
    def _current(self):
        return self.slide_view(self.slide)

    @param.depends("slide")
    def _counter(self):
        _, key = SLIDES[self.slide]
        return pn.pane.HTML(f'<span class="slide-counter">{self.slide + 1} / {len(SLIDES)}</span> · '
                            f'<span class="slide-name">{t(key, self.lang)}</span>',
                            styles={"font-size": "20px"}, margin=(14, 12))

    def __panel__(self):
        lang = self.lang
        keys = SlideKeys(count=len(SLIDES), fullscreen_label=t("present_fullscreen", lang), margin=(10, 8),
                         stylesheets=[".slide-fullscreen { font-size: 18px; padding: 6px 14px; }"])
        keys.link(self, bidirectional=True, slide="slide")
        # the buttons' tooltips open below them: one opened to the right (Panel's default) covered
        # the next button after a click on the first
        back = pn.widgets.Button(name="◀", css_classes=["slide-back"], width=60, button_type="light",
                                 description=Tooltip(content=t("present_previous", lang), position="bottom"))
        forward = pn.widgets.Button(name="▶", css_classes=["slide-forward"], width=60, button_type="light",
                                    description=Tooltip(content=t("present_next", lang), position="bottom"))
        back.on_click(lambda _: self.param.update(slide=max(self.slide - 1, 0)))
        forward.on_click(lambda _: self.param.update(slide=min(self.slide + 1, len(SLIDES) - 1)))
        leave = pn.pane.HTML(f'<a class="slide-leave" href="?page=overview&lang={lang}">{t("present_leave", lang)}</a>',
                             styles={"font-size": "18px"}, margin=(14, 12))
        bar = pn.Row(back, forward, pn.panel(self._counter), keys, leave, css_classes=["slide-bar"])
        return pn.Column(bar, pn.panel(self._current, loading_indicator=True), sizing_mode="stretch_width",
                         css_classes=["presentation"])
