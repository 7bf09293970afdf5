"""Alerts between the parks: forest fires, poaching, smuggling, snares and carcasses seen on one
side of the border and answered on both (Proposal 1, Step 3: "the procedures and system for
information sharing on poaching, smuggling and fire alerts").

An alert is raised by an editor of a park (or an admin) with a kind, a severity, a place and a
description, and optionally a photograph. When its place lies within `NEAR_BORDER_KM` of a
protected area across the border in the same region, that park is its partner: its editors see
the alert exactly and may acknowledge and resolve it, as the raising park's may. Every step is a
write of the audit trail and says who and when. Positions, photographs and people are
generalised or withheld for everyone else (queries/alerts.sql declares them), and the public view
does not show poaching, smuggling or snare alerts until they are resolved.

Response times are estimated with the Kaplan-Meier product-limit estimator (Kaplan & Meier 1958,
eq. 2): an alert still open is censored at the time of reading, not left out, which would make
the parks look faster than they are.
"""
from __future__ import annotations

import logging
import secrets
import threading
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np
import polars as pl

from bigcats.access import PUBLIC, AccessDenied, allowed, require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction

KINDS = ("forest_fire", "poaching_sign", "poacher_seen", "smuggling", "snare_found", "carcass", "other")
SEVERITIES = ("low", "medium", "high")
STATUSES = ("open", "acknowledged", "resolved")
# Kinds whose place would guide a poacher or a smuggler: the public view shows them once resolved.
ENFORCEMENT_KINDS = frozenset({"poaching_sign", "poacher_seen", "smuggling", "snare_found"})
# A place this close to a park across the border concerns that park too (km).
NEAR_BORDER_KM = 30.0
MAX_PHOTO_BYTES = 5_000_000
DESCRIPTION_CHARS = 2000


LOG = logging.getLogger("bigcats.alerts")


class AlertRefused(ValueError):
    """An alert or a step of one was refused; the message says which field and why."""


@dataclass(frozen=True)
class Alert:
    """What a person reports: the place in WGS 84 degrees, the time in UTC (now by default)."""
    kind: str
    area_id: str
    latitude: float
    longitude: float
    severity: str = "medium"
    description: str = ""
    raised_at: datetime | None = None
    partner_area_id: str | None = None  # None: the nearest park across the border within reach, if any
    photo: bytes | None = None
    area_geojson: str | None = None  # an area (Polygon or MultiPolygon, WGS 84); the point is inside it


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _photo_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    raise AlertRefused("field 'photo': not a JPEG or PNG image")


def check(store: Store, alert: Alert) -> list[tuple[str, str]]:
    """The problems of an alert as (field, reason); empty when it may be stored."""
    problems = []
    if alert.kind not in KINDS:
        problems.append(("kind", f"{str(alert.kind)[:40]!r} is not one of {', '.join(KINDS)}"))
    if alert.severity not in SEVERITIES:
        problems.append(("severity", f"{str(alert.severity)[:40]!r} is not one of {', '.join(SEVERITIES)}"))
    areas = set(store.query("area_names", lang="en")["area_id"])
    if alert.area_id not in areas:
        problems.append(("park", f"{str(alert.area_id)[:40]!r} is not a protected area of the store"))
    if alert.partner_area_id is not None and (alert.partner_area_id not in areas or alert.partner_area_id == alert.area_id):
        problems.append(("partner", f"{str(alert.partner_area_id)[:40]!r} is not another protected area of the store"))
    for name, value, bound in (("latitude", alert.latitude, 90), ("longitude", alert.longitude, 180)):
        if not isinstance(value, (int, float)) or not np.isfinite(value) or abs(value) > bound:
            problems.append((name, f"{value!r} is not a number between -{bound} and {bound}"))
    if not problems and alert.area_id in areas:
        env = store.query("area_envelope", area_id=alert.area_id)
        x0, y0, x1, y1 = env.select("x0", "y0", "x1", "y1").row(0)
        margin = 1.0  # about 100 km: an alert may be raised for a place just outside the park
        if not (x0 - margin <= alert.longitude <= x1 + margin and y0 - margin <= alert.latitude <= y1 + margin):
            problems.append(("latitude", f"{alert.latitude:.4f}, {alert.longitude:.4f} is far from {alert.area_id} "
                                         "(more than about 100 km outside its boundary)"))
    if len(alert.description or "") > DESCRIPTION_CHARS:
        problems.append(("description", f"longer than {DESCRIPTION_CHARS} characters"))
    if alert.raised_at is not None and alert.raised_at > now_utc() + timedelta(minutes=5):
        problems.append(("raised_at", f"{alert.raised_at:%Y-%m-%d %H:%M} is in the future"))
    if alert.photo is not None:
        if len(alert.photo) > MAX_PHOTO_BYTES:
            problems.append(("photo", f"larger than {MAX_PHOTO_BYTES // 1_000_000} MB"))
        else:
            try:
                _photo_type(alert.photo)
            except AlertRefused as exc:
                problems.append(("photo", str(exc).split(": ", 1)[1]))
    return problems


