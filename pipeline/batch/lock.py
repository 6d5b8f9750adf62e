"""One run per data directory: an exclusive, non-blocking ``flock`` on ``DATA/.run.lock``.

Crawlers sharing a frontier (``xxgk crawl --frontier``) may share a data
directory: they take the lock shared, which keeps any other run out.

The kernel drops the lock when the process dies (even by kill -9), so a crashed
run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Self


class Busy(RuntimeError):
    """Another run holds the data directory."""


class RunLock:
    def __init__(self, data_dir: Path, shared: bool = False):
        self.path = Path(data_dir) / ".run.lock"
        self.shared = shared
        self._fd: int | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise Busy(f"{self.path.parent}: another run is in progress (pid {holder})") from None
        if not self.shared:
            os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}".ljust(16).encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None
