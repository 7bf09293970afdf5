"""The Corridor maps page: where the cats cross the border, where the cameras are and where the
gaps are, in each of the three regions. Vector layers shipped with the project by default (works
offline); an OpenStreetMap or imagery tile layer as an option for users online.

The page holds its choices as params and draws `bigcats.corridors.corridor_map` through
`dashboards.figures.corridors`, the functions its HTML export and the steering report use too.
A choice that implies others (a region decides the species and years offered, those the animals)
settles them all first and the map is drawn once, after."""
from __future__ import annotations

import html
import io

import panel as pn
import param
import polars as pl
from bokeh.embed import file_html
from bokeh.resources import INLINE

from bigcats import access, corridors, sensitivity, spreadsheet
from bigcats.i18n import t, t_count
from dashboards import tables
from dashboards.common import Figure, Page
from dashboards.tables import number, whole_percent
from dashboards.figures import corridors as figures
from dashboards.figures.common import park_key_html
from dashboards.figures.corridors import LAYERS

def tiles_probe(tiles: str, lang: str) -> pn.pane.HTML:
    """A note that shows when the online base map `tiles` cannot be reached (the map then draws
    its vector layers on a blank ground, which a person would otherwise read as a broken map): the
    browser asks for the tile of the whole world and shows the note if it fails. The URL is the
    app's own constant, never a client's."""
    url = figures.TILES[tiles][0].replace("{Z}", "0").replace("{X}", "0").replace("{Y}", "0")
    note = html.escape(t("tiles_unreachable", lang))
    return pn.pane.HTML(
        f'<img src="{url}" alt="" style="display:none" '
        f'onerror="this.nextElementSibling.style.display=\'block\'">'
        f'<div class="tiles-unreachable" style="display:none;background:#fff3bf;padding:6px 10px;'
        f'border-radius:4px;font-size:16px">{note}</div>', sizing_mode="stretch_width")


