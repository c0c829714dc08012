"""Sign-in throttling: after repeated wrong passwords, a name or a client address must wait.

Failures are read back from the audit log (every sign-in attempt is written there already),
so the count survives a server restart and is the same for every process on the catalogue.
A name's count starts again at its next successful sign-in; an address's does not (one valid
account must not reset the count of guesses at the others). Attempts refused while locked
are audited (once a minute per name and address: a flood of knocks must not cost a synced
write each) but not counted, so the lock grows with guesses actually checked, not with
refused knocks, and a locked attempt costs no password hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

WRONG_PASSWORD = "wrong name or password"  # the audit detail of a checked, failed sign-in
LOCKED = "locked"
LOCKED_LOG_EVERY = timedelta(minutes=1)  # knocks while locked are logged this often per name and address


@dataclass(frozen=True)
class Policy:
    name_failures: int = 5  # failures a name may have before it waits
    address_failures: int = 20  # an address may be a whole centre behind one proxy
    window: timedelta = timedelta(hours=24)  # failures older than this are forgotten
    first_delay: timedelta = timedelta(minutes=1)  # doubles with every further failure
    longest_delay: timedelta = timedelta(hours=1)


DEFAULT_POLICY = Policy()


def locked_until(failures: Sequence[datetime], allowed: int, policy: Policy = DEFAULT_POLICY) -> datetime | None:
    """When the next attempt may be checked, given the failures (oldest first); None: now."""
    beyond = len(failures) - allowed
    if beyond < 0:
        return None
    delay = min(policy.first_delay * 2 ** min(beyond, 32), policy.longest_delay)
    return failures[-1] + delay


def wait_minutes(until: datetime, now: datetime) -> int:
    """Whole minutes to wait, rounded up (at least 1), for the message."""
    seconds = max((until - now).total_seconds(), 0)
    return max(1, -(-int(seconds) // 60))
