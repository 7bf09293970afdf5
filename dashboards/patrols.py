"""The Patrols page: where each park's rangers walked (SMART patrols), what they recorded, and the
stretches beside the border that the cats cross and no patrol of either side covers.

Both parks of a region side by side: km of track or patrol days per 5-km cell of the unified grid
on one map, over the years or in one month; km per month and the incidents recorded per park, and
the patrols themselves (who walked: names for the park's own editors and the admins, team and
roles for everyone else). A park's editor
imports the park's SMART patrol exports here (an .xml, or a .zip of several)."""
from __future__ import annotations

from datetime import date

import panel as pn
import param
import polars as pl

from bigcats import patrols
from bigcats.i18n import t
from dashboards import tables
from dashboards.common import Figure, Page
from dashboards.figures import patrols as figures
from dashboards.upload import Upload

GAPS_SHOWN = 12


class PatrolsPage(Page):
    """Patrol effort of both sides of the border."""

    slug = "patrols"
    title_key = "nav_patrols"

    region = param.Selector(default=None, objects=[], doc="The region whose parks' patrols are shown.")
    years = param.Range(default=(2021, 2025), doc="First and last calendar year of the patrols shown.")
    measure = param.Selector(default="km", objects=list(figures.MEASURES),
                             doc="What the map colours a cell by: km of track, or patrol days.")
    month = param.String(default="", doc="The month the map shows (YYYY-MM), or '' for every month of the years.")
    revision = param.Integer(default=0, precedence=-1, doc="Bumped after an import: the views re-read the store.")

    def __init__(self, **params):
        super().__init__(**params)
        self.park_names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        self.region_names = dict(self.store.query("region_names", lang=self.lang).select("region_id", "name").iter_rows())
        with_patrols = [r for r in self.region_names if patrols.patrol_years(self.store, r)]
        offered = with_patrols or list(self.region_names)
        self.param.region.objects = offered
        self.region = "tumen" if "tumen" in offered else offered[0]
        self._set_years()
        self.param.watch(lambda *_: self._set_years(), ["region"])
        self.shows_synthetic = bool(self.store.query("patrol_synthetic_share")["synthetic"].any())

    def _set_years(self) -> None:
        years = patrols.patrol_years(self.store, self.region) or [self.years[1]]
        lo, hi = years[0], years[-1]
        self.param.years.bounds = (lo, max(hi, lo + 1))  # a slider needs two ends
        self.years = (max(lo, hi - 2), hi)  # the last three years as the page opens

    def _effort(self) -> patrols.PatrolEffort:
        """The effort of the current choices, computed once for the views that show it."""
        key = (self.region, tuple(self.years), self.revision)
        if getattr(self, "_effort_key", None) != key:
            self._effort_key, self._effort_value = key, patrols.patrol_effort(self.store, self.region, key[1], self.lang)
        return self._effort_value

    # Each part is a view of its own in a fixed layout: a change of region or years redraws each.
    @param.depends("region", "years", "revision")
    def _numbers(self):
        lang = self.lang
        effort = self._effort()
        if effort.parks.is_empty():
            return pn.pane.Alert(t("patrols_none", lang), alert_type="secondary", css_classes=["patrols-none"])
        numbers = []
        for r in effort.parks.iter_rows(named=True):
            numbers.append(pn.Column(
                pn.pane.Markdown(f"**{r['name']}**", margin=(0, 10)),
                pn.FlexBox(*[pn.indicators.Number(name=t(key, lang), value=value, format=fmt, font_size="30pt",
                                                  title_size="12pt", css_classes=[css])
                             for key, value, fmt, css in (
                                 ("patrol_km", round(r["km"]), tables.number(r["km"], lang), "number-km"),
                                 ("patrol_days", r["patrol_days"], "{value}", "number-days"),
                                 ("patrols_count", r["patrols"], "{value}", "number-patrols"))],
                           gap="4px 22px"),
                width=510, css_classes=["patrol-park", f"patrol-park-{r['country']}"]))
        # the two parks side by side in one line (the unpatrolled cells' count heads their table,
        # beside the map): figures and map fit a 1366 x 768 projector without scrolling
        return pn.FlexBox(*numbers, gap="8px 40px", flex_wrap="wrap", sizing_mode="stretch_width",
                          css_classes=["patrol-numbers"])

    @param.depends("region", "years", "revision")
    def _gaps(self):
        lang = self.lang
        effort = self._effort()
        if effort.parks.is_empty():
            return pn.Column()
        gap_rows = [{t("patrol_gap_cell", lang): t("lat_lon_north_east", lang, lat=f"{r['lat']:.2f}", lon=f"{r['lon']:.2f}"),
                     t("patrol_crossings_near", lang): str(r["crossings"])}
                    for r in effort.gaps.head(GAPS_SHOWN).iter_rows(named=True)]
        gaps = (tables.people_table(pl.DataFrame(gap_rows), "table-gaps", lang, page_size=GAPS_SHOWN)
                if gap_rows else pn.pane.Markdown(t("patrol_no_gaps", lang), css_classes=["patrol-no-gaps"]))
        gap_count = pn.indicators.Number(name=t("patrol_gaps_count", lang), value=effort.gaps.height, format="{value}",
                                         font_size="30pt", title_size="12pt", default_color="#c92a2a",
                                         css_classes=["number-gaps"])
        return pn.Column(gap_count, pn.pane.Markdown(f"### {t('patrol_gaps_title', lang)}"),
                         pn.pane.Markdown(t("patrol_gaps_note", lang, km=f"{effort.cell_km:g}"), css_classes=["gaps-note"]),
                         gaps, width=440)

    def _month_options(self) -> dict[str, str]:
        """The map's month choices: every month of the years together, then each month with a patrol."""
        return {t("patrol_all_months", self.lang): "",
                **{f"{m:%Y-%m}": f"{m:%Y-%m}" for m in self._effort().patrol_months}}

    def _draw_map(self, *_) -> None:
        """The effort map of the chosen measure and month (the figures beside it keep the years)."""
        effort = self._effort()
        if effort.parks.is_empty():
            return
        month = date.fromisoformat(f"{self.month}-01") if self.month else None
        # the parks' names under the map as HTML: in the figure they would push it past a projector's fold
        self._map_pane.object = figures.effort_map(effort, self.park_names, self.lang, css="patrol-map",
                                                   measure=self.measure, month=month, park_legend=False)
        self._legend.object = figures.legend(self.lang, figures.parks_of(effort, self.lang))

    def _draw_figures(self, *_) -> None:
        """The map and the figures: persistent panes given new Bokeh figures (a HoloViews pane
        created anew inside a re-rendered view kept the whole page from updating in the browser)."""
        effort = self._effort()
        shown = not effort.parks.is_empty()
        for pane in (self._map_pane, self._map_controls, self._legend, self._months_pane, self._incidents_title,
                     self._incidents_pane):
            pane.visible = shown
        options = self._month_options()
        if self.month not in options.values():  # a month of other years: back to the whole period
            self.param.update(month="")  # (its watcher redraws the map below anyway)
        self._month_select.options = options
        if shown:
            self._draw_map()
            self._months_pane.object = figures.km_by_month(effort.months, self.park_names, self.lang,
                                                           css="patrol-months")
            self._incidents_pane.object = figures.incident_bars(effort.incidents, self.park_names, self.lang,
                                                                css="patrol-incidents")

    @param.depends("region", "years", "revision")
    def _patrol_table(self):
        """One row per patrol: who walked is named only to the park's own editors and the admins
        (the query's declaration drops the names for everyone else); others read team and roles."""
        lang = self.lang
        rows = []
        for r in patrols.patrol_list(self.store, self.region, tuple(self.years)).iter_rows(named=True):
            roles = t("patrol_roles", lang, people=r["people"], leaders=r["leaders"], pilots=r["pilots"])
            rows.append({
                t("col_dates", lang): f"{r['start_date']:%Y-%m-%d}" + (f" – {r['end_date']:%Y-%m-%d}"
                                                                       if r["end_date"] != r["start_date"] else ""),
                t("park", lang): self.park_names.get(r["area_id"], r["area_id"]),
                t("patrol_team", lang): r["team"] or "—",
                t("patrol_who", lang): r["member_names"] or roles,
                t("patrol_days", lang): str(r["patrol_days"]),
                # one decimal, none on a whole number ("42", not "42.0")
                t("km", lang): tables.number(r["km"], lang, 0 if round(r["km"], 1) == round(r["km"]) else 1)})
        if not rows:
            return pn.Column()
        return pn.Column(pn.pane.Markdown(f"### {t('patrol_list_title', lang)}"),
                         tables.people_table(pl.DataFrame(rows), "table-patrols", lang, page_size=10,
                                             narrow=(t("patrol_days", lang), t("km", lang))),
                         sizing_mode="stretch_width")

    def _import(self):
        """A park editor's import of SMART patrol exports."""
        lang = self.lang
        parks = self.writable("patrols", {f"{v} ({k})": k for k, v in sorted(self.park_names.items(), key=lambda kv: kv[1])})
        if not parks:
            return pn.Column()
        park = pn.widgets.Select(name=t("import_into_park", lang), options=parks, css_classes=["patrols-park"], width=300)
        upload = Upload("patrols", self.store, extra=[park], css_prefix="patrols", lang=lang,
                        options=lambda: {"park": park.value},
                        after=lambda: setattr(self, "revision", self.revision + 1))
        return pn.Column(pn.pane.Markdown(f"### {t('patrols_import', lang)}"),
                         pn.pane.Markdown(t("patrols_import_note", lang)), upload, sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        region = pn.widgets.Select.from_param(self.param.region, name=t("region", lang),
                                              options={self.region_names.get(r, r): r for r in self.param.region.objects},
                                              css_classes=["control-region"], width=270)
        years = pn.widgets.IntRangeSlider.from_param(self.param.years, name=t("years", lang), step=1,
                                                     css_classes=["control-years"], width=240)
        # the classes that name them are on the figures (a Bokeh pane does not pass its own on)
        self._map_pane = Figure()
        measure = pn.widgets.RadioButtonGroup.from_param(
            self.param.measure, options={t("patrol_km", lang): "km", t("patrol_days", lang): "days"},
            button_type="light", css_classes=["control-measure"])
        self._month_select = pn.widgets.Select.from_param(self.param.month, name=t("patrol_month", lang),
                                                          options=self._month_options(), css_classes=["control-month"],
                                                          width=210)
        self._map_controls = pn.Row(pn.Column(pn.pane.Str(t("patrol_measure", lang), margin=(0, 10)), measure),
                                    self._month_select, margin=0)
        self._legend = pn.pane.HTML(figures.legend(lang), width=640)
        self._months_pane = Figure(sizing_mode="stretch_width")
        self._incidents_title = pn.pane.Markdown(f"### {t('patrol_incidents_title', lang)}")
        self._incidents_pane = Figure(sizing_mode="stretch_width")
        self._draw_figures()
        self.param.watch(self._draw_figures, ["region", "years", "revision"])
        self.param.watch(self._draw_map, ["measure", "month"])
        # the map's controls in the page's control line: the figures and the map under it stay in view
        return pn.Column(pn.FlexBox(region, years, self._map_controls, gap="0 10px"), pn.panel(self._numbers),
                         # a row, not a flex box: a map figure in a wrapping flex box was drawn zero
                         # pixels wide (its frame is fixed, its width left to Bokeh)
                         pn.Row(pn.Column(self._map_pane, self._legend, width=680), pn.panel(self._gaps, width=440),
                                sizing_mode="stretch_width"),
                         self._months_pane, self._incidents_title, self._incidents_pane, pn.panel(self._patrol_table), self._import(),
                         sizing_mode="stretch_width")
