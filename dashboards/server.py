"""Serving the dashboard in one of three modes (`bigcats serve` runs `python -m dashboards.server`):

- local (default): on the machine that holds the store, no login; the person at the machine acts
  as the local administrator (they can open the file anyway).
- auth (`--auth`): every page and every request for data (the page, its websocket) needs a login
  with an account of the store (`bigcats users add`); Panel's basic-auth provider with our own
  check of the bcrypt hash and our own offline login page.
- public (`--public`): the read-only, login-free view for a meeting room: the viewer role, camera
  positions generalised, no forms.

Why one process on a file: DuckDB allows one read-write connection per file, so the server holds
it and every session reads on its own cursor (`Store.cursor`) while writes queue on the store's
lock. A store on a lake (bigcats.lake) is served by several (`--processes N`, or several servers
on several machines behind a proxy with sticky sessions): see docs/operations.md.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import signal
import socket
import sys
from pathlib import Path

import panel as pn
import tornado.escape
from panel.auth import BasicAuthProvider, BasicLoginHandler, LogoutHandler

from bigcats import access, accounts, logins, paths

TEMPLATES = Path(__file__).resolve().parent / "templates"
MODES = ("local", "auth", "public")


def mode() -> str:
    """How this server runs (set by `bigcats serve`); local unless told otherwise."""
    m = os.environ.get("BIGCATS_MODE", "local")
    return m if m in MODES else "local"


LOG = logging.getLogger("bigcats.server")
SESSION_COOKIE = "bigcats_session"
THROTTLE = logins.Throttle()  # failed logins of this server process, per account and address


def secure_cookies(handler) -> bool:
    """Cookies get the Secure flag when the page came over TLS (directly, or through a proxy that
    says so and BIGCATS_TLS=1 is set)."""
    return handler.request.protocol == "https" or os.environ.get("BIGCATS_TLS") == "1"


def cookie_options(handler) -> dict:
    return {"httponly": True, "samesite": "Strict", "secure": secure_cookies(handler),
            "expires_days": logins.SESSION_DAYS, "path": pn.config.cookie_path or "/"}


class StoreLoginHandler(BasicLoginHandler):
    """Panel's login form, checked against the accounts of the store (bcrypt, throttled, locked out
    after repeated failures), off the server's event loop; a session token in a second cookie."""

    async def post(self):
        from dashboards.shell import process_store
        store = process_store()
        name = self.get_argument("username", "")[:64]
        password = self.get_argument("password", "")[:256]
        address = self.request.remote_ip or "unknown"
        try:
            # bcrypt costs ~0.2 s: in a worker thread, so a guesser does not slow every session
            await asyncio.to_thread(logins.authenticate, store, name, password, address, THROTTLE)
            token = await asyncio.to_thread(logins.start_session, store, name)
        except logins.LoginRefused as exc:
            LOG.warning("login refused: user %r from %s: %s", name, address, exc)
            self.redirect(self._login_endpoint + "?error=" + tornado.escape.url_escape(str(exc)))
            return
        LOG.info("login: user %r from %s", name, address)
        self.clear_cookie("is_guest")
        options = cookie_options(self)
        self.set_secure_cookie("user", name, **options)
        self.set_secure_cookie(SESSION_COOKIE, token, **options)
        next_url = self.get_cookie("next_url", "/")
        self.redirect(next_url if next_url.startswith("/") and not next_url.startswith("//") else "/")


class StoreLogoutHandler(LogoutHandler):
    """Logging out revokes the session in the store: a copy of the cookie opens nothing after it."""

    def get(self):
        from dashboards.shell import process_store
        token = self.get_secure_cookie(SESSION_COOKIE, max_age_days=logins.SESSION_DAYS)
        logins.end_session(process_store(), token.decode("utf-8") if token else None)
        self.clear_cookie(SESSION_COOKIE, path=pn.config.cookie_path or "/")
        super().get()


class StoreAuthProvider(BasicAuthProvider):
    @property
    def login_handler(self):
        StoreLoginHandler._login_endpoint = self._login_endpoint
        StoreLoginHandler._login_template = self._login_template
        return StoreLoginHandler

    @property
    def logout_handler(self):
        StoreLogoutHandler._logout_template = self._logout_template
        StoreLogoutHandler._login_endpoint = self._login_endpoint
        return StoreLogoutHandler

    @property
    def get_user(self):
        def get_user(handler):
            """The signed user cookie counts only with a live session of the same account."""
            from dashboards.shell import process_store
            user = handler.get_secure_cookie("user", max_age_days=logins.SESSION_DAYS)
            token = handler.get_secure_cookie(SESSION_COOKIE, max_age_days=logins.SESSION_DAYS)
            if not user or not token:
                return None
            user = user.decode("utf-8")
            if logins.session_user(process_store(), token.decode("utf-8")) != user:
                return None
            return user
        return get_user


