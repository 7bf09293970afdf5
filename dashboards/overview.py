"""The Overview page: for each proposal its region, species, parks, budget, share spent, the
latest population figures with their source, and a small map of the region."""
from __future__ import annotations

import panel as pn
import param

from bigcats.i18n import t
from dashboards.tables import whole_percent
from dashboards.common import Figure, Page, figure_text, money, period_text, scope_name
from dashboards.figures.regions import region_figure


class Overview(Page):
    """All three proposals at a glance, for a steering meeting on a projector."""

    slug = "overview"
    title_key = "nav_overview"

    def __init__(self, **params):
        super().__init__(**params)
        self._load()

    @param.depends("lang", watch=True)
    def _load(self):
        s, lang = self.store, self.lang
        self.proposals = s.query("proposal_overview", lang=lang)
        self.parks = s.query("proposal_parks", lang=lang)
        self.figures = s.query("latest_reported_figures", lang=lang)
        self.species = {r["species_id"]: r["name"] for r in s.query("species_names", lang=lang).iter_rows(named=True)}
        self.shows_synthetic = bool(self.proposals["spending_synthetic"].any()
                                    or self.figures["synthetic"].any())

    def _scope(self, figure: dict, proposal: dict) -> str:
        names = dict(self.parks.select("area_id", "name").unique().iter_rows())
        return scope_name(figure["scope_kind"], figure["scope"], self.lang, names, proposal["region_name"])

    def _card(self, p: dict) -> pn.viewable.Viewable:
        lang = self.lang
        pid = p["proposal_id"]
        species = ", ".join(self.species[s] for s in p["species"].split(";"))
        parks = self.parks.filter(self.parks["proposal_id"] == pid)
        park_lines = "\n".join(
            f"- **{r['name']}** ({t('country_' + r['country'], lang)}{', ' + t('planned', lang) if r['status'] == 'planned' else ''})"
            for r in parks.iter_rows(named=True))
        as_of = f"{t('as_of', lang)} {p['last_expenditure_on']}" if p["last_expenditure_on"] else ""
        spent = f"{t('spent', lang)}: {money(p['spent_usd'], lang)} {as_of}"
        numbers = pn.FlexBox(
            pn.indicators.Number(name=t("budget", lang), value=p["budget_usd"], format=money(p["budget_usd"], lang),
                                 font_size="30pt", title_size="14pt", css_classes=["budget-number"]),
            pn.indicators.Number(name=t("share_spent", lang), value=whole_percent(p["share_spent"]),
                                 format="{value}%", font_size="30pt", title_size="14pt",
                                 colors=[(90, "#2f9e44"), (100.5, "#f08c00"), (1e9, "#e03131")],
                                 css_classes=["share-spent-number"]),
            gap="24px")
        figs = self.figures.filter(self.figures["proposal_id"] == pid)
        fig_lines = "\n".join(
            f"- **{figure_text(r, lang, self.species[r['species_id']])}**, {self._scope(r, p)} "
            f"({period_text(r['period_start'], r['period_end'])}; "
            f"{t('reported' if r['method'] == 'reported' else 'computed', lang)})  \n"
            f"  <small>{t('source', lang)}: {r['source']}</small>"
            for r in figs.iter_rows(named=True))
        layers = self.store.query("region_map_layers", region=p["region_id"], lang=lang)
        text = pn.Column(
            pn.pane.Markdown(f"### {t('proposal', lang)} {pid}: {p['short_title']}\n"
                             f"<small>{p['title']}</small>\n\n"
                             f"**{t('region', lang)}:** {p['region_name']}  \n"
                             f"**{t('species', lang)}:** {species}  \n"
                             f"**{t('period', lang)}:** {p['period_start']} – {p['period_end']}",
                             sizing_mode="stretch_width"),
            numbers,
            # one pane for the rest of the card's text (each pane is a model and a stylesheet a visitor)
            pn.pane.Markdown(f"<small>{spent}</small>\n\n**{t('parks', lang)}**\n\n{park_lines}\n\n"
                             f"**{t('latest_population', lang)}**\n\n{fig_lines}", sizing_mode="stretch_width"),
            sizing_mode="stretch_width")
        region = region_figure(layers, p["region_id"], lang, height=320)
        region.css_classes = ["region-map"]  # on the figure: a Bokeh pane does not pass its classes on
        plot = Figure(region, sizing_mode="stretch_width", min_height=320)
        return pn.Card(pn.Row(text, pn.Column(pn.pane.Markdown(f"**{t('map_of_region', lang)}**"), plot,
                                              sizing_mode="stretch_width"),
                              sizing_mode="stretch_width"),
                       title=f"{t('proposal', lang)} {pid} · {p['region_name']}", collapsible=False,
                       sizing_mode="stretch_width", css_classes=["proposal-card", f"proposal-{pid}"])

    @param.depends("lang")
    def __panel__(self):
        return pn.Column(*[self._card(p) for p in self.proposals.iter_rows(named=True)],
                         sizing_mode="stretch_width")
