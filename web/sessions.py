"""Server-side sessions: a random token in an HttpOnly, SameSite=Strict cookie; nothing else
leaves the server. A session ends after `idle` without a request, after `lifetime` in all, at
sign-out, when the server restarts (officers sign in again: nothing is lost), or when the
officer's password, role or active flag changes: the session keeps the officer's credential
version from the catalogue and the application compares it on every request (web/app.py)."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Session:
    token: str
    officer: str
    role: str
    csrf: str
    started: float
    last_seen: float
    credential_version: int = 0
    shown: set[str] = field(default_factory=set)  # documents shown in an audited view: their images may be served
    flash: list[str] = field(default_factory=list)


class SessionStore:
    def __init__(self, idle_seconds: float, lifetime_seconds: float, clock=time.monotonic):
        self.idle = idle_seconds
        self.lifetime = lifetime_seconds
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, officer: str, role: str, credential_version: int = 0) -> Session:
        now = self._clock()
        session = Session(token=secrets.token_urlsafe(32), officer=officer, role=role,
                          csrf=secrets.token_urlsafe(32), started=now, last_seen=now,
                          credential_version=credential_version)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> tuple[Session | None, bool]:
        """(the live session, whether a session for this token just expired)."""
        if not token:
            return None, False
        now = self._clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None, False
            if now - session.last_seen > self.idle or now - session.started > self.lifetime:
                del self._sessions[token]
                return None, True
            session.last_seen = now
            return session, False

    def end(self, token: str) -> Session | None:
        with self._lock:
            return self._sessions.pop(token, None)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)
