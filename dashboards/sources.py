"""The Facts and sources page: every number the product holds from the proposals, with the
passage it comes from, so that any figure on any page can be traced to its document. The tables
read in the page's language; the quoted passages stay in the proposals' English (they are what
the documents say), and the CSV downloads keep the stored columns for researchers."""
from __future__ import annotations

import io

import panel as pn
import polars as pl
import param

from bigcats import spreadsheet
from bigcats.i18n import t
from dashboards.common import Page, figure_text, scope_name
from dashboards.tables import number, people_table


def fact_value(row: dict, lang: str) -> str:
    """`row` as stored (English qualifier and unit codes). A fact's value as the proposals state it: a year without separators, a range as 'a–b',
    whole numbers without decimals, and the qualifier ('about', 'more than') in words."""
    if row["qualifier"] == "date":  # a date or a year, as the proposal gives it ("2012-04", "1970s")
        return row["as_of"] or f"{row['value']:.0f}"
    if row["value"] is None:
        return "—"
    if row.get("unit") in ("year", "decade"):  # a calendar year has no thousands separator ("1963–1967")
        text = f"{row['value']:.0f}" + (f"–{row['value_high']:.0f}" if row["value_high"] is not None else "")
        return t(f"q_{row['qualifier']}", lang, n=text) if row["qualifier"] in ("about", "more than") else text
    decimals = 0 if float(row["value"]).is_integer() else len(f"{row['value']:g}".split(".")[-1])
    text = number(row["value"], lang, decimals)
    if row["value_high"] is not None:
        text += "–" + number(row["value_high"], lang, 0 if float(row["value_high"]).is_integer() else decimals)
    if row["qualifier"] in ("about", "more than"):
        text = t(f"q_{row['qualifier']}", lang, n=text)
    return text


class Sources(Page):
    slug = "sources"
    title_key = "nav_sources"

    def _download(self, df: pl.DataFrame, name: str):
        df = df.with_columns(pl.col(pl.Date).cast(pl.Utf8))  # dates as dates, not midnight datetimes
        return pn.widgets.FileDownload(
            callback=lambda: io.BytesIO(spreadsheet.to_csv(df).encode("utf-8")), filename=f"bigcats_{name}.csv",
            label=t("download_csv", self.lang), button_type="primary", width=200)

    def _figures_table(self, figures: pl.DataFrame):
        lang = self.lang
        areas = dict(self.store.query("area_names", lang=lang).iter_rows())
        regions = dict(self.store.query("region_names", lang=lang).iter_rows())
        rows = []
        for r in figures.iter_rows(named=True):
            start, end = r["period_start"].year, r["period_end"].year
            rows.append({
                t("col_figure", lang): figure_text(r, lang, r["species"]),
                t("col_scope", lang): scope_name(r["scope_kind"], r["scope"], lang, areas, regions.get(r["scope"], "")),
                t("period", lang): str(start) if start == end else f"{start}–{end}",
                t("col_original_quote", lang): r["quote"],
                t("source", lang): r["source"]})
        return people_table(pl.DataFrame(rows), "table-reported_population_figures", lang,
                            narrow=(t("period", lang),), wide=(t("col_original_quote", lang),))

    def _facts_table(self, facts: pl.DataFrame, stored: pl.DataFrame):
        lang = self.lang
        rows = [{t("subject", lang): r["subject"], t("col_quantity", lang): r["quantity"],
                 t("value", lang): fact_value(e, lang), t("col_unit", lang): r["unit"] or "",
                 t("col_as_of", lang): str(r["as_of"] or ""),
                 t("col_original_quote", lang): r["quote"], t("source", lang): r["source"]}
                for r, e in zip(facts.iter_rows(named=True), stored.iter_rows(named=True))]
        return people_table(pl.DataFrame(rows), "table-facts", lang, page_size=20,
                            narrow=(t("col_as_of", lang),), wide=(t("col_original_quote", lang),))

    @param.depends("lang")
    def __panel__(self):
        lang = self.lang
        figures = self.store.query("reported_population_figures", lang=lang)
        facts = self.store.query("facts_with_sources", lang=lang)
        # the stored qualifier and unit decide how a value is written; the translated words are for reading
        stored = self.store.query("facts_with_sources", lang="en")
        return pn.Column(
            pn.pane.Markdown(f"{t('facts_intro', lang)}"),
            pn.pane.Markdown(f"### {t('reported_figures', lang)}"),
            self._download(figures, "reported_population_figures"), self._figures_table(figures),
            pn.pane.Markdown(f"### {t('other_facts', lang)}"),
            self._download(facts, "facts"), self._facts_table(facts, stored),
            sizing_mode="stretch_width")
