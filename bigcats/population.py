"""Population estimates from the store: the one place that runs the named queries through the
estimators, for the CLI (`bigcats estimate`), the dashboards and researchers in Jupyter.

A survey is a species, a scope (a park's cameras, a region's cameras on both sides of the
border, or one country's side, 'tumen:CN') and a period. Within it the survey window is the span
the scope's cameras were actually running, so closed models are not fed empty occasions.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from shapely import wkb

from bigcats import geo
from bigcats.estimate import closed, histories, secr, structure
from bigcats.store import MONITORING_TABLES, Store

METHODS = ("mna", "m0", "mt", "mh", "secr")
SECR_MASK = "mask"  # the region of an SECR fit's E(N) over its whole habitat mask
METHOD_ALIASES = {"chao": "mh"}
# Mask cells are capped so a whole region fits in seconds; spacing grows past sigma/2 only then.
MAX_MASK_CELLS = 6000

RESULT_SCHEMA = {
    "species_id": pl.Utf8, "scope": pl.Utf8, "period_start": pl.Date, "period_end": pl.Date,
    "method": pl.Utf8, "quantity": pl.Utf8, "region": pl.Utf8, "estimate": pl.Float64, "se": pl.Float64,
    "lcl": pl.Float64, "ucl": pl.Float64, "detected": pl.Int64, "occasions": pl.Int64, "occasion_days": pl.Int64,
    "model": pl.Utf8, "g0": pl.Float64, "sigma_km": pl.Float64, "mask": pl.Utf8, "synthetic": pl.Boolean,
}


class SurveyError(ValueError):
    """The survey asked for cannot be estimated (no cameras, no animals, no recaptures)."""


@dataclass(frozen=True)
class Survey:
    species: str
    scope: str
    date_from: date
    date_to: date

    def detections(self, store: Store) -> pl.DataFrame:
        # estimators need exact camera positions; only their results are shown
        return store.for_computation().query("identified_detections", species=self.species, scope=self.scope,
                                             date_from=self.date_from, date_to=self.date_to)

    def deployments(self, store: Store) -> pl.DataFrame:
        return store.for_computation().query("survey_deployments", scope=self.scope, date_from=self.date_from,
                                             date_to=self.date_to)


def _d(x) -> date:
    return x if isinstance(x, date) else date.fromisoformat(str(x))


def _window(deps: pl.DataFrame, date_from: date, date_to: date) -> tuple[date, date]:
    start = max(date_from, deps["start_at"].min().date())
    end = min(date_to, deps["end_at"].max().date())
    return start, end


def estimate(store: Store, species: str, scope: str, date_from, date_to, method: str,
             occasion: str | int = "1d") -> pl.DataFrame:
    """Estimate the population of a survey by one method; rows in RESULT_SCHEMA.

    mna, m0, mt, mh: abundance of the animals using the scope's cameras (non-spatial, on
    occasions of `occasion`). secr: density per 100 km² and the expected number in each park of
    the scope (spatial, one-day proximity occasions)."""
    method = METHOD_ALIASES.get(method, method)
    if method not in METHODS:
        raise SurveyError(f"unknown method {method!r}; choose one of {', '.join(METHODS)} (or chao)")
    occ = histories.parse_occasion(occasion)
    key = ("estimate", species, scope, str(date_from), str(date_to), method, occ)
    return store.cached(key, lambda: _estimate(store, Survey(species, scope, _d(date_from), _d(date_to)), method, occ),
                        depends_on=MONITORING_TABLES)


def _estimate(store: Store, survey: Survey, method: str, occ: int) -> pl.DataFrame:
    deps = survey.deployments(store)
    if deps.is_empty():
        raise SurveyError(f"no camera of {survey.scope} was running between {survey.date_from} and {survey.date_to}")
    start, end = _window(deps, survey.date_from, survey.date_to)
    det = survey.detections(store)
    synthetic = bool(deps["synthetic"].any() or (det.height and det["synthetic"].any()))
    base = {"species_id": survey.species, "scope": survey.scope, "period_start": start, "period_end": end,
            "method": method, "occasion_days": occ, "synthetic": synthetic}
    if method != "secr":
        h = histories.detection_histories(det, start, end, occ)
        k = histories.n_occasions(start, end, occ)
        _, x = histories.capture_matrix(h, k)
        if method != "mna" and x.shape[0] < 2:
            raise SurveyError(f"{x.shape[0]} animal(s) photographed: too few for {method}")
        row = closed.CLOSED[method](x).row(0, named=True)
        out = {**base, "quantity": "abundance", "region": survey.scope, **{c: row[c] for c in
               ("estimate", "se", "lcl", "ucl", "detected", "occasions", "model")}}
        return pl.DataFrame([out], schema=RESULT_SCHEMA)
    return _secr(store, survey, deps, det, start, end, base)


def secr_habitat(store: Store, scope: str):
    """(region, habitat, parks) of an SECR fit in `scope`, in the region's metres: the habitat is
    the region's land, less the part of each park with a habitat map that its map leaves out; the
    parks are those whose cameras are in the scope (their E(N) is reported)."""
    geom = store.query("scope_habitat", scope=scope)
    region = geom.filter(pl.col("kind") == "land")["region_id"][0]
    land = geo.to_metric(region, wkb.loads(bytes(geom.filter(pl.col("kind") == "land")["wkb"][0])))
    for r in geom.filter(pl.col("kind") == "not_habitat").iter_rows(named=True):
        land = land.difference(geo.to_metric(region, wkb.loads(bytes(r["wkb"]))))
    parks = {r["id"]: geo.to_metric(region, wkb.loads(bytes(r["wkb"])))
             for r in geom.filter(pl.col("kind") == "area").iter_rows(named=True)}
    return region, land, parks


def _secr(store, survey, deps, det, start, end, base) -> pl.DataFrame:
    region, land, parks = secr_habitat(store, survey.scope)
    usage = histories.deployment_days(deps, start, end)
    deps = deps.join(usage, on="deployment_id")
    x, y = geo.to_metric_xy(region, deps["longitude"].to_numpy(), deps["latitude"].to_numpy())
    traps = np.column_stack([x, y])
    seen = histories.days_detected(det, start, end)
    animals = seen["animal_id"].unique().sort().to_list()
    col = {d: i for i, d in enumerate(deps["deployment_id"].to_list())}
    row = {a: i for i, a in enumerate(animals)}
    days = np.zeros((len(animals), len(col)))
    for a, dep, n in seen.iter_rows():
        if dep in col:
            days[row[a], col[dep]] = n
    hint = secr.sigma_hint(days, traps)
    if len(animals) < 2 or hint is None:
        raise SurveyError("SECR needs at least two animals and one photographed at two cameras")
    # the first buffer from the recaptures' spread; checked against the fitted sigma after the fit
    # and widened until the bias it causes is below 1% (secr.fit_secr_wide_enough)
    buffer = 4.0 * hint
    hull_m2 = land.intersection(_buffer_of(traps, buffer)).area
    spacing = max(hint / 2, float(np.sqrt(hull_m2 / MAX_MASK_CELLS)))

    def mask_for(buffer_m: float) -> secr.Mask:
        hull = land.intersection(_buffer_of(traps, buffer_m)).area
        return secr.make_mask(traps, buffer_m, max(spacing, float(np.sqrt(hull / MAX_MASK_CELLS))), habitat=land)

    def regions(mask: secr.Mask) -> dict[str, float]:
        """E(N) over the mask, and over each park's part of it (its habitat the mask covers, km²):
        never a whole park from the few cameras of a corner of it."""
        hull = land.intersection(_buffer_of(traps, mask.buffer_m))
        out = {SECR_MASK: mask.area_km2}
        for a, p in parks.items():
            km2 = float(p.intersection(hull).area / 1e6)
            if km2 > 0:
                out[a] = km2
        return out

    fit = secr.fit_secr_wide_enough(days, traps, deps["active_days"].to_numpy(), mask_for, buffer, regions_km2=regions)
    extra = {"g0": fit["g0"], "sigma_km": fit["sigma_m"] / 1000, "mask": fit["mask"],
             "model": f"SECR half-normal, proximity, {fit['n_traps']} cameras, {fit['trap_days']} camera-days",
             "detected": fit["n_animals"], "occasions": (end - start).days + 1}
    rows = [{**base, **extra, "quantity": "density_per_100km2", "region": survey.scope,
             **{c: fit[c] for c in ("se", "lcl", "ucl")}, "estimate": fit["density_per_100km2"]}]
    for name, a in fit["abundance"].items():
        rows.append({**base, **extra, "quantity": "abundance", "region": name,
                     **{c: a[c] for c in ("estimate", "se", "lcl", "ucl")}})
    return pl.DataFrame(rows, schema=RESULT_SCHEMA)


def _buffer_of(traps: np.ndarray, buffer: float):
    import shapely
    return shapely.union_all(shapely.buffer(shapely.points(traps), buffer, quad_segs=4))


def survey_years(store: Store, scope: str) -> list[int]:
    """The years in which a deployment of `scope` started (its seasons), from the store's
    summary query rather than every deployment's row."""
    return store.query("survey_years", scope=scope)["year"].to_list()


