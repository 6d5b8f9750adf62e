"""Exclusive ``flock`` locks on files of a data directory (load, run, derived builds).

The kernel drops a flock when its holder dies (even by kill -9), so a lock never goes stale.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import XxgkError


class Busy(XxgkError):
    """Another process holds the lock (non-blocking locks only)."""


@contextmanager
def flocked(path: Path, *, wait: bool = True, shared: bool = False, record_pid: bool = False) -> Iterator[None]:
    """Hold a lock on ``path`` (created): exclusive, or ``shared`` with other shared holders.
    ``wait=False`` raises :class:`Busy` at once, naming the holder's pid when the holder recorded
    it (``record_pid``)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise Busy(f"{path.parent}: another run is in progress (pid {holder})") from None
        if record_pid:
            if not shared:
                os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}".ljust(16).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
