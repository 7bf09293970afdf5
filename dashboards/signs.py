"""The Sign surveys page (Proposal 3's "unified survey design" of the snow-leopard parks): the
routes walked and the scrapes, scats and tracks found on them, as signs per km by park and year
with standard errors across routes; and the register of the scats and hair collected for DNA, from
the park to the lab's genotype and the catalogue entry it identified.

The page holds the choices; `bigcats.signs` reads and computes (Fewster et al. 2009's R2 for the
standard errors), `dashboards.figures.signs` draws. Positions of signs and samples and the names
of collectors are not shown here: the store gives them to the park's editors only, and the
register's download carries them for those editors. A park's editor imports the field app's
export and the lab's sample sheet here, and adds or updates a sample in the form."""
from __future__ import annotations

from datetime import date

import panel as pn
import param
import polars as pl

from bigcats import signs
from bigcats.access import AccessDenied
from bigcats.i18n import t
from bigcats.ingest.samples import KINDS, STATUSES, SamplesRefused, save_sample
from bigcats.ingest.signs import SIGN_TYPES
from dashboards import tables
from dashboards.common import Figure, Page, form_outcome
from dashboards.figures import signs as figures
from dashboards.upload import Upload


def km(value: float, lang: str) -> str:
    """A length as field sheets give it: one decimal, none on a whole number ("4", not "4.0")."""
    return tables.number(value, lang, 0 if round(value, 1) == round(value) else 1)


