"""The Alerts page: fire, poaching and smuggling alerts of both sides of the border, as they come.

An editor raises an alert with the form (it fits a phone's 390-pixel screen); every open Alerts
page sees it within a few seconds without a reload, with a banner and a sound, and the partner
park acknowledges and resolves it there. Below: the map, the months, and how fast each park
answers (Kaplan-Meier medians, open alerts counted as still waiting)."""
from __future__ import annotations

import math
import struct
from datetime import date, timedelta

import panel as pn
from panel.io.state import set_curdoc
import param
import polars as pl

from bigcats import alerts
from bigcats import fires as fires_of
from bigcats.access import AccessDenied
from bigcats.i18n import t
from dashboards import tables
from dashboards.common import Figure, Page, once_the_browser_has_the_page
from dashboards.figures import alerts as figures

POLL_MS = 1000  # how often an open page asks whether an alert came or moved on (one cheap query)
FIGURES_LAG_MS = 3000  # the map and figures follow a change this much later
FORM_CSS = [""".bk-input-group { max-width: 100%; }"""]
# on a phone the table of waiting alerts is too wide to read: the list to answer from says the same
PHONE_HIDDEN = """@media (max-width: 700px) { :host { display: none !important; } }"""


def chime() -> bytes:
    """A short two-tone chime as WAV bytes (made here: the app ships no sound file and needs no
    network)."""
    rate, notes = 16000, ((880.0, 0.18), (1320.0, 0.28))
    samples = []
    for freq, seconds in notes:
        n = int(rate * seconds)
        samples += [int(12000 * math.sin(2 * math.pi * freq * i / rate) * (1 - i / n)) for i in range(n)]
    data = struct.pack(f"<{len(samples)}h", *samples)
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1, 1, rate, rate * 2, 2, 16,
                         b"data", len(data))
    return header + data


