"""Alerts from a park's own log (CSV, or GeoJSON features with the same properties: a Point, or
a Polygon or MultiPolygon for an alert about an area, such as a fire's extent, whose point is then
a point inside it): all or nothing,
every problem located by file, row and column. An alert already stored (the same id: the file's
`alert_id`, or the park, time and kind) is left as it is, so a log can be imported again as it
grows. The importing person is the one who raised them, unless the log says who did.

| column | required | meaning |
|---|---|---|
| `kind` | yes | forest_fire, poaching_sign, poacher_seen, smuggling, snare_found, carcass or other |
| `park` | yes | the protected area raising it |
| `raised_at` | yes | ISO 8601 with its UTC offset (2025-04-12T06:40+10:00) or Z |
| `latitude`, `longitude` | yes | the place (WGS 84), within about 100 km of the park |
| `severity` | no | low, medium (default) or high |
| `description` | no | what was seen (shown only to the two parks' editors and the admins) |
| `partner` | no | the park across the border it concerns (default: the nearest within 30 km) |
| `acknowledged_at`, `resolved_at` | no | when it was answered and closed, same form as `raised_at` |
| `alert_id` | no | the log's own id (letters, digits, `-_./`) |
| `raised_by` | no | who raised it (personal: shown only to the two parks' editors and the admins) |
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bigcats import alerts
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest import checks
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store, one_transaction

REQUIRED = ("kind", "park", "raised_at", "latitude", "longitude")


class AlertsRefused(ImportRefused):
    def __init__(self, file: str, problems: list[tuple], row_word: str = "row", field_word: str = "column"):
        super().__init__(file, [Problem(file, r, c, why, row_word, field_word) for r, c, why in problems])


def _utc(text: str, row, column: str, problems: list) -> datetime | None:
    t = (text or "").strip()
    try:
        when = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        problems.append((row, column, f"{t[:40]!r} is not a date and time (ISO 8601, e.g. 2025-04-12T06:40+10:00)"
                         if t else "required value is empty"))
        return None
    if when.tzinfo is None:
        problems.append((row, column, f"{t!r} has no UTC offset: add it (+10:00) or Z"))
        return None
    return when.astimezone(timezone.utc).replace(tzinfo=None)


@one_transaction
def import_alerts(store: Store, path: str | Path, imported_by: str = "bigcats") -> dict:
    """Add the alerts of a log not stored yet; {'alerts': in the file, 'added': new}."""
    path = Path(path)
    problems: list[tuple] = []
    rows, row_word, field_word = checks.read_points(path, REQUIRED, problems, areas=True)
    if problems:
        raise AlertsRefused(str(path), problems, row_word, field_word)
    stored = set(store.query("alert_ids")["alert_id"])
    out, seen = [], {}
    for i, r in rows:
        raised = _utc(r.get("raised_at", ""), i, "raised_at", problems)
        lat = checks.number(r.get("latitude", ""), i, "latitude", problems, minimum=-90, maximum=90)
        lon = checks.number(r.get("longitude", ""), i, "longitude", problems, minimum=-180, maximum=180)
        ack = _utc(r["acknowledged_at"], i, "acknowledged_at", problems) if r.get("acknowledged_at") else None
        res = _utc(r["resolved_at"], i, "resolved_at", problems) if r.get("resolved_at") else None
        if raised is None or lat is None or lon is None:
            continue
        alert = alerts.Alert((r.get("kind") or "").strip().lower(), (r.get("park") or "").strip(), lat, lon,
                             (r.get("severity") or "medium").strip().lower(), r.get("description") or "", raised,
                             (r.get("partner") or "").strip() or None, area_geojson=r.get("area_geojson") or None)
        before = len(problems)
        problems += [(i, field, why) for field, why in alerts.check(store, alert)]
        if ack is not None and ack < raised:
            problems.append((i, "acknowledged_at", "before the alert was raised"))
        if res is not None and res < (ack or raised):
            problems.append((i, "resolved_at", "before the alert was acknowledged"))
        own_id = (r.get("alert_id") or "").strip()
        if own_id and not checks.identifier(own_id, i, "alert_id", "an alert id", problems):
            continue
        alert_id = own_id or f"{alert.area_id}-{raised:%Y%m%d-%H%M%S}-{alert.kind}"
        if alert_id in seen:
            problems.append((i, "alert_id" if own_id else "raised_at", f"the same alert as {row_word} {seen[alert_id]}"))
        seen.setdefault(alert_id, i)
        if len(problems) > before or alert_id in stored:
            continue
        out.append((alert_id, alert, ack, res, (r.get("raised_by") or "").strip() or None))
    if not rows:
        problems.append((None, None, "no alerts"))
    if problems:
        raise AlertsRefused(str(path), problems, row_word, field_word)
    for park in sorted({a.area_id for _, a, *_ in out}):
        require(store, "alerts", park=park)
    actor = store.actor
    with recorded(store, "import alerts", ["alerts", "imports"], summary=str(path)) as cur:
        for alert_id, a, ack, res, raised_by in out:
            partner = a.partner_area_id or alerts.partner_of(store, a.area_id, a.latitude, a.longitude)
            store.run(cur, "add_alert", alert_id=alert_id, kind=a.kind, severity=a.severity, raised_at=a.raised_at,
                      area_id=a.area_id, partner_area_id=partner, latitude=a.latitude, longitude=a.longitude,
                      description=a.description.strip() or None, photo=None, photo_mediatype=None,
                      raised_by=raised_by or actor.name, source=f"alert log {path.name}", synthetic=False,
                      area_geojson=a.area_geojson)
            if ack is not None:
                store.run(cur, "acknowledge_alert", alert_id=alert_id, at=ack, user_name=actor.name,
                          area_id=partner or a.area_id)
            if res is not None:
                store.run(cur, "resolve_alert", alert_id=alert_id, at=res, user_name=actor.name,
                          area_id=partner or a.area_id)
        record_import(store, cur, "alerts", str(path), imported_by, len(out))
    return {"alerts": len(rows), "added": len(out)}
