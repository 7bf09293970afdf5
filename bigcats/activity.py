"""Activity patterns from the store: when in the day each species is photographed in a survey
scope and period, and how much two species' patterns overlap (`bigcats activity`, notebooks).

Detections are independent photographs (`queries/independent_detections.sql`: none of the same
species at the same camera in the `independence_minutes` before). Times are the park's local
clock time (as stored) or sun time, where that day's sunrise and sunset at the camera are moved
to 06:00 and 18:00 (`bigcats.estimate.activity.sun_time`; sunrise and sunset by `astral`'s NOAA
solar equations), which compares detections across seasons and latitudes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np
import polars as pl

from bigcats.estimate import activity
from bigcats.frames import conform
from bigcats.store import Store

TIME_BASES = ("clock", "sun")
DEFAULT_INDEPENDENCE_MINUTES = 30
DEFAULT_RESAMPLES = 1000
# a page's interval: 200 resamples settle the 95% limits to about ±0.01 of Δ, in a few seconds
PAGE_RESAMPLES = 200
ESTIMATE_COLUMNS = {"estimator": pl.Utf8, "estimate": pl.Float64, "lcl": pl.Float64, "ucl": pl.Float64,
                    "resamples": pl.Int64, "recommended": pl.Boolean}
DENSITY_COLUMNS = {"hour": pl.Float64, "species_id": pl.Utf8, "density": pl.Float64}


def _hours(frame: pl.DataFrame) -> np.ndarray:
    t = frame["observed_at"]
    return (t.dt.hour() + t.dt.minute() / 60 + t.dt.second() / 3600).to_numpy().astype(float)


def _sun_times(frame: pl.DataFrame) -> np.ndarray:
    """Sun time (radians) of each detection: sunrise and sunset at its camera on its date, in the
    park's local clock (the offset of its region and country, data/seed/time_zones.csv)."""
    from astral import Observer
    from astral.sun import sunrise, sunset

    from bigcats.ingest.camtrapdp import utc_offsets
    offsets = utc_offsets()
    clock = activity.clock_radians(_hours(frame))
    rise, set_ = np.empty(frame.height), np.empty(frame.height)
    cache: dict = {}
    for i, r in enumerate(frame.select("latitude", "longitude", "region_id", "country", "observed_at").iter_rows()):
        lat, lon, region, country, at = r
        key = (round(lat, 2), round(lon, 2), at.date(), region, country)
        if key not in cache:
            tz = timezone(timedelta(hours=offsets.get((region, country), 0)))
            where = Observer(latitude=lat, longitude=lon)
            cache[key] = tuple(
                activity.clock_radians(t.hour + t.minute / 60 + t.second / 3600)
                for t in (sunrise(where, at.date(), tzinfo=tz), sunset(where, at.date(), tzinfo=tz)))
        rise[i], set_[i] = cache[key]
    return activity.sun_time(clock, rise, set_)


def detection_times(store: Store, species: str, scope: str, date_from, date_to, time: str = "clock",
                    independence_minutes: int = DEFAULT_INDEPENDENCE_MINUTES) -> np.ndarray:
    """The times of day (radians) of the independent detections of `species` in the scope."""
    if time not in TIME_BASES:
        raise ValueError(f"unknown time {time!r}; choose clock or sun")
    frame = store.for_computation().query(
        "independent_detections", species=species, scope=scope, date_from=str(date_from), date_to=str(date_to),
        independence_minutes=int(independence_minutes))
    if frame.is_empty():
        return np.empty(0)
    return activity.clock_radians(_hours(frame)) if time == "clock" else _sun_times(frame)


@dataclass(frozen=True)
class ActivityOverlap:
    """Two species' activity in one scope and period.

    estimates: ESTIMATE_COLUMNS, Δ1 and Δ4 with their 95% bootstrap intervals, the one Meredith &
      Ridout recommend for these sample sizes marked;
    densities: DENSITY_COLUMNS, each species' kernel density by hour of the day (for a figure)."""
    species: str
    versus: str
    scope: str
    period: tuple[date, date]
    time: str
    independence_minutes: int
    n_species: int
    n_versus: int
    estimates: pl.DataFrame
    densities: pl.DataFrame


def activity_overlap(store: Store, species: str, versus: str, scope: str, date_from, date_to, time: str = "clock",
                     independence_minutes: int = DEFAULT_INDEPENDENCE_MINUTES, resamples: int = DEFAULT_RESAMPLES,
                     seed: int = 1) -> ActivityOverlap:
    """The coefficient of overlapping of the activity of `species` and `versus` (see the module)."""
    a = detection_times(store, species, scope, date_from, date_to, time, independence_minutes)
    b = detection_times(store, versus, scope, date_from, date_to, time, independence_minutes)
    for name, x in ((species, a), (versus, b)):
        if np.unique(x).size < 2:
            raise ValueError(f"{x.size} independent detection(s) of {name} in {scope} from {date_from} to {date_to}: "
                             "too few for an activity pattern")
    best = activity.recommended_estimator(a.size, b.size)
    rows = []
    for estimator in activity.ESTIMATORS:
        r = activity.overlap(a, b, estimator, resamples=resamples, seed=seed)
        rows.append({"estimator": estimator, "estimate": r.estimate, "lcl": r.lcl, "ucl": r.ucl,
                     "resamples": r.resamples, "recommended": estimator == best})
    grid = np.linspace(0, activity.TWO_PI, 97)
    densities = pl.concat([
        pl.DataFrame({"hour": grid / activity.TWO_PI * 24, "species_id": sp,
                      # per hour rather than per radian, so the curve reads against a clock
                      "density": activity.kernel_density(x, grid, activity.bandwidth(x)) * activity.TWO_PI / 24})
        for sp, x in ((species, a), (versus, b))])
    return ActivityOverlap(species, versus, scope, (_day(date_from), _day(date_to)), time, int(independence_minutes),
                           int(a.size), int(b.size), conform(pl.DataFrame(rows), ESTIMATE_COLUMNS, "estimates"),
                           conform(densities, DENSITY_COLUMNS, "densities"))


def _day(x) -> date:
    return x if isinstance(x, date) and not isinstance(x, datetime) else date.fromisoformat(str(x)[:10])


def overlap_of_years(store: Store, species: str, versus: str, scope: str, years: tuple[int, int],
                     time: str = "clock", resamples: int = PAGE_RESAMPLES) -> ActivityOverlap:
    """`activity_overlap` over whole survey years, computed once until the photographs change
    (every session of a server shows the same pair the same way)."""
    key = ("activity_overlap", species, versus, scope, int(years[0]), int(years[1]), time, resamples)
    return store.cached(key, lambda: activity_overlap(store, species, versus, scope, date(int(years[0]), 1, 1),
                                                      date(int(years[1]), 12, 31), time, resamples=resamples),
                        depends_on=("observations", "deployments"))
