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
from panel.io import unlocked
import polars as pl

from bigcats import spreadsheet
from bigcats.access import AccessDenied
from bigcats.burn import budget_burn, budget_lines
from bigcats.i18n import t
from bigcats.ingest.expenditures import ExpendituresRefused, add_expenditure
from dashboards import tables
from dashboards.common import Figure, Page, money
from dashboards.figures import budget as figures
from dashboards.figures.common import redraw_in_place
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
        self._shown: dict = {}  # the panes `_results` made, which a write updates in place
        self._load()

    @param.depends("proposal", watch=True)
    def _load(self):
        self.burn = budget_burn(self.store, self.proposal, self.lang)
        self.shows_synthetic = self.burn.synthetic

    @param.depends("revision", watch=True)
    def _written(self):
        """After an expenditure or an import: the same numbers, figures and table with the store's
        new values, updated where they stand. Rebuilding the whole view cost the server about
        0.3 s and the browser every model of it again, after each write of every officer."""
        self._load()
        shown = self._shown
        if not shown:
            return
        for card, (value, text) in zip(shown["numbers"], self._number_values()):
            card.param.update(value=value, format=text)
        shown["status"].object = self._status_line()
        for key, draw in (("s_curve", figures.s_curve), ("burn", figures.burn_by_month), ("gantt", figures.schedule)):
            pane = shown[key]
            fig = draw(self.burn, self.lang, css=pane.object.css_classes[0])
            # the figure's own models change, not a pane's parameter: Panel's `unlocked` holds the
            # session's document for the change and sends it (Bokeh refuses a change made outside)
            with unlocked():
                redrawn = redraw_in_place(pane.object, fig)
            if not redrawn:
                pane.object = fig
        shown["table"].object = self._table_pane(self.burn.earned).object

    # -- views ------------------------------------------------------------------------------------
    def _number_values(self) -> list[tuple[float, str]]:
        """Budget, spent, earned value, CPI and SPI, each as its value and as the language writes it
        (a literal format: Panel would use Python's)."""
        tot, lang = self.burn.totals, self.lang
        cpi = tot["cpi"] or 0.0
        spi = tot["spi"] or 0.0
        return [(tot["bac"], tables.number(tot["bac"], lang)), (tot["ac"], tables.number(tot["ac"], lang)),
                (tot["ev"], tables.number(tot["ev"], lang)), (round(cpi, 2), tables.number(cpi, lang, 2)),
                (round(spi, 2), tables.number(spi, lang, 2))]

    def _status_line(self) -> str:
        dates = ", ".join(f"{self.proposal_names[p]}: {d}" for p, d in self.burn.status_dates.items())
        return f"{t('usd', self.lang)} · {t('status_date', self.lang)} {dates} · EAC {money(self.burn.totals['eac'], self.lang)}"

    def _numbers(self):
        lang = self.lang
        looks = [dict(name=t("budget", lang), css_classes=["number-budget"]),
                 dict(name=t("spent", lang), default_color=BURN_COLOURS["actual"], css_classes=["number-spent"]),
                 dict(name=t("earned_value", lang), default_color=BURN_COLOURS["earned"], css_classes=["number-earned"]),
                 dict(name="CPI", colors=[(0.95, "#c92a2a"), (100, "#2b8a3e")], css_classes=["number-cpi"]),
                 dict(name="SPI", colors=[(0.9, "#c92a2a"), (100, "#2b8a3e")], css_classes=["number-spi"])]
        cards = [pn.indicators.Number(value=value, format=text, font_size="34pt", title_size="13pt", **look)
                 for look, (value, text) in zip(looks, self._number_values())]
        status = pn.pane.Markdown(self._status_line(), css_classes=["status-line"])
        self._shown.update(numbers=cards, status=status)
        return pn.Column(pn.Row(*cards), status)

    def _curves(self):
        s_curve = Figure(figures.s_curve(self.burn, self.lang, css="s-curve"), sizing_mode="stretch_width")
        burn = Figure(figures.burn_by_month(self.burn, self.lang, css="burn-bars"), sizing_mode="stretch_width")
        self._shown.update(s_curve=s_curve, burn=burn)
        return pn.Column(s_curve, burn, sizing_mode="stretch_width")

    def _gantt(self):
        gantt = Figure(figures.schedule(self.burn, self.lang, css="gantt"), sizing_mode="stretch_width")
        self._shown["gantt"] = gantt
        return gantt

    def _earned_value_csv(self) -> io.BytesIO:
        """The earned-value table as the store has it when the button is pressed."""
        shown = self.burn.earned.select(
            "proposal_id", "code", "title", "bac", "pv", "ev", "ac", "remaining", "cv", "sv", "cpi", "spi", "eac",
            "over_budget", "late").with_columns(pl.col(pl.Float64).round(2))
        return io.BytesIO(spreadsheet.to_csv(shown).encode("utf-8"))

    def _table_pane(self, ev: pl.DataFrame) -> pn.pane.HTML:
        lang = self.lang
        return tables.people_table(self._people_rows(ev), "table-ev", lang, page_size=20,
                                   narrow=(t("col_code", lang),), wide=(t("activity", lang),))

    def _table(self, ev: pl.DataFrame):
        lang = self.lang
        csv = pn.widgets.FileDownload(callback=self._earned_value_csv,
                                      filename=f"earned_value_{self.proposal or 'programme'}.csv",
                                      label=t("download_csv", lang), width=200, css_classes=["download-ev"])
        table = self._table_pane(ev)
        self._shown["table"] = table
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

    @param.depends("proposal")
    def _results(self):
        self._shown = {}
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