class CorridorMaps(Page):
    """One region's border: crossings as a heat line, both countries' cameras on one grid, gaps."""

    slug = "corridors"
    title_key = "nav_corridors"

    region = param.Selector(default="tumen", objects=["tumen"], doc="Transboundary region (those with identified cats).")
    species = param.Selector(default="leopard", objects=["leopard"], doc="Cat species.")
    years = param.Range(default=(2013, 2015), bounds=(2013, 2025),
                        doc="First and last year (the region's first three seasons unless chosen).")
    layers = param.ListSelector(default=["areas", "cameras", "grid", "crossings", "path"], objects=list(LAYERS),
                                doc="Layers drawn on the map.")
    cell_km = param.Number(default=corridors.DEFAULT_CELL_KM, bounds=(1.0, 25.0), doc="Side of a cell of the unified grid, km.")
    segment_km = param.Number(default=corridors.DEFAULT_SEGMENT_KM, bounds=(2.0, 50.0), doc="Length of a border segment, km.")
    animal = param.Selector(default=None, objects=[None], allow_None=True, doc="Animal whose path is drawn.")
    tiles = param.Selector(default="none", objects=["none", "osm", "imagery"], doc="Optional base map tiles (online only).")
    dense_threshold = param.Integer(default=100_000, bounds=(1, None),
                                    doc="Above this many photographs the density layer is drawn as an image of counts.")

    def __init__(self, **params):
        super().__init__(**params)
        if not self.store.actor.is_admin:  # a finer grid would show where the cameras are
            self.param.cell_km.bounds = (sensitivity.generalise_km(), 25.0)
            self.cell_km = max(self.cell_km, sensitivity.generalise_km())
        cats = self.store.query("species_names", lang=self.lang).filter(pl.col("kind") == "cat")
        self.species_names = dict(zip(cats["species_id"], cats["name"]))
        self.shows_synthetic = self.monitoring_is_synthetic()
        self.regions = corridors.region_choices(self.store, tuple(self.species_names), self.lang)
        self.param.region.objects = list(self.regions)
        if self.region not in self.regions:
            self.region = next(iter(self.regions))
        self._settle_region()
        self.draw_once_settled(["region", "species", "years", "layers", "cell_km", "segment_km", "animal", "tiles",
                                "dense_threshold"])

    # -- state ------------------------------------------------------------------------------------
    @property
    def region_label(self) -> str:
        return self.regions[self.region].label

    @param.depends("region", watch=True)
    def _settle_region(self):
        """The species and years the region offers; the current ones where they still apply."""
        here = self.regions[self.region]
        self.param.species.objects = list(here.species)
        self.param.years.bounds = (here.first_year, max(here.last_year, here.first_year + 1))
        species = self.species if self.species in here.species else here.species[0]
        years = self.years if (here.first_year <= self.years[0] <= self.years[1] <= here.last_year) \
            else here.default_years
        if (species, years) == (self.species, tuple(self.years)):
            self._settle_animals()  # the same choices in another region: nothing else will ask
        else:
            self.param.update(species=species, years=years)

    @param.depends("species", "years", "cell_km", "segment_km", watch=True)
    def _settle_animals(self):
        self.map = corridors.corridor_map(self.store, self.region, self.species, self.years, self.cell_km,
                                          self.segment_km, self.lang, tuple(self.param.species.objects))
        self.animal_labels = {f"{a}{' ⇄' if c > 1 else ''} ({n})": a for a, c, n in self.map.animals.iter_rows()}
        self.param.animal.objects = list(self.animal_labels.values()) or [None]
        if self.animal not in self.param.animal.objects:
            self.animal = self.param.animal.objects[0]

    def map_title(self) -> str:
        return f"{self.region_label} — {self.species_names[self.species]}, {self.years[0]}–{self.years[1]}"

    def _options(self) -> dict:
        return {"layers": self.layers, "animal": self.animal, "tiles": self.tiles, "dense_threshold": self.dense_threshold}

    # -- views ------------------------------------------------------------------------------------
    def export_model(self):
        """The current map as a standalone Bokeh model, for a file that leaves the programme: drawn
        as a report sees the data (camera positions generalised) whoever exports it."""
        seen = corridors.corridor_map(self.store.as_actor(access.REPORT), self.region, self.species, self.years,
                                      max(self.cell_km, sensitivity.generalise_km()), self.segment_km, self.lang,
                                      tuple(self.param.species.objects))
        return figures.standalone(seen, lang=self.lang, title=self.map_title(), **self._options())

    @param.depends("drawn")
    def _view(self):
        lang = self.lang
        m = self.map
        # a fixed frame (not stretched to the page's width): the map keeps its true shape; the class
        # that names it is on the figure (a Bokeh pane does not pass its own on)
        plot = Figure(figures.corridor_figure(m, lang=lang, title=None, css="corridor-map",
                                                     park_legend=False, **self._options()))
        # the parks' names under the map as HTML: in the figure they would push it past a projector's fold
        park_key = pn.pane.HTML(park_key_html(figures.parks_of(m, lang)) if "areas" in self.layers else "",
                                sizing_mode="stretch_width", margin=(0, 10))
        cov = m.coverage
        cx = m.crossings
        # the headline figures in one line above the map, and the map under them, both inside a
        # projector's 1366 x 768 window; what the grid holds goes under the map
        numbers = pn.FlexBox(
            pn.indicators.Number(name=t("crossings_total", lang), value=cx.height, format="{value:,.0f}",
                                 font_size="30pt", title_size="11pt", css_classes=["number-crossings"]),
            pn.indicators.Number(name=t("cells_watched", lang), value=whole_percent(cov["share_watched"]),
                                 format="{value}%", font_size="30pt", title_size="11pt", css_classes=["number-watched"]),
            pn.indicators.Number(name=t("gap_cells", lang), value=cov["gap_cells"], format="{value:,.0f}",
                                 font_size="30pt", title_size="11pt", default_color="#d9480f", css_classes=["number-gaps"]),
            gap="2em")
        coverage = pn.pane.Markdown(
            f"{t('grid_of', lang)} {number(cov['cell_km'], lang, 0 if float(cov['cell_km']).is_integer() else 1)} "
            f"{t('km', lang)}: {cov['habitat_cells']} {t_count('habitat_cells', lang, cov['habitat_cells'])} · "
            + " · ".join(f"{t('country_' + c, lang)} {cov['cells_' + c]}" for c in ("RU", "CN", "MN")
                         if cov[f"cells_{c}"]),  # only the region's countries ("MN 0" in Tumen misleads)
            css_classes=["coverage-text"])
        # the segments of the species on the map (the store's table holds every cat of the region)
        headers = [t("border", lang), t("col_border_km", lang), t("year", lang), t("crossings_total", lang)]
        top = pl.DataFrame([
            dict(zip(headers, (" – ".join(t(f"country_{c}", lang) for c in r["border"].split("-")),
                               f"{number(r['from_km'], lang)}–{number(r['to_km'], lang)}", str(r["year"]),
                               str(r["crossings"]))))
            for r in m.segments.filter(pl.col("species_id") == self.species).head(12).iter_rows(named=True)],
            schema={h: pl.Utf8 for h in headers})
        table = tables.people_table(top, "table-segments", lang, narrow=(t("year", lang),))
        name = f"corridors_{self.region}_{self.species}_{self.years[0]}-{self.years[1]}"

        def as_html():
            html = file_html(self.export_model(), INLINE, title=f"{t('nav_corridors', lang)} — {self.region_label}")
            return io.BytesIO(html.encode("utf-8"))
        export = pn.widgets.FileDownload(callback=as_html, filename=f"{name}.html", label=t("export_map", lang),
                                         button_type="primary", width=240, css_classes=["export-map"])
        segments_csv = pn.widgets.FileDownload(callback=lambda: io.BytesIO(spreadsheet.to_csv(m.segments).encode("utf-8")),
                                               filename=f"{name}_segments.csv", label=t("download_csv", lang),
                                               width=200, css_classes=["download-segments"])
        notes = [pn.pane.Markdown(f"**{self.map_title()}**", css_classes=["map-caption"], styles={"font-size": "18px"},
                                  margin=(0, 10))]  # then how it is drawn
        if self.tiles in figures.TILES:
            notes.append(tiles_probe(self.tiles, lang))
        if m.generalised:
            notes.append(pn.pane.Markdown(
                "*" + t("locations_generalised", lang, km=f"{sensitivity.generalise_km():g}") + "*",
                css_classes=["locations-generalised"]))
        return pn.Column(numbers, *notes, plot, park_key, coverage, pn.Row(export, segments_csv),
                         pn.pane.Markdown(f"### {t('top_segments', lang)}"), table, sizing_mode="stretch_width")

    def _controls(self):
        lang = self.lang
        regions = {c.label: r for r, c in self.regions.items()}
        # the species offered depend on the region: a plain Select kept in step with the param both ways
        species = pn.widgets.Select(name=t("species", lang), css_classes=["control-species"], value=self.species,
                                    options={self.species_names[s]: s for s in self.param.species.objects})
        species.param.watch(lambda e: setattr(self, "species", e.new), "value")

        def follow(*_):
            species.options = {self.species_names[s]: s for s in self.param.species.objects}
            species.value = self.species
        self.param.watch(follow, ["region", "species"])
        animal = pn.widgets.Select.from_param(self.param.animal, name=t("animal", lang), options=self.animal_labels,
                                              css_classes=["control-animal"])
        self.param.watch(lambda *_: setattr(animal, "options", self.animal_labels), ["region", "species", "years"],
                         precedence=5)
        layer_labels = {t(f"layer_{k}", lang): k for k in LAYERS}
        return pn.Column(
            # a long region name (Altai-Sayan's, in Russian) wraps inside its button, not over the page
            pn.widgets.RadioButtonGroup.from_param(self.param.region, options=regions, orientation="vertical",
                                                   button_type="light", css_classes=["control-region"],
                                                   stylesheets=[".bk-btn { white-space: normal; }"]),
            species,
            pn.widgets.IntRangeSlider.from_param(self.param.years, name=t("years", lang), step=1, css_classes=["control-years"]),
            pn.widgets.CheckBoxGroup.from_param(self.param.layers, options=layer_labels, css_classes=["control-layers"]),
            pn.widgets.FloatInput.from_param(self.param.cell_km, name=t("cell_km", lang), step=1, width=130,
                                             css_classes=["control-cell"]),
            pn.widgets.FloatInput.from_param(self.param.segment_km, name=t("segment_km", lang), step=1, width=130,
                                             css_classes=["control-segment"]),
            animal,
            pn.widgets.Select.from_param(self.param.tiles, name=t("base_map", lang), css_classes=["control-tiles"],
                                         options={t("tiles_none", lang): "none", "OpenStreetMap": "osm",
                                                  t("tiles_imagery", lang): "imagery"}),
            width=300)

    def __panel__(self):
        return pn.Row(self._controls(), pn.panel(self._view, loading_indicator=True), sizing_mode="stretch_width")
