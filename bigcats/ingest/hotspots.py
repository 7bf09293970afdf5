"""Satellite fire hotspots, as NASA FIRMS publishes them (the "active fire" CSV of VIIRS or MODIS
that a park downloads for its area, or the same points as GeoJSON): all or nothing, every problem
located by file, row and column. A detection already stored (same instrument, satellite, time and
place) is left alone, so overlapping downloads can be imported one after another.

| column | meaning |
|---|---|
| `latitude`, `longitude` | the pixel's centre (WGS 84) |
| `acq_date`, `acq_time` | the overpass: YYYY-MM-DD and HHMM, UTC |
| `confidence` | VIIRS: l, n or h; MODIS: 0-100 (below 30 low, 80 and above high, FIRMS' own classes) |
| `frp` | fire radiative power, MW (optional) |
| `satellite`, `instrument` | e.g. N, VIIRS (optional) |

A GeoJSON file holds Point features with the same names as properties.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest import checks
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store, one_transaction

REQUIRED = ("latitude", "longitude", "acq_date", "acq_time", "confidence")
VIIRS_CONFIDENCE = {"l": "low", "n": "nominal", "h": "high", "low": "low", "nominal": "nominal", "high": "high"}


class HotspotsRefused(ImportRefused):
    def __init__(self, file: str, problems: list[tuple], row_word: str = "row", field_word: str = "column"):
        super().__init__(file, [Problem(file, r, c, why, row_word, field_word) for r, c, why in problems])


def confidence_class(text: str) -> str | None:
    """FIRMS confidence as low, nominal or high: VIIRS' letters, or MODIS' percentage in FIRMS'
    classes (Giglio et al. 2016, MODIS Collection 6 active fire user's guide, section 4.4)."""
    t = (text or "").strip().lower()
    if t in VIIRS_CONFIDENCE:
        return VIIRS_CONFIDENCE[t]
    try:
        v = float(t)
    except ValueError:
        return None
    if not 0 <= v <= 100:
        return None
    return "low" if v < 30 else "high" if v >= 80 else "nominal"


@one_transaction
def import_hotspots(store: Store, path: str | Path, imported_by: str = "bigcats") -> dict:
    """Add the hotspots of a FIRMS CSV or GeoJSON not stored yet; {'hotspots': in the file, 'added': new}."""
    path = Path(path)
    problems: list[tuple] = []
    rows, row_word, field_word = checks.read_points(path, REQUIRED, problems)
    if problems:
        raise HotspotsRefused(str(path), problems, row_word, field_word)
    out, seen = [], {}
    latest = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=1)
    for i, r in rows:
        lat = checks.number(r.get("latitude", ""), i, "latitude", problems, minimum=-90, maximum=90)
        lon = checks.number(r.get("longitude", ""), i, "longitude", problems, minimum=-180, maximum=180)
        day = r.get("acq_date", "")
        hhmm = r.get("acq_time", "").zfill(4)
        try:
            when = datetime.strptime(f"{day} {hhmm}", "%Y-%m-%d %H%M")
        except ValueError:
            problems.append((i, "acq_date" if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else "acq_time",
                             f"{day!r} {r.get('acq_time', '')!r} is not a date YYYY-MM-DD and a time HHMM"))
            continue
        if not datetime(2000, 1, 1) <= when <= latest:
            problems.append((i, "acq_date", f"{day} is not between 2000-01-01 and today"))
        conf = confidence_class(r.get("confidence", ""))
        if conf is None:
            problems.append((i, "confidence", f"{r.get('confidence', '')[:20]!r} is not l, n, h or a percentage 0-100"))
        frp = checks.number(r["frp"], i, "frp", problems, minimum=0) if r.get("frp") else None
        for col in ("satellite", "instrument"):
            if len(r.get(col) or "") > 40:
                problems.append((i, col, "longer than 40 characters"))
        if lat is None or lon is None or conf is None:
            continue
        key = f"{r.get('instrument') or 'fire'}-{r.get('satellite') or 'x'}-{when:%Y%m%d%H%M}-{lat:.4f}-{lon:.4f}"
        if key in seen:
            problems.append((i, "latitude", f"the same detection as {row_word} {seen[key]}"))
            continue
        seen[key] = i
        out.append({"hotspot_id": key, "detected_at": when, "latitude": lat, "longitude": lon, "confidence": conf,
                    "frp_mw": frp, "satellite": r.get("satellite") or None, "instrument": r.get("instrument") or None})
    if not rows:
        problems.append((None, None, "no hotspots"))
    if problems:
        raise HotspotsRefused(str(path), problems, row_word, field_word)
    require(store, "hotspots")  # a layer no park owns: any park's editor, or an admin
    before = store.query("fire_hotspot_count")["n"][0]
    with recorded(store, "import fire hotspots", ["fire_hotspots", "imports"], summary=str(path)) as cur:
        for h in out:
            store.run(cur, "add_fire_hotspot", source=f"fire hotspots {path.name}", **h)
        added = store.run(cur, "fire_hotspot_count").fetchone()[0] - before
        record_import(store, cur, "hotspots", str(path), imported_by, added)
    return {"hotspots": len(out), "added": added}