def partner_of(store: Store, area_id: str, latitude: float, longitude: float) -> str | None:
    """The park across the border an alert at this place concerns: the nearest protected area of
    another country in the raising park's region, if it lies within NEAR_BORDER_KM."""
    near = store.query("alert_partner_parks", area_id=area_id, latitude=float(latitude), longitude=float(longitude))
    near = near.filter(pl.col("km") <= NEAR_BORDER_KM)
    return near["area_id"][0] if near.height else None


@one_transaction
def raise_alert(store: Store, alert: Alert, source: str = "dashboard form", synthetic: bool = False) -> str:
    """Store a new, open alert raised by the store's actor for their park; returns its id."""
    problems = check(store, alert)
    if problems:
        raise AlertRefused("; ".join(f"field '{f}': {why}" for f, why in problems))
    actor = require(store, "alerts", park=alert.area_id)
    raised_at = alert.raised_at or now_utc()
    partner = alert.partner_area_id or partner_of(store, alert.area_id, alert.latitude, alert.longitude)
    alert_id = f"{alert.area_id}-{raised_at:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
    with recorded(store, "raise alert", ["alerts"], target=alert.area_id, summary=f"{alert.kind} {alert_id}") as cur:
        store.run(cur, "add_alert", alert_id=alert_id, kind=alert.kind, severity=alert.severity, raised_at=raised_at,
                  area_id=alert.area_id, partner_area_id=partner, latitude=float(alert.latitude),
                  longitude=float(alert.longitude), description=(alert.description or "").strip() or None,
                  photo=alert.photo, photo_mediatype=_photo_type(alert.photo) if alert.photo else None,
                  raised_by=actor.name, source=source, synthetic=synthetic, area_geojson=alert.area_geojson)
    listeners(store).notify()
    return alert_id


class Listeners:
    """Whom to tell, in this process, the moment an alert is raised or moved on: the open Alerts
    pages of a server. Each page also polls the store (`last_change`), which is what reaches pages
    of other processes; being told saves the wait for the next poll and the queue behind the
    writer's own redraw. Held weakly: a closed page's listener goes with it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._methods: list[weakref.WeakMethod] = []

    def add(self, method) -> None:
        with self._lock:
            self._methods.append(weakref.WeakMethod(method))

    def notify(self) -> int:
        """Call every live listener (one that fails is dropped and logged); returns how many were told."""
        with self._lock:
            live = [(ref, ref()) for ref in self._methods]
            self._methods = [ref for ref, method in live if method is not None]
        told = 0
        for ref, method in live:
            if method is None:
                continue
            try:
                method()
                told += 1
            except Exception:  # a page whose session has gone: forget it, tell the others
                LOG.exception("an alert listener failed; it is dropped")
                with self._lock:
                    self._methods = [r for r in self._methods if r is not ref]
        return told


def listeners(store: Store) -> Listeners:
    """The alert listeners of `store`'s connection (one set per server process)."""
    return store.service("alert_listeners", Listeners)


def may_answer(store: Store, actor, area_id: str, partner_area_id: str | None) -> bool:
    """Whether `actor` may acknowledge or resolve an alert of these parks: an admin, or an editor
    of the raising park or of the park it concerns."""
    return any(allowed(store, actor, "alerts", park=p) for p in (area_id, partner_area_id) if p)


@one_transaction
def _step(store: Store, alert_id: str, statement: str, action: str, at: datetime | None) -> None:
    row = store.query("alert", alert_id=alert_id)
    if row.is_empty():
        raise AlertRefused(f"no alert {alert_id!r}")
    a = row.row(0, named=True)
    actor = store.actor
    if not may_answer(store, actor, a["area_id"], a["partner_area_id"]):
        parks = " or ".join(p for p in (a["area_id"], a["partner_area_id"]) if p)
        raise AccessDenied(f"{actor.name} ({actor.role}) may not answer alert {alert_id}: only the editors of "
                           f"{parks} and the admins may")
    done = {"acknowledge_alert": ("acknowledged", "resolved"), "resolve_alert": ("resolved",)}[statement]
    if a["status"] in done:
        raise AlertRefused(f"alert {alert_id} is {a['status']} already")
    at = at or now_utc()
    if at < a["raised_at"]:
        raise AlertRefused(f"field 'at': {at:%Y-%m-%d %H:%M} is before the alert was raised")
    # the park the answer is given for: the actor's own of the two (an admin answers for the raising park)
    own = [p for p in (a["partner_area_id"], a["area_id"]) if p and p in actor.parks]
    with recorded(store, action, ["alerts"], target=a["area_id"], summary=alert_id) as cur:
        store.run(cur, statement, alert_id=alert_id, at=at, user_name=actor.name, area_id=own[0] if own else a["area_id"])
    listeners(store).notify()


