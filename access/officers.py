"""The officer list: add, change, list; who may act; the web sign-in check.

The command line names the officer (`--officer` or `HOSO_OFFICER`) and trusts the operating
system account that runs it (recorded as the channel `cli:<os user>`); the web application
asks for the officer's password. Every change to the list is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from access.models import ROLES, AccessDenied, Actor, Officer, clean_name
from access.passwords import hash_password, needs_rehash, verify_password
from access.roles import allowed, roles_for
from access.store import AccessStore

MAX_NAME = 64


class OfficerError(ValueError):
    """A change to the officer list that cannot be made; the message says why."""


def _how_to_add(name: str) -> str:
    return f"add one with: hoso officers add {_quoted(name)} --role officer (roles: {', '.join(ROLES)})"


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _check_name(name: str) -> str:
    name = clean_name(name)
    if not name or len(name) > MAX_NAME or any(not ch.isprintable() for ch in name):
        raise OfficerError(f"an officer's name has 1 to {MAX_NAME} printable characters")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise OfficerError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def add_officer(catalogue_path: Path | str, name: str, role: str, password: str | None, actor: Actor) -> Officer:
    name, role = _check_name(name), _check_role(role)
    hashed = hash_password(password) if password is not None else None
    with AccessStore(catalogue_path) as store:
        if store.officer(name) is not None:
            raise OfficerError(f"officer {name!r} already exists (change it with: hoso officers set)")
        store.insert_officer(name, role, hashed)
        store.append(officer=actor.name or "-", role=None, action="officer_added", outcome="ok",
                     channel=actor.channel, detail=f"{name} ({role}{', password set' if hashed else ''})")
        return store.officer(name)


def set_officer(catalogue_path: Path | str, name: str, actor: Actor, *, role: str | None = None,
                active: bool | None = None, password: str | None = None) -> Officer:
    name = _check_name(name)
    if role is not None:
        _check_role(role)
    hashed = hash_password(password) if password is not None else None
    with AccessStore(catalogue_path) as store:
        if store.officer(name) is None:
            raise OfficerError(f"no officer {name!r}; {_how_to_add(name)}")
        store.update_officer(name, role=role, active=active, password_hash=hashed)
        changes = [f"role={role}"] * (role is not None) + [f"active={active}"] * (active is not None) \
            + ["password changed"] * (hashed is not None)
        store.append(officer=actor.name or "-", role=None, action="officer_changed", outcome="ok",
                     channel=actor.channel, detail=f"{name}: {', '.join(changes) or 'nothing'}")
        return store.officer(name)


def list_officers(catalogue_path: Path | str) -> list[Officer]:
    if not Path(catalogue_path).exists():
        return []
    with AccessStore(catalogue_path) as store:
        return store.officers()


def authorize(store: AccessStore, actor: Actor, permission: str, *, citizen_id: str | None = None,
              targets: Sequence[tuple[str, str | None]] = ()) -> Officer:
    """The acting officer, if known, active and allowed; else AccessDenied (the refusal is audited).

    A refusal records what was asked for: the citizen asked about and the documents that
    would have been shown (id, its citizen now), so `hoso audit --citizen-id` lists the
    refused attempt on that person's papers too."""
    if not actor.name:
        raise AccessDenied("who is acting? give --officer NAME or set HOSO_OFFICER "
                           "(list: hoso officers list; add: hoso officers add NAME --role officer)")
    officer = store.officer(actor.name)
    reason = None
    if officer is None:
        reason = f"unknown officer {actor.name!r}: {_how_to_add(actor.name)}"
    elif not officer.active:
        reason = f"officer {actor.name!r} is deactivated (a supervisor reactivates with: hoso officers set " \
                 f"{_quoted(actor.name)} --active)"
    elif not allowed(officer.role, permission):
        reason = f"officer {actor.name!r} is {officer.role}; {permission} is for: {', '.join(roles_for(permission))}"
    if reason:
        store.append(officer=actor.name, role=officer.role if officer else None, action=permission,
                     outcome="refused", channel=actor.channel, citizen_id=citizen_id, seen=targets, detail=reason)
        raise AccessDenied(reason)
    return officer


def authorize_at(catalogue_path: Path | str, actor: Actor, permission: str, *, citizen_id: str | None = None,
                 targets: Sequence[tuple[str, str | None]] = ()) -> Officer:
    """`authorize` on a data folder's catalogue; a folder without one has no officers (and is not created)."""
    if not Path(catalogue_path).exists():
        if not actor.name:
            raise AccessDenied("who is acting? give --officer NAME or set HOSO_OFFICER")
        raise AccessDenied(f"unknown officer {actor.name!r}: this data folder has no officers yet; "
                           f"{_how_to_add(actor.name)}")
    with AccessStore(catalogue_path) as store:
        return authorize(store, actor, permission, citizen_id=citizen_id, targets=targets)


def sign_in(catalogue_path: Path | str, name: str, password: str, channel: str) -> Officer | None:
    """The officer if the name and password match an active officer; every attempt is audited."""
    name = clean_name(name)[:MAX_NAME]
    with AccessStore(catalogue_path) as store:
        stored = store.password_hash(name)
        good = verify_password(stored, password)  # runs a hash even for an unknown name
        officer = store.officer(name)
        ok = good and officer is not None and officer.active
        store.append(officer=name or "-", role=officer.role if officer else None, action="sign_in",
                     outcome="ok" if ok else "refused", channel=channel,
                     detail=None if ok else ("deactivated" if good else "wrong name or password"))
        if ok and needs_rehash(stored):
            store.update_officer(name, password_hash=hash_password(password))
        return officer if ok else None
