"""Random bytes a replayed call draws exactly as the original did.

The backend names what it creates with ``uuid.uuid4()`` and ``secrets`` (command ids,
activation ids, instance ids). Both read ``os.urandom``. To replay the state file's
journal into the same resources (same ids), each journaled call runs with a seed the
journal keeps, and while it runs its thread's random bytes come from that seed. Other
threads, and calls outside :func:`seeded`, still get the operating system's bytes.

:func:`install` patches ``os.urandom`` and ``random._urandom`` (which ``secrets`` uses)
for the whole process, so it is only called by a server that keeps a state file.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_real_urandom = os.urandom
_local = threading.local()
_installed = False
_install_lock = threading.Lock()


def _urandom(size: int) -> bytes:
    source: random.Random | None = getattr(_local, "source", None)
    if source is None:
        return _real_urandom(size)
    return source.randbytes(size)


def install() -> None:
    """Route the process's random bytes through :func:`seeded` from now on (idempotent)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        os.urandom = _urandom
        random._urandom = _urandom  # type: ignore[attr-defined]  # what SystemRandom (secrets) reads
        _installed = True


def new_seed() -> int:
    """A fresh seed for a call about to be journaled."""
    return int.from_bytes(_real_urandom(8), "big")


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """The current thread's random bytes come from ``seed`` inside the block."""
    _local.source = random.Random(seed)
    try:
        yield
    finally:
        _local.source = None
