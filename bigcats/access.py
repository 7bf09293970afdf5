"""Who may write what: roles and the check every write function makes.

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

Accounts and passwords are in `bigcats/accounts.py`, logins and sessions in `bigcats/logins.py`,
sensitive values in `bigcats/sensitivity.py`: this module only says who may write what.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field


ROLES = ("viewer", "editor", "admin")

# What each kind of write touches, and so how it is scoped.
PARK_SCOPED = {"catalogue", "census", "publications", "habitat", "alerts", "patrols"}
PROPOSAL_SCOPED = {"expenditures"}
ADMIN_ONLY = {"scorecard", "areas", "users", "undo"}
# shared layers no park owns (satellite fire hotspots): any park's editor may add to them
ANY_EDITOR = {"hotspots"}


class AccessDenied(PermissionError):
    """The actor may not make this write."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role, and (for editors) the parks they edit."""
    name: str
    role: str
    parks: frozenset[str] = field(default_factory=frozenset)
    local: bool = False  # the person at the machine (no sign-in), not an account

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
    return Actor(name=name, role="admin", local=True)


PUBLIC = Actor(name="public", role="viewer")
# Reports and exported maps leave the programme: they always get generalised positions.
REPORT = Actor(name="report", role="viewer")
# The library's own computations (SECR, crossings) read exact positions and publish only results.
COMPUTATION = Actor(name="computation", role="admin")


def proposal_parks(store, proposal_id: int) -> set[str]:
    """The parks of a proposal (an editor of any of them may write its expenditures)."""
    rows = store.query("proposal_parks", lang="en")
    return set(rows.filter(rows["proposal_id"] == int(proposal_id))["area_id"].to_list())


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
    return action in ANY_EDITOR and bool(actor.parks)


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
