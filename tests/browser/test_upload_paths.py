"""The critical hole of issue 11, tried as the attacker did: a client sets the FileInput's
`filename` to an absolute path and to a `../` path on every page with an upload and presses
Import. Nothing may be written outside the server's temporary folder, and the page shows the
client's name only as a plain base name."""
import base64
import uuid
from pathlib import Path

import pytest

from bigcats.i18n import t

from tests.browser.conftest import element_text, open_page, server_holds, server_threads
from tests.conftest import ARTIFACTS
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

SET_UPLOAD = """([cls, filename, b64, mime]) => {
  for (const doc of Bokeh.documents) {
    for (const m of doc.all_models) {
      if (m.type === 'FileInput' || (m.constructor && m.constructor.__name__ === 'FileInput')) {
        if ((m.css_classes || []).includes(cls)) {
          m.setv({mime_type: mime, filename: filename, value: b64});
          return true;
        }
      }
    }
  }
  return false;
}"""

# page, upload class prefix, extension, refused content (so the store is not changed by the test)
UPLOADS = [
    ("budget", "csv", ".csv", b"date,proposal,activity,amount,currency,rate_to_usd,description\n2020-02-10,1,9.9,1,USD,,x\n"),
    ("feasibility", "census", ".csv", b"route_id,area,surveyed_on,length_km,species,crossings\nT-9,NOPE,2022-01-25,5,roe_deer,1\n"),
    ("publications", "pub", ".bib", b"@article{k1, title = {T}, author = {A}, year = {2099}, language = {en}, park = {LLNP}}\n"),
    ("individuals", "camtrapdp", ".zip", b"this is not a zip"),
]


@pytest.mark.parametrize("slug, prefix, ext, content", UPLOADS, ids=[u[0] for u in UPLOADS])
def test_a_client_chosen_file_name_writes_nothing_outside_the_servers_temporary_folder(server, browser, slug, prefix,
                                                                                     ext, content):
    page, errors, offsite = open_page(browser, f"{server}?page={slug}&lang=en")
    page.set_viewport_size({"width": 1400, "height": 1600})
    try:
        page.locator(f".{prefix}-upload").first.wait_for(timeout=90_000)
        for attempt, template in enumerate(("/tmp/{n}{ext}", "../../../../../../tmp/{n}{ext}")):
            n = f"bigcats-attack-{uuid.uuid4().hex}"
            target = Path("/tmp") / f"{n}{ext}"
            assert page.evaluate(SET_UPLOAD, [f"{prefix}-upload", template.format(n=n, ext=ext),
                                              base64.b64encode(content).decode(), "application/octet-stream"])
            server_holds(page, prefix, f"{n}{ext}")  # the click must not overtake the file
            page.locator(f".{prefix}-import .bk-btn").click()
            # the refusal names the client's file by its base name; the import runs in a thread of the
            # server that shares two cores with the estimate worker's SECR fits left by earlier pages
            try:
                wait_until(lambda: f"{n}{ext}" in element_text(page.locator(f".{prefix}-result").first), 180,
                           "the refusal of this file")
            except TimeoutError:  # what the person saw instead, for whoever reads the failure
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"upload_path_waiting_{slug}.png"), full_page=True)
                raise TimeoutError(f"attempt {attempt}: no refusal of {n}{ext} after 180 s; the result shows "
                                   f"{element_text(page.locator(f'.{prefix}-result').first)!r}, the button "
                                   f"{page.locator(f'.{prefix}-import .bk-btn').first.get_attribute('class')!r}; "
                                   f"the server's threads:\n{server_threads(server)}") from None
            text = element_text(page.locator(f".{prefix}-result").first)
            assert "Refused" in text or "refused" in text, text
            assert t("upload_failed", "en") not in text, text  # refused by the importer, not by a bug
            assert "/tmp/" not in text and "../" not in text and "bigcats-upload-" not in text, text
            assert not target.exists(), f"{target} was written by the server"
            assert not list(Path("/tmp").glob(f"{n}*"))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(f".{prefix}-result").first.screenshot(path=str(ARTIFACTS / f"upload_path_refused_{slug}.png"))
        assert not errors, errors
        assert not offsite, offsite
    finally:
        page.close()
