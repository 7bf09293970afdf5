"""The Shared individuals page: how many animals each park photographed and how many of them
crossed the border ("19 of 45 tigers"), by period and by year; the shared animals with their IDs
in each catalogue; one animal's timeline and passport; passports for print; the queue of
candidate matches between catalogues; and the Camtrap DP exchange for programme officers."""
from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import panel as pn
import param
import polars as pl

from bigcats import passports, population
from bigcats.access import AccessDenied
from bigcats.i18n import t
from bigcats.ingest.camtrapdp import export_package
from bigcats.ingest.links import LinkRefused, link_individuals
from bigcats.sharing import sharing
from dashboards import tables
from dashboards.common import Figure, Page
from dashboards.figures import individuals as figures
from dashboards.upload import Upload



class SharedIndividuals(Page):
    """Individuals photographed on both sides of a border, and the tools to find and link them."""

    slug = "individuals"
    title_key = "nav_individuals"

    species = param.Selector(default="tiger", objects=["tiger"], doc="Cat species.")
    region = param.Selector(default="tumen", objects=["tumen"], doc="Transboundary region.")
    years = param.Range(default=(2013, 2015), bounds=(2013, 2025), doc="First and last year of the period.")
    animal = param.Selector(default=None, objects=[None], allow_None=True, doc="The animal whose passport is shown.")
    link_note = param.String(default="", precedence=-1,
                             doc="What the last confirmed link saved: the queue is re-read after a write, and says it.")
    max_days = param.Integer(default=21, bounds=(1, 120), doc="Candidate matches: photographs this many days apart at most.")
    max_km = param.Number(default=8.0, bounds=(0.5, 50), doc="Candidate matches: this many km apart at most.")
    revision = param.Integer(default=0, precedence=-1, doc="Bumped after a write so the views re-read the store.")

    def __init__(self, **params):
        super().__init__(**params)
        cats = self.store.query("species_names", lang=self.lang).filter(pl.col("kind") == "cat")
        self.species_labels = dict(zip(cats["name"], cats["species_id"]))
        self.species_names = dict(zip(cats["species_id"], cats["name"]))
        # parks by name in tables and passports, never by their store codes
        self.park_names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        self.param.species.objects = cats["species_id"].to_list()
        self.shows_synthetic = self.monitoring_is_synthetic()
        self._regions()

    # -- state ------------------------------------------------------------------------------------
    @param.depends("species", watch=True)
    def _regions(self):
        scopes = self.store.query("survey_scopes", species=self.species, lang=self.lang)
        regions = scopes.filter(pl.col("scope_kind") == "region")
        self.region_labels = dict(zip(regions["label"], regions["scope"]))
        self.param.region.objects = regions["scope"].to_list()
        if self.region not in self.param.region.objects:
            self.region = self.param.region.objects[0]
        self._period_bounds()

    @param.depends("region", watch=True)
    def _period_bounds(self):
        ys = population.survey_years(self.store, self.region)
        self.param.years.bounds = (ys[0], max(ys[-1], ys[0] + 1))
        a, b = self.years
        if not (ys[0] <= a <= ys[-1] and ys[0] <= b <= ys[-1]):
            self.years = (ys[0], ys[-1])
        self._animals()

    def _period(self) -> dict:
        return {"date_from": date(self.years[0], 1, 1), "date_to": date(self.years[1], 12, 31)}

    @param.depends("years", "revision", watch=True)
    def _animals(self):
        self._detections = self.store.query("identified_detections", species=self.species, scope=self.region,
                                            **self._period())
        self._passports = passports.passports(self._detections)
        shared = self._passports.sort(["shared", "detections"], descending=[True, True])
        self.animal_labels = {f"{r['catalogue_ids']}{' ⇄' if r['shared'] else ''}": r["animal_id"]
                              for r in shared.iter_rows(named=True)}
        self.param.animal.objects = list(self.animal_labels.values()) or [None]
        if self.animal not in self.param.animal.objects:
            self.animal = self.param.animal.objects[0]

    # -- the counts -------------------------------------------------------------------------------
    @param.depends("species", "region", "years", "revision")
    def _summary(self):
        lang = self.lang
        s = sharing(self.store, self.species, self.region, self.years, lang)
        name = self.species_names[self.species]
        headline = pn.pane.HTML(
            f'<div class="shared-headline"><span class="big">{figures.shared_text(s, lang)}</span> <span class="what">{name} — '
            f'{t("shared_between", lang)}, {self.years[0]}–{self.years[1]}</span></div>',
            stylesheets=[".big { font-size: 54px; font-weight: 700; color: #2b4d3f; } .what { font-size: 20px; }"])
        return pn.Column(headline, Figure(figures.by_park(s, lang, css="parks-plot"), sizing_mode="stretch_width"),
                         Figure(figures.by_year(s, lang, css="years-plot"), sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")

    @param.depends("species", "region", "years", "revision")
    def _shared_table(self):
        lang = self.lang
        # the sexes read off each photograph and the parks by name are in the passport below (a
        # row opens it): the parks' full names would take the width the catalogue numbers need
        keys = ("catalogue_ids", "sex", "period", "detections", "countries")
        shared = pl.DataFrame([{
            t("catalogue_ids", lang): r["catalogue_ids"],
            t("sex", lang): t(r["sex"], lang) if r["sex"] in passports.SEXES else r["sex"],
            # first and last photograph in one column: the table fits a 1366-pixel page in Russian
            t("period", lang): f"{r['first_seen']:%Y-%m-%d} –\n{r['last_seen']:%Y-%m-%d}",
            t("detections", lang): str(r["detections"]), t("countries", lang): passports.country_names(r["countries"], lang)}
            for r in self._passports.filter(pl.col("shared")).iter_rows(named=True)],
            schema={t(k, lang): pl.Utf8 for k in keys})
        # the period in two lines ("2013-01-17 –" over "2015-05-08"): the table then fits a
        # 1366-pixel page beside the page's controls in every language
        table = tables.clickable_table(shared, "table-shared", lang, page_size=10,
                                       wrapped={t("period", lang): tables.header_width(t("period", lang), 135)})
        animals = self._passports.filter(pl.col("shared"))["animal_id"].to_list()
        # a row opens its animal's passport below (the animal control follows)
        table.on_click(lambda event: setattr(self, "animal", animals[event.row]) if event.row < len(animals) else None)
        return pn.Column(pn.pane.Markdown(f"### {t('shared_animals', lang)} ({shared.height})"), table,
                         sizing_mode="stretch_width")

    # -- one animal ---------------------------------------------------------------------------------
    def _photo(self, media_id):
        if not media_id:
            return None
        m = self.store.query("media_photo", media_id=media_id)
        return (m["file_mediatype"][0], m["content"][0]) if m.height else None

    @param.depends("animal", "years", "revision")
    def _one_animal(self):
        lang = self.lang
        if self.animal is None:
            return pn.pane.Markdown(t("no_estimate", lang))
        det = self._detections.filter(pl.col("animal_id") == self.animal).with_columns(
            pl.concat_str([pl.col("catalogue_area_id"), pl.col("individual_id")], separator=": ").alias("entry"))
        # its genotyped scats and hair too (any year: the snow leopards' sign surveys follow the cameras)
        samples = self.store.query("animal_genetic_samples", animal=self.animal).with_columns(
            pl.concat_str([pl.col("catalogue_area_id"), pl.col("individual_id")], separator=": ").alias("entry"))
        timeline = figures.timeline(det.select("observed_at", "entry", "country", "deployment_id"), lang,
                                    css="timeline-plot", samples=samples)
        card = self._passports.filter(pl.col("animal_id") == self.animal).row(0, named=True)
        link = "?" + urlencode({"page": "corridors", "lang": lang, "region": self.region, "species": self.species,
                                "years": f"{self.years[0]}-{self.years[1]}", "animal": self.animal})
        html = passports._card(card, lang, self._photo(card["photo_media_id"]), self.park_names) + \
            f'<p><a class="show-on-map" href="{link}">{t("show_on_map", lang)} →</a></p>'

        return pn.Column(Figure(timeline, sizing_mode="stretch_width"),
                         pn.pane.HTML(html, css_classes=["passport-card"], sizing_mode="stretch_width",
                                      stylesheets=[".passport { border: 2px solid #2b4d3f; border-radius: 8px; padding: 12px; } "
                                                   "th { text-align: left; padding-right: 12px; } .disagree { color: #c92a2a; }"
                                                   ".nophoto { color: #868e96; font-style: italic; }"]),
                         sizing_mode="stretch_width")

    def _passport_downloads(self):
        lang = self.lang

        def title():
            return f"{t('passports_of', lang)} {self.region_label()} — {self.species_names[self.species]}, {self.years[0]}–{self.years[1]}"

        def as_html():
            photos = {m: p for m in self._passports["photo_media_id"].drop_nulls().to_list() if (p := self._photo(m))}
            doc = passports.passports_html(self._passports, title(), lang, photos, self.shows_synthetic,
                                              park_names=self.park_names)
            return io.BytesIO(doc.encode("utf-8"))

        def as_csv():
            return io.BytesIO(passports.passport_csv(self._passports).encode("utf-8"))
        name = f"passports_{self.species}_{self.region}_{self.years[0]}-{self.years[1]}"
        return pn.Row(
            pn.widgets.FileDownload(callback=as_html, filename=f"{name}.html", label=t("download_passports_html", lang),
                                    button_type="primary", width=260, css_classes=["download-passports-html"]),
            pn.widgets.FileDownload(callback=as_csv, filename=f"{name}.csv", label=t("download_passports_csv", lang),
                                    button_type="primary", width=220, css_classes=["download-passports-csv"]))

    def region_label(self) -> str:
        return next((k for k, v in self.region_labels.items() if v == self.region), self.region)

    # -- linking catalogues -----------------------------------------------------------------------
    @param.depends("species", "region", "years", "max_days", "max_km", "revision")
    def _candidates(self):
        lang = self.lang
        queue = self.store.query("candidate_matches", species=self.species, region=self.region,
                                 max_days=self.max_days, max_km=self.max_km, **self._period())
        saved = pn.pane.Alert(self.link_note, alert_type="success", visible=bool(self.link_note),
                              css_classes=["link-message"])
        if queue.is_empty():
            return pn.Column(pn.pane.Markdown(f"*{t('no_candidates', lang)}*", css_classes=["no-candidates"]), saved)
        shown = queue.with_columns(pl.col("first_close_pair").dt.strftime("%Y-%m-%d")).rename({
            "close_pairs": t("close_pairs", lang), "nearest_km": t("nearest_km", lang),
            "fewest_days": t("fewest_days", lang)})
        table = pn.widgets.Tabulator(shown.to_pandas(), disabled=True, show_index=False, selectable=1,
                                     pagination="local", page_size=8, layout="fit_data_table",
                                     sizing_mode="stretch_width", css_classes=["table-candidates"])
        evidence = pn.widgets.TextInput(name=t("evidence", lang), width=320,
                                        css_classes=["link-evidence"])
        matched_by = pn.widgets.TextInput(name=t("matched_by", lang), width=220, css_classes=["link-matched-by"])
        if not any(self.may("catalogue", park=p) for p in set(queue["area_a"]) | set(queue["area_b"])):
            return pn.Column(table, self.read_only_note(), sizing_mode="stretch_width")
        button = pn.widgets.Button(name=t("confirm_link", lang), button_type="success", css_classes=["link-confirm"])
        message = saved

        def confirm(_):
            rows = table.selection or [0]
            r = queue.row(rows[0], named=True)
            try:
                link_individuals(self.store, r["area_a"], r["individual_a"], r["area_b"], r["individual_b"],
                                 evidence.value, matched_by.value)
            except (LinkRefused, AccessDenied) as exc:
                message.object, message.alert_type, message.visible = str(exc), "danger", True
                return
            # said by the queue drawn after the write (a message set here would go with this drawing)
            self.link_note = f"{t('link_saved', lang)}: {r['area_a']} {r['individual_a']} = {r['area_b']} {r['individual_b']}"
            self.revision += 1
        button.on_click(confirm)
        return pn.Column(table, pn.Row(evidence, matched_by, button), message, sizing_mode="stretch_width")

    # -- Camtrap DP exchange ------------------------------------------------------------------------
    def _exchange(self):
        lang = self.lang
        parks = self.store.query("survey_scopes", species=self.species, lang=lang).filter(pl.col("scope_kind") == "area")
        park_options = dict(zip(parks["label"], parks["scope"]))
        writable = self.writable("catalogue", park_options)
        park = pn.widgets.Select(name=t("import_into_park", lang), options=writable, css_classes=["camtrapdp-park"])

        upload = Upload("camtrap-dp", self.store, extra=[park], css_prefix="camtrapdp", lang=lang,
                        options=lambda: {"park": park.value},
                        after=lambda: setattr(self, "revision", self.revision + 1))

        export_park = pn.widgets.Select(name=t("export_camtrapdp", lang), options=park_options, width=260,
                                        css_classes=["camtrapdp-export-park"])

        def export_zip():
            with tempfile.TemporaryDirectory() as tmp:
                export_package(self.store, tmp, export_park.value, **self._period())
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                    for f in sorted(Path(tmp).rglob("*")):
                        if f.is_file():
                            z.write(f, f.relative_to(tmp))
                buf.seek(0)
                return buf
        export = pn.widgets.FileDownload(callback=export_zip, filename="camtrap-dp.zip", label=t("export_camtrapdp", lang),
                                         button_type="primary", width=260, css_classes=["camtrapdp-export"])
        export_park.param.watch(lambda e: setattr(export, "filename", f"camtrap-dp_{e.new}_{self.years[0]}-{self.years[1]}.zip"), "value")
        entry = [upload] if writable else [self.read_only_note()]
        return pn.Column(pn.pane.Markdown(f"### {t('upload_camtrapdp', lang)}"), *entry,
                         pn.Row(export_park, export), sizing_mode="stretch_width")

    # -- layout -------------------------------------------------------------------------------------
    def _controls(self):
        lang = self.lang
        region = pn.widgets.Select.from_param(self.param.region, name=t("region", lang), options=self.region_labels,
                                              css_classes=["control-region"])
        self.param.watch(lambda e: setattr(region, "options", self.region_labels), "species")
        animal = pn.widgets.Select.from_param(self.param.animal, name=t("animal", lang), options=self.animal_labels,
                                              css_classes=["control-animal"])
        self.param.watch(lambda e: setattr(animal, "options", self.animal_labels), ["species", "region", "years", "revision"])
        return pn.Column(
            pn.widgets.Select.from_param(self.param.species, name=t("species", lang), options=self.species_labels,
                                         css_classes=["control-species"]),
            region,
            pn.widgets.IntRangeSlider.from_param(self.param.years, name=t("years", lang), step=1, css_classes=["control-years"]),
            animal, width=300)

    def __panel__(self):
        lang = self.lang
        candidates_controls = pn.Row(
            pn.widgets.IntInput.from_param(self.param.max_days, name=t("max_days", lang), width=140, css_classes=["control-max-days"]),
            pn.widgets.FloatInput.from_param(self.param.max_km, name=t("max_km", lang), width=140, step=0.5,
                                             css_classes=["control-max-km"]))
        main = pn.Column(
            pn.panel(self._summary, loading_indicator=True),
            pn.panel(self._shared_table),
            pn.pane.Markdown(f"### {t('passport', lang)}"),
            pn.panel(self._one_animal, loading_indicator=True),
            self._passport_downloads(),
            pn.pane.Markdown(f"### {t('candidates', lang)}\n{t('candidates_help', lang)}"),
            candidates_controls,
            pn.panel(self._candidates),
            self._exchange(),
            sizing_mode="stretch_width")
        return pn.Row(self._controls(), main, sizing_mode="stretch_width")
