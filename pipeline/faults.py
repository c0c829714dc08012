"""Named points where a test can kill the ingest process (kill -9 of itself) to prove crash safety.

Only the fault-injection tests set HOSO_FAULT_AT (in the environment of the subprocess
they start); in production the variable is unset and a fault point is one dictionary
look-up. `HOSO_FAULT_AT=page-saved:7` kills the process the 7th time a page result is
saved; without `:N` the first time.
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "HOSO_FAULT_AT"
_reached: dict[str, int] = {}


def fault_point(name: str) -> None:
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
