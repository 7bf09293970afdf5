"""The Phase-1 feasibility page of Lesser Khingan (Proposal 2): the six activities and three
deliverables with status and evidence, the winter census (routes on the map, prey density by the
Formozov–Malyshev–Pereleshin formula with bootstrap intervals, tiger tracks), the other
activities' indicators, and the readiness scorecard for the decision on Phase 2 (criteria,
weights and thresholds editable and stored; each score shows what it is computed from)."""
from __future__ import annotations


import holoviews as hv
import panel as pn
import param
import polars as pl

from bigcats import feasibility
from bigcats.estimate.census import density_by_species
from bigcats.geo import geojson_paths
from bigcats.access import AccessDenied
from bigcats.i18n import t
from bigcats.ingest.census import CensusRefused, add_route
from dashboards.palette import STATUS_COLOURS
from dashboards.common import Page
from dashboards.upload import Upload
from dashboards.overview import region_map



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

    # -- the scorecard ----------------------------------------------------------------------------
    @param.depends("revision")
    def _scorecard(self):
        lang = self.lang
        card = feasibility.scorecard(self.store)
        ready = feasibility.readiness(card)
        # a Number, not a Gauge: Panel's Gauge loads ECharts from a CDN, and the app must work offline
        number = pn.indicators.Number(name=t("readiness", lang), value=round(100 * ready, 1), format="{value}%",
                                      font_size="64pt", title_size="16pt", css_classes=["readiness-number"],
                                      colors=[(50, "#c92a2a"), (80, "#f08c00"), (101, "#2b8a3e")])
        shown = card.with_columns(pl.col("value", "score").round(3), pl.col("edited_on").cast(pl.Utf8)).select(
            "criterion_id", "threshold", "weight", "value", "score", "met", "name", "measure", "computed_from",
            "edited_by", "edited_on")
        editable = self.may("scorecard")
        table = pn.widgets.Tabulator(
            shown.to_pandas(), show_index=False, layout="fit_data_table", sizing_mode="stretch_width", disabled=not editable,
            editors={c: None for c in shown.columns if c not in ("threshold", "weight")} | {"threshold": "number", "weight": "number"},
            css_classes=["table-scorecard"])
        if not editable:
            return pn.Column(pn.Row(number, pn.pane.Markdown(t("readiness_help", lang), width=520)), table,
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
        return pn.Column(pn.Row(number, pn.pane.Markdown(t("readiness_help", lang), width=520)), table,
                         pn.Row(who, save), message, sizing_mode="stretch_width")

    # -- items --------------------------------------------------------------------------------------
    @param.depends("revision")
    def _items(self):
        status = self.store.query("feasibility_status", proposal_id=feasibility.PROPOSAL).filter(
            pl.col("kind").is_in(["activity", "deliverable"]))
        html = "".join(
            f'<tr><td><b>{r["item_code"]}</b></td><td>{r["title"]}</td>'
            f'<td><span class="status" style="background:{STATUS_COLOURS[r["status"]]}">{t("status_" + r["status"].replace(" ", "_"), self.lang)}</span></td>'
            f'<td class="evidence">{r["evidence"] or ""}</td></tr>' for r in status.iter_rows(named=True))
        return pn.pane.HTML(f'<table class="items">{html}</table>', sizing_mode="stretch_width", css_classes=["feasibility-items"],
                            stylesheets=[".items td { padding: 6px 8px; vertical-align: top; border-bottom: 1px solid #dee2e6; } "
                                         ".status { color: white; padding: 2px 8px; border-radius: 4px; white-space: nowrap; } "
                                         ".evidence { font-size: 12px; color: #495057; }"])

    # -- census ---------------------------------------------------------------------------------------
    @param.depends("revision")
    def _census(self):
        lang = self.lang
        routes = self.store.query("census_routes_map")
        counts = self.store.query("census_counts_for_density")
        dens = density_by_species(counts.drop("synthetic", "surveyed_on")) if counts.height else pl.DataFrame()
        layers = self.store.query("region_map_layers", region="khingan", lang=lang)
        base = region_map(layers, "khingan", lang, height=420)
        lines = []
        for r in routes.unique("route_id", keep="first").iter_rows(named=True):
            if r["geojson"]:
                for part in geojson_paths(r["geojson"]):
                    lines.append({**part, "route": r["route_id"], "km": r["length_km"]})
        tigers = routes.filter(pl.col("species_id") == "tiger").group_by("area_id").agg(pl.col("crossings").sum())
        path = hv.Path(lines, vdims=["route", "km"]).opts(color="#000000", line_width=4, tools=["hover"])
        table = dens.select("area_id", pl.col("species_id").replace_strict(self.species_names, default=pl.col("species_id")),
                            "routes", "route_km", "crossings", pl.col("per_1000ha").round(2), pl.col("lcl_1000ha").round(2),
                            pl.col("ucl_1000ha").round(2)) if dens.height else dens
        tiger_text = ", ".join(f"{a}: {x}" for a, x in tigers.sort("area_id").iter_rows())
        per_route = (routes.filter(pl.col("species_id").is_not_null())
                     .with_columns(pl.col("species_id").replace_strict(self.species_names, default=pl.col("species_id")))
                     .pivot(on="species_id", index=["route_id", "area_id", "surveyed_on", "length_km"], values="crossings")
                     .with_columns(pl.col("surveyed_on").cast(pl.Utf8)).sort("route_id"))
        return pn.Column(
            pn.pane.HoloViews((base * path).opts(shared_axes=False), sizing_mode="stretch_width", css_classes=["census-map"]),
            pn.pane.Markdown(f"**{t('tiger_tracks', lang)}:** {tiger_text or '—'}", css_classes=["tiger-tracks"]),
            pn.pane.Markdown(f"### {t('tracks_per_route', lang)}"),
            pn.widgets.Tabulator(per_route.to_pandas(), disabled=True, show_index=False, layout="fit_data_table",
                                 pagination="local", page_size=8, sizing_mode="stretch_width", css_classes=["table-routes"]),
            pn.pane.Markdown(f"### {t('prey_density', lang)}"),
            pn.widgets.Tabulator(table.to_pandas(), disabled=True, show_index=False, layout="fit_data_table",
                                 sizing_mode="stretch_width", css_classes=["table-density"]),
            sizing_mode="stretch_width")

    def _census_entry(self):
        lang = self.lang
        route = pn.widgets.TextInput(name=t("route", lang), width=120, css_classes=["census-route"])
        areas = self.writable("census", {a: a for a in feasibility.census_areas(self.store)})
        if not areas:
            return self.read_only_note()
        area = pn.widgets.Select(name=t("park", lang), options=list(areas), width=110, css_classes=["census-area"])
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
        ind = self.store.query("feasibility_indicators", proposal_id=feasibility.PROPOSAL).filter(
            pl.col("value").is_not_null()).select("item_code", "name", "value", "unit", "status", "evidence",
                                                  pl.col("recorded_on").cast(pl.Utf8))
        text = (f"**{t('pomp_area', lang)}:** {p['area_km2']:,.0f} km²"
                f"{' (' + t('schematic', lang) + ')' if p['schematic'] else ''} · "
                f"**{t('pomp_overlap', lang)}:** {p['tiger_photos_inside']} / {p['tiger_photos']} "
                f"({100 * p['share_inside']:.0f}%)")
        return pn.Column(pn.pane.Markdown(text, css_classes=["pomp-figures"]),
                         pn.widgets.Tabulator(ind.to_pandas(), disabled=True, show_index=False, layout="fit_data_table",
                                              sizing_mode="stretch_width", css_classes=["table-indicators"]),
                         sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        return pn.Column(
            pn.pane.Markdown(f"## {t('readiness_title', lang)}"), pn.panel(self._scorecard),
            pn.pane.Markdown(f"## {t('phase1_items', lang)}"), pn.panel(self._items),
            pn.pane.Markdown(f"## {t('winter_census', lang)}"), pn.panel(self._census), self._census_entry(),
            pn.pane.Markdown(f"## {t('other_indicators', lang)}"), pn.panel(self._indicators),
            sizing_mode="stretch_width")
