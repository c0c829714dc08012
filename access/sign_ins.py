"""Sign-ins per officer, read from the audit log: who signed in, who failed, who is locked out.

`hoso audit --sign-ins` shows it to supervisors: a run of failures against one name, or from
one address, is how a guessing attack shows itself. Names that are no officer's are listed
too (someone tried them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from access import throttle
from access.models import AuditEntry
from access.store import AccessStore

SESSION_ACTIONS = ("sign_in", "sign_out", "session_ended")


class SignInSummary(BaseModel):
    """One name's sign-ins (the JSON of `hoso audit --sign-ins --json`, under `officers`)."""

    model_config = ConfigDict(frozen=True)

    name: str
    is_officer: bool
    signed_in: int
    failed: int  # wrong name or password (checked)
    refused_locked: int  # not checked: the name or the address had to wait (logged once a minute each)
    refused_other: int  # deactivated, or the system was busy
    last_signed_in: datetime | None = None
    last_failed: datetime | None = None
    failed_from: list[str] = []  # channels (web:<address>) the failures came from
    locked_until: datetime | None = None  # the name must wait until then (None: it may sign in)


def summarize(name: str, entries: Sequence[AuditEntry], is_officer: bool, locked_until: datetime | None) -> SignInSummary:
    attempts = [e for e in entries if e.action == "sign_in"]
    ok = [e for e in attempts if e.outcome == "ok"]
    failed = [e for e in attempts if e.outcome == "refused" and e.detail == throttle.WRONG_PASSWORD]
    locked = [e for e in attempts if e.outcome == "refused" and e.detail == throttle.LOCKED]
    return SignInSummary(
        name=name, is_officer=is_officer, signed_in=len(ok), failed=len(failed), refused_locked=len(locked),
        refused_other=len(attempts) - len(ok) - len(failed) - len(locked),
        last_signed_in=ok[-1].at if ok else None, last_failed=failed[-1].at if failed else None,
        failed_from=sorted({e.channel for e in failed}), locked_until=locked_until)


def sign_in_report(store: AccessStore, name: str | None, now: datetime,
                   policy: throttle.Policy = throttle.DEFAULT_POLICY) -> tuple[list[SignInSummary], list[AuditEntry]]:
    """Per name (officers first, then other names tried), and the entries themselves, oldest first."""
    entries = store.sign_in_entries(name, SESSION_ACTIONS)
    officers = {o.name for o in store.officers()}
    names = [name] if name is not None else sorted(officers | {e.officer for e in entries},
                                                  key=lambda n: (n not in officers, n))
    summaries = []
    for each in names:
        failures = store.failed_sign_ins(name=each, since=now - policy.window, failure=throttle.WRONG_PASSWORD)
        until = throttle.locked_until(failures, policy.name_failures, policy)
        summaries.append(summarize(each, [e for e in entries if e.officer == each], each in officers,
                                   until if until is not None and until > now else None))
    return summaries, entries
