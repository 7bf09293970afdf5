"""The Budget burn page: for each proposal and the programme, planned value against actual cost
(the S-curve and the burn by month), earned value by activity with the lines over budget or late
flagged, the Gantt of the workplan with planned and actual dates, and the officers' entry of
expenditures (a form and a CSV import; refusals shown, nothing half-written).

The page holds the choice of proposal; `bigcats.burn.budget_burn` computes, and
`dashboards.figures.budget` draws (as in the steering report)."""
from __future__ import annotations

import io

import panel as pn
import param
import polars as pl

from bigcats import spreadsheet
from bigcats.access import AccessDenied
from bigcats.burn import budget_burn, budget_lines
from bigcats.i18n import t
from bigcats.ingest.expenditures import ExpendituresRefused, add_expenditure
from dashboards import tables
from dashboards.common import Page, money
from dashboards.figures import budget as figures
from dashboards.palette import BURN_COLOURS
from dashboards.upload import Upload


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
        self.lines = budget_lines(self.store, self.lang)  # the form's activities
        self._load()

    @param.depends("proposal", "revision", watch=True)
    def _load(self):
        self.burn = budget_burn(self.store, self.proposal, self.lang)
        self.shows_synthetic = self.burn.synthetic

    # -- views ------------------------------------------------------------------------------------
    def _numbers(self):
        lang = self.lang
        tot = self.burn.totals
        cpi = tot["cpi"] or 0.0
        spi = tot["spi"] or 0.0
        # the figures written as the language writes numbers (a literal format: Panel would use Python's)
        cards = [
            pn.indicators.Number(name=t("budget", lang), value=tot["bac"], format=tables.number(tot["bac"], lang), font_size="34pt",
                                 title_size="13pt", css_classes=["number-budget"]),
            pn.indicators.Number(name=t("spent", lang), value=tot["ac"], format=tables.number(tot["ac"], lang), font_size="34pt",
                                 title_size="13pt", default_color=BURN_COLOURS["actual"], css_classes=["number-spent"]),
            pn.indicators.Number(name=t("earned_value", lang), value=tot["ev"], format=tables.number(tot["ev"], lang), font_size="34pt",
                                 title_size="13pt", default_color=BURN_COLOURS["earned"], css_classes=["number-earned"]),
            pn.indicators.Number(name="CPI", value=round(cpi, 2), format=tables.number(cpi, lang, 2), font_size="34pt", title_size="13pt",
                                 colors=[(0.95, "#c92a2a"), (100, "#2b8a3e")], css_classes=["number-cpi"]),
            pn.indicators.Number(name="SPI", value=round(spi, 2), format=tables.number(spi, lang, 2), font_size="34pt", title_size="13pt",
                                 colors=[(0.9, "#c92a2a"), (100, "#2b8a3e")], css_classes=["number-spi"]),
        ]
        dates = ", ".join(f"{self.proposal_names[p]}: {d}" for p, d in self.burn.status_dates.items())
        return pn.Column(pn.Row(*cards), pn.pane.Markdown(
            f"{t('usd', lang)} · {t('status_date', lang)} {dates} · EAC {money(tot['eac'], lang)}",
            css_classes=["status-line"]))

    def _curves(self):
        return pn.Column(pn.pane.Bokeh(figures.s_curve(self.burn, self.lang, css="s-curve"), sizing_mode="stretch_width"),
                         pn.pane.Bokeh(figures.burn_by_month(self.burn, self.lang, css="burn-bars"),
                                       sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")

    def _gantt(self):
        return pn.pane.Bokeh(figures.schedule(self.burn, self.lang, css="gantt"), sizing_mode="stretch_width")

    def _table(self, ev: pl.DataFrame):
        lang = self.lang
        shown = ev.select("proposal_id", "code", "title", "bac", "pv", "ev", "ac", "remaining", "cv", "sv", "cpi", "spi", "eac",
                          "over_budget", "late").with_columns(pl.col(pl.Float64).round(2))
        csv = pn.widgets.FileDownload(callback=lambda: io.BytesIO(spreadsheet.to_csv(shown).encode("utf-8")),
                                      filename=f"earned_value_{self.proposal or 'programme'}.csv",
                                      label=t("download_csv", lang), width=200, css_classes=["download-ev"])
        table = tables.people_table(self._people_rows(ev), "table-ev", lang, page_size=20,
                                    narrow=(t("col_code", lang),), wide=(t("activity", lang),))
        return pn.Column(pn.pane.Markdown(f"### {t('by_activity', lang)}"), csv, table, sizing_mode="stretch_width")

    def _people_rows(self, ev: pl.DataFrame) -> pl.DataFrame:
        """Earned value by activity as a meeting reads it: the activity in the page's language, money
        in whole dollars with the language's separators, the indices, and a status in words; the
        key columns first so that it fits 1366 px without scrolling."""
        lang = self.lang
        usd = lambda key: t("in_usd", lang, name=t(key, lang))  # noqa: E731
        rows = []
        for r in ev.iter_rows(named=True):
            status = [t(k, lang) for k in ("over_budget", "late") if r[k]] or [t("on_track", lang)]
            rows.append({t("col_code", lang): str(r["code"]),
                         t("activity", lang): r["title"],
                         usd("budget"): tables.number(r["bac"], lang),
                         usd("earned_value"): tables.number(r["ev"], lang),
                         usd("actual_cost"): tables.number(r["ac"], lang),
                         "CPI": tables.number(r["cpi"], lang, 2), "SPI": tables.number(r["spi"], lang, 2),
                         t("col_status", lang): ", ".join(status)})
        return pl.DataFrame(rows, schema=[t("col_code", lang), t("activity", lang), usd("budget"), usd("earned_value"),
                                          usd("actual_cost"), "CPI", "SPI", t("col_status", lang)])

    @param.depends("proposal", "revision")
    def _results(self):
        return pn.Column(self._numbers(), self._curves(), self._table(self.burn.earned), self._gantt(),
                         sizing_mode="stretch_width")

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
