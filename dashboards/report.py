"""The steering-meeting report: one proposal's key numbers, population trends, shared individuals,
corridor map, budget burn and Phase-1 readiness in one self-contained HTML file (Bokeh's JS and CSS
inline, no request to any server), in the chosen language, dated, with the demo-data badge when
demo rows are shown; and a PDF of it where Chromium is installed.

The figures are the pages' own (the library's services compute them, `dashboards.figures` draws
them, for pages and report alike), built for a reader of the REPORT
role: camera positions are generalised whoever asks for the report, because the file leaves the
programme. Command line: `bigcats report --proposal 1 --lang ru OUT.html [--pdf]`, which runs
`python -m dashboards.report` (the library never imports Panel)."""
from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
from bokeh.embed import components
from bokeh.model import Model as BokehModel
from bokeh.embed.bundle import bundle_for_objs_and_resources
from bokeh.resources import INLINE

from bigcats import access, alerts, corridors, patrols, population, sensitivity, signs, trends
from bigcats.burn import Burn, budget_burn
from bigcats.sharing import Sharing, sharing
from bigcats import feasibility
from bigcats.i18n import LANGUAGES, normalise, t
from bigcats.store import Store
from dashboards.palette import STATUS_COLOURS
from dashboards.figures import alerts as alert_figures
from dashboards.figures import patrols as patrol_figures
from dashboards.figures import budget as budget_figures
from dashboards import tables
from dashboards.common import figure_text, money, period_text
from dashboards.figures import corridors as corridor_figures
from dashboards.figures import individuals as individual_figures
from dashboards.figures import population as population_figures
from dashboards.figures import signs as sign_figures

FIGURE_WIDTH = 980  # px: fits an A4 landscape page and a projector
REPORT_METHOD = "mh"  # the Population trends page's default estimator (Chao's Mh)

