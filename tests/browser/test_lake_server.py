"""The app served from a lake by two server processes (`bigcats serve --processes 2`): pages show
the lake's numbers, and a write made by another process (a notebook, another machine) reaches
every session opened after it, whichever of the two processes serves it."""
from __future__ import annotations

import pytest

from bigcats.ingest.expenditures import add_expenditure
from bigcats.store import Store
from dashboards.common import money
from tests.browser.conftest import (element_text, open_page, start_server, stop_server, visible_text,
                                    wait_for_change, wait_for_text)
from tests.conftest import ARTIFACTS
from tests.waiting import SERVERS, wait_until

pytestmark = pytest.mark.browser


def _spent(store, proposal: int) -> str:
    overview = store.query("proposal_overview", lang="en").filter(proposal_id=proposal).row(0, named=True)
    return f"Spent: {money(overview['spent_usd'], 'en')}"


def _children(pid: int) -> int:
    from tests.conftest import _children as children
    return len([c for c in children(pid) if "python" in c[1]])


def test_two_server_processes_on_a_lake_show_a_write_made_elsewhere(seed_lake_address, tmp_path, browser):
    # the seed store: no camera-trap survey for the two processes' estimate workers to compute
    # first (what this test is about is the processes, not the estimates)
    lake_address = seed_lake_address
    log = tmp_path / "serve.log"
    proc, base = start_server(lake_address, log, ["bigcats.cli", "serve", "--processes", "2"])
    SERVERS[base] = (proc, log)
    try:
        # Bokeh forks the two processes under the one started here
        wait_until(lambda: _children(proc.pid) == 2, 60, "two server processes")
        # a write through the app (whichever process holds the form's session) reaches the lake
        page, errors, offsite = open_page(browser, f"{base}?page=budget&lang=en")
        try:
            old = element_text(page.locator(".number-budget").first)
            page.locator(".control-proposal .bk-btn", has_text="Proposal 3").click()
            wait_for_change(page, ".number-budget", old)
            page.locator(".form-proposal select").select_option(label="Snow leopard")
            page.locator(".form-date input").fill("2020-06-15")
            page.locator(".form-amount input").fill("250")
            page.locator(".form-description input").fill("camera batteries")
            page.locator(".form-add .bk-btn").click()
            wait_for_text(page, "Saved")
            assert not errors and not offsite, (errors, offsite)
        finally:
            page.close()
        with Store.open(lake_address) as notebook:  # a researcher's notebook, while the server runs
            assert notebook.sql("SELECT count(*) AS n FROM expenditures WHERE description = 'camera batteries'")["n"][0] == 1
            before = _spent(notebook, 1)
            add_expenditure(notebook, 1, "2.1", "2021-06-01", "1000", "USD", description="written from a notebook",
                            confirm_over_budget=True)
            first, third = _spent(notebook, 1), _spent(notebook, 3)
        assert first != before and "250 USD" in third
        for i in range(2):  # sessions go to either process; each shows both writes
            page, errors, offsite = open_page(browser, f"{base}?page=overview&lang=en")
            try:
                page.locator(".budget-number").first.wait_for(state="visible", timeout=60_000)
                body = visible_text(page)
                assert first in body and third in body  # Proposals 1 and 3 (Proposal 2 still 0)
                assert not errors and not offsite, (errors, offsite)
                if i == 0:
                    page.screenshot(path=str(ARTIFACTS / "lake_two_processes_overview.png"), full_page=True)
            finally:
                page.close()
    finally:
        stop_server(proc)
