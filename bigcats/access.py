"""Who may write what: accounts, roles and the check every write function makes.

Roles (issue 6):
- viewer: reads what is published; writes nothing.
- editor: a park editor; writes the data of the parks assigned to them: their catalogue (Camtrap DP
  imports, individual links that involve their park), their census, their publications, and the
  expenditures of the proposals their parks belong to (`proposal_areas`).
- admin: everything, including accounts, scorecard criteria, park boundaries and undo.

The check lives here, in the library, and every write function calls `require()` with the actor
the store was opened for (`Store.as_actor`), so hiding a button is never the only guard.
A store opened directly (the command line on the machine that holds the file) acts as the local
administrator: whoever can open the file can write it anyway.

Passwords are hashed with bcrypt (Provos & Mazières 1999); the plain password is never stored.
"""
from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass, field

import bcrypt

ROLES = ("viewer", "editor", "admin")

# What each kind of write touches, and so how it is scoped.
PARK_SCOPED = {"catalogue", "census", "publications"}
PROPOSAL_SCOPED = {"expenditures"}
ADMIN_ONLY = {"scorecard", "areas", "users", "undo"}


class AccessDenied(PermissionError):
    """The actor may not make this write."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role, and (for editors) the parks they edit."""
    name: str
    role: str
    parks: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_see_exact(self, park: str | None) -> bool:
        """Exact camera positions: admins, and the editors of the park that owns them."""
        return self.is_admin or (self.role == "editor" and park in self.parks)


def local_actor() -> Actor:
    """The person at the machine that holds the store file (command line, notebook, local app)."""
    try:
        name = getpass.getuser()
    except Exception:  # no user database entry in some containers
        name = os.environ.get("USER", "local")
    return Actor(name=f"{name} (local)", role="admin")


PUBLIC = Actor(name="public", role="viewer")
# Reports and exported maps leave the programme: they always get generalised positions.
REPORT = Actor(name="report", role="viewer")
# The library's own computations (SECR, crossings) read exact positions and publish only results.
COMPUTATION = Actor(name="computation", role="admin")


def proposal_parks(store, proposal_id: int) -> set[str]:
    rows = store.sql("SELECT area_id FROM proposal_areas WHERE proposal_id = ?", [proposal_id])
    return set(rows["area_id"].to_list())


def allowed(store, actor: Actor, action: str, park: str | None = None, proposal: int | None = None) -> bool:
    """Whether `actor` may make a write of kind `action` on `park` or `proposal`."""
    if actor.is_admin:
        return True
    if actor.role != "editor":
        return False
    if action in PARK_SCOPED:
        return park is not None and park in actor.parks
    if action in PROPOSAL_SCOPED:
        return proposal is not None and bool(actor.parks & proposal_parks(store, int(proposal)))
    return False


def require(store, action: str, park: str | None = None, proposal: int | None = None) -> Actor:
    """Raise AccessDenied unless the store's actor may make this write; returns the actor."""
    actor: Actor = store.actor
    if not allowed(store, actor, action, park, proposal):
        what = f"park {park}" if park else f"proposal {proposal}" if proposal is not None else "this store"
        if actor.role == "viewer":
            reason = "viewers read only"
        elif action in ADMIN_ONLY:
            reason = "only a programme admin may"
        else:
            reason = f"they edit {', '.join(sorted(actor.parks)) or 'no park'}"
        raise AccessDenied(f"{actor.name} ({actor.role}) may not write {action} of {what}: {reason}")
    return actor


# -- accounts ---------------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    if len(password.encode("utf-8")) > 72:  # bcrypt reads 72 bytes; refuse rather than truncate
        raise ValueError("a password may have at most 72 bytes")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def check_user_name(name: str) -> None:
    """A user name is 2 to 64 letters, digits or . _ @ - (what the users table's CHECK allows)."""
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{2,64}", name or ""):
        raise ValueError(f"user name {str(name)[:70]!r}: 2 to 64 letters, digits or . _ @ - (no spaces)")


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
    known = set(store.sql("SELECT area_id FROM protected_areas")["area_id"].to_list())
    unknown = [p for p in parks if p not in known]
    if unknown:
        raise ValueError(f"unknown park(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    hashed = hash_password(password)
    from bigcats.audit import recorded
    with recorded(store, "add user", ["users", "user_parks"], target=name) as cur:
        if cur.execute("SELECT count(*) FROM users WHERE user_name = ?", [name]).fetchone()[0]:
            raise ValueError(f"a user {name!r} exists already")
        cur.execute("INSERT INTO users (user_name, role, password_hash, created_by) VALUES (?, ?, ?, ?)",
                    [name, role, hashed, store.actor.name])
        for p in parks:
            cur.execute("INSERT INTO user_parks VALUES (?, ?)", [name, p])
    return Actor(name, role, frozenset(parks))


def set_password(store, name: str, password: str) -> None:
    require(store, "users")
    hashed = hash_password(password)
    from bigcats.audit import recorded
    with recorded(store, "set password", ["users"], target=name) as cur:
        if not cur.execute("SELECT count(*) FROM users WHERE user_name = ?", [name]).fetchone()[0]:
            raise ValueError(f"no user {name!r}")
        cur.execute("UPDATE users SET password_hash = ? WHERE user_name = ?", [hashed, name])
        from bigcats.logins import end_sessions_of
        end_sessions_of(cur, name)  # a changed password ends every session of the account


def remove_user(store, name: str) -> None:
    require(store, "users")
    from bigcats.audit import recorded
    with recorded(store, "remove user", ["users", "user_parks"], target=name) as cur:
        if not cur.execute("SELECT count(*) FROM users WHERE user_name = ?", [name]).fetchone()[0]:
            raise ValueError(f"no user {name!r}")
        cur.execute("DELETE FROM user_parks WHERE user_name = ?", [name])
        cur.execute("DELETE FROM users WHERE user_name = ?", [name])
        from bigcats.logins import end_sessions_of
        end_sessions_of(cur, name)


def account_count(store) -> int:
    """How many accounts the store holds (serving with logins needs at least one admin)."""
    return int(store.sql("SELECT count(*) AS n FROM users")["n"][0])


def actor_named(store, name: str) -> Actor | None:
    """The stored account `name` as an Actor, or None if there is none."""
    row = store.sql("SELECT role FROM users WHERE user_name = ?", [name])
    if row.is_empty():
        return None
    parks = store.sql("SELECT area_id FROM user_parks WHERE user_name = ?", [name])["area_id"].to_list()
    return Actor(name, row["role"][0], frozenset(parks))


def check_password(store, name: str, password: str) -> Actor | None:
    """The actor if `password` is the user's, else None (same time spent for unknown users)."""
    row = store.sql("SELECT password_hash FROM users WHERE user_name = ?", [name])
    # an unknown name still costs one bcrypt check, so timing does not tell which names exist
    hashed = row["password_hash"][0].encode("ascii") if not row.is_empty() else _DUMMY_HASH
    try:
        ok = bcrypt.checkpw(password.encode("utf-8")[:72], hashed)
    except ValueError:  # not a bcrypt hash (an account restored by an undo): no login until passwd
        ok = False
    return actor_named(store, name) if ok and not row.is_empty() else None


_DUMMY_HASH = bcrypt.hashpw(b"not a password of anyone", bcrypt.gensalt())
