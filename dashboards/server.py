"""Serving the dashboard in one of three modes (`bigcats serve` runs `python -m dashboards.server`):

- local (default): on the machine that holds the store, no login; the person at the machine acts
  as the local administrator (they can open the file anyway).
- auth (`--auth`): every page and every request for data (the page, its websocket) needs a login
  with an account of the store (`bigcats users add`); Panel's basic-auth provider with our own
  check of the bcrypt hash and our own offline login page.
- public (`--public`): the read-only, login-free view for a meeting room: the viewer role, camera
  positions generalised, no forms.

Why one process: DuckDB allows one read-write connection per file, so the server holds it and
every session reads on its own cursor (`Store.cursor`) while writes queue on the store's lock
(see docs/operations.md for scaling with threads and a read-only replica).
"""
from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

import panel as pn
from panel.auth import BasicAuthProvider, BasicLoginHandler

from bigcats import access, paths

TEMPLATES = Path(__file__).resolve().parent / "templates"
MODES = ("local", "auth", "public")


def mode() -> str:
    """How this server runs (set by `bigcats serve`); local unless told otherwise."""
    m = os.environ.get("BIGCATS_MODE", "local")
    return m if m in MODES else "local"


class StoreLoginHandler(BasicLoginHandler):
    """Panel's login form, checked against the accounts of the store (bcrypt), not a plain file."""

    def _validate(self, username, password):
        from dashboards.shell import process_store
        return access.check_password(process_store(), username, password) is not None


class StoreAuthProvider(BasicAuthProvider):
    @property
    def login_handler(self):
        StoreLoginHandler._login_endpoint = self._login_endpoint
        StoreLoginHandler._login_template = self._login_template
        return StoreLoginHandler


def session_actor(store) -> access.Actor | None:
    """Who the current browser session acts as, by the server's mode (None: an unknown account)."""
    m = mode()
    if m == "public":
        return access.PUBLIC
    if m == "auth":
        user = pn.state.user
        return access.actor_named(store, user) if user else None
    return store.actor


def serve(port: int, address: str, serve_mode: str, show: bool = False) -> None:
    os.environ["BIGCATS_MODE"] = serve_mode
    kwargs = {}
    if serve_mode == "auth":
        from dashboards.shell import process_store
        if access.account_count(process_store()) == 0:
            raise SystemExit("bigcats serve --auth: the store has no accounts yet; create an admin first:\n"
                             "  bigcats users add NAME --role admin")
        # A secret from the environment keeps sessions across restarts; otherwise one per start.
        kwargs["cookie_secret"] = os.environ.get("BIGCATS_COOKIE_SECRET") or secrets.token_hex(32)
        kwargs["auth_provider"] = StoreAuthProvider(login_template=str(TEMPLATES / "login.html"),
                                                    logout_template=str(TEMPLATES / "logout.html"))
    origins = None if address in ("127.0.0.1", "localhost") else ["*"]
    pn.serve({"app": str(paths.APP)}, port=port, address=address, show=show, start=True, threaded=False,
             websocket_origin=origins, title="bigcats", num_procs=1, **kwargs)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m dashboards.server")
    p.add_argument("--port", type=int, default=5006)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--mode", choices=MODES, default="local")
    p.add_argument("--show", action="store_true")
    a = p.parse_args(argv)
    print(f"serving http://{a.address}:{a.port}/app ({a.mode}; store {paths.default_db_path()})", file=sys.stderr)
    serve(a.port, a.address, a.mode, a.show)


if __name__ == "__main__":
    main()
