"""Password hashing for the web sign-in: Argon2id (argon2-cffi).

Argon2id is memory-hard (a guessing rig needs the memory for every guess), the encoded hash
carries its own salt and parameters (so they can be raised later and old hashes still verify),
and argon2-cffi is the maintained binding of the reference implementation.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()  # RFC 9106 "low memory" profile: 64 MiB, 3 passes, 4 lanes
MIN_LENGTH = 8
# Hashes at once in one process. Each takes 64 MiB and both cores for ~0.1 s: 32 parallel
# sign-ins would otherwise hold every server thread and slow every officer's pages.
MAX_CONCURRENT_HASHES = 2
_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


class HashingBusy(RuntimeError):
    """Every hashing slot stayed taken for the time the caller would wait."""


@contextmanager
def hashing_slot(wait: float | None = None):
    """One of the MAX_CONCURRENT_HASHES slots; None waits as long as it takes."""
    if not _SLOTS.acquire(timeout=wait if wait is not None else -1):
        raise HashingBusy("too many password checks at once")
    try:
        yield
    finally:
        _SLOTS.release()


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
    with hashing_slot():
        return _HASHER.hash(password)


def verify_password(stored: str | None, password: str, wait: float | None = None) -> bool:
    """Whether the password matches; HashingBusy when no slot frees within `wait` seconds."""
    dummy = _dummy() if stored is None else None  # made outside the slot (it hashes, once)
    with hashing_slot(wait):
        try:
            return _HASHER.verify(stored or dummy, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
