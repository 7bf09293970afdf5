"""The Audit trail page (admins): every write with who, when and what, filterable; the rows of an
entry before and after; undo of an entry as a whole."""
from __future__ import annotations

from datetime import date, timedelta

import panel as pn
import param
import polars as pl

from bigcats import audit, logins
from bigcats.access import AccessDenied
from bigcats.i18n import t
from dashboards.common import Page


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
            return pn.pane.Markdown("—", css_classes=["audit-empty"])
        shown = rows.with_columns(pl.col("written_at", "undone_at").dt.strftime("%Y-%m-%d %H:%M:%S"))
        table = pn.widgets.Tabulator(shown.to_pandas(), disabled=True, show_index=False, selectable=1, pagination="local",
                                     page_size=15, layout="fit_data_table", sizing_mode="stretch_width",
                                     css_classes=["table-audit"])

        def pick(event):
            if event.new:
                self.entry = int(rows["audit_id"][event.new[0]])
        table.param.watch(pick, "selection")
        return table

    @param.depends("entry", "revision")
    def _entry_rows(self):
        lang = self.lang
        if self.entry is None:
            return pn.pane.Markdown(f"*{t('audit_entry', lang)}: —*")
        rows = self.store.query("audit_entry_rows", audit_id=self.entry)
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
        return pn.Column(
            pn.pane.Markdown(f"### {t('audit_entry', lang)} #{self.entry}: {head['action']} · {head['user_name']}{state}",
                             css_classes=["audit-entry-title"]),
            pn.Row(undo), message,
            pn.widgets.Tabulator(rows.to_pandas(), disabled=True, show_index=False, pagination="local", page_size=10,
                                 layout="fit_data_table", sizing_mode="stretch_width", css_classes=["table-audit-rows"]),
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
        actions = {t("all", lang): "", **{a: a for a in sorted(set(every["action"]))}}
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
