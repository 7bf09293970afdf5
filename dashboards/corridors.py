"""The Corridor maps page: where the cats cross the border, where the cameras are and where the
gaps are, in each of the three regions. Vector layers shipped with the project by default (works
offline); an OpenStreetMap or imagery tile layer as an option for users online."""
from __future__ import annotations

import io
from datetime import date

import cartopy.crs as ccrs
import geoviews as gv
import geoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh plots of GeoViews elements)
import holoviews as hv
import numpy as np
import panel as pn
import param
import polars as pl
from bokeh.embed import file_html
from bokeh.resources import INLINE
from holoviews.operation.datashader import rasterize
from pyproj import Transformer

from bigcats import access, corridors, sensitivity, spreadsheet
from bigcats.geo import geojson_paths
from bigcats.i18n import t
from bigcats.store import MONITORING_TABLES
from dashboards.palette import CELL_COLOURS, COUNTRY_COLOURS
from dashboards.common import Page

LAYERS = ("areas", "cameras", "grid", "crossings", "path", "density")
PLATE = ccrs.PlateCarree()
MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


class CorridorMaps(Page):
    """One region's border: crossings as a heat line, both countries' cameras on one grid, gaps."""

    slug = "corridors"
    title_key = "nav_corridors"

    region = param.Selector(default="tumen", objects=["tumen", "khingan", "altai_sayan"], doc="Transboundary region.")
    species = param.Selector(default="leopard", objects=["leopard"], doc="Cat species.")
    years = param.Range(default=(2013, 2015), bounds=(2013, 2025), doc="First and last year.")
    layers = param.ListSelector(default=["areas", "cameras", "grid", "crossings", "path"], objects=list(LAYERS),
                                doc="Layers drawn on the map.")
    cell_km = param.Number(default=5.0, bounds=(1.0, 25.0), doc="Side of a cell of the unified grid, km.")
    segment_km = param.Number(default=10.0, bounds=(2.0, 50.0), doc="Length of a border segment, km.")
    animal = param.Selector(default=None, objects=[None], allow_None=True, doc="Animal whose path is drawn.")
    tiles = param.Selector(default="none", objects=["none", "osm", "imagery"], doc="Optional base map tiles (online only).")
    dense_threshold = param.Integer(default=100_000, bounds=(1, None),
                                    doc="Above this many photographs the density layer is rasterised by datashader.")

    def __init__(self, **params):
        super().__init__(**params)
        if not self.store.actor.is_admin:  # a finer grid would show where the cameras are
            self.param.cell_km.bounds = (sensitivity.generalise_km(), 25.0)
            self.cell_km = max(self.cell_km, sensitivity.generalise_km())
        cats = self.store.query("species_names", lang=self.lang).filter(pl.col("kind") == "cat")
        self.species_names = dict(zip(cats["species_id"], cats["name"]))
        self.species_labels = dict(zip(cats["name"], cats["species_id"]))
        self.shows_synthetic = self.monitoring_is_synthetic()
        self._region_changed()

    # -- state ------------------------------------------------------------------------------------
    @param.depends("region", watch=True)
    def _region_changed(self):
        scopes = {sp: self.store.query("survey_scopes", species=sp, lang=self.lang) for sp in self.species_names}
        here = [sp for sp, s in scopes.items() if (s["scope"] == self.region).any()]
        self.param.species.objects = here
        self.region_label = next((r["label"] for s in scopes.values() for r in s.iter_rows(named=True)
                                  if r["scope"] == self.region), self.region)
        if self.species not in here:
            self.species = here[0]
        deps = self.store.query("survey_deployments", scope=self.region, date_from=date(1900, 1, 1), date_to=date(2100, 1, 1))
        ys = sorted({d.year for d in deps["start_at"].to_list()})
        self.param.years.bounds = (ys[0], max(ys[-1], ys[0] + 1))
        if not (ys[0] <= self.years[0] <= ys[-1] and ys[0] <= self.years[1] <= ys[-1]):
            self.years = (ys[0], min(ys[-1], ys[0] + 2))
        self._animals()

    def _period(self) -> dict:
        return {"date_from": date(self.years[0], 1, 1), "date_to": date(self.years[1], 12, 31)}

    @param.depends("species", "years", watch=True)
    def _animals(self):
        self._detections = self.store.query("identified_detections", species=self.species, scope=self.region,
                                            **self._period())
        counts = (self._detections.group_by("animal_id").agg(pl.col("country").n_unique().alias("countries"),
                                                              pl.len().alias("n"))
                  .sort(["countries", "n"], descending=True))
        self.animal_labels = {f"{a}{' ⇄' if c > 1 else ''} ({n})": a for a, c, n in counts.iter_rows()}
        self.param.animal.objects = list(self.animal_labels.values()) or [None]
        if self.animal not in self.param.animal.objects:
            self.animal = self.param.animal.objects[0]

    # -- data -------------------------------------------------------------------------------------
    def _crossings(self) -> pl.DataFrame:
        key = ("crossings", self.region, self.species, self.years)
        return self.store.cached(key, lambda: corridors.border_crossings(
            self.store, self.region, [self.species], **self._period()), depends_on=MONITORING_TABLES)

    def _map_data(self) -> dict:
        cams = self.store.query("deployment_detections", region=self.region, species=self.species, **self._period())
        # the grid of the last season in the period: cameras stand for a season
        last = self.store.query("deployment_detections", region=self.region, species=self.species,
                                date_from=date(self.years[1], 1, 1), date_to=date(self.years[1], 12, 31))
        cells, cov = corridors.unified_grid(self.store, self.region, last if last.height else cams, self.cell_km)
        cross = self._crossings()
        _, paths = corridors.segment_table(self.store, self.region, cross, self.segment_km)
        # the list of top segments covers every cat of the region, by species and year
        everyone = self.store.cached(("crossings", self.region, "all", self.years), lambda: corridors.border_crossings(
            self.store, self.region, list(self.param.species.objects), **self._period()), depends_on=MONITORING_TABLES)
        table, _ = corridors.segment_table(self.store, self.region, everyone, self.segment_km)
        return {"cameras": cams, "cells": cells, "coverage": cov, "crossings": cross, "segments": table, "paths": paths}

    # -- the map ----------------------------------------------------------------------------------
    def _base(self):
        layers = self.store.query("region_map_layers", region=self.region, lang=self.lang)
        countries, areas, borders = [], [], []
        for row in layers.iter_rows(named=True):
            for part in geojson_paths(row["geojson"]):
                if row["layer"] == "country":
                    countries.append({**part, "country": row["country"]})
                elif row["layer"] == "border":
                    borders.append(part)
                else:
                    status = t(row["status"], self.lang) + (f", {t('schematic', self.lang)}" if row["schematic"] else "")
                    areas.append({**part, "name": row["name"], "country": row["country"], "status": status,
                                  "planned": row["status"] == "planned"})
        return countries, areas, borders

    def _frame(self, areas, cams):
        xs = [x for a in areas for x in a["x"]] + cams["longitude"].to_list()
        ys = [y for a in areas for y in a["y"]] + cams["latitude"].to_list()
        pad_x, pad_y = 0.08 * (max(xs) - min(xs)) + 0.1, 0.08 * (max(ys) - min(ys)) + 0.1
        return (min(xs) - pad_x, max(xs) + pad_x), (min(ys) - pad_y, max(ys) + pad_y)

    def _overlay(self, data: dict):
        lang = self.lang
        countries, areas, borders = self._base()
        cams = data["cameras"]
        elements = []
        if self.tiles == "osm":
            elements.append(gv.tile_sources.OSM())
        elif self.tiles == "imagery":
            elements.append(gv.tile_sources.EsriImagery())
        elements.append(gv.Polygons(countries, kdims=["x", "y"], vdims=["country"], crs=PLATE).opts(
            color="country", cmap=COUNTRY_COLOURS, fill_alpha=0.06 if self.tiles == "none" else 0.0,
            line_color="#adb5bd", line_width=0.6, show_legend=False))
        if "grid" in self.layers and data["cells"].height:
            cells = corridors.state_polygons_lonlat(self.region, data["cells"], data["coverage"]["cell_km"] * 1000)
            # projected here, not by GeoViews: its projection makes each multi-polygon valid with
            # shapely, which merges the touching squares and loses every other one
            for c in cells:
                finite = np.isfinite(c["x"])
                mx, my = np.full_like(c["x"], np.nan), np.full_like(c["y"], np.nan)
                mx[finite], my[finite] = MERCATOR.transform(c["x"][finite], c["y"][finite])
                c["x"], c["y"] = mx, my
            elements.append(hv.Polygons(cells, kdims=["x", "y"], vdims=["state", "cells"]).opts(
                color="state", cmap=CELL_COLOURS, fill_alpha=0.45, line_color="white", line_width=0.3,
                tools=["hover"], show_legend=True))
        if "areas" in self.layers:
            elements.append(gv.Polygons(areas, kdims=["x", "y"], vdims=["name", "country", "status", "planned"], crs=PLATE).opts(
                fill_alpha=0.0, line_color="country", cmap=COUNTRY_COLOURS, line_width=2,
                line_dash=hv.dim("planned").categorize({True: "dashed", False: "solid"}),
                tools=["hover"], hover_tooltips=[("", "@name"), ("", "@status")], show_legend=False))
        elements.append(gv.Path(borders, kdims=["x", "y"], crs=PLATE).opts(color="#343a40", line_width=1.5))
        if "cameras" in self.layers and cams.height:
            df = cams.with_columns((4 + 2.2 * pl.col("detections").cast(pl.Float64).sqrt()).alias("size")).to_pandas()
            elements.append(gv.Points(df, ["longitude", "latitude"],
                                      ["detections", "individuals", "country", "deployment_id", "size"], crs=PLATE).opts(
                color="country", cmap=COUNTRY_COLOURS, size="size", line_color="black", line_width=0.4,
                fill_alpha=0.75, tools=["hover"], show_legend=False))
        if "crossings" in self.layers and data["paths"]:
            top = max(1, max(p["crossings"] for p in data["paths"]))
            elements.append(gv.Path(data["paths"], kdims=["x", "y"], vdims=["crossings", "from_km", "to_km", "border"], crs=PLATE).opts(
                color="crossings", cmap="YlOrRd", clim=(0, top), line_width=7, colorbar=True,
                clabel=t("crossings_per_segment", lang), tools=["hover"]))
            cx = data["crossings"]
            if cx.height:
                elements.append(gv.Points(cx.select("lon", "lat", "animal_id", "year").to_pandas(), ["lon", "lat"],
                                          ["animal_id", "year"], crs=PLATE).opts(
                    color="black", marker="x", size=7, tools=["hover"]))
        if "density" in self.layers and self._detections.height:
            elements.append(self.density_layer(self._detections.select("longitude", "latitude").to_pandas(),
                                               self.dense_threshold))
        if "path" in self.layers and self.animal is not None:
            det = self._detections.filter(pl.col("animal_id") == self.animal).sort("observed_at")
            if det.height:
                elements.append(gv.Path([{"x": det["longitude"].to_list(), "y": det["latitude"].to_list()}], kdims=["x", "y"], crs=PLATE).opts(color="#212529", line_width=2, line_dash="dotted"))
                pts = det.with_columns(pl.col("observed_at").dt.strftime("%Y-%m-%d").alias("date"))
                elements.append(gv.Points(pts.select("longitude", "latitude", "date", "country").to_pandas(),
                                          ["longitude", "latitude"], ["date", "country"], crs=PLATE).opts(
                    color="country", cmap=COUNTRY_COLOURS, size=10, line_color="black", tools=["hover"], show_legend=False))
        xlim, ylim = self._frame(areas, cams)
        overlay = gv.Overlay(elements).opts(
            responsive=True, height=640, xlabel="", ylabel="", active_tools=["wheel_zoom"], legend_position="top_left",
            title=f"{self.region_label} — {self.species_names[self.species]}, {self.years[0]}–{self.years[1]}",
            fontscale=1.1)
        # GeoViews draws in Web Mercator (so optional tiles line up): the frame is given there too
        (x0, x1), (y0, y1) = MERCATOR.transform(xlim, ylim)
        return overlay, (x0, x1, y0, y1)

    @staticmethod
    def density_layer(points, threshold: int):
        """Every photograph as a point; rasterised by datashader when there are more than
        `threshold` (a browser draws ~100,000 glyphs at most comfortably)."""
        pts = gv.Points(points, ["longitude", "latitude"], crs=PLATE)
        if len(points) > threshold:
            projected = gv.operation.project(pts)
            return rasterize(projected, aggregator="count").opts(cmap="viridis", alpha=0.7, cnorm="log")
        return pts.opts(color="#5f3dc4", size=3, alpha=0.25)

    # -- views ------------------------------------------------------------------------------------
    def export_model(self):
        """The current map as a standalone Bokeh model, for a file that leaves the programme: drawn
        as a report sees the data (camera positions generalised) whoever exports it."""
        twin = CorridorMaps(store=self.store.as_actor(access.REPORT), lang=self.lang)
        # in dependency order: the region decides the species offered, the years the animals
        for p in ("region", "species", "years", "layers", "segment_km", "tiles", "dense_threshold"):
            setattr(twin, p, getattr(self, p))
        twin.cell_km = max(self.cell_km, sensitivity.generalise_km())
        twin.param.animal.objects = self.param.animal.objects
        twin.animal = self.animal
        exported, (x0, x1, y0, y1) = twin._overlay(twin._map_data())
        # Bokeh's own file_html is used on this model, not hv.save: hv.save goes through Panel's
        # save, which switches Panel's resource mode to "inline" for the whole process while it
        # runs, and the live session then asks for its loading.css from the CDN.
        return hv.render(exported.opts(xlim=(x0, x1), ylim=(y0, y1), width=1200, height=800, responsive=False),
                         backend="bokeh")

    @param.depends("region", "species", "years", "layers", "cell_km", "segment_km", "animal", "tiles", "dense_threshold")
    def _view(self):
        lang = self.lang
        data = self._map_data()
        cams_shown = data["cameras"]
        overlay, (x0, x1, y0, y1) = self._overlay(data)
        plot = pn.pane.HoloViews(overlay.opts(xlim=(x0, x1), ylim=(y0, y1)), sizing_mode="stretch_width",
                                 css_classes=["corridor-map"])
        cov = data["coverage"]
        cx = data["crossings"]
        numbers = pn.Row(
            pn.indicators.Number(name=t("crossings_total", lang), value=cx.height, format="{value:,.0f}",
                                 font_size="40pt", title_size="13pt", css_classes=["number-crossings"]),
            pn.indicators.Number(name=t("cells_watched", lang), value=round(100 * cov["share_watched"]),
                                 format="{value}%", font_size="40pt", title_size="13pt", css_classes=["number-watched"]),
            pn.indicators.Number(name=t("gap_cells", lang), value=cov["gap_cells"], format="{value:,.0f}",
                                 font_size="40pt", title_size="13pt", default_color="#d9480f", css_classes=["number-gaps"]),
            pn.pane.Markdown(
                f"{t('grid_of', lang)} {cov['cell_km']:g} km: {cov['habitat_cells']} {t('habitat_cells', lang)} · "
                f"RU {cov['cells_RU']} · CN {cov['cells_CN']} · MN {cov['cells_MN']}", css_classes=["coverage-text"]))
        top = data["segments"].head(12).with_columns(
            pl.col("species_id").replace_strict(self.species_names, default=pl.col("species_id")), pl.col("year").cast(pl.Utf8))
        table = pn.widgets.Tabulator(top.to_pandas(), disabled=True, show_index=False, layout="fit_data_table",
                                     sizing_mode="stretch_width", css_classes=["table-segments"])
        name = f"corridors_{self.region}_{self.species}_{self.years[0]}-{self.years[1]}"

        def as_html():
            html = file_html(self.export_model(), INLINE, title=f"{t('nav_corridors', lang)} — {self.region_label}")
            return io.BytesIO(html.encode("utf-8"))
        export = pn.widgets.FileDownload(callback=as_html, filename=f"{name}.html", label=t("export_map", lang),
                                         button_type="primary", width=240, css_classes=["export-map"])
        segments_csv = pn.widgets.FileDownload(callback=lambda: io.BytesIO(spreadsheet.to_csv(data["segments"]).encode("utf-8")),
                                               filename=f"{name}_segments.csv", label=t("download_csv", lang),
                                               width=200, css_classes=["download-segments"])
        caption = pn.pane.Markdown(f"## {self.region_label} — {self.species_names[self.species]}, "
                                   f"{self.years[0]}–{self.years[1]}", css_classes=["map-caption"])
        if "coordinates_generalised_km" in cams_shown.columns and cams_shown["coordinates_generalised_km"].is_not_null().any():
            caption = pn.Column(caption, pn.pane.Markdown(
                "*" + t("locations_generalised", lang, km=f"{sensitivity.generalise_km():g}") + "*",
                css_classes=["locations-generalised"]))
        return pn.Column(caption, numbers, plot, pn.Row(export, segments_csv),
                         pn.pane.Markdown(f"### {t('top_segments', lang)}"), table, sizing_mode="stretch_width")

    def _controls(self):
        lang = self.lang
        regions = {}
        for r in ("tumen", "khingan", "altai_sayan"):
            s = self.store.query("survey_scopes", species="tiger" if r != "altai_sayan" else "snow_leopard", lang=lang)
            label = s.filter(pl.col("scope") == r)["label"]
            regions[label[0] if label.len() else r] = r
        # the species offered depend on the region: a plain Select kept in step with the param both ways
        species = pn.widgets.Select(name=t("species", lang), css_classes=["control-species"], value=self.species,
                                    options={self.species_names[s]: s for s in self.param.species.objects})
        species.param.watch(lambda e: setattr(self, "species", e.new), "value")

        def follow(_):
            species.options = {self.species_names[s]: s for s in self.param.species.objects}
            species.value = self.species
        self.param.watch(follow, ["region", "species"])
        animal = pn.widgets.Select.from_param(self.param.animal, name=t("animal", lang), options=self.animal_labels,
                                              css_classes=["control-animal"])
        self.param.watch(lambda e: setattr(animal, "options", self.animal_labels), ["region", "species", "years"])
        layer_labels = {t(f"layer_{k}", lang): k for k in LAYERS}
        return pn.Column(
            pn.widgets.RadioButtonGroup.from_param(self.param.region, options=regions, orientation="vertical",
                                                   button_type="light", css_classes=["control-region"]),
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
