"""Accounts of the store: who they are, their role and parks, and their passwords.

Passwords are hashed with bcrypt (Provos & Mazières 1999); the plain password is never stored, and
an unknown name costs the same bcrypt check as a known one. Only an admin manages accounts
(`access.require(store, "users")`); every change is in the audit trail (password hashes never).
"""
from __future__ import annotations

import os
import re

import bcrypt

from bigcats.access import ROLES, Actor, require
from bigcats.audit import recorded
from bigcats.store import one_transaction


def bcrypt_cost() -> int:
    """bcrypt's work factor: 12 (about a quarter of a second here), at least 10 in service (OWASP's
    password storage guidance); BIGCATS_BCRYPT_COST lowers it only where speed matters more than
    guessing, i.e. the test suite (4)."""
    cost = int(os.environ.get("BIGCATS_BCRYPT_COST", "12"))
    if not 4 <= cost <= 16:
        raise ValueError(f"BIGCATS_BCRYPT_COST={cost}: bcrypt's cost is from 4 to 16 here")
    return cost


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    if len(password.encode("utf-8")) > 72:  # bcrypt reads 72 bytes; refuse rather than truncate
        raise ValueError("a password may have at most 72 bytes")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(bcrypt_cost())).decode("ascii")


def check_user_name(name: str) -> None:
    """A user name is 2 to 64 letters, digits or . _ @ - (what the users table's CHECK allows)."""
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{2,64}", name or ""):
        raise ValueError(f"user name {str(name)[:70]!r}: 2 to 64 letters, digits or . _ @ - (no spaces)")


@one_transaction
def add_user(store, name: str, role: str, password: str, parks: list[str] | None = None) -> Actor:
    """Create an account (admin only). Editors need at least one park; others take none."""
    require(store, "users")
    parks = sorted(set(parks or []))
    check_user_name(name)
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if role == "editor" and not parks:
        raise ValueError("a park editor needs at least one park (--park LLNP)")
    if role != "editor" and parks:
        raise ValueError(f"a {role} is not tied to parks; --park is for editors")
    known = set(store.query("protected_area_ids")["area_id"].to_list())
    unknown = [p for p in parks if p not in known]
    if unknown:
        raise ValueError(f"unknown park(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    hashed = hash_password(password)
    with recorded(store, "add user", ["users", "user_parks"], target=name) as cur:
        if _exists(store, cur, name):
            raise ValueError(f"a user {name!r} exists already")
        store.run(cur, "add_user", name=name, role=role, password_hash=hashed, created_by=store.actor.name)
        for p in parks:
            store.run(cur, "add_user_park", name=name, park=p)
    return Actor(name, role, frozenset(parks))


@one_transaction
def set_password(store, name: str, password: str) -> None:
    require(store, "users")
    hashed = hash_password(password)
    with recorded(store, "set password", ["users"], target=name) as cur:
        if not _exists(store, cur, name):
            raise ValueError(f"no user {name!r}")
        store.run(cur, "set_password_hash", name=name, password_hash=hashed)
        end_sessions_of(store, cur, name)  # a changed password ends every session of the account


@one_transaction
def remove_user(store, name: str) -> None:
    require(store, "users")
    with recorded(store, "remove user", ["users", "user_parks"], target=name) as cur:
        if not _exists(store, cur, name):
            raise ValueError(f"no user {name!r}")
        store.run(cur, "remove_user_parks", name=name)
        store.run(cur, "remove_user", name=name)
        end_sessions_of(store, cur, name)


def _exists(store, cur, name: str) -> bool:
    """Whether the account exists, read inside the caller's transaction."""
    return bool(store.run(cur, "user_exists", name=name).fetchall()[0][0])


def end_sessions_of(store, cur, name: str) -> None:
    """Revoke every login session of an account, inside the caller's transaction (a password
    change or a removal must end the sessions that the old password opened)."""
    store.run(cur, "end_sessions_of_user", name=name)


def account_count(store) -> int:
    """How many accounts the store holds (serving with logins needs at least one admin)."""
    return int(store.query("account_count")["n"][0])


def actor_named(store, name: str) -> Actor | None:
    """The stored account `name` as an Actor, or None if there is none."""
    row = store.query("user_role", name=name)
    if row.is_empty():
        return None
    parks = store.query("user_parks", name=name)["area_id"].to_list()
    return Actor(name, row["role"][0], frozenset(parks))


def check_password(store, name: str, password: str) -> Actor | None:
    """The actor if `password` is the user's, else None (same time spent for unknown users)."""
    row = store.query("user_password_hash", name=name)
    # an unknown name still costs one bcrypt check, so timing does not tell which names exist
    hashed = row["password_hash"][0].encode("ascii") if not row.is_empty() else _DUMMY_HASH
    try:
        ok = bcrypt.checkpw(password.encode("utf-8")[:72], hashed)
    except ValueError:  # not a bcrypt hash (an account restored by an undo): no login until passwd
        ok = False
    return actor_named(store, name) if ok and not row.is_empty() else None


_DUMMY_HASH = bcrypt.hashpw(b"not a password of anyone", bcrypt.gensalt(bcrypt_cost()))
