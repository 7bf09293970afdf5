"""What the Population trends page, the steering report and a notebook show: the estimates of a
species in a scope by survey year, read from the store, never computed inside a page's request.

An estimate is stored per survey year and method (tables `survey_estimate_runs` and
`survey_estimates`, migration 008) with the version of the camera-trap data it was computed from
(`data_versions`, counted up by every write to a monitoring table). A stored run of an older
version is out of date and not shown. What is missing is computed:

- by the page's `EstimateWorker`, one thread per store connection, after the request has
  returned: the page shows the years already stored and "being computed, N s so far" until the
  worker has stored the rest (SECR takes seconds per year; a closed model a tenth of a second);
- in the caller's thread when it asks to `wait` (the steering report, a notebook, the CLI), and
  stored there when the store is writable, so the next reader finds it.

Why a thread and not a process: DuckDB admits one read-write connection per file, which the
server process holds; the worker writes through it, on the store's write lock, like a form.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Iterable

import polars as pl

from bigcats import population
from bigcats.frames import conform
from bigcats.store import Store, one_transaction

LOG = logging.getLogger("bigcats.trends")
STORED_TABLES = ("survey_estimate_runs", "survey_estimates")
NOTE_SCHEMA = {"year": pl.Int64, "note": pl.Utf8}
ESTIMATE_SCHEMA = {**population.RESULT_SCHEMA, "year": pl.Int32}


@dataclass(frozen=True, order=True)
class SurveyRun:
    """One estimator on one survey year: what is stored, computed and waited for."""
    species: str
    scope: str
    year: int
    method: str
    occasion_days: int


def survey_run(species: str, scope: str, year: int, method: str, occasion_days: int) -> SurveyRun:
    """The run a choice asks for: 'chao' is Mh, and SECR's occasions are always one day."""
    method = population.METHOD_ALIASES.get(method, method)
    if method not in population.METHODS:
        raise population.SurveyError(f"unknown method {method!r}; choose one of {', '.join(population.METHODS)}")
    return SurveyRun(species, scope, int(year), method, 1 if method == "secr" else int(occasion_days))


def monitoring_version(store: Store) -> int:
    """How many writes to the camera-trap data have been committed (the stored runs' version)."""
    return int(store.query("monitoring_version")["version"][0])


# -- computing and storing one run ---------------------------------------------------------------
def compute(store: Store, run: SurveyRun) -> tuple[pl.DataFrame, str | None]:
    """The estimate rows of `run` (ESTIMATE_SCHEMA) and, when the data cannot support the method,
    no rows and the reason."""
    survey = population.Survey(run.species, run.scope, date(run.year, 1, 1), date(run.year, 12, 31))
    try:
        rows = population._estimate(store, survey, run.method, run.occasion_days)
    except population.SurveyError as exc:
        return pl.DataFrame(schema=ESTIMATE_SCHEMA), str(exc)
    return rows.with_columns(pl.lit(run.year).cast(pl.Int32).alias("year")), None


@one_transaction
def save(store: Store, run: SurveyRun, version: int, rows: pl.DataFrame, note: str | None, seconds: float) -> None:
    """Store one run (replacing an earlier one) in one transaction."""
    params = {"species": run.species, "scope": run.scope, "year": run.year, "method": run.method,
              "occasion_days": run.occasion_days}
    with store.transaction(touches=STORED_TABLES) as cur:
        store.run(cur, "drop_survey_run_estimates", **params)
        store.run(cur, "store_survey_run", **params, version=version, note=note, seconds=seconds,
                  computed_at=datetime.now(timezone.utc).replace(tzinfo=None))
        if rows.height:
            cur.register("run_rows", rows.to_arrow())
            try:
                store.run(cur, "store_survey_estimates")
            finally:
                cur.unregister("run_rows")


def compute_and_save(store: Store, run: SurveyRun) -> tuple[pl.DataFrame, str | None]:
    """Compute `run` and store it with the data version it was computed from (read before: a
    write meanwhile makes it out of date at once, rather than passing it off as current). A store
    opened read-only gets the result without keeping it."""
    version = monitoring_version(store)
    started = time.perf_counter()
    rows, note = compute(store, run)
    if not store.read_only:
        save(store, run, version, rows, note, time.perf_counter() - started)
    return rows, note


