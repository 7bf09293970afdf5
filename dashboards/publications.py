"""The Publication exchange register: what each park published, what it sent to its partner, what
still lacks the English abstract the agreement asks for, whether the annual exchange after each
calendar year happened; full-text search; import from BibTeX/RIS, export, and a form."""
from __future__ import annotations

import io

import panel as pn
import param
import polars as pl

from bigcats.access import AccessDenied
from bigcats.i18n import LANGUAGES, t, t_count
from bigcats.ingest.publications import (PublicationsRefused, add_publication, to_bibtex,
                                         to_csv, to_ris)
from dashboards import tables
from dashboards.common import Figure, Page, form_outcome
from dashboards.figures import publications as figures
from dashboards.upload import Upload

class PublicationRegister(Page):
    """The parks' exchange of publications, as the agreement sets it."""

    slug = "publications"
    title_key = "nav_publications"

    search = param.String(default="", doc="Words to find in titles, authors and English abstracts.")
    on_duplicate = param.Selector(default="refuse", objects=["refuse", "merge", "skip"],
                                  doc="What an import does with a record already in the register.")
    revision = param.Integer(default=0, precedence=-1, doc="Bumped after a write so the views re-read the store.")

    def __init__(self, **params):
        super().__init__(**params)
        share = self.store.query("synthetic_share")
        self.shows_synthetic = bool(share.filter(pl.col("table_name") == "publications")["synthetic_rows"].sum() > 0)
        self.park_names = dict(self.store.query("proposal_parks", lang=self.lang).select("area_id", "name").unique().iter_rows())

    @param.depends("revision")
    def _summary(self):
        lang = self.lang
        ex = self.store.query("publication_exchange")
        if ex.is_empty():
            return pn.pane.Markdown(t("no_publications", lang))
        bars = figures.per_park_year(ex, lang, css="publications-plot")
        status = pl.DataFrame([{
            t("park", lang): self.park_names.get(r["area_id"], r["area_id"]), t("year", lang): str(r["year"]),
            t("produced", lang): str(r["produced"]), t("exchanged", lang): str(r["exchanged"]),
            t("missing_abstract", lang): str(r["missing_abstract"]),
            t("annual_exchange", lang): t("status_" + r["annual_exchange"].replace(" ", "_"), lang),
            t("col_first_exchanged_on", lang): str(r["first_exchanged_on"] or "—")} for r in ex.iter_rows(named=True)])
        table = tables.people_table(status, "table-exchange", lang, narrow=(t("year", lang),))
        done = (ex["annual_exchange"] == "done").sum()
        headline = pn.indicators.Number(name=t("annual_exchanges_done", lang), value=int(done), format=f"{{value}} / {ex.height}",
                                        font_size="40pt", title_size="13pt", css_classes=["number-exchanges"])
        missing = pn.indicators.Number(name=t("missing_abstract", lang), value=int(ex["missing_abstract"].sum()),
                                       format="{value}", font_size="40pt", title_size="13pt", default_color="#e8590c",
                                       css_classes=["number-missing"])
        return pn.Column(pn.Row(headline, missing), Figure(bars, sizing_mode="stretch_width"),
                         pn.pane.Markdown(f"### {t('annual_exchange', lang)}"), table, sizing_mode="stretch_width")

    @param.depends("search", "revision")
    def _register(self):
        lang = self.lang
        found = self.store.query("publication_register", text=self.search.strip())
        # the abstracts are in the downloads: on screen they would make every row a page long
        keys = ("year", "park", "language", "col_title_original", "col_title_en", "authors", "DOI",
                "col_exchanged_on", "col_exchanged_to")
        shown = pl.DataFrame([dict(zip((k if k == "DOI" else t(k, lang) for k in keys), (
            str(r["year"] or ""), r["area_id"] or "", LANGUAGES.get(r["language"], r["language"] or ""),
            r["title_original"] or "", r["title_en"] or "", r["authors"] or "", r["doi"] or "",
            str(r["exchanged_on"] or ""), self.park_names.get(r["exchanged_to"], r["exchanged_to"] or ""))))
            for r in found.iter_rows(named=True)], schema={k if k == "DOI" else t(k, lang): pl.Utf8 for k in keys})
        downloads = pn.Row(
            pn.widgets.FileDownload(callback=lambda: io.BytesIO(to_bibtex(found).encode("utf-8")), filename="publications.bib",
                                    label="BibTeX", width=140, css_classes=["download-bib"]),
            pn.widgets.FileDownload(callback=lambda: io.BytesIO(to_ris(found).encode("utf-8")), filename="publications.ris",
                                    label="RIS", width=140, css_classes=["download-ris"]),
            pn.widgets.FileDownload(callback=lambda: io.BytesIO(to_csv(found).encode("utf-8")), filename="publications.csv",
                                    label=t("download_csv", lang), width=160, css_classes=["download-pubs-csv"]))
        return pn.Column(pn.pane.Markdown(f"**{found.height}** {t_count('records_found', lang, found.height)}",
                                          css_classes=["found-count"]),
                         downloads,
                         tables.people_table(shown, "table-publications", lang, page_size=12,
                                             narrow=(t("year", lang), t("park", lang), t("language", lang)),
                                             wide=(t("col_title_original", lang),)),
                         sizing_mode="stretch_width")

    def _entry(self):
        lang = self.lang
        parks = self.writable("publications", {f"{v} ({k})": k for k, v in sorted(self.park_names.items())})
        if not parks:
            return self.read_only_note()
        w = {
            "title": pn.widgets.TextInput(name=t("title_original", lang), width=380, css_classes=["form-title"]),
            "title_en": pn.widgets.TextInput(name=t("title_en", lang), width=380, css_classes=["form-title-en"]),
            "authors": pn.widgets.TextInput(name=t("authors", lang), width=260, css_classes=["form-authors"]),
            "year": pn.widgets.TextInput(name=t("year", lang), width=90, css_classes=["form-year"]),
            "language": pn.widgets.Select(name=t("language", lang), options={"Русский": "ru", "中文": "zh", "English": "en",
                                                                            "Монгол": "mn"}, width=120,
                                          css_classes=["form-language"]),
            "park": pn.widgets.Select(name=t("park", lang), options=parks, width=300, css_classes=["form-park"]),
            "abstract": pn.widgets.TextAreaInput(name=t("abstract_en", lang), width=560, height=90,
                                                 css_classes=["form-abstract"]),
            "doi": pn.widgets.TextInput(name="DOI", width=220, css_classes=["form-doi"]),
        }
        add = pn.widgets.Button(name=t("add_publication", lang), button_type="success", css_classes=["form-add-pub"])
        message = pn.pane.Alert("", visible=False, css_classes=["form-pub-message"])

        def submit(_):
            record = {k: v.value for k, v in w.items()}
            out = form_outcome(message, lambda: add_publication(self.store, record, self.on_duplicate,
                                                                entered_by="dashboard form"),
                               (PublicationsRefused, AccessDenied), str, lang)
            if out is not None:
                self.revision += 1
        add.on_click(submit)


        upload = Upload("publications", self.store, css_prefix="pub", lang=lang,
                        options=lambda: {"on_duplicate": self.on_duplicate},
                        after=lambda: setattr(self, "revision", self.revision + 1))
        duplicates = pn.widgets.RadioButtonGroup.from_param(
            self.param.on_duplicate, options={t("dup_refuse", lang): "refuse", t("dup_merge", lang): "merge",
                                              t("dup_skip", lang): "skip"}, button_type="light", css_classes=["control-duplicates"])
        return pn.Column(pn.pane.Markdown(f"### {t('add_publication', lang)}"),
                         pn.Row(w["title"], w["title_en"]), pn.Row(w["authors"], w["year"], w["language"], w["park"]),
                         pn.Row(w["abstract"], w["doi"]), pn.Row(add), message,
                         pn.pane.Markdown(f"### {t('import_publications', lang)}"), upload.file_input,
                         pn.pane.Markdown(t("duplicates", lang)), duplicates, pn.Row(upload.button, upload.chosen), upload.result, sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        search = pn.widgets.TextInput.from_param(self.param.search, name=t("search", lang),
                                                 width=420, css_classes=["control-search"])
        return pn.Column(pn.panel(self._summary), pn.pane.Markdown(f"### {t('register', lang)}"), search,
                         pn.panel(self._register), self._entry(), sizing_mode="stretch_width")
