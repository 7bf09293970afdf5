"""The Population trends page: abundance or density by year with confidence bands, computed by
the chosen method from the camera-trap data, beside the figures the proposals report (marked as
reported, with the quote and source on hover), and the sex and age structure of the animals.

The page holds the choices; `bigcats.trends.population_trend` reads the stored estimates and
`dashboards.figures.population` draws (as in the steering report). A species decides the scopes
offered and a scope the years: they settle first, and the stored estimates are read once. No
estimator runs in a request: years not stored yet are computed by the store's worker while the
page says so, and drawn when they are ready."""
from __future__ import annotations

import io

import panel as pn
import param
import polars as pl

from bigcats import population, spreadsheet, trends
from bigcats.i18n import t, t_count
from dashboards import tables
from dashboards.abundance import RelativeAbundance
from dashboards.activity import ActivityPatterns, offered_species
from dashboards.common import Figure, Page, once_the_browser_has_the_page
from dashboards.figures import population as figures
from dashboards.palette import ESTIMATE_COLOURS

OCCASIONS = (1, 7, 14)


class PopulationTrends(Page):
    """Per species and area: how many cats, by which method, against what the proposals say."""

    slug = "population"
    title_key = "nav_population"

    species = param.Selector(default="leopard", objects=["leopard"], doc="Cat species.")
    scope = param.Selector(default="tumen", objects=["tumen"], doc="Park, region, or one country's side.")
    years = param.Range(default=(2013, 2025), bounds=(2013, 2025), doc="First and last survey year.")
    method = param.Selector(default="mh", objects=list(population.METHODS), doc="Estimator.")
    occasion_days = param.Selector(default=7, objects=list(OCCASIONS), doc="Occasion length of the closed models.")

    def __init__(self, **params):
        super().__init__(**params)
        names = self.store.query("species_names", lang=self.lang)
        cats = names.filter(pl.col("kind") == "cat")
        self.param.species.objects = cats["species_id"].to_list()
        self.species_labels = dict(zip(cats["name"], cats["species_id"]))
        self.shows_synthetic = self.monitoring_is_synthetic()
        self._watching = []  # the periodic callback looking at the worker's progress, while one runs
        self._scopes()
        self.draw_once_settled(["species", "scope", "years", "method", "occasion_days"])
        # when in the day: the page's cat against another species, in the same area and years
        self.activity = ActivityPatterns(self.store, offered_species(self.store, self.lang), species=self.species,
                                         scope=self.scope, years=self.years, lang=self.lang)
        self.param.watch(lambda _: self.activity.param.update(species=self.species, scope=self.scope,
                                                              years=tuple(self.years)), "drawn")
        # how often the cameras photograph the page's cat and another species (its prey): an index
        every = self.store.query("species_names", lang=self.lang)
        self.abundance = RelativeAbundance(self.store, dict(zip(every["species_id"], every["name"])),
                                           species=self.species, scope=self.scope, years=self.years, lang=self.lang)
        self.param.watch(lambda _: self.abundance.param.update(species=self.species, scope=self.scope,
                                                               years=tuple(self.years)), "drawn")

    @param.depends("species", watch=True)
    def _scopes(self):
        scopes = self.store.query("survey_scopes", species=self.species, lang=self.lang)
        labels = {}
        for r in scopes.iter_rows(named=True):
            label = r["label"]
            if r["scope_kind"] == "country":
                label = f"{label} — {t('country_' + r['country'], self.lang)}"
            elif r["scope_kind"] == "area":
                label = f"· {label}"
            labels[label] = r["scope"]
        self.scope_labels = labels
        self.param.scope.objects = list(labels.values())
        if self.scope not in labels.values():
            self.scope = next(iter(labels.values()))
        self._years()

    @param.depends("scope", watch=True)
    def _years(self):
        years = population.survey_years(self.store, self.scope)
        lo, hi = min(years), max(years)
        self.param.years.bounds = (lo, max(hi, lo + 1))
        a, b = self.years
        self.years = (max(lo, min(a, hi)), min(hi, max(b, lo))) if a <= hi and b >= lo else (lo, hi)

    @classmethod
    def warm_up(cls, store) -> None:
        """Have the store's worker compute what the page shows first: each cat species' scopes over
        every survey year, by the default method and occasion (the steering report's too)."""
        cats = store.query("species_names", lang="en").filter(pl.col("kind") == "cat")["species_id"].to_list()
        pairs = [(sp, scope) for sp in cats for scope in store.query("survey_scopes", species=sp, lang="en")
                 .filter(pl.col("scope_kind") == "region")["scope"].to_list()]
        trends.warm_up(store, pairs, cls.param.method.default, cls.param.occasion_days.default)

    # -- computing ---------------------------------------------------------------------------------
    def trend(self) -> trends.PopulationTrend:
        return trends.population_trend(self.store, self.species, self.scope, self.years, self.method,
                                       self.occasion_days, wait=False)

    def _progress(self, trend: trends.PopulationTrend):
        """While the worker computes the years not stored yet: how many are left and for how long,
        updated every second; the results are drawn again whenever a year is ready."""
        if not trend.pending:
            return None
        worker = trends.worker(self.store)
        total = len(trend.pending)
        note = pn.pane.Alert(alert_type="info", css_classes=["being-computed"], sizing_mode="stretch_width")
        callbacks = self._watching

        def look():
            left, seconds = worker.waiting(trend.pending)
            note.object = t("being_computed", self.lang, left=left, total=total, seconds=f"{seconds:.0f}")
            # fewer left than were missing when the store was read (maybe all of them, done before
            # this first look): draw what is stored now, and stop looking
            if left < total and callbacks:
                callbacks.pop().stop()
                self.drawn += 1
        look()
        watching = pn.state.add_periodic_callback(look, period=1000, start=False)
        callbacks.append(watching)
        # not before the browser has the page (a redraw before it would be lost), nor once a later
        # choice has replaced this note
        once_the_browser_has_the_page(lambda: watching.start() if watching in callbacks else None)
        return note

    # -- views -------------------------------------------------------------------------------------
    def _structure_plot(self, trend: trends.PopulationTrend):
        lang = self.lang
        if trend.structure.is_empty():
            return pn.pane.Markdown(t("no_estimate", lang))
        bars = figures.structure(trend, lang)
        disagree = int(trend.structure["disagreeing"].sum())
        note = pn.pane.Markdown(f"**{disagree}** {t_count('photos_disagree', lang, disagree)}",
                                css_classes=["disagreement-note"])
        return pn.Column(Figure(bars, sizing_mode="stretch_width"), note, sizing_mode="stretch_width")

    def _headline(self, series: pl.DataFrame, pending: bool):
        if series.is_empty():
            return pn.pane.Markdown("" if pending else f"### {t('no_estimate', self.lang)}")
        last = series.row(-1, named=True)
        fmt = "{value:.2f}" if self.method == "secr" else "{value:.0f}"
        unit = t("density_axis" if self.method == "secr" else "individuals_axis", self.lang)
        number = pn.indicators.Number(value=last["estimate"], format=fmt, font_size="56pt", title_size="16pt",
                                      name=f"{t('latest_estimate', self.lang)} {last['year']}: {unit}",
                                      default_color=ESTIMATE_COLOURS["computed"], css_classes=["latest-estimate"])
        _, interval = tables.estimate_cells(last["estimate"], last["lcl"], last["ucl"], self.lang,
                                            whole=self.method != "secr")
        # the method's name from the catalogue (the estimator's own description, a citation, is in the CSV)
        ci = pn.pane.Markdown(
            f"**{t('ci95', self.lang)}:** {interval}  \n"
            f"**{last['detected']}** {t_count('detected_animals', self.lang, last['detected'])}  \n"
            f"{t('method_' + self.method, self.lang)}"
            + (f"  \n{t('secr_headline', self.lang, g0=tables.number(last['g0'], self.lang, 3), sigma=tables.number(last['sigma_km'], self.lang, 2))}"
               if self.method == "secr" and last.get("g0") is not None else ""),
            css_classes=["latest-ci"], sizing_mode="stretch_width")
        # the interval's text wraps beside the number (a long one, "no interval: at least 24 (the data
        # cannot measure ...)", ran off the page's edge)
        return pn.Row(number, ci, sizing_mode="stretch_width")

    def _table(self, frame: pl.DataFrame, notes: pl.DataFrame):
        lang = self.lang
        # the download keeps every raw column for researchers; the table is for people
        cols = ["year", "method", "quantity", "region", "estimate", "se", "lcl", "ucl", "detected", "occasions",
                "occasion_days", "period_start", "period_end", "model", "g0", "sigma_km", "mask", "synthetic"]
        out = frame.select(cols).with_columns(pl.col(pl.Date).cast(pl.Utf8), pl.col("year").cast(pl.Utf8))
        name = f"bigcats_{self.species}_{self.scope.replace(':', '-')}_{self.method}_{self.years[0]}-{self.years[1]}.csv"
        download = pn.widgets.FileDownload(callback=lambda: io.BytesIO(spreadsheet.to_csv(out).encode("utf-8")),
                                           filename=name, label=t("download_csv", lang), button_type="primary",
                                           width=220, css_classes=["download-estimates"])
        table = tables.people_table(self._people_rows(frame), "table-estimates", lang, narrow=(t("year", lang),))
        parts = [pn.pane.Markdown(f"### {t('estimates_table', self.lang)}"), download, table]
        if notes.height:
            parts.append(pn.pane.Markdown(f"**{t('not_estimated', self.lang)}:** " + "; ".join(
                f"{r['year']}: {r['note']}" for r in notes.iter_rows(named=True))))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def _people_rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The estimates as a steering meeting reads them: year, estimate and interval rounded to
        what the interval supports, animals photographed, what is estimated (and where), method."""
        lang = self.lang
        places = {v: k.lstrip("· ") for k, v in self.scope_labels.items()}
        areas = dict(self.store.query("area_names", lang=lang).select("area_id", "name").iter_rows())
        rows = []
        for r in frame.sort("year", "quantity", "region").iter_rows(named=True):
            whole = r["quantity"] == "abundance"
            estimate, interval = tables.estimate_cells(r["estimate"], r["lcl"], r["ucl"], lang, whole)
            what = t(f"quantity_{r['quantity']}", lang)
            where = t("secr_mask", lang) if r["region"] == population.SECR_MASK else \
                places.get(r["region"]) or areas.get(r["region"], r["region"])
            rows.append({t("year", lang): str(r["year"]), t("col_estimate", lang): estimate,
                         t("ci95", lang): interval,
                         t("col_photographed", lang): tables.number(r["detected"], lang),
                         t("col_quantity", lang): f"{what} · {where}",
                         t("method", lang): t(f"method_{r['method']}", lang)})
        return pl.DataFrame(rows, schema=[t(k, lang) for k in ("year", "col_estimate", "ci95", "col_photographed",
                                                                 "col_quantity", "method")])

    @param.depends("drawn")
    def _results(self):
        while self._watching:  # the years an earlier choice waited for are no longer drawn
            self._watching.pop().stop()
        trend = self.trend()
        progress = self._progress(trend)
        return pn.Column(
            *([progress] if progress else []),
            self._headline(trend.series, bool(trend.pending)),
            Figure(figures.trend(trend, self.lang, css="trend-plot"), sizing_mode="stretch_width"),
            pn.pane.Markdown(f"### {t('sex_age', self.lang)}"),
            self._structure_plot(trend),
            self._table(trend.estimates, trend.notes),
            sizing_mode="stretch_width")

    def _controls(self):
        lang = self.lang
        occasion_labels = {t(f"occasion_{d}", lang): d for d in OCCASIONS}
        method_labels = {t(f"method_{m}", lang): m for m in population.METHODS}
        occasion = pn.widgets.Select.from_param(self.param.occasion_days, name=t("occasion", lang),
                                                options=occasion_labels, css_classes=["control-occasion"])
        occasion.disabled = self.method in ("secr", "mna")
        self.param.watch(lambda e: setattr(occasion, "disabled", e.new in ("secr", "mna")), "method")
        scope = pn.widgets.Select.from_param(self.param.scope, name=t("area_scope", lang), options=self.scope_labels,
                                             css_classes=["control-scope"])
        self.param.watch(lambda e: setattr(scope, "options", self.scope_labels), "species")
        years = pn.widgets.IntRangeSlider.from_param(self.param.years, name=t("years", lang), step=1,
                                                     css_classes=["control-years"])
        return pn.Column(
            pn.widgets.Select.from_param(self.param.species, name=t("species", lang), options=self.species_labels,
                                         css_classes=["control-species"]),
            scope, years,
            pn.widgets.Select.from_param(self.param.method, name=t("method", lang), options=method_labels,
                                         css_classes=["control-method"]),
            occasion, width=300)

    def __panel__(self):
        results = pn.panel(self._results, loading_indicator=True, sizing_mode="stretch_width")
        return pn.Row(self._controls(), pn.Column(results, self.activity, self.abundance, sizing_mode="stretch_width"),
                      sizing_mode="stretch_width")