# -- reading what is stored ----------------------------------------------------------------------
@dataclass(frozen=True)
class StoredTrend:
    """The stored, current runs of one estimator over a span of survey years.

    estimates: ESTIMATE_SCHEMA, every quantity and region of each estimated year;
    notes: NOTE_SCHEMA, the years the data could not support, with the reason;
    pending: the survey years with no current run (to be computed)."""
    estimates: pl.DataFrame
    notes: pl.DataFrame
    pending: tuple[int, ...]


def stored_trend(store: Store, species: str, scope: str, years: tuple[int, int], method: str,
                 occasion_days: int) -> StoredTrend:
    run = survey_run(species, scope, years[0], method, occasion_days)
    params = {"species": species, "scope": scope, "method": run.method, "occasion_days": run.occasion_days,
              "year_from": int(years[0]), "year_to": int(years[1]), "version": monitoring_version(store)}
    runs = store.query("stored_survey_runs", **params)
    estimates = store.query("stored_survey_estimates", **params)
    done = set(runs["year"].to_list())
    wanted = [y for y in population.survey_years(store, scope) if years[0] <= y <= years[1]]
    notes = runs.filter(pl.col("note").is_not_null()).select(pl.col("year").cast(pl.Int64), "note")
    return StoredTrend(conform(estimates, ESTIMATE_SCHEMA, "stored estimates"), notes,
                       tuple(y for y in wanted if y not in done))


def runs_of(species: str, scope: str, years: Iterable[int], method: str, occasion_days: int) -> list[SurveyRun]:
    return [survey_run(species, scope, y, method, occasion_days) for y in years]


# -- the worker ----------------------------------------------------------------------------------
class EstimateWorker:
    """Computes and stores requested runs one at a time, in a thread of its own, newest request
    first (the choice a person just made), each run once however many sessions ask for it."""

    def __init__(self, store: Store):
        self._store = store
        self._queue: list[SurveyRun] = []
        self._requested_at: dict[SurveyRun, float] = {}
        self._running: SurveyRun | None = None
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def request(self, runs: Iterable[SurveyRun]) -> None:
        """Queue `runs` (those not queued yet) ahead of older requests."""
        runs = list(runs)
        with self._wake:
            now = time.monotonic()
            fresh = [r for r in runs if r not in self._queue and r != self._running]
            for r in runs:
                self._requested_at.setdefault(r, now)
            self._queue[:0] = fresh
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="bigcats-estimates", daemon=True)
                self._thread.start()
            self._wake.notify()

    def waiting(self, runs: Iterable[SurveyRun]) -> tuple[int, float]:
        """How many of `runs` are still queued or being computed, and for how many seconds the
        oldest of them has been waited for."""
        with self._wake:
            left = [r for r in runs if r in self._queue or r == self._running]
            since = min((self._requested_at.get(r, time.monotonic()) for r in left), default=time.monotonic())
        return len(left), time.monotonic() - since

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._queue:
                    self._wake.wait()
                run = self._running = self._queue.pop(0)
            try:
                if self._store.on_lake and not stored_trend(self._store, run.species, run.scope, (run.year, run.year),
                                                            run.method, run.occasion_days).pending:
                    continue  # another server process on the lake stored it since it was asked for
                compute_and_save(self._store, run)
            except Exception as exc:  # a failed run must not stop the others, nor be retried on every view
                LOG.exception("estimate %s failed", run)
                try:
                    save(self._store, run, monitoring_version(self._store), pl.DataFrame(schema=ESTIMATE_SCHEMA),
                         f"{type(exc).__name__}: {exc}", 0.0)
                except Exception:
                    LOG.exception("the failure of %s could not be stored", run)
            finally:
                with self._wake:
                    self._running = None
                    self._requested_at.pop(run, None)


def worker(store: Store) -> EstimateWorker:
    """The estimate worker of `store`'s connection (one per server process)."""
    return store.service("estimate_worker", lambda: EstimateWorker(store.for_computation()))


