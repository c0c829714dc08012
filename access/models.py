"""Officers, who is acting, and audit entries."""

from __future__ import annotations

import getpass
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Role = Literal["operator", "officer", "supervisor", "province_supervisor"]
ROLES: tuple[str, ...] = ("operator", "officer", "supervisor", "province_supervisor")


class AccessDenied(PermissionError):
    """The officer is unknown, inactive, or the role does not allow the action; the message says what to do."""


class Officer(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    active: bool = True
    has_password: bool = False
    created_at: datetime
    centre: str | None = None  # the centre they work at (None: the implicit one)


class AuditEntry(BaseModel):
    """One row of the audit log (the JSON of `hoso audit --json`)."""

    model_config = ConfigDict(frozen=True)

    id: int
    at: datetime
    officer: str
    role: str | None
    action: str
    outcome: Literal["ok", "refused"]
    channel: str
    citizen_id: str | None = None
    document_ids: list[str] = []
    detail: str | None = None
    centre: str | None = None  # the acting centre (None: the implicit one)
    # the centres that received the documents shown or asked for (another centre's: a cross-centre look-up)
    document_centres: list[str] = []


@dataclass(frozen=True)
class Actor:
    """Who claims to act, and through what (`cli:<os user>` or `web:<client address>`)."""

    name: str | None
    channel: str
    # the centre acting (a station's or the web server's --centre); None: the officer's own
    centre: str | None = None

    @classmethod
    def cli(cls, name: str | None, centre: str | None = None) -> "Actor":
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (some containers)
            user = "?"
        return cls(name=clean_name(name) if name else None, channel=f"cli:{user}", centre=centre)


def clean_name(name: str) -> str:
    """An officer's sign-in name as stored: NFC, outer spaces removed, inner runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())
