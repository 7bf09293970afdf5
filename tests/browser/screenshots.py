"""Every page in every language at a projector's 1366 x 768 and at 1920 x 1080, as a person sees it
without scrolling: `python -m tests.browser.screenshots [--db STORE] [--out FOLDER]`.

Not a test (88 page loads would double the browser suite's time): `.ci/run` runs it after the
suite, and its pictures go to `tests/artifacts/screens/` with `index.html` showing them side by
side, to be looked at. It serves the demo store (built into a temporary folder unless `--db`
names one) with `panel serve`, as the browser tests do, and for each picture writes down whether
the page's key figures (KEY below) lie wholly inside the window, shown in the index and printed
(the browser walk of tests/browser/test_pages.py asserts it at 1366 x 768); it exits with 1 when a
page logged an error.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import time
from pathlib import Path

from bigcats.i18n import LANGUAGES
from tests.browser.conftest import BOTTOM, CHROMIUM, KEY, POLL_MS, start_server, stop_server
from tests.conftest import ARTIFACTS, ROOT
from tests.waiting import wait_until

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}


def shoot(context, base: str, slug: str, lang: str, out: Path) -> list[dict]:
    """The page at each size (one load, the window resized), with where its key figures end."""
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{base}?page={slug}&lang={lang}", timeout=120_000)
        page.locator(".bigcats-nav").wait_for(state="visible", timeout=60_000)
        for css in KEY[slug]:
            page.wait_for_function(f"(css) => ({BOTTOM})(css) !== null", arg=css, timeout=60_000, polling=POLL_MS)
        page.wait_for_load_state("networkidle")
        rows = []
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function("([w, h]) => window.innerWidth === w && window.innerHeight === h",
                                   arg=[width, height], polling=POLL_MS)
            # the layout settles after a resize: wait until the key figures stop moving
            seen = []

            def settled():
                seen.append({css: page.evaluate(BOTTOM, css) for css in KEY[slug]})
                return len(seen) > 1 and seen[-1] == seen[-2] and ("settled", seen[-1])
            _, bottoms = wait_until(settled, 30, f"{slug} to settle at {size}")
            name = f"{slug}_{lang}_{size}.png"
            page.screenshot(path=str(out / name))
            below = [css for css, b in bottoms.items() if b is None or b > height + 1]
            rows.append({"page": slug, "lang": lang, "size": size, "file": name, "below_the_fold": below,
                         "errors": list(errors)})
        return rows
    finally:
        page.close()


def index(rows: list[dict], out: Path) -> None:
    """A page of the pictures, a row per page and language, both sizes side by side."""
    cells = []
    for r in rows:
        note = ("below the fold: " + ", ".join(r["below_the_fold"])) if r["below_the_fold"] else "key figures in view"
        cells.append(f'<figure><img src="{html.escape(r["file"])}" width="{640 if r["size"] == "1366x768" else 720}">'
                     f'<figcaption>{html.escape(r["page"])} · {r["lang"]} · {r["size"]} · {html.escape(note)}'
                     f'</figcaption></figure>')
    (out / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>bigcats: every page in every language</title>"
        "<style>body{font-family:sans-serif} figure{display:inline-block;margin:8px;vertical-align:top}"
        "img{border:1px solid #ccc}</style>" + "".join(cells), encoding="utf-8")
    (out / "screens.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from dashboards.shell import PAGES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the store to serve (default: a new demo store)")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "screens")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from bigcats.demo import build_store
            db = Path(tmp) / "demo.duckdb"
            build_store(db, demo=True)
        proc, base = start_server(db, Path(tmp) / "serve.log", ["panel", "serve", str(ROOT / "app.py"), "--num-procs", "1"])
        rows, started = [], time.monotonic()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                # one context for every page: the scripts are compiled once (conftest.open_page)
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                for slug in PAGES:
                    for lang in LANGUAGES:
                        rows += shoot(context, base, slug, lang, args.out)
                browser.close()
        finally:
            stop_server(proc)
    index(rows, args.out)
    bad = [r for r in rows if r["below_the_fold"] or r["errors"]]
    print(f"{len(rows)} pictures in {args.out} ({time.monotonic() - started:.0f} s); "
          f"{len(bad)} with a key figure below the fold or an error")
    for r in bad:
        print(f"  {r['file']}: below the fold {r['below_the_fold']}, errors {r['errors'][:3]}")
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
