"""The app of one browser session: the page, language and reader its link and login ask for.

`bigcats serve` hands Panel `dashboards/entry.py` (shipped in the wheel); `panel serve app.py`
in a clone runs the same `session()`. Only assembles: the pages build themselves from the store."""
from __future__ import annotations

import faulthandler
import gc
import os
import signal

import panel as pn
from bokeh.resources import Resources

from dashboards import bokeh_defaults
from dashboards.server import mode, session_actor
from dashboards.shell import build, process_store, refusal

pn.extension("tabulator", design="bootstrap", notifications=False)
bokeh_defaults.install()  # a third of a page request was Bokeh recomputing defaults (the module says)

# A page request allocates a few hundred thousand Python objects (Panel's and Bokeh's), so with
# Python's default thresholds the collector ran about 20 young collections per page, and each full
# one walked every object the process holds (libraries, the store, live sessions): 10-13% of the
# time of building pages in a row. What is loaded by now lives as long as the process (frozen out
# of the collector's walks), and a collection runs every 20,000 allocations instead of 700; a
# closed session's cycles are still freed, by a full collection about every 70 pages.
# (benchmarks/README.md, session 25.)
gc.freeze()
gc.set_threshold(20_000, 10, 5)

# No figure of the app draws with WebGL and no text of it is LaTeX: every page leaves BokehJS's GL
# and MathJax bundles out (about 2 MB of JavaScript the browser would parse on each page; a page
# drew in 1.8-1.9 s instead of 2.6-2.9 s once its HTML had arrived, measured in Chromium). Bokeh
# names the bundles a server page loads in this class default; Panel adds MathJax to any page with a
# Markdown pane that allows math, so Markdown here never does.
Resources._default_components = ["bokeh", "bokeh-widgets", "bokeh-tables"]
pn.pane.Markdown.disable_math = True

# `kill -USR1 <pid>` writes every thread's stack to the server's log: what a stuck request waits
# for (docs/operations.md), without stopping the server
if hasattr(signal, "SIGUSR1"):
    faulthandler.register(signal.SIGUSR1, all_threads=True)


def _arg(name: str, default: str | None = None) -> str | None:
    values = pn.state.session_args.get(name) if pn.state.session_args else None
    return values[0].decode() if values else default


def served_locally(viewable):
    """Point the session's stylesheets at this server's own copies, as Panel does when it renders a
    page's HTML. With several server processes (`bigcats serve --processes N`, Bokeh's num_procs)
    a page's websocket may reach another process than its HTML did; that process builds the session
    again, without the HTML step, and its stylesheets would name Panel's CDN (offline: unstyled)."""
    from panel.io.resources import LOCAL_DIST, patch_model_css

    doc = pn.state.curdoc
    context = doc.session_context if doc is not None else None
    # only a session made by its websocket (no HTML step before it): patching walks every model
    made_by_websocket = context is not None and getattr(context.request, "path", "").endswith("/ws")
    if made_by_websocket:
        dist_url = f"{pn.state.rel_path}/{LOCAL_DIST}" if pn.state.rel_path else LOCAL_DIST
        doc._template_variables.setdefault("dist_url", dist_url)  # what models made later are patched to
        for root in doc.roots:
            patch_model_css(root, dist_url=dist_url)
    return viewable


def session():
    """The viewable for the current session (its page, language and the reader it acts as)."""
    args = {k: v[0].decode() for k, v in (pn.state.session_args or {}).items() if v}
    lang = _arg("lang", os.environ.get("BIGCATS_LANG"))
    actor = session_actor(process_store())
    if actor is None:  # signed in, but the account is gone
        return refusal(lang or "en")
    return build(_arg("page"), lang, args=args, actor=actor, mode=mode())
