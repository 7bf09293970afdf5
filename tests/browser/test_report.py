"""The steering-meeting report: written by `bigcats report`, opened from disk with the network off,
every section shown with its numbers and plots; downloaded from the button every page carries."""
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bigcats import Store
from tests.browser.conftest import open_page, visible_text
from tests.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

SECTIONS = {"#key-numbers": 0, "#population": 1, "#shared": 1, "#corridors": 1, "#budget": 1, "#readiness": 0}


def open_offline(browser, path: Path):
    """The report as a director opens it from a USB stick: file://, no network at all."""
    context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("data:", "blob:")) else None)
    page.goto(path.resolve().as_uri())
    page.locator("#corridors canvas").first.wait_for(timeout=60_000)  # Bokeh draws inside shadow roots
    page.wait_for_load_state("networkidle")
    return context, page, errors, requests


def expected_numbers(db: Path, proposal: int, lang: str) -> dict:
    """What the report must say, computed from the store by its named queries."""
    with Store.open(db, read_only=True) as s:
        p = s.query("proposal_overview", lang=lang).filter(proposal_id=proposal).row(0, named=True)
        shares = s.query("transboundary_shares", species="leopard", region="tumen",
                         date_from=date(2013, 1, 1), date_to=date(2015, 12, 31)).row(0, named=True)
    return {"share_spent": f"{100 * p['share_spent']:.1f}%", "short_title": p["short_title"],
            "leopards_shared": (shares["shared"], shares["detected"])}


@pytest.fixture(scope="module")
def report_db(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "report.duckdb"
    shutil.copy(demo_db, db)
    return db


def test_report_from_the_command_line_opens_offline_with_every_section(report_db, browser, tmp_path):
    out = tmp_path / "report_p1_ru.html"
    run = subprocess.run([sys.executable, "-m", "bigcats.cli", "report", str(out), "--proposal", "1", "--lang", "ru",
                          "--pdf", "--db", str(report_db)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert out.exists() and out.with_suffix(".pdf").exists()
    want = expected_numbers(report_db, 1, "ru")
    context, page, errors, requests = open_offline(browser, out)
    try:
        text = visible_text(page)
        assert "Отчёт для координационного совещания" in text
        assert f"Подготовлен {date.today().isoformat()}" in text
        assert want["short_title"] in text and want["share_spent"] in text
        assert "{} из {}".format(*want["leopards_shared"]) in text
        assert page.locator("header .badge").is_visible()  # the demo store: the badge shows
        for css, canvases in SECTIONS.items():
            section = page.locator(css)
            assert section.is_visible(), f"{css} not shown"
            assert len(section.inner_text().strip()) > 40, f"{css} is empty"
            assert section.locator("canvas").count() >= canvases, f"{css} has no plot"
        assert "Положение камер обобщено до сетки 5 км" in page.locator("#corridors").inner_text()
        assert requests == [out.resolve().as_uri()], requests  # nothing but the file itself
        assert not errors, errors
        for i, css in enumerate(SECTIONS):
            page.locator(css).screenshot(path=str(ARTIFACTS / f"report_ru_{i}_{css[1:]}.png"))
        shutil.copy(out, ARTIFACTS / "report_proposal1_ru.html")
    finally:
        context.close()
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    import pypdf
    pages = pypdf.PdfReader(str(pdf)).pages
    pdf_text = " ".join(p.extract_text() for p in pages)
    assert len(pages) >= 4 and "Освоение бюджета" in pdf_text and want["short_title"] in pdf_text
    shutil.copy(pdf, ARTIFACTS / "report_proposal1_ru.pdf")


# Every page carries the button (tests/browser/test_pages.py checks the proposal it offers);
# here one report is downloaded from a page whose link chose a region of another proposal.
def test_the_report_downloaded_from_a_page_is_of_the_proposal_it_shows(server, browser, tmp_path, demo_reader):
    slug, region = "corridors", "khingan"
    serving = demo_reader.query("proposal_overview", lang="en").filter(region_id=region).sort("proposal_id")
    proposal, title = serving["proposal_id"][0], serving["short_title"][0]
    page, errors, offsite = open_page(browser, f"{server}?page={slug}&lang=en&region={region}")
    try:
        button = page.locator(".report-download")
        button.wait_for(timeout=60_000)
        chosen = page.locator(".report-proposal select").evaluate("s => s.options[s.selectedIndex].text")
        assert chosen.startswith(f"Proposal {proposal}:"), chosen
        with page.expect_download(timeout=180_000) as info:
            button.locator(".bk-btn").first.click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.name.startswith(f"bigcats_report_proposal{proposal}_en_")
        context, report, report_errors, requests = open_offline(browser, saved)
        try:
            text = visible_text(report)
            assert "Steering-meeting report" in text and title in text
            for css in SECTIONS:
                assert report.locator(css).is_visible()
            assert not report_errors, report_errors
            report.screenshot(path=str(ARTIFACTS / f"report_from_{slug}.png"))
        finally:
            context.close()
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
