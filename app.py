"""The bigcats dashboard: `panel serve app.py` or `bigcats serve`. Only assembles the shell."""
import os

import panel as pn

from dashboards.server import mode, session_actor
from dashboards.shell import build, process_store, refusal

pn.extension("tabulator", design="bootstrap", notifications=False)


def _arg(name: str, default: str | None = None) -> str | None:
    values = pn.state.session_args.get(name) if pn.state.session_args else None
    return values[0].decode() if values else default


args = {k: v[0].decode() for k, v in (pn.state.session_args or {}).items() if v}
lang = _arg("lang", os.environ.get("BIGCATS_LANG"))
actor = session_actor(process_store())
if actor is None:  # signed in, but the account is gone
    refusal(lang or "en").servable()
else:
    build(_arg("page"), lang, args=args, actor=actor, mode=mode()).servable()
