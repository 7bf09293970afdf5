"""The bigcats dashboard: `panel serve app.py` or `bigcats serve`. Only assembles the shell."""
import os

import panel as pn

from dashboards.shell import build

pn.extension("tabulator", design="bootstrap", notifications=False)


def _arg(name: str, default: str | None = None) -> str | None:
    values = pn.state.session_args.get(name) if pn.state.session_args else None
    return values[0].decode() if values else default


args = {k: v[0].decode() for k, v in (pn.state.session_args or {}).items() if v}
build(_arg("page"), _arg("lang", os.environ.get("BIGCATS_LANG")), args=args).servable()
