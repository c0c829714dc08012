"""Writing into a data folder that several machines share (a province's network mount).

Every output is written under a temporary name beside its target, then renamed: a file seen
under its final name is always whole (a rename is atomic on the file server too). The
temporary name carries the machine and the process, so two stations writing the same
content-addressed file at the same moment never write into each other's temporary file: each
completes its own, and whichever rename comes last leaves the same bytes in place.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from pathlib import Path

import psutil

# A temporary file of another machine is left alone for this long: that machine may still be
# writing it, and this one cannot see its processes.
FOREIGN_TEMP_MAX_AGE_S = 6 * 3600


def _host() -> str:
    return socket.gethostname().replace(".", "_") or "host"


def temp_for(target: Path) -> Path:
    """`.NAME.HOST.PID.RANDOM.part` beside `target`."""
    return target.with_name(f".{target.name}.{_host()}.{os.getpid()}.{secrets.token_hex(4)}.part")


def temp_glob(name_prefix: str) -> str:
    """The glob of the temporary files of targets whose names start with `name_prefix`."""
    return f".{name_prefix}*.part"


def is_abandoned(temp: Path, now: float | None = None) -> bool:
    """Was this temporary file left by a writer that is gone (so it can be removed)?

    This machine's: its process is dead. Another machine's: older than FOREIGN_TEMP_MAX_AGE_S.
    A name this code did not make is never touched.
    """
    parts = temp.name.rsplit(".", 4)
    if len(parts) != 5 or parts[4] != "part" or not parts[2].isdigit():
        return False
    host, pid = parts[1], int(parts[2])
    if host == _host():
        return not psutil.pid_exists(pid)
    try:
        age = (now or time.time()) - temp.stat().st_mtime
    except FileNotFoundError:
        return False
    return age > FOREIGN_TEMP_MAX_AGE_S


def replace_with_bytes(target: Path, data: bytes, *, sync: bool = False) -> None:
    """Write `data` to `target` through a temporary file (none left behind, even on a full disk)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_for(target)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
