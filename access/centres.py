"""The centres of a province (one-stop centres: a commune or ward, or a province agency).

A centre is a code (the official administrative-unit code where it has one, else any code of
index/codes.py's rule) and a name, in the catalogue's `centres` table. A data folder that
never names a centre has one implicit centre: documents, officers, dossiers and audit entries
then carry `centre: null`, exactly as before centres existed.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from access.models import Actor
from access.store import AccessStore
from catalogue import centres as centre_rows
from catalogue.database import Location, exists
from catalogue.store import Catalogue
from index.codes import CodeError, check_code

MAX_NAME = 200


class CentreError(ValueError):
    """A centre that cannot be added; the message says why."""


class CentreExists(CentreError):
    """The code is taken (an error, exit 1; a wrong code or name is a wrong option, exit 2)."""


class UnknownCentre(ValueError):
    """A centre code that is not in `hoso centres list` (a wrong option: exit 2)."""


class Centre(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    created_at: datetime


def add_centre(catalogue_path: Location, code: str, name: str, actor: Actor | None = None) -> Centre:
    """Add a centre; the change is written to the audit log (like a change to the officer list)."""
    try:
        code = check_code(code, "centre code")
    except CodeError as exc:
        raise CentreError(str(exc)) from None
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or any(not ch.isprintable() for ch in name):
        raise CentreError(f"a centre's name has 1 to {MAX_NAME} printable characters")
    actor = actor or Actor.cli(None)
    with AccessStore(catalogue_path) as store, store.catalogue.write() as c:
        if centre_rows.known(c, code):
            raise CentreExists(f"centre {code} already exists (hoso centres list)")
        centre_rows.insert(c, code, name)
        store.append(officer=actor.name or "-", role=None, action="centre_added", outcome="ok",
                     channel=actor.channel, detail=f"{code} {name}", centre=actor.centre)
    return next(c for c in list_centres(catalogue_path) if c.code == code)


def list_centres(catalogue_path: Location) -> list[Centre]:
    if not exists(catalogue_path):  # listing creates no catalogue
        return []
    with Catalogue(catalogue_path) as catalogue, catalogue.read() as c:
        rows = centre_rows.every(c)
    return [Centre(code=r["code"], name=r["name"], created_at=datetime.fromisoformat(r["created_at"])) for r in rows]


def check_centre(catalogue_path: Location, code: str) -> str:
    """`code` when it is a known centre, else UnknownCentre listing the known ones."""
    known = list_centres(catalogue_path)
    if any(c.code == code for c in known):
        return code
    listed = ", ".join(c.code for c in known) or "none yet"
    raise UnknownCentre(f"unknown centre {code!r} (known centres: {listed}); "
                        f"add it with: hoso centres add {code} --name NAME")
