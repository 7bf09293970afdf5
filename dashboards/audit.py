"""The Audit trail page (admins): every write with who, when and what, filterable; the rows of an
entry before and after; undo of an entry as a whole."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta

import panel as pn
import param
import polars as pl

from bigcats import audit, logins
from bigcats.access import AccessDenied
from bigcats.i18n import catalogue, t
from dashboards import tables
from dashboards.common import Page

# The headers of the trail's columns and of an entry's rows, as message keys ('#' for the entry's number)
ENTRY_HEADERS = {"audit_id": "#", "written_at": "col_written_at", "user_name": "audit_user", "role": "col_role",
                 "action": "audit_action", "target": "col_target", "summary": "col_summary",
                 "rows_added": "col_rows_added", "rows_changed": "col_rows_changed", "rows_removed": "col_rows_removed",
                 "undone_at": "col_undone_at", "undone_by": "col_undone_by", "undo_of": "col_undo_of"}


def action_name(action: str, lang: str) -> str:
    """A write's kind as the trail records it ('import camtrap-dp') in the reader's language (as
    recorded when the catalogue has no name for it: tests/unit/test_structure.py checks that every
    kind the library records has one)."""
    key = "audit_do_" + action.lower().replace(" ", "_").replace("-", "_")
    return t(key, lang) if key in catalogue() else action


def recorded_text(text: str | None, lang: str) -> str | None:
    """A target or summary as the trail recorded it, its recurring phrases in the reader's language
    ('proposal 1', 'form', 'undo of #3'); file names, park codes and user names as recorded."""
    if not text:
        return text
    if text == "form":
        return t("audit_via_form", lang)
    text = re.sub(r"^undo of #(\d+)$", lambda m: f"{t('col_undo_of', lang)} #{m.group(1)}", text)
    return re.sub(r"\bproposal (\d+)\b", lambda m: f"{t('proposal', lang)} {m.group(1)}", text)


def as_code(value) -> str:
    """A table's name, a row's key or its values (JSON) as they are stored: code, not words."""
    return "" if value is None else f"<code>{html.escape(str(value))}</code>"


ROWS_SHOWN = 1000  # of an entry's rows on the page (an import's can be millions)
ROW_HEADERS = {"table_name": "col_table", "change": "col_change", "row_key": "col_row_key", "before": "col_before",
               "after": "col_after"}


class AuditTrail(Page):
    slug = "audit"
    title_key = "nav_audit"
    admin_only = True

    user_name = param.String(default="", doc="Only this user's writes ('' = everyone).")
    action = param.String(default="", doc="Only this kind of write ('' = every kind).")
    period = param.DateRange(default=None, doc="Days of the writes (default: the last year).")
    entry = param.Integer(default=None, allow_None=True, doc="The entry whose rows are shown.")
    revision = param.Integer(default=0, doc="Bumped after an undo, so the views re-read the store.")

    def __init__(self, **params):
        params.setdefault("period", (date.today() - timedelta(days=365), date.today()))
        super().__init__(**params)

    def _entries(self) -> pl.DataFrame:
        return self.store.query("audit_entries", user_name=self.user_name, action=self.action,
                                date_from=self.period[0], date_to=self.period[1])

    @param.depends("user_name", "action", "period", "revision")
    def _table(self):
        rows = self._entries()
        if rows.is_empty():
            return pn.pane.Markdown(t("audit_none", self.lang), css_classes=["audit-empty"])
        lang = self.lang
        shown = (rows.with_columns(pl.col("written_at", "undone_at").dt.strftime("%Y-%m-%d %H:%M:%S"),
                                   pl.col("action").map_elements(lambda a: action_name(a, lang), return_dtype=pl.Utf8),
                                   pl.col("role").map_elements(lambda r: t(f"role_{r}", lang), return_dtype=pl.Utf8),
                                   pl.col("target", "summary").map_elements(lambda v: recorded_text(v, lang),
                                                                            return_dtype=pl.Utf8))
                 .rename(lambda c: ENTRY_HEADERS.get(c, c) if c == "audit_id" else t(ENTRY_HEADERS[c], self.lang)))
        table = pn.widgets.Tabulator(shown.to_pandas(), disabled=True, show_index=False, selectable=1, pagination="local",
                                     page_size=15, layout="fit_data_table", sizing_mode="stretch_width",
                                     configuration=tables.tabulator_language(self.lang), css_classes=["table-audit"])

        def pick(event):
            if event.new:
                self.entry = int(rows["audit_id"][event.new[0]])
        table.param.watch(pick, "selection")
        return table

    @param.depends("entry", "revision")
    def _entry_rows(self):
        lang = self.lang
        if self.entry is None:
            return pn.pane.Markdown(f"*{t('audit_pick', lang)}*") if not self._entries().is_empty() else None
        rows = self.store.query("audit_entry_rows", audit_id=self.entry, limit=ROWS_SHOWN)
        head = self.store.query("audit_entry", audit_id=self.entry).row(0, named=True)
        message = pn.pane.Alert("", visible=False, css_classes=["undo-message"])
        undo = pn.widgets.Button(name=f"{t('undo_entry', lang)} #{self.entry}", button_type="danger",
                                 css_classes=["undo-entry"], disabled=bool(head["undone_at"] or head["undo_of"]))

        def do_undo(_):
            try:
                audit.undo(self.store, self.entry)
            except (audit.UndoRefused, AccessDenied) as exc:
                message.object, message.alert_type, message.visible = str(exc), "danger", True
                return
            self.revision += 1
        undo.on_click(do_undo)
        state = f" · {t('undone', lang)} {head['undone_at']:%Y-%m-%d %H:%M}" if head["undone_at"] else ""
        # an import's rows recorded by key and hash (migration 022): on a lake, their values as the
        # write left them (the snapshot of its commit: DuckLake's time travel); on a file, the table's
        written = audit.rows_as_written(self.store, self.entry, rows)
        snapshot = audit.entry_snapshot(self.store, self.entry) if not written.is_empty() else None
        shown = rows.join(written, on=["table_name", "row_key"], how="left").with_columns(
            pl.when(pl.col("by_key")).then(pl.col("as_written")).otherwise(pl.col("after")).alias("after"))
        shown = shown.with_columns(pl.col("change").map_elements(lambda c: t(f"audit_change_{c}", lang), return_dtype=pl.Utf8),
                                   pl.col("table_name", "row_key", "before", "after").map_elements(as_code, return_dtype=pl.Utf8))
        shown = shown.with_columns(pl.when(pl.col("by_key") & pl.col("as_written").is_null())
                                   .then(pl.lit(html.escape(t("audit_by_key", lang)))).otherwise(pl.col("after"))
                                   .alias("after")).drop("by_key", "as_written")
        total = (head["rows_added"] or 0) + (head["rows_changed"] or 0) + (head["rows_removed"] or 0)
        more = pn.pane.Markdown(t("audit_rows_shown", lang, shown=tables.number(rows.height, lang),
                                  total=tables.number(total, lang)), css_classes=["audit-rows-shown"]) \
            if total > rows.height else None
        return pn.Column(
            pn.pane.Markdown(f"### {t('audit_entry', lang)} #{self.entry}: {action_name(head['action'], lang)} · "
                             f"{head['user_name']}{state}",
                             css_classes=["audit-entry-title"]),
            pn.Row(undo), message, *([more] if more else []),
            *([pn.pane.Markdown(t("audit_as_of_snapshot", lang, snapshot=snapshot), css_classes=["audit-snapshot"])]
              if snapshot is not None else []),
            pn.widgets.Tabulator(shown.rename(lambda c: t(ROW_HEADERS[c], lang)).to_pandas(), disabled=True,
                                 show_index=False, pagination="local", page_size=10, layout="fit_data_table",
                                 sizing_mode="stretch_width", configuration=tables.tabulator_language(lang),
                                 formatters={t(ROW_HEADERS[c], lang): {"type": "html"}
                                             for c in ("table_name", "row_key", "before", "after")},
                                 css_classes=["table-audit-rows"]),
            sizing_mode="stretch_width")

    @param.depends("revision")
    def _locked(self):
        """Accounts locked by failed logins, each with its Unlock button (the store is held by the
        server, so this is where an admin unlocks while serving)."""
        lang = self.lang
        locked = logins.locked_accounts(self.store)
        if locked.is_empty():
            return pn.pane.Markdown(t("no_locked_accounts", lang), css_classes=["locked-none"])
        message = pn.pane.Alert("", visible=False, css_classes=["unlock-message"])
        rows = []
        for r in locked.iter_rows(named=True):
            button = pn.widgets.Button(name=f"{t('unlock', lang)} {r['user_name']}", button_type="warning",
                                       css_classes=["unlock-account"])

            def do_unlock(_, name=r["user_name"]):
                try:
                    logins.unlock(self.store, name)
                except (ValueError, AccessDenied) as exc:
                    message.object, message.alert_type, message.visible = str(exc), "danger", True
                    return
                self.revision += 1
            button.on_click(do_unlock)
            rows.append(pn.Row(pn.pane.Markdown(f"**{r['user_name']}** · {r['locked_at']:%Y-%m-%d %H:%M} · "
                                                f"{t('failed_logins', lang)}: {r['failures']}"), button))
        return pn.Column(*rows, message, css_classes=["locked-accounts"])

    def __panel__(self):
        lang = self.lang
        every = self.store.query("audit_filters")
        users = {t("all", lang): "", **{u: u for u in sorted(set(every["user_name"]))}}
        actions = {t("all", lang): "", **{action_name(a, lang): a for a in sorted(set(every["action"]))}}
        controls = pn.Row(
            pn.widgets.Select.from_param(self.param.user_name, name=t("audit_user", lang), options=users,
                                         css_classes=["control-audit-user"], width=240),
            pn.widgets.Select.from_param(self.param.action, name=t("audit_action", lang), options=actions,
                                         css_classes=["control-audit-action"], width=240),
            pn.widgets.DateRangePicker.from_param(self.param.period, name=t("period", lang), width=260,
                                                  css_classes=["control-audit-period"]))
        return pn.Column(pn.pane.Markdown(t("audit_intro", lang)), controls, pn.panel(self._table),
                         pn.panel(self._entry_rows), pn.pane.Markdown(f"### {t('locked_accounts', lang)}"),
                         pn.panel(self._locked), sizing_mode="stretch_width")
