"""The app of one browser session: the page, language and reader its link and login ask for.

`bigcats serve` hands Panel `dashboards/entry.py` (shipped in the wheel); `panel serve app.py`
in a clone runs the same `session()`. Only assembles: the pages build themselves from the store."""
from __future__ import annotations

import faulthandler
import os
import signal

import panel as pn

from dashboards.server import mode, session_actor
from dashboards.shell import build, process_store, refusal

pn.extension("tabulator", design="bootstrap", notifications=False)

# `kill -USR1 <pid>` writes every thread's stack to the server's log: what a stuck request waits
# for (docs/operations.md), without stopping the server
if hasattr(signal, "SIGUSR1"):
    faulthandler.register(signal.SIGUSR1, all_threads=True)


def _arg(name: str, default: str | None = None) -> str | None:
    values = pn.state.session_args.get(name) if pn.state.session_args else None
    return values[0].decode() if values else default


def session():
    """The viewable for the current session (its page, language and the reader it acts as)."""
    args = {k: v[0].decode() for k, v in (pn.state.session_args or {}).items() if v}
    lang = _arg("lang", os.environ.get("BIGCATS_LANG"))
    actor = session_actor(process_store())
    if actor is None:  # signed in, but the account is gone
        return refusal(lang or "en")
    return build(_arg("page"), lang, args=args, actor=actor, mode=mode())
