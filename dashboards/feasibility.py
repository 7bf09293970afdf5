"""The Phase-1 feasibility page of Lesser Khingan (Proposal 2): the six activities and three
deliverables with status and evidence, the winter census (routes on the map, prey density by the
Formozov–Malyshev–Pereleshin formula with bootstrap intervals, tiger tracks), the other
activities' indicators, and the readiness scorecard for the decision on Phase 2 (criteria,
weights and thresholds editable and stored; each score shows what it is computed from)."""
from __future__ import annotations


from bokeh.models.widgets.tables import NumberFormatter
import panel as pn
import param
import polars as pl

from bigcats import feasibility
from bigcats.estimate.census import density_by_species
from bigcats.access import AccessDenied
from bigcats.i18n import t
from bigcats.ingest.census import CensusRefused, add_route
from dashboards.palette import STATUS_COLOURS
from dashboards import tables
from dashboards.common import Figure, Page
from dashboards.tables import measure_text, number, titles
from dashboards.upload import Upload
from dashboards.figures.regions import region_figure, route_lines


class Feasibility(Page):
    """Is Phase 1 ready for the decision on Phase 2?"""

    slug = "feasibility"
    title_key = "nav_feasibility"

    revision = param.Integer(default=0, precedence=-1, doc="Bumped after a write so the views re-read the store.")
    criteria_note = param.String(default="", precedence=-1,
                                 doc="What the last 'Save criteria' saved, shown after the scorecard is redrawn.")

    def __init__(self, **params):
        super().__init__(**params)
        share = self.store.query("synthetic_share")
        self.shows_synthetic = bool(share.filter(pl.col("table_name").is_in(["census_counts", "expenditures"]))
                                    ["synthetic_rows"].sum() > 0)
        self.species_names = dict(self.store.query("species_names", lang=self.lang).select("species_id", "name").iter_rows())
        # parks by name, never by their store codes (a projector shows them to the parks' directors)
        self.park_names = dict(self.store.query("area_names", lang=self.lang).iter_rows())

    # -- the scorecard ----------------------------------------------------------------------------
    @param.depends("revision")
    def _scorecard(self):
        lang = self.lang
        card = feasibility.scorecard(self.store, self.lang)
        ready = feasibility.readiness(card)
        # a Number, not a Gauge: Panel's Gauge loads ECharts from a CDN, and the app must work offline
        headline = pn.indicators.Number(name=t("readiness", lang), value=tables.whole_percent(ready), format="{value}%",
                                      font_size="64pt", title_size="16pt", css_classes=["readiness-number"],
                                      colors=[(50, "#c92a2a"), (80, "#f08c00"), (101, "#2b8a3e")])
        # the key columns first (what is measured, against what, how it scores); the field names
        # stay the stored ones (the save reads them), the headers are the catalogue's
        shown = pl.DataFrame([{
            "criterion_id": c["criterion_id"], "name": c["name"],
            "measured": measure_text(c["measure"], c["value"], lang), "threshold": c["threshold"], "weight": c["weight"],
            "score": number(c["score"], lang, 0 if float(c["score"]).is_integer() else 1), "met": t("yes" if c["met"] else "no", lang),
            "how_measured": t(f"measure_{c['measure']}" if c["measure"] in feasibility.MEASURES else "measure_unknown", lang),
            "edited": f"{c['edited_by']}, {c['edited_on']}"} for c in card.iter_rows(named=True)])
        editable = self.may("scorecard")
        headers = titles(shown.columns, lang, criterion_id="col_code", name="criterion", measured="col_measured",
                         met="col_met", how_measured="col_how_measured", edited="col_edited")
        # the short columns as wide as their header's longest word in the page's language
        narrow = {"criterion_id": 72, "measured": 60, "threshold": 60, "weight": 60, "score": 60, "met": 60, "edited": 110}
        table = pn.widgets.Tabulator(
            shown.to_pandas(), show_index=False, layout="fit_columns", sizing_mode="stretch_width", disabled=not editable,
            editors={c: None for c in shown.columns if c not in ("threshold", "weight")} | {"threshold": "number", "weight": "number"},
            titles=headers,
            # six criteria: no sorting (its arrows took a fifth of each narrow header and broke its
            # word in two); the short columns wide enough for one word of their header, the texts
            # share the rest, all within a 1366-pixel projector's page (7 x ~90 px + 2 x 18%)
            sortable=False,
            widths={**{c: tables.header_width(headers[c], w) for c, w in narrow.items()},
                    "name": "18%", "how_measured": "18%"},
            # a threshold or weight as the committee wrote it: 20, 0.2, 12.5 (Tabulator's default shows "20.0")
            formatters={"name": {"type": "textarea"}, "how_measured": {"type": "textarea"}, "edited": {"type": "textarea"},
                        "threshold": NumberFormatter(format="0.[00]"), "weight": NumberFormatter(format="0.[00]")},
            configuration=tables.tabulator_language(lang), stylesheets=[tables.WRAP], css_classes=["table-scorecard"])
        if not editable:
            return pn.Column(pn.Row(headline, pn.pane.Markdown(t("readiness_help", lang), width=520)), table,
                             sizing_mode="stretch_width")
        who = pn.widgets.TextInput(name=t("edited_by", lang), width=220, css_classes=["score-editor"])
        save = pn.widgets.Button(name=t("save_criteria", lang), button_type="primary", css_classes=["score-save"])
        message = pn.pane.Alert(self.criteria_note, visible=bool(self.criteria_note), alert_type="success",
                                css_classes=["score-message"])

        def do_save(_):
            df = table.value
            changed = []
            try:
                for r in df.to_dict("records"):
                    old = card.filter(pl.col("criterion_id") == r["criterion_id"]).row(0, named=True)
                    if float(r["threshold"]) != old["threshold"] or float(r["weight"]) != old["weight"]:
                        feasibility.update_criterion(self.store, r["criterion_id"], float(r["threshold"]),
                                                     float(r["weight"]), who.value)
                        changed.append(t("criterion_saved", lang, criterion=r["criterion_id"],
                                         threshold=f"{float(r['threshold']):g}", weight=f"{float(r['weight']):g}"))
            except (feasibility.CriterionRefused, AccessDenied) as exc:
                message.object, message.alert_type, message.visible = str(exc), "danger", True
                return
            # the scorecard is redrawn with the new readiness; the note says what was saved
            self.criteria_note = (f"{t('saved', lang)}: " + "; ".join(changed)) if changed else t("nothing_changed", lang)
            self.revision += 1
        save.on_click(do_save)
        return pn.Column(pn.Row(headline, pn.pane.Markdown(t("readiness_help", lang), width=520)), table,
                         pn.Row(who, save), message, sizing_mode="stretch_width")

    # -- items --------------------------------------------------------------------------------------
    @param.depends("revision")
    def _items(self):
        status = self.store.query("feasibility_status", proposal_id=feasibility.PROPOSAL, lang=self.lang).filter(
            pl.col("kind").is_in(["activity", "deliverable"]))
        html = "".join(
            f'<tr><td><b>{r["item_code"]}</b></td><td>{r["title"]}</td>'
            f'<td><span class="status" style="background:{STATUS_COLOURS[r["status"]]}">{t("status_" + r["status"].replace(" ", "_"), self.lang)}</span></td>'
            f'<td class="evidence">{r["evidence"] or ""}</td></tr>' for r in status.iter_rows(named=True))
        return pn.pane.HTML(f'<table class="items">{html}</table>', sizing_mode="stretch_width", css_classes=["feasibility-items"],
                            stylesheets=[".items td { padding: 6px 8px; vertical-align: top; border-bottom: 1px solid #dee2e6; } "
                                         ".status { color: white; padding: 2px 8px; border-radius: 4px; white-space: nowrap; } "
                                         ".evidence { font-size: 14px; color: #495057; }"])

    # -- census ---------------------------------------------------------------------------------------
    @param.depends("revision")
    def _census(self):
        lang = self.lang
        routes = self.store.query("census_routes_map")
        counts = self.store.query("census_counts_for_density")
        dens = density_by_species(counts.drop("synthetic", "surveyed_on")) if counts.height else pl.DataFrame()
        layers = self.store.query("region_map_layers", region="khingan", lang=lang)
        census_map = region_figure(layers, "khingan", lang, height=420)
        census_map.css_classes = ["census-map"]  # on the figure: a Bokeh pane does not pass its classes on
        route_lines(census_map, routes.unique("route_id", keep="first").filter(pl.col("geojson").is_not_null()),
                    "khingan", lang)
        tigers = routes.filter(pl.col("species_id") == "tiger").group_by("area_id").agg(pl.col("crossings").sum())
        table = pl.DataFrame([{
            t("park", lang): self.park_names.get(r["area_id"], r["area_id"]), t("species", lang): self.species_names.get(r["species_id"], r["species_id"]),
            t("col_routes", lang): str(r["routes"]), t("col_route_km", lang): number(r["route_km"], lang, 1),
            t("col_crossings", lang): str(r["crossings"]),
            **dict(zip((t("col_density_1000ha", lang), t("ci95", lang)),
                       tables.estimate_cells(r["per_1000ha"], r["lcl_1000ha"], r["ucl_1000ha"], lang, whole=False)))}
            for r in dens.iter_rows(named=True)]) if dens.height else pl.DataFrame()
        tiger_text = ", ".join(f"{self.park_names.get(a, a)}: {x}" for a, x in tigers.sort("area_id").iter_rows())
        per_route = (routes.filter(pl.col("species_id").is_not_null())
                     .with_columns(pl.col("species_id").replace_strict(self.species_names, default=pl.col("species_id")),
                                   pl.col("area_id").replace_strict(self.park_names, default=pl.col("area_id")))
                     .pivot(on="species_id", index=["route_id", "area_id", "surveyed_on", "length_km"], values="crossings")
                     .with_columns(pl.col("surveyed_on").cast(pl.Utf8)).sort("route_id")
                     .rename({"route_id": t("route", lang), "area_id": t("park", lang), "surveyed_on": t("date", lang),
                              "length_km": t("length_km", lang)}))
        return pn.Column(
            Figure(census_map, sizing_mode="stretch_width"),
            pn.pane.Markdown(f"**{t('tiger_tracks', lang)}:** {tiger_text or '—'}", css_classes=["tiger-tracks"]),
            pn.pane.Markdown(f"### {t('tracks_per_route', lang)}"),
            tables.people_table(per_route.with_columns(pl.all().cast(pl.Utf8).fill_null("")), "table-routes", lang,
                                page_size=8),
            pn.pane.Markdown(f"### {t('prey_density', lang)}"),
            tables.people_table(table, "table-density", lang),
            sizing_mode="stretch_width")

    def _census_entry(self):
        lang = self.lang
        route = pn.widgets.TextInput(name=t("route", lang), width=120, css_classes=["census-route"])
        areas = self.writable("census", {self.park_names.get(a, a): a for a in feasibility.census_areas(self.store)})
        if not areas:
            return self.read_only_note()
        area = pn.widgets.Select(name=t("park", lang), options=areas, width=260, css_classes=["census-area"])
        day = pn.widgets.TextInput(name=f'{t("date", lang)} (YYYY-MM-DD)', width=150, css_classes=["census-date"])
        km = pn.widgets.TextInput(name=t("length_km", lang), width=90, css_classes=["census-km"])
        species = ["tiger", "wild_boar", "red_deer", "roe_deer", "sika_deer"]
        inputs = {sp: pn.widgets.TextInput(name=self.species_names.get(sp, sp), value="0", width=110,
                                           css_classes=[f"census-{sp}"]) for sp in species}
        add = pn.widgets.Button(name=t("add_route", lang), button_type="success", css_classes=["census-add"])
        message = pn.pane.Alert("", visible=False, css_classes=["census-message"])

        def submit(_):
            try:
                add_route(self.store, route.value.strip(), area.value, day.value, km.value,
                          {sp: w.value for sp, w in inputs.items()}, entered_by="dashboard form")
            except (CensusRefused, AccessDenied) as exc:
                message.object = "\n".join(f"- {line}" for line in str(exc).splitlines())
                message.alert_type, message.visible = "danger", True
                return
            message.object, message.alert_type, message.visible = f"{t('saved', lang)}: {route.value}", "success", True
            self.revision += 1
        add.on_click(submit)

        upload = Upload("census", self.store, css_prefix="census", lang=lang,
                        after=lambda: setattr(self, "revision", self.revision + 1))
        return pn.Column(pn.pane.Markdown(f"### {t('enter_census', lang)}"), pn.Row(route, area, day, km),
                         pn.Row(*inputs.values()), add, message,
                         pn.pane.Markdown("`route_id, area, surveyed_on, length_km, species, crossings[, start_lon, start_lat, end_lon, end_lat]`"),
                         upload, sizing_mode="stretch_width")

    # -- other indicators ----------------------------------------------------------------------------
    @param.depends("revision")
    def _indicators(self):
        lang = self.lang
        p = feasibility.planned_park(self.store)
        ind = self.store.query("feasibility_indicators", proposal_id=feasibility.PROPOSAL, lang=self.lang).filter(
            pl.col("value").is_not_null())
        shown = pl.DataFrame([{
            t("col_code", lang): r["item_code"], t("col_indicator", lang): r["name"],
            t("value", lang): number(r["value"], lang, 0 if float(r["value"]).is_integer() else 1),
            t("col_unit", lang): r["unit"] or "", t("col_status", lang): t("status_" + r["status"].replace(" ", "_"), lang),
            t("evidence", lang): r["evidence"] or "", t("col_recorded_on", lang): str(r["recorded_on"])}
            for r in ind.iter_rows(named=True)])
        text = (f"**{t('pomp_area', lang)}:** {number(p['area_km2'], lang)} {t('km2', lang)}"
                f"{' (' + t('schematic', lang) + ')' if p['schematic'] else ''} · "
                f"**{t('pomp_overlap', lang)}:** {p['tiger_photos_inside']} / {p['tiger_photos']} "
                f"({100 * p['share_inside']:.0f}%)")
        return pn.Column(pn.pane.Markdown(text, css_classes=["pomp-figures"]),
                         tables.people_table(shown, "table-indicators", lang, narrow=(t("col_code", lang),),
                                             wide=(t("col_indicator", lang), t("evidence", lang))),
                         sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        return pn.Column(
            pn.pane.Markdown(f"## {t('readiness_title', lang)}"), pn.panel(self._scorecard),
            pn.pane.Markdown(f"## {t('phase1_items', lang)}"), pn.panel(self._items),
            pn.pane.Markdown(f"## {t('winter_census', lang)}"), pn.panel(self._census), self._census_entry(),
            pn.pane.Markdown(f"## {t('other_indicators', lang)}"), pn.panel(self._indicators),
            sizing_mode="stretch_width")
