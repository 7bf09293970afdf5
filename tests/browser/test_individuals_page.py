"""The Shared individuals page as an officer meets it: the computed share, every control changing
the plots, passports downloaded, a candidate match confirmed, and a Camtrap DP package uploaded
(a broken one refused with its located message)."""
import csv
import io
import shutil
import zipfile
from datetime import date

import pytest

from bigcats import Store
from bigcats.ingest import camtrapdp
from tests.browser.conftest import (element_text, open_page, redrawn, upload_file, visible_text, wait_for_change,
                                    wait_for_text)
from tests.waiting import wait_until
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def png(page, css: str) -> bytes:
    return page.locator(css).first.screenshot()


def opening_share(store) -> str:
    """'18 of 47': the tigers of the lower Tumen the page opens on, computed by the service."""
    from bigcats import corridors
    from bigcats.sharing import sharing
    from dashboards.figures.individuals import shared_text
    years = corridors.region_choices(store, ("tiger",), "en")["tumen"].default_years
    return shared_text(sharing(store, "tiger", "tumen", years), "en")


def test_share_controls_and_passports(server, browser, demo_reader):
    page, errors, offsite = open_page(browser, f"{server}?page=individuals&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        wait_for_text(page, opening_share(demo_reader))
        for css in (".years-plot canvas", ".timeline-plot canvas"):
            page.locator(css).first.wait_for(state="attached", timeout=60_000)
        body = visible_text(page)
        assert "Amur tiger — shared between the countries, 2013–2015" in body
        shared = opening_share(demo_reader).split(" of ")[0]
        assert f"Shared animals and their IDs in each catalogue ({shared})" in body
        assert "Individual passport" in body and "IDs in each catalogue" in body
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "individuals_controls_0_default.png"))
        years_plot, timeline = png(page, ".years-plot"), png(page, ".timeline-plot")

        # another animal: another timeline and passport
        first_passport = element_text(page.locator(".passport-card").first)
        options = page.locator(".control-animal select option")
        page.locator(".control-animal select").select_option(index=min(3, options.count() - 1))
        assert wait_for_change(page, ".passport-card", first_passport) != first_passport
        redrawn(page, ".timeline-plot", timeline)

        # the period
        page.locator(".control-years .noUi-handle-upper").first.focus()
        page.keyboard.press("ArrowRight")
        wait_for_text(page, "2013–2016")
        redrawn(page, ".years-plot", years_plot)

        # species: leopards, 15 of 89 in the proposal
        page.locator(".control-species select").select_option(label="Amur leopard")
        wait_for_text(page, "Amur leopard — shared between the countries")
        body = visible_text(page)
        assert " of " in body
        page.screenshot(path=str(ARTIFACTS / "individuals_controls_1_leopard.png"))

        # region: Lesser Khingan tigers (species back to tiger first)
        page.locator(".control-species select").select_option(label="Amur tiger")
        wait_for_text(page, "Amur tiger — shared")
        page.locator(".control-region select").select_option(label="Lesser Khingan Mountains")
        wait_for_text(page, "Bastak")
        page.screenshot(path=str(ARTIFACTS / "individuals_controls_2_khingan.png"))

        # passports: printable HTML and CSV, one per animal photographed
        with page.expect_download() as d:
            page.locator(".download-passports-html .bk-btn").first.click()
        doc = open(d.value.path(), encoding="utf-8").read()
        assert doc.startswith("<!DOCTYPE html>") and "DEMO DATA" in doc and "Lesser Khingan Mountains" in doc
        with page.expect_download() as d:
            page.locator(".download-passports-csv .bk-btn").first.click()
        rows = list(csv.DictReader(open(d.value.path(), encoding="utf-8")))
        assert rows and doc.count('class="passport"') == len(rows)
        assert {"catalogue_ids", "sex", "age_class", "first_seen", "last_seen", "detections", "parks"} <= set(rows[0])
        (ARTIFACTS / "passports_khingan.html").write_text(doc, encoding="utf-8")
        pp = browser.new_page(viewport={"width": 1000, "height": 1400})
        pp.goto((ARTIFACTS / "passports_khingan.html").as_uri())
        pp.screenshot(path=str(ARTIFACTS / "passports_khingan_print.png"))
        pp.close()
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()


