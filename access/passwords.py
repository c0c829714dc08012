"""Password hashing for the web sign-in: Argon2id (argon2-cffi).

Argon2id is memory-hard (a guessing rig needs the memory for every guess), the encoded hash
carries its own salt and parameters (so they can be raised later and old hashes still verify),
and argon2-cffi is the maintained binding of the reference implementation.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()  # RFC 9106 "low memory" profile: 64 MiB, 3 passes, 4 lanes
MIN_LENGTH = 8
# Password checks at once for callers that must not queue (the web sign-in). Each takes 64 MiB
# and both cores for ~0.1 s: 32 parallel sign-ins held every server thread and every core, and
# a signed-in officer's page took 2.7 s instead of 1 ms. Those checks run in a worker thread of
# a low CPU priority (nice 10; Argon2's own threads inherit it), so officers' pages come first
# (not the lowest: on a loaded machine a nice-19 check could take a minute).
MAX_CONCURRENT_HASHES = 1
_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


class HashingBusy(RuntimeError):
    """Every checking slot is taken: the caller is told to try again shortly."""


def _lowest_priority() -> None:
    try:  # Linux: a thread id names one thread; threads it starts inherit its nice value
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # elsewhere the checks keep the normal priority
        pass


_CHECKER = ThreadPoolExecutor(max_workers=MAX_CONCURRENT_HASHES, thread_name_prefix="password-check",
                              initializer=_lowest_priority)


@cache
def _dummy() -> str:
    """Verified against when the name is unknown, so a wrong name costs as long as a wrong
    password. Made on first use: hashing costs 0.1 s of CPU and 64 MiB, which every `hoso`
    command paid at start-up when it was made on import."""
    return _HASHER.hash("không có cán bộ này")


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password has at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str, wait: float | None = None) -> bool:
    """Whether the password matches. With `wait` (seconds), the check runs in the low-priority
    checker and HashingBusy is raised when no slot frees within `wait`; without, it runs here."""
    if wait is None:
        return _verify(stored, password)
    if not _SLOTS.acquire(timeout=wait):
        raise HashingBusy("too many password checks at once")
    try:
        return _CHECKER.submit(_verify, stored, password).result()
    finally:
        _SLOTS.release()


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _dummy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
