"""The steering-meeting report: written by `bigcats report`, opened from disk with the network off,
every section shown with its numbers and plots (the download from a page's button is walked in
tests/browser/test_pages.py)."""
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bigcats import Store
from dashboards.tables import whole_percent
from tests.browser.conftest import SECTIONS, open_offline, visible_text
from tests.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

def expected_numbers(db: Path, proposal: int, lang: str) -> dict:
    """What the report must say, computed from the store by its named queries."""
    with Store.open(db, read_only=True) as s:
        p = s.query("proposal_overview", lang=lang).filter(proposal_id=proposal).row(0, named=True)
        shares = s.query("transboundary_shares", species="leopard", region="tumen",
                         date_from=date(2013, 1, 1), date_to=date(2015, 12, 31)).row(0, named=True)
    return {"share_spent": f"{whole_percent(p['share_spent'])}%", "short_title": p["short_title"],
            "leopards_shared": (shares["shared"], shares["detected"])}


@pytest.fixture(scope="module")
def report_db(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "report.duckdb"
    shutil.copy(demo_db, db)
    return db


def test_report_from_the_command_line_opens_offline_with_every_section(report_db, browser, tmp_path):
    out = tmp_path / "report_p1_ru.html"
    before = date.today()  # the report is dated when it is made: a run across midnight has either day
    run = subprocess.run([sys.executable, "-m", "bigcats.cli", "report", str(out), "--proposal", "1", "--lang", "ru",
                          "--pdf", "--db", str(report_db)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert out.exists() and out.with_suffix(".pdf").exists()
    want = expected_numbers(report_db, 1, "ru")
    context, page, errors, requests = open_offline(browser, out)
    try:
        text = visible_text(page)
        assert "Отчёт для координационного совещания" in text
        assert any(f"Подготовлен {day.isoformat()}" in text for day in {before, date.today()})
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
