"""The officer list: add, change, list; who may act; the web sign-in check.

The command line names the officer (`--officer` or `HOSO_OFFICER`) and trusts the operating
system account that runs it (recorded as the channel `cli:<os user>`); the web application
asks for the officer's password. Every change to the list is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from access import throttle
from access.models import ROLES, AccessDenied, Actor, Officer, clean_name
from access.passwords import HashingBusy, hash_password, needs_rehash, verify_password
from access.roles import allowed, roles_for
from access.store import AccessStore
from catalogue.database import Location, exists
from catalogue.times import now_utc

MAX_NAME = 64
# No checking slot free: the sign-in is told at once that the system is busy (one waiting for a
# slot would hold a server thread that officers' pages need).
HASH_WAIT_SECONDS = 0.0


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


def add_officer(catalogue_path: Location, name: str, role: str, password: str | None, actor: Actor,
                centre: str | None = None) -> Officer:
    """`centre`: a code of `hoso centres list` (UnknownCentre otherwise); None: the implicit centre."""
    from access.centres import check_centre

    name, role = _check_name(name), _check_role(role)
    if centre is not None:
        check_centre(catalogue_path, centre)
    hashed = hash_password(password) if password is not None else None
    with AccessStore(catalogue_path) as store, store.catalogue.write():  # the change and its entry: one
        if store.officer(name) is not None:
            raise OfficerError(f"officer {name!r} already exists (change it with: hoso officers set)")
        store.insert_officer(name, role, hashed, centre)
        at = f", centre {centre}" if centre else ""
        store.append(officer=actor.name or "-", role=None, action="officer_added", outcome="ok",
                     channel=actor.channel, detail=f"{name} ({role}{', password set' if hashed else ''}{at})",
                     centre=actor.centre)
        return store.officer(name)


def set_officer(catalogue_path: Location, name: str, actor: Actor, *, role: str | None = None,
                active: bool | None = None, password: str | None = None, centre: str | None = None) -> Officer:
    """`centre`: the officer moves to that centre (a code of `hoso centres list`)."""
    from access.centres import check_centre

    name = _check_name(name)
    if role is not None:
        _check_role(role)
    if centre is not None:
        check_centre(catalogue_path, centre)
    hashed = hash_password(password) if password is not None else None
    with AccessStore(catalogue_path) as store, store.catalogue.write():
        if store.officer(name) is None:
            raise OfficerError(f"no officer {name!r}; {_how_to_add(name)}")
        store.update_officer(name, role=role, active=active, password_hash=hashed, centre=centre)
        if hashed is not None or role is not None or active is not None or centre is not None:
            # a session must not outlive the password, rights or centre it was opened with
            store.end_sessions(name)
        changes = [f"role={role}"] * (role is not None) + [f"active={active}"] * (active is not None) \
            + ["password changed"] * (hashed is not None) + [f"centre={centre}"] * (centre is not None)
        store.append(officer=actor.name or "-", role=None, action="officer_changed", outcome="ok",
                     channel=actor.channel, detail=f"{name}: {', '.join(changes) or 'nothing'}", centre=actor.centre)
        return store.officer(name)


def list_officers(catalogue_path: Location) -> list[Officer]:
    if not exists(catalogue_path):
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
                     outcome="refused", channel=actor.channel, citizen_id=citizen_id, seen=targets, detail=reason,
                     centre=actor.centre)
        raise AccessDenied(reason)
    return officer


def authorize_at(catalogue_path: Location, actor: Actor, permission: str, *, citizen_id: str | None = None,
                 targets: Sequence[tuple[str, str | None]] = ()) -> Officer:
    """`authorize` on a data folder's catalogue; a folder without one has no officers (and is not created)."""
    if not exists(catalogue_path):
        if not actor.name:
            raise AccessDenied("who is acting? give --officer NAME or set HOSO_OFFICER")
        raise AccessDenied(f"unknown officer {actor.name!r}: this data folder has no officers yet; "
                           f"{_how_to_add(actor.name)}")
    with AccessStore(catalogue_path) as store:
        return authorize(store, actor, permission, citizen_id=citizen_id, targets=targets)


@dataclass(frozen=True)
class SignInOutcome:
    officer: Officer | None  # signed in, or None
    locked_until: datetime | None = None  # refused unchecked: too many failures for the name or address
    busy: bool = False  # refused unchecked: too many password checks at once
    credential_version: int = 0  # the officer's, when signed in: the session ends when it changes


def attempt_sign_in(catalogue_path: Location, name: str, password: str, channel: str, *,
                    policy: throttle.Policy = throttle.DEFAULT_POLICY, now: datetime | None = None,
                    centre: str | None = None) -> SignInOutcome:
    """Check a name and password unless the name or the channel (client address) must wait; every
    attempt is audited, with why it was refused."""
    name = clean_name(name)[:MAX_NAME]
    now = now or now_utc()
    with AccessStore(catalogue_path) as store:
        until = _locked_until(store, name, channel, policy, now)
        if until is not None:  # knocks while locked: logged once a minute per name and address, as a
            # flood of them would otherwise cost a synced write each and tie up the server's threads
            if not store.recently_logged(name or "-", channel, throttle.LOCKED, now - throttle.LOCKED_LOG_EVERY):
                _audit_sign_in(store, name, None, channel, throttle.LOCKED, centre)
            return SignInOutcome(None, locked_until=until)
        stored = store.password_hash(name)
        try:
            good = verify_password(stored, password, wait=HASH_WAIT_SECONDS)  # hashes even for an unknown name
        except HashingBusy:  # no password was checked, no guess made: not audited (a burst would
            return SignInOutcome(None, busy=True)  # cost a synced write per knock and tie up the server)
        officer = store.officer(name)
        ok = good and officer is not None and officer.active
        _audit_sign_in(store, name, officer, channel,
                       None if ok else ("deactivated" if good else throttle.WRONG_PASSWORD), centre)
        if not ok:
            return SignInOutcome(None)
        if needs_rehash(stored):
            store.update_officer(name, password_hash=hash_password(password))
        return SignInOutcome(officer, credential_version=store.credential_version(name) or 0)


def _locked_until(store: AccessStore, name: str, channel: str, policy: throttle.Policy,
                  now: datetime) -> datetime | None:
    since = now - policy.window
    locks = [throttle.locked_until(store.failed_sign_ins(name=name, since=since, failure=throttle.WRONG_PASSWORD),
                                   policy.name_failures, policy),
             throttle.locked_until(store.failed_sign_ins(channel=channel, since=since,
                                                         failure=throttle.WRONG_PASSWORD),
                                   policy.address_failures, policy)]
    later = max((lock for lock in locks if lock is not None), default=None)
    return later if later is not None and later > now else None


def _audit_sign_in(store: AccessStore, name: str, officer: Officer | None, channel: str, refusal: str | None,
                   centre: str | None = None) -> None:
    store.append(officer=name or "-", role=officer.role if officer else None, action="sign_in",
                 outcome="refused" if refusal else "ok", channel=channel, detail=refusal, centre=centre)


def sign_in(catalogue_path: Location, name: str, password: str, channel: str) -> Officer | None:
    """The officer if the name and password match an active officer (and neither the name nor the
    channel must wait); every attempt is audited."""
    return attempt_sign_in(catalogue_path, name, password, channel).officer


def session_ok(catalogue_path: Location, name: str, role: str, credential_version: int) -> bool:
    """Whether a web session opened with these credentials may go on: the officer is still
    active, with the same role, and neither the password nor the rights changed since."""
    from access.store import session_credentials

    now = session_credentials(catalogue_path, name)
    return now is not None and now == (role, True, credential_version)