def warm_up(store: Store, species_scopes: Iterable[tuple[str, str]], method: str, occasion_days: int) -> int:
    """Ask the worker for every survey year of each (species, scope) not stored at the current
    data version (what a server process does when it starts: the views opened first are ready,
    or nearly, when the first person comes). Returns how many runs were asked for."""
    runs = []
    for species, scope in species_scopes:
        years = population.survey_years(store, scope)
        if years:
            runs += runs_of(species, scope, stored_trend(store, species, scope, (years[0], years[-1]), method,
                                                         occasion_days).pending, method, occasion_days)
    if runs and store.on_lake:
        # several server processes warm up the same runs: each starts at a different place in the
        # list, and skips what another stored meanwhile (EstimateWorker._work)
        shift = os.getpid() % len(runs)
        runs = runs[shift:] + runs[:shift]
    if runs:
        worker(store).request(runs)
    return len(runs)


# -- what the page, the report and a notebook show ------------------------------------------------
def quantity_of(method: str) -> str:
    """What a method estimates: SECR a density per 100 km², the others a number of animals."""
    return "density_per_100km2" if method == "secr" else "abundance"


REPORTED_COLUMNS = {"year": pl.Int32, "estimate": pl.Float64, "quote": pl.Utf8, "source": pl.Utf8}


@dataclass(frozen=True)
class PopulationTrend:
    """The estimates of one species in one scope, by survey year, by one method.

    estimates, notes: the stored runs' frames (every quantity and region the method returns; the
      years it could not estimate, with the reason);
    series: the scope's own estimate of `quantity` by year, in year order;
    reported: REPORTED_COLUMNS, the figures the proposals report for the scope in that quantity;
    structure: `population.sex_age` of the animals photographed in the period;
    pending: survey years still being computed (only when the caller did not wait for them).
    """
    species: str
    scope: str
    years: tuple[int, int]
    method: str
    quantity: str
    estimates: pl.DataFrame
    notes: pl.DataFrame
    series: pl.DataFrame
    reported: pl.DataFrame
    structure: pl.DataFrame
    pending: tuple[SurveyRun, ...] = ()


def population_trend(store: Store, species: str, scope: str, years: tuple[int, int], method: str,
                     occasion_days: int = 7, wait: bool = True) -> PopulationTrend:
    """Everything the population trend of a species in a scope shows (see `PopulationTrend`).

    wait: compute what is not stored yet here and now (a report, a notebook); False: leave it to
    the store's `worker` and return what is stored, naming the runs still `pending` (a page). A
    store opened read-only cannot keep what a worker computes: there the caller always waits."""
    wait = wait or store.read_only
    stored = stored_trend(store, species, scope, years, method, occasion_days)
    pending = runs_of(species, scope, stored.pending, method, occasion_days)
    if pending and wait:
        computed = [(run, *compute_and_save(store, run)) for run in pending]
        pending = []
        if not store.read_only:
            stored = stored_trend(store, species, scope, years, method, occasion_days)
        else:  # nothing could be kept: add what was computed to what is stored
            stored = StoredTrend(
                pl.concat([stored.estimates, *(rows for _, rows, _ in computed)]).sort("year"),
                pl.concat([stored.notes, pl.DataFrame([{"year": r.year, "note": n} for r, _, n in computed if n],
                                                      schema=NOTE_SCHEMA)]).sort("year"), ())
    elif pending:
        worker(store).request(pending)
    quantity = quantity_of(method)
    series = stored.estimates.filter((pl.col("quantity") == quantity) & (pl.col("region") == scope)).sort("year")
    reported = (store.query("reported_figures_for_scope", species=species, scope=scope)
                .filter(pl.col("quantity") == quantity))
    structure_ = population.sex_age(store, species, scope, f"{years[0]}-01-01", f"{years[1]}-12-31")
    return PopulationTrend(species, scope, tuple(years), method, quantity, stored.estimates, stored.notes,
                           conform(series, {"year": pl.Int32, "estimate": pl.Float64, "lcl": pl.Float64,
                                            "ucl": pl.Float64, "detected": pl.Int64}, "series"),
                           conform(reported, REPORTED_COLUMNS, "reported"), structure_, tuple(pending))
