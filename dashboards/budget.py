"""The Budget burn page: for each proposal and the programme, planned value against actual cost
(the S-curve and the burn by month), earned value by activity with the lines over budget or late
flagged, the Gantt of the workplan with planned and actual dates, and the officers' entry of
expenditures (a form and a CSV import; refusals shown, nothing half-written)."""
from __future__ import annotations

import io
from datetime import date

import holoviews as hv
import panel as pn
import param
import polars as pl

from bigcats import spreadsheet
from bigcats.estimate import budget
from bigcats.access import AccessDenied
from bigcats.i18n import t
from bigcats.ingest.expenditures import ExpendituresRefused, add_expenditure
from dashboards.common import Page, money
from dashboards.upload import Upload

PLANNED, ACTUAL, EARNED = "#868e96", "#e8590c", "#2b8a3e"


class BudgetBurn(Page):
    """Is the money spent as planned, and is the work done for it?"""

    slug = "budget"
    title_key = "nav_budget"

    proposal = param.Selector(default=0, objects=[0, 1, 2, 3], doc="A proposal, or 0 for the whole programme.")
    tolerance = param.Number(default=0.10, bounds=(0, 1), doc="Share of a budget line that may be overspent unconfirmed.")
    revision = param.Integer(default=0, precedence=-1, doc="Bumped after a write so the views re-read the store.")

    def __init__(self, **params):
        super().__init__(**params)
        overview = self.store.query("proposal_overview", lang=self.lang)
        self.proposal_names = {r["proposal_id"]: r["short_title"] for r in overview.iter_rows(named=True)}
        self._load()

    @param.depends("revision", watch=True)
    def _load(self):
        s = self.store
        self.lines = s.query("budget_lines")
        self.periods = s.query("budget_periods")
        self.spent = s.query("expenditures_usd")
        self.progress = s.query("progress_reports")
        self.pv = budget.planned_value_by_month(self.lines, self.periods)
        self.shows_synthetic = bool(self.spent["synthetic"].any() or self.progress["synthetic"].any())

    def _ids(self) -> list[int]:
        return [self.proposal] if self.proposal else sorted(self.proposal_names)

    def status_date(self, pid: int) -> date:
        """The data date of a proposal: its latest expenditure or progress report (or its start)."""
        dates = (self.spent.filter(pl.col("proposal_id") == pid)["spent_on"].to_list()
                 + self.progress.filter(pl.col("proposal_id") == pid)["reported_on"].to_list())
        start = self.lines.filter(pl.col("proposal_id") == pid)["period_start"][0]
        return max(dates) if dates else start

    def _earned(self) -> pl.DataFrame:
        frames = [budget.earned_value(self.lines.filter(pl.col("proposal_id") == pid), self.pv, self.spent,
                                      self.progress, self.status_date(pid)) for pid in self._ids()]
        return pl.concat(frames)

    # -- views ------------------------------------------------------------------------------------
    def _numbers(self, ev: pl.DataFrame):
        lang = self.lang
        tot = budget.totals(ev, by=None).row(0, named=True)
        cpi = tot["cpi"] or 0.0
        spi = tot["spi"] or 0.0
        cards = [
            pn.indicators.Number(name=t("budget", lang), value=tot["bac"], format="{value:,.0f}", font_size="34pt",
                                 title_size="13pt", css_classes=["number-budget"]),
            pn.indicators.Number(name=t("spent", lang), value=tot["ac"], format="{value:,.0f}", font_size="34pt",
                                 title_size="13pt", default_color=ACTUAL, css_classes=["number-spent"]),
            pn.indicators.Number(name=t("earned_value", lang), value=tot["ev"], format="{value:,.0f}", font_size="34pt",
                                 title_size="13pt", default_color=EARNED, css_classes=["number-earned"]),
            pn.indicators.Number(name="CPI", value=round(cpi, 2), format="{value:.2f}", font_size="34pt", title_size="13pt",
                                 colors=[(0.95, "#c92a2a"), (100, "#2b8a3e")], css_classes=["number-cpi"]),
            pn.indicators.Number(name="SPI", value=round(spi, 2), format="{value:.2f}", font_size="34pt", title_size="13pt",
                                 colors=[(0.9, "#c92a2a"), (100, "#2b8a3e")], css_classes=["number-spi"]),
        ]
        dates = ", ".join(f"{self.proposal_names[p]}: {self.status_date(p)}" for p in self._ids())
        return pn.Column(pn.Row(*cards), pn.pane.Markdown(
            f"{t('usd', lang)} · {t('status_date', lang)} {dates} · EAC {money(tot['eac'], lang)}",
            css_classes=["status-line"]))

    def burn_figures(self) -> tuple[hv.Overlay, hv.Overlay]:
        """The S-curve (cumulative planned value and actual cost) and the burn by month."""
        lang = self.lang
        curve = budget.s_curve(self.pv.filter(pl.col("proposal_id").is_in(self._ids())),
                               self.spent.filter(pl.col("proposal_id").is_in(self._ids())))
        curve = (curve.group_by("month").agg(pl.col("planned_usd", "actual_usd").sum()).sort("month")
                 .with_columns(pl.col("planned_usd").cum_sum().alias("planned_cum"),
                               pl.col("actual_usd").cum_sum().alias("actual_cum")))
        last = max(self.status_date(p) for p in self._ids())
        actual = curve.filter(pl.col("month") <= date(last.year, last.month, 1)).to_pandas()
        data = curve.to_pandas()
        s = (hv.Curve(data, "month", "planned_cum", label=t("planned_value", lang)).opts(color=PLANNED, line_width=3, line_dash="dashed")
             * hv.Curve(actual, "month", "actual_cum", label=t("actual_cost", lang)).opts(color=ACTUAL, line_width=3)
             ).opts(responsive=True, height=330, title=t("s_curve", lang), legend_position="top_left", xlabel="",
                    ylabel=t("usd", lang), fontscale=1.15, show_grid=True, yformatter="%.0f")
        bars = (hv.Bars(data.assign(m=data["month"].dt.strftime("%Y-%m")), "m", "planned_usd", label=t("planned_value", lang))
                .opts(color=PLANNED, alpha=0.5)
                * hv.Bars(actual.assign(m=actual["month"].dt.strftime("%Y-%m")), "m", "actual_usd", label=t("actual_cost", lang))
                .opts(color=ACTUAL, alpha=0.7)
                ).opts(responsive=True, height=260, title=t("burn_by_month", lang), xrotation=90, xlabel="",
                       ylabel=t("usd", lang), fontscale=1.0, legend_position="top_right", yformatter="%.0f")
        return s, bars

    def _curves(self):
        s, bars = self.burn_figures()
        return pn.Column(pn.pane.HoloViews(s, sizing_mode="stretch_width", css_classes=["s-curve"]),
                         pn.pane.HoloViews(bars, sizing_mode="stretch_width", css_classes=["burn-bars"]),
                         sizing_mode="stretch_width")

    def _gantt(self, ev: pl.DataFrame):
        lang = self.lang
        lines = self.lines.filter(pl.col("proposal_id").is_in(self._ids()))
        actual = (self.spent.group_by("proposal_id", "code").agg(pl.col("spent_on").min().alias("first"),
                                                                 pl.col("spent_on").max().alias("last")))
        g = (lines.join(actual, on=["proposal_id", "code"], how="left")
             .join(ev.select("proposal_id", "code", "over_budget", "late"), on=["proposal_id", "code"], how="left")
             .with_columns(pl.concat_str([pl.col("proposal_id").cast(pl.Utf8), pl.col("code")], separator=" · ").alias("line"),
                           pl.when(pl.col("over_budget")).then(pl.lit(t("over_budget", lang)))
                           .when(pl.col("late")).then(pl.lit(t("late", lang))).otherwise(pl.lit(t("on_track", lang)))
                           .alias("status")))
        pdf = g.select(pl.col("planned_start").alias("x0"), pl.col("line").alias("y0"), pl.col("planned_end").alias("x1"),
                       pl.col("line").alias("y1"), "title").to_pandas()
        adf = g.filter(pl.col("first").is_not_null()).select(
            pl.col("first").alias("x0"), pl.col("line").alias("y0"), pl.col("last").alias("x1"), pl.col("line").alias("y1"),
            "status").to_pandas()
        plot = (hv.Segments(pdf, ["x0", "y0", "x1", "y1"], ["title"], label=t("planned", lang)).opts(
                    color="#ced4da", line_width=14, tools=["hover"])
                * hv.Segments(adf, ["x0", "y0", "x1", "y1"], ["status"], label=t("actual", lang)).opts(
                    color="status", cmap={t("over_budget", lang): "#c92a2a", t("late", lang): "#f08c00",
                                          t("on_track", lang): "#2b8a3e"}, line_width=6, tools=["hover"])
                ).opts(responsive=True, height=max(260, 24 * g.height + 60), title=t("gantt", lang), xlabel="", ylabel="",
                       invert_yaxis=True, legend_position="top_right", fontscale=1.0)
        return pn.pane.HoloViews(plot, sizing_mode="stretch_width", css_classes=["gantt"])

    def _table(self, ev: pl.DataFrame):
        lang = self.lang
        shown = ev.select("proposal_id", "code", "title", "bac", "pv", "ev", "ac", "remaining", "cv", "sv", "cpi", "spi", "eac",
                          "over_budget", "late").with_columns(pl.col(pl.Float64).round(2))
        csv = pn.widgets.FileDownload(callback=lambda: io.BytesIO(spreadsheet.to_csv(shown).encode("utf-8")),
                                      filename=f"earned_value_{self.proposal or 'programme'}.csv",
                                      label=t("download_csv", lang), width=200, css_classes=["download-ev"])
        table = pn.widgets.Tabulator(shown.to_pandas(), disabled=True, show_index=False, layout="fit_data_table",
                                     sizing_mode="stretch_width", pagination="local", page_size=20, css_classes=["table-ev"])
        return pn.Column(pn.pane.Markdown(f"### {t('by_activity', lang)}"), csv, table, sizing_mode="stretch_width")

    @param.depends("proposal", "revision")
    def _results(self):
        ev = self._earned()
        return pn.Column(self._numbers(ev), self._curves(), self._table(ev), self._gantt(ev), sizing_mode="stretch_width")

    # -- entering data ------------------------------------------------------------------------------
    def _entry(self):
        lang = self.lang
        lines = self.lines
        choices = self.writable("expenditures", {v: k for k, v in self.proposal_names.items()})
        if not choices:
            return self.read_only_note()
        proposal = pn.widgets.Select(name=t("proposal", lang), options=choices, css_classes=["form-proposal"], width=200)
        activity = pn.widgets.Select(name=t("activity", lang), css_classes=["form-activity"], width=320)

        def activities(_=None):
            rows = lines.filter(pl.col("proposal_id") == proposal.value)
            activity.options = {f"{r['code']} — {r['title'][:50]}": r["code"] for r in rows.iter_rows(named=True)}
        proposal.param.watch(activities, "value")
        activities()
        when = pn.widgets.TextInput(name=f'{t("date", lang)} (YYYY-MM-DD)', width=150, css_classes=["form-date"])
        amount = pn.widgets.TextInput(name=t("amount", lang), width=140, css_classes=["form-amount"])
        currency = pn.widgets.TextInput(name=t("currency", lang), value="USD", width=90, css_classes=["form-currency"])
        rate = pn.widgets.TextInput(name=t("rate_to_usd", lang), width=110, css_classes=["form-rate"])
        description = pn.widgets.TextInput(name=t("description", lang), width=300, css_classes=["form-description"])
        confirm = pn.widgets.Checkbox(name=t("confirm_over_budget", lang), css_classes=["form-confirm"])
        add = pn.widgets.Button(name=t("add_expenditure", lang), button_type="success", css_classes=["form-add"])
        message = pn.pane.Alert("", visible=False, css_classes=["form-message"])

        def submit(_):
            try:
                e = add_expenditure(self.store, proposal.value, activity.value, when.value, amount.value, currency.value,
                                    rate.value, description.value, self.tolerance, confirm.value, entered_by="dashboard form")
            except (ExpendituresRefused, AccessDenied) as exc:
                message.object = ("\n".join(f"- {line}" for line in str(exc).splitlines()))
                message.alert_type, message.visible = ("warning" if getattr(exc, "over_budget", False) else "danger"), True
                return
            message.object = f"{t('saved', lang)}: {e.activity_code} {e.spent_on} {money(e.amount_usd, lang)}"
            message.alert_type, message.visible = "success", True
            confirm.value = False
            self.revision += 1
        add.on_click(submit)

        confirm_csv = pn.widgets.Checkbox(name=t("confirm_over_budget", lang), css_classes=["csv-confirm"])

        upload = Upload("expenditures", self.store, extra=[confirm_csv], css_prefix="csv", lang=lang,
                        options=lambda: {"tolerance": self.tolerance, "confirm_over_budget": confirm_csv.value},
                        after=lambda: setattr(self, "revision", self.revision + 1))
        return pn.Column(
            pn.pane.Markdown(f"### {t('enter_expenditure', lang)}"),
            pn.Row(proposal, activity, when, amount, currency, rate), pn.Row(description, confirm, add), message,
            pn.pane.Markdown(f"### {t('import_expenditures', lang)}\n`date, proposal, activity, amount, currency, "
                             f"rate_to_usd, description`"),
            upload, sizing_mode="stretch_width")

    def __panel__(self):
        lang = self.lang
        options = {t("programme", lang): 0, **{f"{t('proposal', lang)} {k}: {v}": k for k, v in self.proposal_names.items()}}
        chooser = pn.widgets.RadioButtonGroup.from_param(self.param.proposal, options=options, button_type="light",
                                                         css_classes=["control-proposal"])
        return pn.Column(chooser, pn.panel(self._results, loading_indicator=True), self._entry(),
                         sizing_mode="stretch_width")