def allowed_origins(address: str, port: int) -> list[str] | None:
    """Origins whose pages may open the websocket: loopback needs none (Bokeh's default); on any
    other address the configured host names (BIGCATS_ALLOWED_ORIGINS, comma separated, e.g.
    'dashboard.neaspec.org,10.0.0.5:5006') and this machine's own names on the port."""
    if address in ("127.0.0.1", "localhost", "::1"):
        return None
    names = {address, socket.gethostname(), socket.getfqdn()} - {"0.0.0.0", "::", ""}
    origins = [f"{n}:{port}" for n in sorted(names)]
    extra = [o.strip() for o in os.environ.get("BIGCATS_ALLOWED_ORIGINS", "").split(",") if o.strip()]
    return origins + extra


def session_actor(store) -> access.Actor | None:
    """Who the current browser session acts as, by the server's mode (None: an unknown account)."""
    m = mode()
    if m == "public":
        return access.PUBLIC
    if m == "auth":
        user = pn.state.user
        return accounts.actor_named(store, user) if user else None
    return store.actor


def _stop_with_parent() -> None:
    """In a forked server process: be stopped when the process that forked it ends (Linux's
    PR_SET_PDEATHSIG), so that stopping `bigcats serve --processes N` stops all N."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the processes end with their session's shell
        pass


def serve(port: int, address: str, serve_mode: str, show: bool = False, processes: int = 1) -> None:
    """Serve the app; with processes > 1 (a store on a lake) Bokeh forks that many server processes
    sharing the port, each opening its own store connection after the fork (`process_store`)."""
    os.environ["BIGCATS_MODE"] = serve_mode
    # Bokeh validates every session's document as it is made (a tenth of a page request's time);
    # the pages are the same code for every request, so the test suite checks them instead
    # (tests/integration/test_page_languages.py). BOKEH_VALIDATE_DOC=true turns it back on.
    os.environ.setdefault("BOKEH_VALIDATE_DOC", "false")
    kwargs = {}
    if serve_mode == "auth":
        from bigcats.demo import ensure_store
        from bigcats.store import Store
        with Store.open(ensure_store(), read_only=True) as store:  # closed before the fork
            has_accounts = accounts.account_count(store) > 0
        if not has_accounts:
            raise SystemExit("bigcats serve --auth: the store has no accounts yet; create an admin first:\n"
                             "  bigcats users add NAME --role admin")
        # A secret from the environment keeps sessions across restarts; otherwise one per start.
        kwargs["cookie_secret"] = os.environ.get("BIGCATS_COOKIE_SECRET") or secrets.token_hex(32)
        kwargs["auth_provider"] = StoreAuthProvider(login_template=str(TEMPLATES / "login.html"),
                                                    logout_template=str(TEMPLATES / "logout.html"))
    from dashboards.upload import MAX_UPLOAD_BYTES
    if processes > 1:
        os.register_at_fork(after_in_child=_stop_with_parent)
    pn.serve({"app": str(Path(__file__).with_name("entry.py"))}, port=port, address=address, show=show, start=True, threaded=False,
             websocket_origin=allowed_origins(address, port), title="bigcats", num_procs=processes,
             websocket_max_message_size=MAX_UPLOAD_BYTES * 4 // 3 + 2**20,  # an upload travels base64-encoded
             **kwargs)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m dashboards.server")
    p.add_argument("--port", type=int, default=5006)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--mode", choices=MODES, default="local")
    p.add_argument("--show", action="store_true")
    p.add_argument("--processes", type=int, default=1)
    a = p.parse_args(argv)
    store = os.environ.get("BIGCATS_DB") or paths.default_db_path()
    print(f"serving http://{a.address}:{a.port}/app ({a.mode}; store {store}; {a.processes} process"
          f"{'es' if a.processes > 1 else ''})", file=sys.stderr)
    serve(a.port, a.address, a.mode, a.show, a.processes)


if __name__ == "__main__":
    main()