CSS = """
body { font-family: "Noto Sans", "Noto Sans CJK SC", "DejaVu Sans", sans-serif; margin: 0; color: #212529; }
header { background: #2b4d3f; color: white; padding: 18px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 30px; }
header .sub { font-size: 17px; opacity: 0.9; }
.badge { background: #d9480f; color: white; font-weight: 700; padding: 4px 12px; border-radius: 4px;
         letter-spacing: 0.05em; font-size: 15px; vertical-align: middle; margin-left: 12px; }
main { padding: 8px 32px 32px 32px; max-width: 1060px; }
section { margin-top: 26px; page-break-inside: avoid; }
section + section { page-break-before: always; }
h2 { font-size: 24px; border-bottom: 3px solid #2b4d3f; padding-bottom: 4px; }
h3 { font-size: 19px; margin-bottom: 4px; }
.numbers { display: flex; flex-wrap: wrap; gap: 18px 36px; }
.number { min-width: 190px; }
.number .value { font-size: 40px; font-weight: 700; color: #2b4d3f; line-height: 1.1; }
.number .label { font-size: 15px; color: #495057; }
.number .detail { font-size: 14px; color: #868e96; }
table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
th, td { border-bottom: 1px solid #dee2e6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { font-size: 14px; color: #495057; }
.source { font-size: 14px; color: #868e96; }
.status { color: white; padding: 1px 8px; border-radius: 4px; white-space: nowrap; }
.figure { margin: 10px 0; }
footer { font-size: 12px; color: #868e96; padding: 16px 32px; border-top: 1px solid #dee2e6; }
@media print { header { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
               .badge, .status, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""



def _e(value) -> str:
    return html.escape(str(value))


def _number(value: str, label: str, detail: str = "", css: str = "") -> str:
    return (f'<div class="number {css}"><div class="value">{_e(value)}</div><div class="label">{_e(label)}</div>'
            f'{f"<div class=detail>{_e(detail)}</div>" if detail else ""}</div>')


def _table(frame: pl.DataFrame, headers: dict[str, str], lang: str, numeric: set[str] = frozenset(), css: str = "") -> str:
    """An HTML table of `frame`'s columns under `headers`; the `numeric` ones whole numbers with the
    language's thousands separator (4 000 in Russian, 4,000 in English)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers.values())
    rows = []
    for r in frame.select(list(headers)).iter_rows(named=True):
        cells = []
        for c in headers:
            v = r[c]
            text = "" if v is None else (tables.number(v, lang) if c in numeric and isinstance(v, (int, float)) else str(v))
            cells.append(f'<td class="{"num" if c in numeric else ""}">{_e(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class SteeringReport:
    """The report of one proposal in one language, built from a store as the REPORT reader sees it."""

    def __init__(self, store: Store, proposal: int, lang: str = "en", today: date | None = None):
        self.store = store.as_actor(access.REPORT)
        self.lang = normalise(lang)
        self.today = today or date.today()
        proposals = self.store.query("proposal_overview", lang=self.lang)
        if proposal not in proposals["proposal_id"].to_list():
            raise ValueError(f"unknown proposal {proposal!r}; the store holds {proposals['proposal_id'].to_list()}")
        self.proposal = proposals.filter(pl.col("proposal_id") == proposal).row(0, named=True)
        self.pid = proposal
        self.region = self.proposal["region_id"]
        self.species = self.proposal["species"].split(";")
        self.species_names = dict(self.store.query("species_names", lang=self.lang).select("species_id", "name").iter_rows())
        share = self.store.query("synthetic_share")
        self.monitoring_synthetic = bool(share.filter(pl.col("table_name").is_in(["observations", "deployments"]))
                                         ["synthetic_rows"].sum() > 0)
        self.figures: list = []  # Bokeh models, embedded together at the end

    # -- helpers ------------------------------------------------------------------------------------
    def t(self, key: str, **fill) -> str:
        return t(key, self.lang, **fill)

    def _figure(self, element: BokehModel, height: int | None = None) -> str:
        """A Bokeh figure (of `dashboards.figures`) as an empty div marked with its number; the model
        is embedded with the others in `html()`, which puts each figure's div in its place."""
        element.sizing_mode, element.width = "fixed", FIGURE_WIDTH
        if height:
            element.height = height
        self.figures.append(element)
        return f'<div class="figure" data-figure="{len(self.figures) - 1}"></div>'

    def _badge(self, synthetic: bool) -> str:
        return f'<span class="badge" title="{_e(self.t("demo_badge_title"))}">{_e(self.t("demo_badge"))}</span>' \
            if synthetic else ""

    # -- sections -----------------------------------------------------------------------------------
    def _burn(self) -> Burn:
        if not hasattr(self, "_burn_of_proposal"):
            self._burn_of_proposal = budget_burn(self.store, self.pid, self.lang)
        return self._burn_of_proposal

    def _sharing(self, species: str) -> Sharing | None:
        """Animals of `species` shared across the region's borders in the first three seasons (what
        the Shared individuals page opens on); None where no camera trap of the region saw it."""
        here = corridors.region_choices(self.store, (species,), self.lang).get(self.region)
        return None if here is None else sharing(self.store, species, self.region, here.default_years, self.lang)

    def _trend(self, species: str) -> trends.PopulationTrend | None:
        """The region's trend of `species` over every survey year, by the page's default method;
        None where the region has no camera-trap survey yet."""
        years = population.survey_years(self.store, self.region)
        if not years:
            return None
        return trends.population_trend(self.store, species, self.region, (years[0], years[-1]), REPORT_METHOD)

    def _not_surveyed(self, species: str | None = None) -> str:
        """Why a section shows no figure: the store holds no camera-trap survey of the region (a new
        region before its first season, or a store of the proposals' facts alone)."""
        name = f"{_e(self.species_names[species])}: " if species else ""
        return f'<p class="note not-surveyed">{name}{_e(self.t("report_no_camera_survey"))}</p>'

    def key_numbers(self) -> str:
        lang, p = self.lang, self.proposal
        burn = self._burn()
        tot = burn.totals
        cells = [
            _number(money(p["budget_usd"], lang), self.t("budget"), css="n-budget"),
            _number(f"{tables.whole_percent(p['share_spent'])}%", self.t("share_spent"),
                    f"{money(p['spent_usd'], lang)} · {self.t('as_of')} {p['last_expenditure_on'] or '—'}", css="n-spent"),
            _number(f"{tot['cpi'] or 0:.2f}", "CPI", self.t("earned_value") + f" {money(tot['ev'], lang)}", css="n-cpi"),
            _number(f"{tot['spi'] or 0:.2f}", "SPI", f"{self.t('status_date')} {burn.status_dates[self.pid]}", css="n-spi"),
        ]
        for sp in self.species:
            shares = self._sharing(sp)
            if shares is None:
                continue
            cells.append(_number(individual_figures.shared_text(shares, lang),
                                 f"{self.species_names[sp]} — {self.t('shared_between')}",
                                 f"{shares.years[0]}–{shares.years[1]}", css="n-shared"))
            pop = self._trend(sp)
            series = pop.series if pop is not None else pl.DataFrame()
            if series.height:
                last = series.row(-1, named=True)
                # as the Population page's headline: the estimate and interval to what the interval supports
                estimate, interval = tables.estimate_cells(last["estimate"], last["lcl"], last["ucl"], lang,
                                                           whole=pop.method != "secr")
                cells.append(_number(estimate, f"{self.species_names[sp]} — {self.t('latest_estimate')} "
                                     f"{last['year']}", f"{self.t('ci95')}: {interval} · "
                                     f"{self.t('method_' + pop.method)}", css="n-estimate"))
        ready = feasibility.readiness(feasibility.scorecard(self.store, self.lang))
        cells.append(_number(f"{tables.whole_percent(ready)}%", self.t("readiness"), self.t("report_readiness_of"), css="n-readiness"))
        figures = self.store.query("latest_reported_figures", lang=self.lang).filter(pl.col("proposal_id") == self.pid)
        reported = "".join(
            f"<li><b>{_e(figure_text(r, lang, self.species_names[r['species_id']]))}</b> "
            f"({period_text(r['period_start'], r['period_end'])}) <span class=source>{_e(self.t('source'))}: {_e(r['source'])}</span></li>"
            for r in figures.iter_rows(named=True))
        synthetic = self.monitoring_synthetic or bool(p["spending_synthetic"])
        return (f'<section id="key-numbers"><h2>{_e(self.t("report_key_numbers"))}{self._badge(synthetic)}</h2>'
                f'<div class="numbers">{"".join(cells)}</div>'
                f'<h3>{_e(self.t("latest_population"))}</h3><ul class="reported">{reported}</ul></section>')

    def population(self) -> str:
        parts = []
        for sp in self.species:
            trend = self._trend(sp)
            if trend is None:
                parts.append(self._not_surveyed(sp))
                continue
            rows = trend.series.select("year", pl.col("estimate").round(0), pl.col("lcl").round(0),
                                       pl.col("ucl").round(0), "detected")
            label = self.store.query("survey_scopes", species=sp, lang=self.lang).filter(pl.col("scope") == self.region)
            parts.append(f"<h3>{_e(self.species_names[sp])} — {_e(label['label'][0] if label.height else self.region)}</h3>"
                         f'<p class="note">{_e(self.t("method_" + trend.method))}, {trend.years[0]}–{trend.years[1]}</p>'
                         + self._figure(population_figures.trend(trend, self.lang), height=380)
                         + _table(rows, {"year": self.t("year"), "estimate": self.t("individuals_axis"),
                                         "lcl": f"{self.t('ci95')} −", "ucl": f"{self.t('ci95')} +",
                                         "detected": self.t("detected_animals")},
                                  self.lang, numeric={"estimate", "lcl", "ucl", "detected"}, css="table-trend"))
        return (f'<section id="population"><h2>{_e(self.t("nav_population"))}{self._badge(self.monitoring_synthetic)}</h2>'
                + "".join(parts) + "</section>")

    def shared_individuals(self) -> str:
        parts = []
        for sp in self.species:
            shares = self._sharing(sp)
            if shares is None:
                parts.append(self._not_surveyed(sp))
                continue
            text = individual_figures.shared_text(shares, self.lang)
            parts.append(f'<h3>{_e(self.species_names[sp])}: <span class="shared-text">{_e(text)}</span> '
                         f'{_e(self.t("shared_between"))}, {shares.years[0]}–{shares.years[1]}</h3>'
                         + self._figure(individual_figures.by_year(shares, self.lang), height=300)
                         + self._figure(individual_figures.by_park(shares, self.lang)))
        return (f'<section id="shared"><h2>{_e(self.t("nav_individuals"))}{self._badge(self.monitoring_synthetic)}</h2>'
                + "".join(parts) + "</section>")

    def corridor_map(self) -> str:
        here = corridors.region_choices(self.store, tuple(self.species), self.lang).get(self.region)
        if here is None:
            return (f'<section id="corridors"><h2>{_e(self.t("nav_corridors"))}</h2>{self._not_surveyed()}</section>')
        species, years = here.species[0], here.default_years
        m = corridors.corridor_map(self.store, self.region, species, years,
                                   max(corridors.DEFAULT_CELL_KM, sensitivity.generalise_km()),
                                   corridors.DEFAULT_SEGMENT_KM, self.lang, here.species)
        title = f"{here.label} — {self.species_names[species]}, {years[0]}–{years[1]}"
        cov = m.coverage
        numbers = "".join([
            _number(f"{m.crossings.height:,}", self.t("crossings_total"), css="n-crossings"),
            _number(f"{tables.whole_percent(cov['share_watched'])}%", self.t("cells_watched"), css="n-watched"),
            _number(f"{cov['gap_cells']:,}", self.t("gap_cells"), f"{self.t('grid_of')} {cov['cell_km']:g} {self.t('km')}", css="n-gaps"),
        ])
        animal = m.animals["animal_id"][0] if m.animals.height else None
        self.figures.append(corridor_figures.standalone(m, lang=self.lang, title=title, width=FIGURE_WIDTH - 140, height=620,
                                                        animal=animal))
        note = self.t("locations_generalised", km=f"{sensitivity.generalise_km():g}")
        return (f'<section id="corridors"><h2>{_e(self.t("nav_corridors"))}{self._badge(self.monitoring_synthetic)}</h2>'
                f'<h3>{_e(title)}</h3>'
                f'<div class="numbers">{numbers}</div><p class="note locations-generalised">{_e(note)}</p>'
                f'<div class="figure" data-figure="{len(self.figures) - 1}"></div></section>')

    def budget_burn(self) -> str:
        lang = self.lang
        burn = self._burn()
        ev = burn.earned.with_columns(budget_figures.line_state(lang).alias("state"))
        table = _table(ev, {"code": "#", "title": self.t("activity"), "bac": self.t("budget"), "ac": self.t("spent"),
                            "ev": self.t("earned_value"), "state": ""},
                       self.lang, numeric={"bac", "ac", "ev"}, css="table-activities")
        return (f'<section id="budget"><h2>{_e(self.t("nav_budget"))}{self._badge(bool(self.proposal["spending_synthetic"]))}</h2>'
                f'<p class="note">{_e(self.t("usd"))} · {_e(self.t("status_date"))} {burn.status_dates[self.pid]} · '
                f'{_e(self.t("budget"))} {_e(money(self.proposal["budget_usd"], lang))}</p>'
                + self._figure(budget_figures.s_curve(burn, lang), height=330) + table + "</section>")

    def alerts(self) -> str:
        """The alerts of the proposal's region: how many, how many still open, and how fast each
        park answers (counts and times only: no place leaves the programme in a report)."""
        frame = alerts.alerts(self.store).filter(pl.col("region_id") == self.region)
        if frame.is_empty():
            return ""
        now = alerts.now_utc()
        names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        every = alerts.response_times(frame.with_columns(pl.lit("all").alias("all")), now, by=("all",)).row(0, named=True)
        numbers = "".join([
            _number(f"{frame.height:,}", self.t("alerts_count"), css="n-alerts"),
            _number(f"{every['open']:,}", self.t("alert_status_open"), css="n-alerts-open"),
            _number(tables.hours(every["median_hours_to_acknowledge"], self.lang), self.t("alerts_median_ack"),
                    css="n-alerts-ack")])
        times = alerts.response_times(frame, now, by=("area_id",)).with_columns(
            pl.col("area_id").replace_strict(names, default=pl.col("area_id")).alias("park"),
            pl.col("median_hours_to_acknowledge").map_elements(lambda v: tables.hours(v, self.lang), return_dtype=pl.Utf8),
            pl.col("median_hours_to_resolve").map_elements(lambda v: tables.hours(v, self.lang), return_dtype=pl.Utf8))
        table = _table(times, {"park": self.t("park"), "raised": self.t("alerts_count"), "open": self.t("alert_status_open"),
                               "median_hours_to_acknowledge": self.t("alerts_median_ack"),
                               "median_hours_to_resolve": self.t("alerts_median_resolve")},
                       self.lang, numeric={"raised", "open", "median_hours_to_acknowledge", "median_hours_to_resolve"},
                       css="table-alert-response")
        synthetic = bool(frame["synthetic"].any())
        return (f'<section id="alerts"><h2>{_e(self.t("nav_alerts"))}{self._badge(synthetic)}</h2>'
                f'<div class="numbers">{numbers}</div><p class="note">{_e(self.t("alerts_response_note"))}</p>'
                + self._figure(alert_figures.timeline(alerts.by_month(frame), self.lang), height=320) + table + "</section>")

    def patrols(self) -> str:
        """The patrols of the proposal's region in its last three patrol years: km and days per
        park, the unpatrolled cells beside the crossings, and the effort map (5-km cells: no
        track, no waypoint and no person leaves the programme in a report)."""
        years = patrols.patrol_years(self.store, self.region)
        if not years:
            return ""
        span = (max(years[0], years[-1] - 2), years[-1])
        effort = patrols.patrol_effort(self.store, self.region, span, self.lang)
        if effort.parks.is_empty():
            return ""
        numbers = "".join(
            _number(tables.number(r["km"], self.lang), f"{r['name']}: {self.t('patrol_km')}",
                    f"{self.t('patrol_days')}: {r['patrol_days']:,}", css=f"n-patrol-km-{r['area_id']}")
            for r in effort.parks.iter_rows(named=True))
        numbers += _number(f"{effort.gaps.height:,}", self.t("patrol_gaps_count"), css="n-patrol-gaps")
        names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        self.figures.append(patrol_figures.effort_map(effort, names, self.lang, frame_size=(620, 520)))
        return (f'<section id="patrols"><h2>{_e(self.t("nav_patrols"))}{self._badge(effort.synthetic)}</h2>'
                f'<p class="note">{span[0]}{f"–{span[1]}" if span[1] != span[0] else ""} · '
                f'{_e(self.t("patrol_gaps_note", km=f"{effort.cell_km:g}"))}</p>'
                f'<div class="numbers">{numbers}</div>'
                f'<div class="figure" data-figure="{len(self.figures) - 1}"></div>'
                f'{patrol_figures.legend(self.lang)}</section>')

    def sign_surveys(self) -> str:
        """The sign surveys of the proposal's region (the snow leopards' routes, Proposal 3) over
        the years walked: signs per km for the region with its standard error, per park and year,
        and the genetic samples collected and the individuals they identified. Counts only: no
        place and no person leaves the programme in a report. None where no route was walked."""
        scope = signs.survey_scopes(self.store, self.lang).filter(pl.col("scope") == self.region)
        if scope.is_empty():
            return ""
        sc = scope.row(0, named=True)
        period = (date(sc["first_year"], 1, 1), date(sc["last_year"], 12, 31))
        species = self.species[0]
        try:
            routes, summary = signs.encounter_rates(self.store, species, self.region, *period)
        except ValueError:
            return ""
        whole = summary.filter(pl.col("area_id") == "all").row(0, named=True)
        names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        countries = dict(self.store.query("area_countries").rows())
        rate = tables.number(whole["signs_per_km"], self.lang, 2)
        se = "" if whole["se"] is None else f" ± {tables.number(whole['se'], self.lang, 2)}"
        register = signs.sample_register(self.store, self.region, *period)
        dna = signs.sample_summary(register).filter(pl.col("area_id") == "all").row(0, named=True)
        numbers = "".join([
            _number(f"{rate}{se}", self.t("signs_rate_headline"), self.species_names[species], css="n-signs-per-km"),
            _number(tables.number(whole["routes"], self.lang), self.t("col_routes"),
                    f"{tables.number(whole['km'], self.lang)} {self.t('km')}", css="n-sign-routes"),
            _number(tables.number(dna["samples"], self.lang), self.t("samples_collected"),
                    f"{self.t('sample_status_genotyped')}: {tables.number(dna['genotyped'], self.lang)}",
                    css="n-samples"),
            _number(tables.number(dna["genotypes"], self.lang), self.t("samples_individuals"), css="n-dna-individuals")])
        synthetic = self._signs_synthetic()
        parks = summary.with_columns(pl.col("area_id").replace_strict(
            {**names, "all": self.t("all_parks")}, default=pl.col("area_id")).alias("park"),
            pl.col("signs_per_km").map_elements(lambda v: tables.number(v, self.lang, 2), return_dtype=pl.Utf8),
            pl.col("se").map_elements(lambda v: tables.number(v, self.lang, 2), return_dtype=pl.Utf8))
        return (f'<section id="signs"><h2>{_e(self.t("nav_signs"))}{self._badge(synthetic)}</h2>'
                f'<p class="note">{period_text(*period)} · {_e(self.t("signs_note"))}</p>'
                f'<div class="numbers">{numbers}</div>'
                + self._figure(sign_figures.encounter_rates_by_year(signs.encounter_rates_by_year(routes), names,
                                                                    countries, self.lang), height=380)
                + _table(parks.select("park", "routes", "km", "signs", "signs_per_km", "se"),
                         {"park": self.t("park"), "routes": self.t("col_routes"), "km": self.t("km"),
                          "signs": self.t("col_signs"), "signs_per_km": self.t("col_signs_per_km"),
                          "se": self.t("col_se")}, self.lang, numeric={"routes", "km", "signs"}, css="table-signs")
                + "</section>")

    def _signs_synthetic(self) -> bool:
        share = self.store.query("synthetic_share").filter(pl.col("table_name").is_in(["sign_routes", "genetic_samples"]))
        return bool(share["synthetic_rows"].sum() > 0)

    def readiness(self) -> str:
        lang = self.lang
        card = feasibility.scorecard(self.store, lang)
        ready = feasibility.readiness(card)
        # as the Phase-1 page writes them: a share as a percentage, a threshold as the committee wrote it
        shown = pl.DataFrame([{
            "criterion_id": c["criterion_id"], "name": c["name"], "value": tables.measure_text(c["measure"], c["value"], lang),
            "threshold": tables.as_written(c["threshold"], lang), "weight": tables.as_written(c["weight"], lang),
            "score": tables.as_written(c["score"], lang), "met_mark": "✔" if c["met"] else "✘"}
            for c in card.iter_rows(named=True)])
        items = self.store.query("feasibility_status", proposal_id=feasibility.PROPOSAL, lang=self.lang).filter(
            pl.col("kind").is_in(["activity", "deliverable"]))
        rows = "".join(
            f'<tr><td><b>{_e(r["item_code"])}</b></td><td>{_e(r["title"])}</td><td><span class="status" '
            f'style="background:{STATUS_COLOURS[r["status"]]}">{_e(self.t("status_" + r["status"].replace(" ", "_")))}</span></td></tr>'
            for r in items.iter_rows(named=True))
        return (f'<section id="readiness"><h2>{_e(self.t("readiness_title"))}</h2>'
                f'<p class="note">{_e(self.t("report_readiness_of"))}</p>'
                f'<div class="numbers">{_number(f"{tables.whole_percent(ready)}%", self.t("readiness"), css="n-readiness")}</div>'
                + _table(shown, {"criterion_id": "#", "name": self.t("criterion"), "value": self.t("value"),
                                 "threshold": self.t("threshold"), "weight": self.t("weight"), "score": self.t("score"),
                                 "met_mark": ""}, self.lang, css="table-criteria")
                + f'<h3>{_e(self.t("phase1_items"))}</h3><table class="table-items">{rows}</table></section>')

    # -- the whole ------------------------------------------------------------------------------------
    def html(self) -> str:
        p, lang = self.proposal, self.lang
        body = "".join([self.key_numbers(), self.population(), self.shared_individuals(), self.corridor_map(),
                        self.alerts(), self.patrols(), self.sign_surveys(), self.budget_burn(), self.readiness()])
        script, divs = components(self.figures)
        for i, div in enumerate(divs):
            body = body.replace(f'<div class="figure" data-figure="{i}"></div>', f'<div class="figure">{div}</div>')
        synthetic = self.monitoring_synthetic or bool(p["spending_synthetic"])
        title = f"{self.t('report_title')} — {self.t('proposal')} {self.pid}: {p['short_title']}"
        note = self.t("report_data_note", date=self.today.isoformat(), km=f"{sensitivity.generalise_km():g}")
        return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{_e(title)}</title>
<style>{CSS}</style>
{inline_resources(self.figures)}
{script}
</head>
<body>
<header>
<h1>{_e(self.t("report_title"))}{self._badge(synthetic)}</h1>
<div class="sub">{_e(self.t("proposal"))} {self.pid}: <b>{_e(p["short_title"])}</b> · {_e(p["region_name"])} ·
{_e(self.t("period"))} {p["period_start"]} – {p["period_end"]}</div>
<div class="sub report-date">{_e(self.t("report_prepared"))} {self.today.isoformat()} · {_e(LANGUAGES[lang])}</div>
</header>
<main>
<p class="note">{_e(p["title"])}</p>
{f'<p class="note demo-note">{_e(self.t("demo_badge_title"))}.</p>' if synthetic else ""}
{body}
</main>
<footer>{_e(note)} {_e(self.t("source"))}: {_e(p["source"])}</footer>
</body>
</html>
"""


def inline_resources(models) -> str:
    """The JS and CSS of exactly the Bokeh models shown, inline (Bokeh's own bundling, as
    file_html does). Panel registers its models with Bokeh, and some of theirs resolve to a CDN or
    a server-relative URL that a file on disk cannot load and no figure here needs: any such
    external tag left over is dropped, so the file makes no request at all."""
    bundle = bundle_for_objs_and_resources(models, INLINE)
    text = bundle._render_css() + bundle._render_js()
    text = re.sub(r'<script[^>]*\ssrc="[^"]*"[^>]*>\s*</script>', "", text)
    return re.sub(r'<link[^>]*\shref="(?:https?:)?//[^"]*"[^>]*>', "", text)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(html_file: Path, pdf_file: Path) -> Path:
    """Print the report to PDF with headless Chromium (the plots are drawn by Bokeh's JS first)."""
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("no Chromium on this machine: the HTML report is written, the PDF is not")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--run-all-compositor-stages-before-draw", "--virtual-time-budget=20000",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri()],
                       check=True, capture_output=True, timeout=180)
    if not pdf_file.exists() or pdf_file.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF to {pdf_file}")
    return pdf_file


def write_report(store: Store, proposal: int, lang: str, out: Path, pdf: bool = False,
                 today: date | None = None) -> list[Path]:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(SteeringReport(store, proposal, lang, today).html(), encoding="utf-8")
    written = [out]
    if pdf:
        written.append(write_pdf(out, out.with_suffix(".pdf")))
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bigcats report", description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--proposal", type=int, required=True)
    ap.add_argument("--lang", default="en", choices=list(LANGUAGES))
    ap.add_argument("--pdf", action="store_true", help="also print OUT.pdf with headless Chromium")
    ap.add_argument("--db", default=None)
    args = ap.parse_args(argv)
    with Store.open(args.db, read_only=True) as store:
        try:
            for f in write_report(store, args.proposal, args.lang, args.out, args.pdf):
                print(f)
        except (ValueError, FileNotFoundError) as exc:
            raise SystemExit(f"bigcats report: {exc}")


if __name__ == "__main__":
    main()