def acknowledge(store: Store, alert_id: str, at: datetime | None = None) -> None:
    """The alert seen and taken on (by the store's actor, now by default)."""
    _step(store, alert_id, "acknowledge_alert", "acknowledge alert", at)


def resolve(store: Store, alert_id: str, at: datetime | None = None) -> None:
    """The alert dealt with (acknowledged at the same time when it was still open)."""
    _step(store, alert_id, "resolve_alert", "resolve alert", at)


def alerts(store: Store, since: date | None = None) -> pl.DataFrame:
    """The alerts raised since `since` (all by default) as the store's actor may see them: exact
    for the two parks' editors and the admins, generalised otherwise (queries/alerts.sql); the
    public view leaves out enforcement alerts (poaching, smuggling, snares) until resolved."""
    out = store.query("alerts", date_from=since or date(1900, 1, 1))
    if store.actor == PUBLIC:
        out = out.filter(~pl.col("kind").is_in(list(ENFORCEMENT_KINDS)) | (pl.col("status") == "resolved"))
    return out


def last_change(store: Store) -> tuple:
    """(number of alerts, time of the last step, steps taken): what an open page polls to notice a
    change."""
    return store.query("alerts_changed").row(0)


# -- figures a steering meeting asks for (pure functions of the alerts frame) ----------------------

def kaplan_meier_median(hours: np.ndarray, observed: np.ndarray) -> float | None:
    """Median of a time to event from right-censored times (Kaplan & Meier 1958, eq. 2: the
    product-limit estimate S(t) = prod over event times t_i <= t of (1 - d_i / n_i)); the
    smallest time at which S falls to 0.5 or below. None when S never reaches 0.5 (more than
    half the alerts still waiting)."""
    hours, observed = np.asarray(hours, dtype=float), np.asarray(observed, dtype=bool)
    if hours.size == 0:
        return None
    surviving = 1.0
    for t in np.unique(hours[observed]):
        at_risk = np.sum(hours >= t)
        events = np.sum((hours == t) & observed)
        surviving *= 1.0 - events / at_risk
        if surviving <= 0.5:
            return float(t)
    return None


def response_times(frame: pl.DataFrame, now: datetime, by: tuple[str, ...] = ("area_id", "kind")) -> pl.DataFrame:
    """Per group: alerts raised, still open, resolved; the median hours from raising to
    acknowledgement and to resolution (Kaplan-Meier, alerts not yet answered censored at `now`)."""
    rows = []
    if frame.is_empty():
        return pl.DataFrame(schema={**{b: pl.Utf8 for b in by}, "raised": pl.Int64, "open": pl.Int64,
                                    "resolved": pl.Int64, "median_hours_to_acknowledge": pl.Float64,
                                    "median_hours_to_resolve": pl.Float64})
    for key, g in frame.group_by(list(by), maintain_order=True):
        raised = g["raised_at"].to_numpy().astype("datetime64[s]")
        end = np.datetime64(now.replace(tzinfo=None), "s")

        def hours_until(col: str) -> tuple[np.ndarray, np.ndarray]:
            at = g[col].to_numpy().astype("datetime64[s]")
            seen = ~np.isnat(at)
            t = np.where(seen, at, end) - raised
            return np.maximum(t.astype(float) / 3600.0, 0.0), seen

        ack, acked = hours_until("acknowledged_at")
        res, resolved = hours_until("resolved_at")
        rows.append({**dict(zip(by, key)), "raised": g.height, "open": int((~acked).sum()),
                     "resolved": int(resolved.sum()),
                     "median_hours_to_acknowledge": kaplan_meier_median(ack, acked),
                     "median_hours_to_resolve": kaplan_meier_median(res, resolved)})
    return pl.DataFrame(rows).sort(list(by))


def by_month(frame: pl.DataFrame) -> pl.DataFrame:
    """Alerts raised per month and kind (the timeline)."""
    if frame.is_empty():
        return pl.DataFrame(schema={"month": pl.Date, "kind": pl.Utf8, "alerts": pl.UInt32})
    return (frame.with_columns(pl.col("raised_at").dt.truncate("1mo").cast(pl.Date).alias("month"))
            .group_by("month", "kind").agg(pl.len().alias("alerts")).sort("month", "kind"))
