"""The relative-abundance section of the Population trends page: the independent events per 100
camera-days (RAI) by year of the page's cat beside another species (its prey, the other cat, any
species the cameras photographed), in the page's area and years; and for both, over the period,
the cameras, camera-days, events, RAI and naive occupancy (the share of grid cells where it was
photographed), and where each was photographed on the unified 5 km grid (detection maps).
Indices, not numbers of animals: `bigcats.abundance`, methods and citations in
`bigcats.estimate.rai`.

The section opens on a click, as the activity section does: a meeting opens the page for its trend,
and the index reads every photograph of two species in the area."""
from __future__ import annotations

from datetime import date

import panel as pn
import param
import polars as pl

from bigcats import abundance
from bigcats.estimate.rai import DEFAULT_INDEPENDENCE_MINUTES
from bigcats.i18n import t
from dashboards import tables
from dashboards.activity import versus_select
from dashboards.figures import abundance as figures
from dashboards.figures.common import numbered_parks, park_key_html
from dashboards.figures.corridors import mercator, region_layers
from dashboards.common import Figure

COLUMNS = ("species", "cameras", "camera_days", "events", "rai", "sites_surveyed", "sites_detected", "naive_occupancy")


class RelativeAbundance(pn.viewable.Viewer):
    """Two species' relative abundance and naive occupancy in the population page's scope and years."""

    species = param.String(default="leopard", doc="The page's cat.")
    scope = param.String(default="tumen", doc="The page's park, region or side of a region.")
    years = param.Range(default=(2013, 2025), doc="The page's survey years.")
    versus = param.Selector(default="tiger", objects=["tiger"], doc="The species shown beside the page's cat.")
    independence = param.Integer(default=DEFAULT_INDEPENDENCE_MINUTES, bounds=(0, 24 * 60),
                                 doc="Minutes between two photographs of a species at one camera for them to be "
                                     "independent events.")
    lang = param.String(default="en")
    shown = param.Boolean(default=False, doc="Whether the section is open (nothing is computed while closed).")

    def __init__(self, store, names: dict[str, str], **params):
        """names: species id -> name in the page's language, of every species offered."""
        super().__init__(**params)
        self.store = store
        self.names = names
        self._other_than_the_page()

    @param.depends("species", watch=True)
    def _other_than_the_page(self):
        others = [s for s in self.names if s != self.species] or list(self.names)
        self.param.versus.objects = others
        if self.versus not in others:
            self.versus = others[0]

    def indices(self) -> tuple[list[tuple[str, pl.DataFrame]], pl.DataFrame]:
        """By year for each of the two species, and over the period (one row per species, its
        name in the page's language and the years it covers first). A species' period starts at
        its first year with an event in the area: the years before, when a park did not yet
        classify its photographs (the demo's prey: the last two survey years), are not zeros.
        ValueError when no camera ran in the scope."""
        period = (date(self.years[0], 1, 1), date(self.years[1], 12, 31))
        by_year, overall = [], []
        for species in (self.species, self.versus):
            yearly = abundance.relative_abundance(self.store, species, self.scope, *period, "year", self.independence)
            by_year.append((species, yearly))
            seen = yearly.filter(pl.col("events") > 0)["year"]
            first = int(seen.min()) if seen.len() else self.years[0]
            overall.append(abundance.relative_abundance(self.store, species, self.scope, date(first, 1, 1), period[1],
                                                        "scope", self.independence)
                           .with_columns(pl.lit(self.names[species]).alias("species"),
                                         pl.lit(f"{first}–{self.years[1]}" if first < self.years[1] else str(first))
                                         .alias("years")))
        return by_year, pl.concat(overall).select("years", *COLUMNS)

    @param.depends("species", "versus", "scope", "years", "independence", "shown")
    def _view(self):
        lang = self.lang
        if not self.shown:
            return None
        try:
            by_year, overall = self.indices()
        except ValueError:
            return pn.pane.Alert(t("rai_no_cameras", lang), alert_type="info", css_classes=["rai-none"])
        parts = [Figure(figures.rai_by_year(by_year, self.names, lang, css="rai-plot"), sizing_mode="stretch_width")]
        missing = [self.names[s] for s, frame in by_year if not frame["events"].sum()]
        if missing:
            parts.append(pn.pane.Alert(" ".join(t("rai_none", lang, species=m) for m in missing), alert_type="info",
                                       css_classes=["rai-none"]))
        shown = overall.select(
            "species", "years",
            *[pl.col(c).map_elements(lambda v: tables.number(v, lang), return_dtype=pl.Utf8) for c in ("camera_days", "events")],
            pl.col("rai").map_elements(lambda v: tables.number(v, lang, 1), return_dtype=pl.Utf8),
            pl.struct("naive_occupancy", "sites_detected", "sites_surveyed").map_elements(
                lambda r: f"{tables.number(100 * r['naive_occupancy'], lang)}% · "
                          + t("rai_cells_of", lang, detected=tables.number(r["sites_detected"], lang),
                              surveyed=tables.number(r["sites_surveyed"], lang)),
                return_dtype=pl.Utf8).alias("naive_occupancy"))
        table = tables.people_table(shown, "rai-table", lang, wide=("species",), narrow=("years",),
                                    headers=tables.titles(shown.columns, lang,
                                                          **{c: f"col_{c}" for c in shown.columns if c not in ("species", "years")}))
        parts += [table, pn.pane.Markdown(f"*{t('rai_note', lang)}*", css_classes=["rai-note"])]
        parts += self._maps(by_year)
        return pn.Column(*parts, sizing_mode="stretch_width")

    def _maps(self, by_year: list[tuple[str, pl.DataFrame]]) -> list:
        """The two species' detection maps side by side, the key to their numbered parks and what
        the cells mean under them; each species over its own years, as in the table (from its first
        year with an event)."""
        lang = self.lang
        maps = []
        for species, yearly in by_year:
            seen = yearly.filter(pl.col("events") > 0)["year"]
            first = int(seen.min()) if seen.len() else self.years[0]
            maps.append((abundance.detection_map(self.store, species, self.scope, date(first, 1, 1),
                                                 date(self.years[1], 12, 31), self.independence),
                         f"{first}–{self.years[1]}" if first < self.years[1] else str(first)))
        base = self.store.query("region_map_layers", region=maps[0][0].region, lang=lang)
        figs = [Figure(figures.detection_map(dm, base, f"{self.names[dm.species]} · {years}", which, lang,
                                                    css=f"detection-map-{which}"))
                for (dm, years), which in zip(maps, ("species", "versus"))]
        key = park_key_html(numbered_parks(region_layers(base, lang, mercator)[1]))
        # a row, not a flex box: a map with a fixed frame in a wrapping flex box is drawn 0 px wide
        return [pn.Row(*figs), pn.pane.HTML(key, sizing_mode="stretch_width"),
                pn.pane.Markdown(f"*{t('detection_maps_note', lang)}*", css_classes=["detection-note"])]

    def __panel__(self):
        lang = self.lang
        versus = versus_select(self, t("rai_versus", lang), "control-rai-versus")
        minutes = pn.widgets.IntInput.from_param(self.param.independence, name=t("rai_independence", lang),
                                                 css_classes=["control-rai-minutes"], width=260)
        card = pn.Card(pn.Row(versus, minutes), pn.panel(self._view, loading_indicator=True, sizing_mode="stretch_width"),
                       title=t("rai_section", lang), collapsed=not self.shown, sizing_mode="stretch_width",
                       css_classes=["rai-section"])
        card.param.watch(lambda e: setattr(self, "shown", not e.new), "collapsed")
        return card
