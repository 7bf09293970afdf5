"""The activity section of the Population trends page: when in the day the page's cat is
photographed against another species (a cat, or its prey), in the page's area and years, on clock
or sun time; the coefficient of overlapping by Δ1 and Δ4 with smoothed-bootstrap intervals
(`bigcats.activity`, Ridout & Linkie 2009), the recommended one first.

The section opens on a click: its bootstrap takes seconds, and a page that a meeting opens for its
trend should not wait for it (nor should every change of species, area or years recompute it
while the section is closed)."""
from __future__ import annotations

import panel as pn
import param
import polars as pl

from bigcats import activity
from bigcats.i18n import t
from dashboards import tables
from dashboards.figures import activity as figures
from dashboards.common import Figure

ESTIMATOR_NAMES = {"dhat1": "Δ̂₁", "dhat4": "Δ̂₄"}  # Ridout & Linkie's notation, the same in every language


class ActivityPatterns(pn.viewable.Viewer):
    """Two species' activity in the population page's scope and years."""

    species = param.String(default="leopard", doc="The page's cat.")
    scope = param.String(default="tumen", doc="The page's park, region or side of a region.")
    years = param.Range(default=(2013, 2025), doc="The page's survey years.")
    versus = param.Selector(default="tiger", objects=["tiger"], doc="The species compared with.")
    time = param.Selector(default="clock", objects=list(activity.TIME_BASES), doc="Clock or sun time.")
    lang = param.String(default="en")
    shown = param.Boolean(default=False, doc="Whether the section is open (nothing is computed while closed).")

    def __init__(self, store, names: dict[str, str], **params):
        """names: species id -> name in the page's language, of every species offered (the
        programme's cats and prey)."""
        super().__init__(**params)
        self.store = store
        self.names = names
        self.param.versus.objects = [s for s in names if s != self.species] or list(names)
        if self.versus not in self.param.versus.objects:
            self.versus = self.param.versus.objects[0]

    @param.depends("species", watch=True)
    def _other_than_the_page(self):
        others = [s for s in self.names if s != self.species]
        self.param.versus.objects = others
        if self.versus not in others:
            self.versus = others[0]

    @param.depends("species", "versus", "scope", "years", "time", "shown")
    def _view(self):
        lang = self.lang
        if not self.shown:
            return None
        try:
            result = activity.overlap_of_years(self.store, self.species, self.versus, self.scope, self.years, self.time)
        except ValueError:
            return pn.pane.Alert(t("activity_too_few", lang), alert_type="info", css_classes=["activity-too-few"])
        rows = result.estimates.sort("recommended", descending=True)
        lines = []
        for r in rows.iter_rows(named=True):
            value = tables.number(r["estimate"], lang, 2)
            interval = f"{tables.number(r['lcl'], lang, 2)} – {tables.number(r['ucl'], lang, 2)}"
            best = f" ({t('overlap_recommended', lang)})" if r["recommended"] else ""
            lines.append(f"**{ESTIMATOR_NAMES[r['estimator']]} = {value}**, {t('ci95', lang)} {interval}{best}")
        sizes = (f"{self.names[self.species]}: {t('independent_detections_n', lang, n=tables.number(result.n_species, lang))}; "
                 f"{self.names[self.versus]}: {t('independent_detections_n', lang, n=tables.number(result.n_versus, lang))}")
        text = pn.pane.Markdown(f"{t('overlap_coefficient', lang)}:  \n" + "  \n".join(lines)
                                + f"  \n{sizes}  \n*{t('overlap_resamples', lang, n=int(rows['resamples'][0]))}*",
                                css_classes=["activity-overlap"])
        plot = Figure(figures.overlap(result, self.names, lang, css="activity-plot"), sizing_mode="stretch_width")
        return pn.Column(text, plot, sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        versus = versus_select(self, t("activity_versus", lang), "control-versus")
        time = pn.widgets.RadioButtonGroup.from_param(
            self.param.time, options={t(f"time_{b}", lang): b for b in activity.TIME_BASES},
            button_type="light", css_classes=["control-time"])
        card = pn.Card(pn.Row(versus, time), pn.panel(self._view, loading_indicator=True, sizing_mode="stretch_width"),
                       title=t("activity_patterns", lang), collapsed=not self.shown, sizing_mode="stretch_width",
                       css_classes=["activity-section"])
        card.param.watch(lambda e: setattr(self, "shown", not e.new), "collapsed")
        return card


def versus_select(section, label: str, css: str) -> pn.widgets.Select:
    """The select of the species a section compares the page's cat with, by name in the page's
    language, its choices kept to the species other than the page's as that changes. `section`:
    a Viewer with `names`, `species` and a Selector `versus`."""
    def choices():
        return {section.names[s]: s for s in section.param.versus.objects}
    select = pn.widgets.Select.from_param(section.param.versus, name=label, options=choices(), css_classes=[css],
                                          width=260)
    section.param.watch(lambda _: setattr(select, "options", choices()), "species")
    return select


def offered_species(store, lang: str) -> dict[str, str]:
    """The species an activity pattern is offered for: the programme's cats and their prey."""
    names = store.query("species_names", lang=lang).filter(pl.col("kind").is_in(["cat", "prey"]))
    return dict(zip(names["species_id"], names["name"]))