def test_confirming_a_candidate_match_links_the_catalogues(server, browser, demo_reader):
    # the queue's first candidate of 2013-2025 at the page's limits, as the store computes it
    from dashboards.individuals import SharedIndividuals
    first = demo_reader.query("candidate_matches", species="tiger", region="tumen",
                              max_days=SharedIndividuals.param.max_days.default,
                              max_km=SharedIndividuals.param.max_km.default,
                              date_from=date(2013, 1, 1), date_to=date(2025, 12, 31)).row(0, named=True)
    a_id, b_id = first["individual_a"], first["individual_b"]
    page, errors, _ = open_page(browser, f"{server}?page=individuals&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        wait_for_text(page, opening_share(demo_reader))
        page.locator(".control-years .noUi-handle-upper").first.focus()
        for _ in range(10):            # 2013-2015 -> 2013-2025: the simulation left recent animals unlinked
            page.keyboard.press("ArrowRight")
        wait_for_text(page, "2013–2025")
        queue = wait_until(lambda: (t := element_text(page.locator(".table-candidates").first)) and a_id in t and t,
                           120, "the candidate queue of 2013-2025")
        before = element_text(page.locator(".shared-headline").first)
        assert a_id in queue and b_id in queue
        page.locator(".link-evidence input").fill("stripe pattern, both flanks")
        page.locator(".link-matched-by input").fill("N. Petrova")
        page.locator(".table-candidates .tabulator-row", has_text=a_id).first.click()
        page.locator(".link-confirm .bk-btn").click()
        wait_for_text(page, f"Link recorded: {first['area_a']} {a_id} = {first['area_b']} {b_id}")
        # the queue is re-read from the store after the write
        wait_until(lambda: a_id not in element_text(page.locator(".table-candidates").first), 60,
                   "the linked pair to leave the queue")
        after = element_text(page.locator(".shared-headline").first)
        assert before != after
        page.screenshot(path=str(ARTIFACTS / "individuals_link_confirmed.png"))
        # a link without evidence is refused with the reason, and nothing is written
        page.locator(".link-evidence input").fill("")
        page.locator(".link-confirm .bk-btn").click()
        wait_for_text(page, "a link needs its evidence")
        assert not errors, errors
    finally:
        page.close()


def zipped(folder) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(folder))
    return buf.getvalue()


def test_officer_uploads_camtrap_dp(server, browser, demo_db, tmp_path):
    with Store.open(demo_db, read_only=True) as store:
        camtrapdp.export_package(store, tmp_path / "good", "POMP", date(2016, 1, 1), date(2016, 12, 31))
    shutil.copytree(tmp_path / "good", tmp_path / "bad")
    lines = (tmp_path / "bad" / "observations.csv").read_text().splitlines()
    lines[3] = lines[3].replace("Panthera tigris altaica", "Panthera leo")
    (tmp_path / "bad" / "observations.csv").write_text("\n".join(lines) + "\n")
    # the same animals under new IDs, so that a good import visibly adds rows
    good = tmp_path / "good"
    for f in ("deployments.csv", "observations.csv", "individuals.csv"):
        (good / f).write_text((good / f).read_text().replace("KHI-2016", "UPL-2016").replace("OBS-", "UPL-"))
    (tmp_path / "bad.zip").write_bytes(zipped(tmp_path / "bad"))
    (tmp_path / "good.zip").write_bytes(zipped(good))

    page, errors, _ = open_page(browser, f"{server}?page=individuals&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        page.locator(".control-region select").wait_for(timeout=60_000)
        page.locator(".control-region select").select_option(label="Lesser Khingan Mountains")
        wait_for_text(page, "Bastak")
        page.locator(".camtrapdp-park select").select_option(label="Pompeevski National Park (planned)")
        upload_file(page, "camtrapdp", tmp_path / "bad.zip")
        page.locator(".camtrapdp-import .bk-btn").click()
        wait_for_text(page, "Refused, nothing was imported")
        text = element_text(page.locator(".camtrapdp-result").first)
        # a lion is a taxon the store may learn, but not what a tiger of the catalogue was photographed as
        assert "observations.csv, row 4, field 'individualID'" in text and "is a tiger in POMP's catalogue" in text
        page.screenshot(path=str(ARTIFACTS / "individuals_upload_refused.png"))
        upload_file(page, "camtrapdp", tmp_path / "good.zip")
        page.locator(".camtrapdp-import .bk-btn").click()
        wait_for_text(page, "Imported")
        text = element_text(page.locator(".camtrapdp-result").first)
        assert "deployments: " in text and "observations: 0 added" not in text and "deployments: 0 added" not in text
        assert not errors, errors
    finally:
        page.close()