class SignSurveys(Page):
    """Signs per km walked and the genetic sample register of the parks of a region."""

    slug = "signs"
    title_key = "nav_signs"

    species = param.Selector(default="snow_leopard", objects=["snow_leopard"], doc="The cat whose signs are counted.")
    scope = param.Selector(default=None, objects=[], doc="A region with sign surveys, or one of its parks.")
    years = param.Range(default=(2021, 2025), bounds=(2021, 2025), doc="First and last year of the routes.")
    sign_types = param.ListSelector(default=list(SIGN_TYPES), objects=list(SIGN_TYPES),
                                    doc="The kinds of sign counted (every kind by default).")
    revision = param.Integer(default=0, precedence=-1, doc="Bumped after a write: the views re-read the store.")

    def __init__(self, **params):
        super().__init__(**params)
        names = self.store.query("species_names", lang=self.lang).filter(pl.col("kind") == "cat")
        self.species_names = dict(zip(names["species_id"], names["name"]))
        self.param.species.objects = list(self.species_names) or ["snow_leopard"]
        if self.species not in self.species_names and self.species_names:
            self.species = next(iter(self.species_names))
        self.park_names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        self.countries = dict(self.store.query("area_countries").rows())
        self._scopes()
        self.param.watch(lambda *_: self._years(), ["scope", "revision"])
        share = self.store.query("synthetic_share")
        self.shows_synthetic = bool(share.filter(pl.col("table_name").is_in(["sign_routes", "genetic_samples"]))
                                    ["synthetic_rows"].sum() > 0)

    @param.depends("revision", watch=True)
    def _scopes(self):
        scopes = signs.survey_scopes(self.store, self.lang)
        self.scope_rows = {r["scope"]: r for r in scopes.iter_rows(named=True)}
        self.scope_labels = {(r["label"] if r["scope_kind"] == "region" else f"· {r['label']}"): r["scope"]
                             for r in scopes.iter_rows(named=True)}
        self.param.scope.objects = list(self.scope_labels.values())
        if self.scope not in self.scope_rows and self.scope_rows:
            self.scope = next(iter(self.scope_rows))
        self._years()

    def _years(self):
        row = self.scope_rows.get(self.scope)
        if row is None:
            return
        lo, hi = row["first_year"], row["last_year"]
        self.param.years.bounds = (lo, max(hi, lo + 1))  # a slider needs two ends
        a, b = self.years
        self.years = (max(lo, min(a, hi)), min(hi, max(b, lo))) if a <= hi and b >= lo else (lo, hi)

    def _period(self) -> tuple[date, date]:
        return date(self.years[0], 1, 1), date(self.years[1], 12, 31)

    def _where(self, area: str) -> str:
        return t("all_parks", self.lang) if area == "all" else self.park_names.get(area, area)

    # -- the encounter rates -----------------------------------------------------------------------
    @param.depends("species", "scope", "years", "sign_types", "revision")
    def _rates(self):
        lang = self.lang
        if not self.scope_rows:
            return pn.pane.Alert(t("signs_none", lang), alert_type="secondary", css_classes=["signs-none"])
        if not self.sign_types:
            return pn.pane.Alert(t("signs_no_type", lang), alert_type="warning", css_classes=["signs-none"])
        try:
            routes, summary = signs.encounter_rates(self.store, self.species, self.scope, *self._period(),
                                                    tuple(self.sign_types))
        except ValueError:
            return pn.pane.Alert(t("signs_no_routes", lang), alert_type="info", css_classes=["signs-none"])
        whole = summary.filter(pl.col("area_id") == "all").row(0, named=True)
        rate = tables.number(whole["signs_per_km"], lang, 2)
        se = "" if whole["se"] is None else f" ± {tables.number(whole['se'], lang, 2)}"
        numbers = pn.FlexBox(*[
            pn.indicators.Number(name=t(key, lang), value=value, format=shown, font_size="40pt", title_size="14pt",
                                 css_classes=[css])
            for key, value, shown, css in (
                ("signs_rate_headline", whole["signs_per_km"], f"{rate}{se}", "number-signs-per-km"),
                ("col_routes", whole["routes"], tables.number(whole["routes"], lang), "number-routes"),
                ("km", whole["km"], tables.number(whole["km"], lang), "number-km"),
                ("col_signs", whole["signs"], tables.number(whole["signs"], lang), "number-signs"))], gap="0 30px")
        chart = figures.encounter_rates_by_year(signs.encounter_rates_by_year(routes), self.park_names,
                                                self.countries, lang, css="signs-plot")
        parks = pl.DataFrame([{
            t("park", lang): self._where(r["area_id"]), t("col_routes", lang): tables.number(r["routes"], lang),
            t("km", lang): km(r["km"], lang), t("col_signs", lang): tables.number(r["signs"], lang),
            t("col_signs_per_km", lang): tables.number(r["signs_per_km"], lang, 2),
            t("col_se", lang): "—" if r["se"] is None else tables.number(r["se"], lang, 2)}
            for r in summary.iter_rows(named=True)])
        shown_routes = pl.DataFrame([{
            t("col_route", lang): r["route_id"], t("park", lang): self._where(r["area_id"]),
            t("date", lang): f"{r['surveyed_on']:%Y-%m-%d}", t("km", lang): km(r["length_km"], lang),
            t("col_signs", lang): tables.number(r["signs"], lang),
            t("col_signs_per_km", lang): tables.number(r["signs_per_km"], lang, 2)}
            for r in routes.sort("surveyed_on", "route_id", descending=[True, False]).iter_rows(named=True)])
        download = tables.csv_download(routes, f"bigcats_signs_{self.species}_{self.scope}_{self.years[0]}-"
                                               f"{self.years[1]}.csv", "download-routes", lang)
        return pn.Column(
            numbers, Figure(chart, sizing_mode="stretch_width"),
            pn.pane.Markdown(f"*{t('signs_note', lang)}*", css_classes=["signs-note"]),
            tables.people_table(parks, "table-sign-parks", lang, wide=(t("park", lang),)),
            pn.Card(download, tables.people_table(shown_routes, "table-sign-routes", lang, page_size=10,
                                                  narrow=(t("km", lang), t("col_signs", lang))),
                    title=t("signs_routes_title", lang), collapsed=True, sizing_mode="stretch_width",
                    css_classes=["sign-routes-card"]),
            sizing_mode="stretch_width")

    # -- the sample register -----------------------------------------------------------------------
    @param.depends("scope", "years", "revision")
    def _samples(self):
        lang = self.lang
        if not self.scope_rows:
            return pn.Column()
        register = signs.sample_register(self.store, self.scope, *self._period())
        if register.is_empty():
            return pn.pane.Alert(t("samples_none", lang), alert_type="info", css_classes=["samples-none"])
        summary = signs.sample_summary(register)
        whole = summary.filter(pl.col("area_id") == "all").row(0, named=True)
        numbers = pn.FlexBox(*[
            pn.indicators.Number(name=t(key, lang), value=whole[col], format="{value}", font_size="40pt",
                                 title_size="14pt", css_classes=[css])
            for key, col, css in (("samples_collected", "samples", "number-samples"),
                                  ("sample_status_genotyped", "genotyped", "number-genotyped"),
                                  ("samples_individuals", "genotypes", "number-dna-individuals"))], gap="0 30px")
        chart = figures.samples_by_status(summary, self.park_names, lang, css="samples-plot")
        # the collector is personal: the store gives it to the park's editors only; the column is
        # shown when the reader may see one
        with_collector = bool(register["collector"].drop_nulls().len())
        rows = []
        for r in register.sort("collected_on", "sample_id", descending=[True, False]).iter_rows(named=True):
            row = {t("col_sample", lang): r["sample_id"], t("col_kind", lang): t(f"sample_kind_{r['kind']}", lang),
                   t("park", lang): self._where(r["area_id"]), t("date", lang): f"{r['collected_on']:%Y-%m-%d}",
                   t("col_status", lang): t(f"sample_status_{r['status']}", lang), t("col_lab", lang): r["lab"] or "—",
                   t("col_genotype", lang): r["genotype"] or "—",
                   t("col_individual", lang): f"{r['individual_id']} ({r['catalogue_area_id']})" if r["individual_id"]
                   else "—"}
            if with_collector:
                row[t("col_collector", lang)] = r["collector"] or "—"
            rows.append(row)
        download = tables.csv_download(register, f"bigcats_samples_{self.scope}_{self.years[0]}-{self.years[1]}.csv",
                                       "download-samples", lang)
        return pn.Column(numbers, Figure(chart, sizing_mode="stretch_width"),
                         pn.pane.Markdown(f"*{t('samples_note', lang)}*", css_classes=["samples-note"]), download,
                         tables.people_table(pl.DataFrame(rows), "table-samples", lang, page_size=10,
                                             narrow=(t("date", lang), t("col_kind", lang))),
                         sizing_mode="stretch_width")

    # -- what a park's editor writes -----------------------------------------------------------------
    def _entry(self):
        lang = self.lang
        parks = self.writable("census", {f"{v} ({k})": k for k, v in sorted(self.park_names.items(), key=lambda kv: kv[1])})
        if not parks:
            return self.read_only_note()
        w = {
            "sample_id": pn.widgets.TextInput(name=t("col_sample", lang), width=200, css_classes=["form-sample-id"]),
            "kind": pn.widgets.Select(name=t("col_kind", lang), options={t(f"sample_kind_{k}", lang): k for k in KINDS},
                                      width=140, css_classes=["form-sample-kind"]),
            "area": pn.widgets.Select(name=t("park", lang), options=parks, width=300, css_classes=["form-sample-park"]),
            "collected_on": pn.widgets.TextInput(name=t("date_iso", lang), width=160,
                                                 css_classes=["form-sample-date"]),
            "latitude": pn.widgets.TextInput(name=t("latitude", lang), width=130, css_classes=["form-sample-lat"]),
            "longitude": pn.widgets.TextInput(name=t("longitude", lang), width=130, css_classes=["form-sample-lon"]),
            "collector": pn.widgets.TextInput(name=t("col_collector", lang), width=200, css_classes=["form-sample-collector"]),
            "lab": pn.widgets.TextInput(name=t("col_lab", lang), width=220, css_classes=["form-sample-lab"]),
            "status": pn.widgets.Select(name=t("col_status", lang),
                                        options={t(f"sample_status_{s}", lang): s for s in STATUSES}, width=160,
                                        css_classes=["form-sample-status"]),
            "genotype": pn.widgets.TextInput(name=t("col_genotype", lang), width=180, css_classes=["form-sample-genotype"]),
            "individual": pn.widgets.TextInput(name=t("col_individual", lang), width=200,
                                               css_classes=["form-sample-individual"]),
        }
        save = pn.widgets.Button(name=t("samples_save", lang), button_type="success", css_classes=["form-save-sample"])
        message = pn.pane.Alert("", visible=False, css_classes=["form-sample-message"])

        def submit(_):
            record = {k: v.value for k, v in w.items()}
            record["species"] = self.species
            saved = form_outcome(message, lambda: save_sample(self.store, record), (SamplesRefused, AccessDenied),
                                 lambda row: row["sample_id"], lang)
            if saved is not None:
                self.revision += 1
        save.on_click(submit)
        after = lambda: setattr(self, "revision", self.revision + 1)  # noqa: E731
        return pn.Column(
            pn.pane.Markdown(f"### {t('samples_form_title', lang)}"), pn.pane.Markdown(t("samples_form_note", lang)),
            pn.Row(w["sample_id"], w["kind"], w["area"], w["collected_on"]),
            pn.Row(w["latitude"], w["longitude"], w["collector"]),
            pn.Row(w["lab"], w["status"], w["genotype"], w["individual"]), pn.Row(save), message,
            pn.pane.Markdown(f"### {t('signs_import', lang)}"), pn.pane.Markdown(t("signs_import_note", lang)),
            Upload("signs", self.store, css_prefix="signs", lang=lang, after=after),
            pn.pane.Markdown(f"### {t('samples_import', lang)}"), pn.pane.Markdown(t("samples_import_note", lang)),
            Upload("samples", self.store, css_prefix="samples", lang=lang, after=after),
            sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        species = pn.widgets.Select.from_param(self.param.species, name=t("species", lang),
                                               options={v: k for k, v in self.species_names.items()},
                                               css_classes=["control-species"], width=220)
        scope = pn.widgets.Select.from_param(self.param.scope, name=t("area_scope", lang), options=self.scope_labels,
                                             css_classes=["control-scope"], width=300)
        years = pn.widgets.IntRangeSlider.from_param(self.param.years, name=t("years", lang), step=1,
                                                     css_classes=["control-years"], width=240)
        kinds = pn.Column(pn.pane.Str(t("signs_types", lang), margin=(0, 10)),
                          pn.widgets.CheckButtonGroup.from_param(
                              self.param.sign_types, options={t(f"sign_type_{k}", lang): k for k in SIGN_TYPES},
                              button_type="light", css_classes=["control-sign-types"]), margin=0)
        return pn.Column(pn.FlexBox(species, scope, years, kinds, gap="0 10px"),
                         pn.pane.Markdown(f"### {t('signs_rates_title', lang)}", margin=(0, 10)), pn.panel(self._rates),
                         pn.pane.Markdown(f"## {t('samples_register_title', lang)}"), pn.panel(self._samples),
                         self._entry(), sizing_mode="stretch_width")
