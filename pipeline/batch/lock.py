"""One run per data directory: a non-blocking lock on ``DATA/.run.lock`` (:func:`pipeline.storage.flocked`).

Crawlers sharing a frontier (``xxgk crawl --frontier``) may share a data
directory: they take the lock shared, which keeps any other run out.

The kernel drops the lock when the process dies (even by kill -9), so a crashed
run never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from typing import Self

from pipeline.storage import Busy, DataDir, flocked

__all__ = ["Busy", "RunLock"]


class RunLock:
    def __init__(self, data_dir: DataDir | str | os.PathLike, shared: bool = False):
        self.path = DataDir.of(data_dir).run_lock
        self.shared = shared
        self._stack = ExitStack()

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stack.enter_context(flocked(self.path, wait=False, shared=self.shared, record_pid=True))
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()
