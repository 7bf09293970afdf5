"""Stored estimates: what the Population page shows equals a computation from scratch, a write to
the camera-trap data makes them out of date (and only such a write), the worker computes what is
asked for outside the request, and the page never runs an estimator while it is built."""
import threading

import polars as pl
import pytest

from bigcats import population, trends
from bigcats.ingest.links import link_individuals
from tests.integration.test_individual_links import unlinked_true_pairs
from tests.waiting import wait_until

pytestmark = pytest.mark.both_backends  # every writing store on a file and on a lake

SPECIES, SCOPE, YEARS = "leopard", "tumen", (2020, 2021)
COMPARED = ["year", "quantity", "region", "estimate", "se", "lcl", "ucl", "detected", "occasions", "model"]


def from_scratch(store, method="mh", occasion=7) -> pl.DataFrame:
    frame, _ = population.trend(store.for_computation(), SPECIES, SCOPE, *YEARS, method, occasion)
    return frame.select(COMPARED).sort("year", "quantity", "region")


def stored(trend: trends.PopulationTrend) -> pl.DataFrame:
    return trend.estimates.select(COMPARED).sort("year", "quantity", "region")


def test_a_stored_trend_equals_a_computation_from_scratch(demo_store):
    first = trends.stored_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7)
    assert first.pending == YEARS  # nothing stored yet for these years
    trend = trends.population_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7, wait=True)
    assert trend.pending == ()
    assert stored(trend).equals(from_scratch(demo_store))
    runs = demo_store.sql("SELECT year, data_version, seconds FROM survey_estimate_runs ORDER BY year")
    assert runs["year"].to_list() == list(YEARS)
    assert set(runs["data_version"]) == {trends.monitoring_version(demo_store)}
    assert trends.stored_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7).pending == ()


def test_a_link_makes_them_out_of_date_and_they_are_computed_again(demo_store):
    trends.population_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7, wait=True)
    version = trends.monitoring_version(demo_store)
    (area_a, ind_a, area_b, ind_b), *_ = unlinked_true_pairs(demo_store, SPECIES)
    link_individuals(demo_store, area_a, ind_a, area_b, ind_b, "rosettes on both flanks", "N. Petrova")
    assert trends.monitoring_version(demo_store) == version + 1
    assert trends.stored_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7).pending == YEARS
    again = trends.population_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7, wait=True)
    assert stored(again).equals(from_scratch(demo_store))


def test_a_write_elsewhere_leaves_them_current(demo_store):
    from bigcats.ingest.expenditures import add_expenditure
    trends.population_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7, wait=True)
    version = trends.monitoring_version(demo_store)
    add_expenditure(demo_store, 2, "L1", "2021-02-01", "10", "USD", description="fuel for the camera check",
                    confirm_over_budget=True)
    assert demo_store.sql("SELECT count(*) AS n FROM expenditures WHERE description = 'fuel for the camera check'")["n"][0] == 1
    assert trends.monitoring_version(demo_store) == version
    assert trends.stored_trend(demo_store, SPECIES, SCOPE, YEARS, "mh", 7).pending == ()


def test_the_worker_computes_what_is_asked_outside_the_caller(demo_store, monkeypatch):
    threads = []
    compute = trends.compute
    monkeypatch.setattr(trends, "compute", lambda store, run: (threads.append(threading.current_thread()),
                                                               compute(store, run))[1])
    trend = trends.population_trend(demo_store, SPECIES, SCOPE, YEARS, "mt", 14, wait=False)
    assert [r.year for r in trend.pending] == list(YEARS) and trend.series.is_empty()
    worker = trends.worker(demo_store)
    wait_until(lambda: worker.waiting(trend.pending)[0] == 0, 120, "the worker to store the runs")
    assert threads and threading.main_thread() not in threads
    done = trends.population_trend(demo_store, SPECIES, SCOPE, YEARS, "mt", 14, wait=False)
    assert done.pending == ()
    assert stored(done).equals(from_scratch(demo_store, "mt", 14))


def test_a_year_the_data_cannot_support_is_stored_with_its_reason(demo_store):
    # snow leopards are not photographed in the Tumen region: every year has a note, no estimate
    trend = trends.population_trend(demo_store, "snow_leopard", SCOPE, YEARS, "mh", 7, wait=True)
    assert trend.series.is_empty() and trend.pending == ()
    assert trend.notes["year"].to_list() == list(YEARS)
    assert all("too few" in n for n in trend.notes["note"])


def test_the_page_is_built_without_running_an_estimator(demo_store, monkeypatch):
    pytest.importorskip("panel")
    from dashboards.population import PopulationTrends
    asked = []
    monkeypatch.setattr(trends.EstimateWorker, "request", lambda self, runs: asked.extend(runs))
    monkeypatch.setattr(trends, "compute", lambda *a: pytest.fail("an estimator ran while the page was built"))
    page = PopulationTrends(store=demo_store, lang="ru")
    try:
        page.__panel__()
        results = page._results()
        assert asked and {r.year for r in asked} == set(population.survey_years(demo_store, page.scope))
        shown = [o.object for o in results.objects if "being-computed" in (o.css_classes or [])]
        assert shown and "Идёт расчёт" in shown[0]
    finally:
        # the page's watcher of the worker: with no session to end it, it would go on redrawing the
        # page every second on whatever event loop runs in this process (a browser test's
        # Playwright loop: it did, for the rest of a CI run, at 80% of a core)
        while page._watching:
            page._watching.pop().stop()


def test_an_import_and_its_undo_each_make_them_out_of_date(seed_store, tmp_path):
    from bigcats.audit import undo
    from bigcats.ingest.camtrapdp import import_package
    from tests.camtrap_package import make_package
    before = trends.monitoring_version(seed_store)
    import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")
    imported = trends.monitoring_version(seed_store)
    assert imported > before
    undo(seed_store, seed_store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0])
    assert trends.monitoring_version(seed_store) > imported
