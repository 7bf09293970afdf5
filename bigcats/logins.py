"""Logins: password checks that a guesser cannot hammer, and sessions that end when they should.

- Throttle: after `PER_ACCOUNT` failed logins of an account in a row (counted in the store) and
  `PER_ADDRESS` from one client address (in the server process) within `WINDOW` seconds, attempts
  are refused without checking the password (so a guesser costs the server nothing and learns
  nothing) until the window has passed.
- Lockout: `LOCK_AFTER` failed or refused attempts in a row lock the account in the store (`account_locks`) until an
  admin unlocks it (`bigcats users unlock NAME`); the right password does not open a locked account.
  (OWASP ASVS 4.0 V2.2.1: anti-automation against credential guessing.)
- Sessions: a login creates a random token; the cookie carries it (signed), the store keeps only
  its SHA-256. Logging out revokes it, a password change or removal revokes every session of the
  account, and a cookie whose token is revoked or unknown opens nothing (ASVS V3.3.1, V3.3.3).

An account's failures and its lock live in the store (they survive restarts, and an admin's
unlock clears both); the per-address counters live in the server process.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import defaultdict, deque

from bigcats import accounts, access
from bigcats.audit import recorded
from bigcats.store import one_transaction

WINDOW = 15 * 60          # seconds over which failures are counted
PER_ACCOUNT = 5           # failures per account per window before attempts are refused unchecked
PER_ADDRESS = 50          # failures per client address per window (a shared office NAT has many users)
LOCK_AFTER = 10           # failed or refused attempts in a row that lock the account until an admin unlocks it
LOCKED = "this account is locked after repeated failed logins: ask a programme admin to unlock it"
SESSION_DAYS = 1.0        # a session (and its cookie) lasts at most this long


class LoginRefused(PermissionError):
    """The login was refused; the message is safe to show (it does not say whether the name exists)."""


class Throttle:
    """Failed logins per client address in the last WINDOW seconds, in this server process
    (thread-safe). Per account the count lives in the store (`login_failures`), so an admin's
    unlock clears it and every process sees it."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._fails: dict[str, deque] = defaultdict(deque)

    def blocked_for(self, address: str) -> float:
        """Seconds until this address may try again (0: now)."""
        with self._lock:
            q, now = self._fails[address], self._clock()
            while q and now - q[0] > WINDOW:
                q.popleft()
            return WINDOW - (now - q[0]) if len(q) >= PER_ADDRESS else 0.0

    def failed(self, address: str) -> None:
        with self._lock:
            self._fails[address].append(self._clock())


def _account_wait(store, name: str) -> float:
    """Seconds until this account may be tried again: PER_ACCOUNT failures in a row, the last one
    less than WINDOW ago, hold further attempts off (0: now)."""
    row = store.query("login_failures_of", name=name)
    if row.is_empty() or row["failures"][0] < PER_ACCOUNT or row["ago"][0] is None:
        return 0.0
    return max(0.0, WINDOW - float(row["ago"][0]))


def is_locked(store, name: str) -> bool:
    return not store.query("account_lock", name=name).is_empty()


@one_transaction
def _count_failure(store, name: str) -> None:
    """One more failure in a row of an existing account; locks it at LOCK_AFTER."""
    with store.transaction(touches=["account_locks", "login_failures"]) as cur:
        if not store.run(cur, "user_exists", name=name).fetchall()[0][0]:
            return  # unknown names are throttled in memory only
        store.run(cur, "count_login_failure", name=name)
        n = store.run(cur, "login_failures_of", name=name).fetchall()[0][0]
        if n >= LOCK_AFTER:
            store.run(cur, "lock_account", name=name, failures=n)


@one_transaction
def _clear_failures(store, name: str) -> None:
    with store.transaction(touches=["login_failures"]) as cur:
        store.run(cur, "clear_login_failures", name=name)


def authenticate(store, name: str, password: str, address: str, throttle: Throttle) -> access.Actor:
    """The actor if the login may proceed; LoginRefused otherwise (throttled, locked or wrong)."""
    wait = max(throttle.blocked_for(address), _account_wait(store, name))
    if wait > 0:
        # not checked (a guesser costs nothing and learns nothing), but counted towards the lock
        _count_failure(store, name)
        if is_locked(store, name):
            raise LoginRefused(LOCKED)
        raise LoginRefused(f"too many failed logins: try again in {int(wait // 60) + 1} min")
    if is_locked(store, name):
        raise LoginRefused(LOCKED)
    actor = accounts.check_password(store, name, password)
    if actor is None:
        throttle.failed(address)
        _count_failure(store, name)
        if is_locked(store, name):
            raise LoginRefused(LOCKED)
        raise LoginRefused("wrong user name or password")
    _clear_failures(store, name)
    return actor


def locked_accounts(store):
    """The locked accounts, for the admins' page."""
    return store.query("locked_accounts")


@one_transaction
def unlock(store, name: str) -> None:
    """Unlock an account locked by failed logins (admin only)."""
    access.require(store, "users")
    with recorded(store, "unlock user", ["account_locks", "login_failures"], target=name) as cur:
        if not store.run(cur, "account_lock", name=name).fetchall():
            raise ValueError(f"the account {name!r} is not locked")
        store.run(cur, "remove_account_lock", name=name)
        store.run(cur, "clear_login_failures", name=name)


# -- sessions -------------------------------------------------------------------------------------
def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@one_transaction
def start_session(store, name: str) -> str:
    """A new session token for `name` (the cookie carries it; the store keeps its hash)."""
    token = secrets.token_urlsafe(32)
    with store.transaction(touches=["login_sessions"]) as cur:
        store.run(cur, "start_login_session", token_hash=_digest(token), name=name)
    return token


def session_user(store, token: str | None) -> str | None:
    """The account a live session token belongs to; None when unknown, revoked or expired."""
    if not token:
        return None
    row = store.query("live_session_user", token_hash=_digest(token), max_seconds=SESSION_DAYS * 86400)
    return None if row.is_empty() else row["user_name"][0]


@one_transaction
def end_session(store, token: str | None) -> None:
    """Revoke one session (logout)."""
    if not token:
        return
    with store.transaction(touches=["login_sessions"]) as cur:
        store.run(cur, "end_login_session", token_hash=_digest(token))