def trend(store: Store, species: str, scope: str, year_from: int, year_to: int, method: str,
          occasion: str | int = "1d") -> pl.DataFrame:
    """The estimate of each survey year in [year_from, year_to] (a year's season is the calendar
    year); years whose data cannot support the method are left out, with the reason kept in
    the column `note` of a second frame."""
    rows, notes = [], []
    for year in survey_years(store, scope):
        if not year_from <= year <= year_to:
            continue
        try:
            rows.append(estimate(store, species, scope, date(year, 1, 1), date(year, 12, 31), method, occasion)
                        .with_columns(pl.lit(year).alias("year")))
        except SurveyError as exc:
            notes.append({"year": year, "note": str(exc)})
    frame = pl.concat(rows) if rows else pl.DataFrame(schema={**RESULT_SCHEMA, "year": pl.Int32})
    return frame, pl.DataFrame(notes, schema={"year": pl.Int64, "note": pl.Utf8})


def sex_age(store: Store, species: str, scope: str, date_from, date_to) -> pl.DataFrame:
    """Sex and life-stage structure of the animals photographed in a survey, by year."""
    det = Survey(species, scope, _d(date_from), _d(date_to)).detections(store)
    if det.is_empty():
        return pl.DataFrame(schema={"year": pl.Int32, "sex": pl.Utf8, "life_stage": pl.Utf8,
                                    "individuals": pl.Int64, "disagreeing": pl.Int64})
    det = det.with_columns(pl.col("observed_at").dt.year().alias("year"))
    parts = [structure.sex_age_structure(g).with_columns(pl.lit(y[0]).cast(pl.Int32).alias("year"))
             for y, g in det.group_by("year", maintain_order=True)]
    return pl.concat(parts).select("year", "sex", "life_stage", "individuals", "disagreeing").sort("year", "sex", "life_stage")


def inputs_json(row: dict) -> str:
    """The inputs of an estimate as stored in population_estimates.inputs."""
    keep = ("scope", "method", "occasion_days", "occasions", "model", "g0", "sigma_km", "mask")
    return json.dumps({k: (str(row[k]) if isinstance(row[k], date) else row[k]) for k in keep if k in row})
