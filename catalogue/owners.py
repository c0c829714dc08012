"""Who is processing a file: this process, and whether another owner still lives."""

from __future__ import annotations

import json
import socket

import psutil


def this_owner() -> str:
    """Host, process id and the process's start time (which guards against a reused pid)."""
    me = psutil.Process()
    return json.dumps({"host": socket.gethostname(), "pid": me.pid, "started": me.create_time()})


def owner_alive(owner: str | None) -> bool:
    """Is that process still running?

    A process on another host sharing the catalogue cannot be checked and counts as alive.
    """
    if not owner:
        return False
    try:
        who = json.loads(owner)
    except ValueError:
        return False
    if who.get("host") != socket.gethostname():
        return True
    try:
        return abs(psutil.Process(int(who["pid"])).create_time() - float(who["started"])) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied, KeyError, ValueError):
        return False