class AlertsPage(Page):
    """Alerts between the parks, live."""

    slug = "alerts"
    title_key = "nav_alerts"

    region = param.Selector(default=None, objects=[], doc="The region whose alerts the map shows.")
    days = param.Selector(default=3650, objects=[30, 90, 365, 3650], doc="How far back the page looks (days).")
    revision = param.Integer(default=0, precedence=-1, doc="Bumped when the alerts changed: the numbers and lists re-read them.")
    figures_revision = param.Integer(default=0, precedence=-1,
                                     doc="Bumped a moment after `revision`: the map and figures, the costly part, redraw.")

    def __init__(self, **params):
        super().__init__(**params)
        self.park_names = dict(self.store.query("area_names", lang=self.lang).iter_rows())
        self.region_names = dict(self.store.query("region_names", lang=self.lang).select("region_id", "name").iter_rows())
        offered = list(self.region_names)
        self.param.region.objects = offered
        self.region = "tumen" if "tumen" in offered else offered[0]
        self._seen = alerts.last_change(self.store)
        everything = alerts.alerts(self.store)
        self.shows_synthetic = bool(everything["synthetic"].any()) if everything.height else False
        self.banner = pn.pane.Alert("", alert_type="warning", visible=False, css_classes=["alert-banner"],
                                    sizing_mode="stretch_width", styles={"font-size": "20px"})
        self.sound = pn.pane.Audio(chime(), name="", paused=True, visible=False, css_classes=["alert-sound"])
        self._callback = None
        self._doc = None

    # -- live: poll the store, show what is new ---------------------------------------------------
    def poll(self) -> None:
        """Re-read the alerts when one was raised or moved on since the page last looked; a new
        alert also raises the banner and plays the chime."""
        now = alerts.last_change(self.store)
        if now == self._seen:
            return
        before, self._seen = self._seen, now
        if (now[0] or 0) > (before[0] or 0):
            newest = alerts.alerts(self.store).sort("raised_at", descending=True).head(1)
            if newest.height and newest["raised_by"][0] != self.store.actor.name:  # not one's own, just sent
                a = newest.row(0, named=True)
                self.banner.object = t("alert_new", self.lang, what=figures.kind_label(a["kind"], self.lang),
                                       park=self.park_names.get(a["area_id"], a["area_id"]),
                                       when=f"{a['raised_at']:%Y-%m-%d %H:%M}")
                self.banner.visible = True
                self.sound.time = 0
                self.sound.paused = False
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            # the banner goes to the browser now; the numbers and lists on the next tick; the map and
            # figures (a second or more of the server's one event loop) after FIGURES_LAG_MS, so that
            # the other sessions' polls are not kept waiting behind this redraw
            doc.add_next_tick_callback(lambda: self.param.update(revision=self.revision + 1))
            doc.add_timeout_callback(lambda: self.param.update(figures_revision=self.figures_revision + 1), FIGURES_LAG_MS)
        else:
            self.param.update(revision=self.revision + 1, figures_revision=self.figures_revision + 1)

    def _start_polling(self) -> None:
        doc = pn.state.curdoc
        if self._callback is None and doc is not None and doc.session_context is not None:
            self._callback = pn.state.add_periodic_callback(self.poll, period=POLL_MS)
            self._doc = doc
            alerts.listeners(self.store).add(self._told)

    def _told(self) -> None:
        """An alert was raised or answered in this server process (maybe by another session): look
        on this page's next tick, in its own session, rather than at the next poll. Called in the
        writer's callback, so this only queues; the banner goes out before the writer's redraw."""
        doc = self._doc

        def look():
            with set_curdoc(doc):
                self.poll()
        doc.add_next_tick_callback(look)

    # -- views -----------------------------------------------------------------------------------
    def _frame(self) -> pl.DataFrame:
        return alerts.alerts(self.store, date.today() - timedelta(days=self.days))

    @param.depends("revision", "days")
    def _numbers(self):
        frame, lang = self._frame(), self.lang
        ack = None
        if frame.height:  # every park and kind together
            ack = alerts.response_times(frame.with_columns(pl.lit("all").alias("all")), alerts.now_utc(),
                                        by=("all",))["median_hours_to_acknowledge"][0]

        def number(key, value, css, colour="#212529"):
            return pn.indicators.Number(name=t(key, lang), value=value, format="{value}", font_size="40pt",
                                        title_size="13pt", default_color=colour, css_classes=[css])
        counts = {s: int((frame["status"] == s).sum()) if frame.height else 0 for s in alerts.STATUSES}
        return pn.FlexBox(
            number("alert_status_open", counts["open"], "number-open", "#c92a2a"),
            number("alert_status_acknowledged", counts["acknowledged"], "number-acknowledged", "#f08c00"),
            number("alert_status_resolved", counts["resolved"], "number-resolved", "#2b8a3e"),
            pn.indicators.Number(name=t("alerts_median_ack", lang), value=round(ack, 1) if ack is not None else 0,
                                 format=tables.hours(ack, lang) + " " + t("hours_short", lang) if ack is not None else "—",
                                 font_size="40pt", title_size="13pt", css_classes=["number-median-ack"]),
            flex_wrap="wrap", gap="8px 28px", sizing_mode="stretch_width")

    def _waiting(self) -> pl.DataFrame:
        return self._frame().filter(pl.col("status") != "resolved")

    @param.depends("revision", "days")
    def _open_list(self):
        """The alerts still waiting."""
        lang = self.lang
        rows = [{t("col_raised", lang): f"{r['raised_at']:%Y-%m-%d %H:%M}",
                 t("col_alert_kind", lang): figures.kind_label(r["kind"], lang),
                 t("col_severity", lang): t(f"severity_{r['severity']}", lang),
                 t("park", lang): self.park_names.get(r["area_id"], r["area_id"]),
                 t("col_partner", lang): self.park_names.get(r["partner_area_id"], "—") if r["partner_area_id"] else "—",
                 t("col_status", lang): t(f"alert_status_{r['status']}", lang),
                 t("col_description", lang): r["description"] or "—"} for r in self._waiting().iter_rows(named=True)]
        table = tables.people_table(pl.DataFrame(rows, schema={k: pl.Utf8 for k in (
            t("col_raised", lang), t("col_alert_kind", lang), t("col_severity", lang), t("park", lang),
            t("col_partner", lang), t("col_status", lang), t("col_description", lang))}), "table-open-alerts", lang,
            page_size=8, narrow=(t("col_severity", lang),), wide=(t("col_description", lang),))
        table.stylesheets = [*table.stylesheets, PHONE_HIDDEN]
        return pn.Column(pn.pane.Markdown(f"### {t('alerts_waiting', lang)}"), table, sizing_mode="stretch_width")

    def _answerable(self) -> dict[str, str]:
        """The waiting alerts this session may answer: label -> alert id, the newest first."""
        lang = self.lang
        return {f"{figures.kind_label(r['kind'], lang)} · {self.park_names.get(r['area_id'], r['area_id'])} · "
                f"{r['raised_at']:%Y-%m-%d %H:%M} · {t('alert_status_' + r['status'], lang)}": r["alert_id"]
                for r in self._waiting().iter_rows(named=True)
                if alerts.may_answer(self.store, self.store.actor, r["area_id"], r["partner_area_id"])}

    def _answers(self):
        """Acknowledge or resolve a waiting alert. Built once and kept: the choice's options follow
        the store, the buttons stay the same (a button redrawn under a person's click, or a test's,
        took the click with it)."""
        lang = self.lang
        if not self.writable("alerts", {p: p for p in self.park_names}):  # a viewer, the public view
            return pn.Column()
        choice = pn.widgets.Select(name=t("alert_to_answer", lang), options=self._answerable(),
                                   css_classes=["answer-alert"], sizing_mode="stretch_width", max_width=640)
        ack = pn.widgets.Button(name=t("alert_acknowledge", lang), button_type="warning", css_classes=["alert-ack"])
        done = pn.widgets.Button(name=t("alert_resolve", lang), button_type="success", css_classes=["alert-resolve"])
        message = pn.pane.Alert("", visible=False, css_classes=["answer-message"])
        controls = pn.Column(choice, pn.Row(ack, done), sizing_mode="stretch_width", visible=bool(choice.options))

        def follow(*_):
            """New options from the store: an alert that just came is chosen (the banner announced
            it; the newest first); otherwise the person's choice stays while it is still waiting."""
            options = self._answerable()
            before = set(choice.options.values())
            new = [v for v in options.values() if v not in before]
            kept = choice.value if choice.value in options.values() else None
            choice.options = options
            choice.value = new[0] if new else (kept if kept is not None else next(iter(options.values()), None))
            controls.visible = bool(options)
        self.param.watch(follow, ["revision", "days"])

        def answer(step, status):
            def go(_):
                alert_id = choice.value
                label = next((k for k, v in choice.options.items() if v == alert_id), alert_id)
                try:
                    step(self.store, alert_id)
                except (alerts.AlertRefused, AccessDenied) as exc:
                    message.object, message.alert_type, message.visible = str(exc), "danger", True
                    return
                message.object = f"{t('alert_status_' + status, lang)}: {label.rsplit(' · ', 1)[0]}"
                message.alert_type, message.visible = "success", True
                self.poll()
            return go
        ack.on_click(answer(alerts.acknowledge, "acknowledged"))
        done.on_click(answer(alerts.resolve, "resolved"))
        return pn.Column(controls, message, sizing_mode="stretch_width")

    @param.depends("figures_revision", "days", "region")
    def _map(self):
        lang = self.lang
        frame = self._frame().filter(pl.col("region_id") == self.region)
        layers = self.store.query("region_map_layers", region=self.region, lang=lang)
        fires = fires_of.hotspots(self.store, self.region, date.today() - timedelta(days=self.days))
        parts = [Figure(figures.alert_map(frame, layers, lang, fires=fires, css="alerts-map")),
                 pn.pane.HTML(figures.legend(lang), width=600)]
        burned = fires_of.by_park(fires)
        if burned.height:
            rows = [{t("park", lang): self.park_names.get(r["area_id"], r["area_id"]) if r["area_id"] else t("between_parks", lang),
                     t("col_hotspots", lang): str(r["hotspots"]), t("col_high_confidence", lang): str(r["high_confidence"]),
                     t("col_fire_days", lang): str(r["fire_days"]), t("col_last_fire", lang): f"{r['last']:%Y-%m-%d}"}
                    for r in burned.iter_rows(named=True)]
            parts += [pn.pane.Markdown(f"### {t('fires_by_park', lang)}"),
                      tables.people_table(pl.DataFrame(rows), "table-fires", lang, page_size=8)]
        return pn.Column(*parts, width=620)

    @param.depends("figures_revision", "days")
    def _figures(self):
        lang, frame = self.lang, self._frame()
        if frame.is_empty():
            return pn.pane.Markdown(t("alerts_none", lang), css_classes=["alerts-none"])
        times = alerts.response_times(frame, alerts.now_utc())
        table = pl.DataFrame([{
            t("park", lang): self.park_names.get(r["area_id"], r["area_id"]),
            t("col_alert_kind", lang): figures.kind_label(r["kind"], lang),
            t("alerts_count", lang): str(r["raised"]), t("alert_status_open", lang): str(r["open"]),
            t("alerts_median_ack", lang): tables.hours(r["median_hours_to_acknowledge"], lang),
            t("alerts_median_resolve", lang): tables.hours(r["median_hours_to_resolve"], lang),
        } for r in times.iter_rows(named=True)])
        by_park = alerts.response_times(frame, alerts.now_utc(), by=("area_id",))
        return pn.Column(
            Figure(figures.timeline(alerts.by_month(frame), lang, css="alerts-timeline"),
                          sizing_mode="stretch_width"),
            pn.pane.Markdown(f"### {t('alerts_response_times', lang)}"),
            pn.pane.Markdown(t("alerts_response_note", lang), css_classes=["response-note"]),
            tables.people_table(table, "table-response-times", lang, page_size=12),
            Figure(figures.response_bars(by_park, self.park_names, lang, css="alerts-response-plot"),
                          sizing_mode="stretch_width"),
            sizing_mode="stretch_width")

    def _form(self):
        """Raise an alert: one column of full-width fields, usable on a phone."""
        lang = self.lang
        parks = self.writable("alerts", {f"{v} ({k})": k for k, v in sorted(self.park_names.items(), key=lambda kv: kv[1])})
        if not parks:
            return self.read_only_note()
        wide = {"sizing_mode": "stretch_width", "max_width": 560, "stylesheets": FORM_CSS}
        w = {
            "kind": pn.widgets.Select(name=t("col_alert_kind", lang), options={figures.kind_label(k, lang): k for k in alerts.KINDS},
                                      css_classes=["alert-kind"], **wide),
            "severity": pn.widgets.RadioButtonGroup(name=t("col_severity", lang), value="medium",
                                                    options={t(f"severity_{s}", lang): s for s in alerts.SEVERITIES},
                                                    button_type="light", css_classes=["alert-severity"], **wide),
            "park": pn.widgets.Select(name=t("park", lang), options=parks, css_classes=["alert-park"], **wide),
            "latitude": pn.widgets.FloatInput(name=t("latitude", lang), value=None, start=-90, end=90, step=0.001,
                                              css_classes=["alert-lat"], **wide),
            "longitude": pn.widgets.FloatInput(name=t("longitude", lang), value=None, start=-180, end=180, step=0.001,
                                               css_classes=["alert-lon"], **wide),
            "description": pn.widgets.TextAreaInput(name=t("col_description", lang), height=90,
                                                    css_classes=["alert-description"], **wide),
            "photo": pn.widgets.FileInput(accept=".jpg,.jpeg,.png", css_classes=["alert-photo"], **wide),
        }
        send = pn.widgets.Button(name=t("alert_raise", lang), button_type="danger", css_classes=["alert-send"],
                                 sizing_mode="stretch_width", max_width=560)
        message = pn.pane.Alert("", visible=False, css_classes=["alert-form-message"], sizing_mode="stretch_width")

        def submit(_):
            if w["latitude"].value is None or w["longitude"].value is None:
                message.object, message.alert_type, message.visible = t("alert_needs_place", lang), "danger", True
                return
            try:
                alert_id = alerts.raise_alert(self.store, alerts.Alert(
                    w["kind"].value, w["park"].value, float(w["latitude"].value), float(w["longitude"].value),
                    w["severity"].value, w["description"].value or "", photo=w["photo"].value or None))
            except (alerts.AlertRefused, AccessDenied) as exc:
                message.object, message.alert_type, message.visible = str(exc), "danger", True
                return
            partner = self.store.query("alert", alert_id=alert_id)["partner_area_id"][0]
            message.object = t("alert_raised", lang, id=alert_id) + (
                " " + t("alert_shared_with", lang, park=self.park_names.get(partner, partner)) if partner else "")
            message.alert_type, message.visible = "success", True
            w["description"].value = ""
            self.poll()
        send.on_click(submit)
        return pn.Column(pn.pane.Markdown(f"### {t('alert_raise', lang)}"), w["kind"],
                         pn.pane.Markdown(t("col_severity", lang), margin=(0, 10)), w["severity"], w["park"],
                         w["latitude"], w["longitude"], w["description"],
                         pn.pane.Markdown(t("alert_photo", lang), margin=(0, 10)), w["photo"], send, message,
                         sizing_mode="stretch_width", css_classes=["alert-form"])

    def __panel__(self):
        lang = self.lang
        # what comes before the browser has the page is seen by the first poll (`_seen` is the state built)
        once_the_browser_has_the_page(self._start_polling)
        region = pn.widgets.Select.from_param(self.param.region, name=t("region", lang),
                                              options={self.region_names.get(r, r): r for r in self.param.region.objects},
                                              css_classes=["control-region"], width=260)
        days = pn.widgets.Select.from_param(self.param.days, name=t("alerts_period", lang),
                                            options={t(f"alerts_last_{d}", lang): d for d in self.param.days.objects},
                                            css_classes=["control-days"], width=200)
        return pn.Column(
            self.banner, self.sound, pn.Row(days, region),
            pn.panel(self._numbers),
            pn.panel(self._open_list), self._answers(),
            # side by side on a projector, one above the other on a phone
            pn.FlexBox(pn.panel(self._map, width=620), pn.Column(self._form(), sizing_mode="stretch_width",
                                                                 styles={"flex": "1 1 340px", "max-width": "560px"}),
                       flex_wrap="wrap", gap="12px", sizing_mode="stretch_width", css_classes=["alerts-top"]),
            pn.panel(self._figures), sizing_mode="stretch_width")
