"""The Facts and sources page: every number the product holds from the proposals, with the
passage it comes from, so that any figure on any page can be traced to its document."""
from __future__ import annotations

import io

import panel as pn
import polars as pl
import param

from bigcats import spreadsheet
from bigcats.i18n import t
from dashboards.common import Page


class Sources(Page):
    slug = "sources"
    title_key = "nav_sources"

    def _table(self, df, name: str):
        df = df.with_columns(pl.col(pl.Date).cast(pl.Utf8))  # dates as dates, not midnight datetimes
        table = pn.widgets.Tabulator(df.to_pandas(), disabled=True, show_index=False, pagination="local",
                                     page_size=20, layout="fit_data_table", sizing_mode="stretch_width",
                                     css_classes=[f"table-{name}"])
        download = pn.widgets.FileDownload(
            callback=lambda: io.BytesIO(spreadsheet.to_csv(df).encode("utf-8")), filename=f"bigcats_{name}.csv",
            label=t("download_csv", self.lang), button_type="primary", width=200)
        return pn.Column(download, table, sizing_mode="stretch_width")

    @param.depends("lang")
    def __panel__(self):
        figures = self.store.query("reported_population_figures", lang=self.lang)
        facts = self.store.query("facts_with_sources")
        return pn.Column(
            pn.pane.Markdown(f"{t('facts_intro', self.lang)}"),
            pn.pane.Markdown(f"### {t('reported_figures', self.lang)}"),
            self._table(figures, "reported_population_figures"),
            pn.pane.Markdown(f"### {t('other_facts', self.lang)}"),
            self._table(facts, "facts"),
            sizing_mode="stretch_width")
