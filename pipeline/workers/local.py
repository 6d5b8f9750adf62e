"""The default backend: worker processes on this machine (or this process, for little work).

The pool is pebble's: a worker that dies (a segfault in a native library, the OOM killer,
``os._exit``) fails only the call it was running, and is replaced; a call past its time
is ended with its worker. (The standard library's pool breaks for good on the first death.)
"""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any, TypeVar

from .base import LOCAL, ChunkCall, Executor, Gather, OnError, TimedOut, WorkerDied, register, settle
from .deadline import GRACE_S, OVERTIME_EXIT

if TYPE_CHECKING:
    import pebble

T = TypeVar("T")
R = TypeVar("R")


class LocalExecutor(Executor):
    """``jobs`` worker processes (0: CPU count), started at the first submission; with one job,
    or fewer than ``min_items`` items, everything runs in this process."""

    def __init__(self, jobs: int = 0, *, min_items: int = 4):
        self.jobs = jobs or os.cpu_count() or 1
        self.min_items = min_items
        self._pool: pebble.ProcessPool | None = None

    @property
    def remote(self) -> bool:
        return self.jobs > 1

    @property
    def workers(self) -> int:
        return self.jobs

    def submit(self, fn: Callable[[T], R], item: T, *, items: int) -> Future:
        if self._pool is None:
            import pebble  # here: a command run in one process does not pay for it

            self._pool = pebble.ProcessPool(max_workers=self.jobs)
        # The worker's own watchdog stops an item; this ends a worker stuck where it cannot run.
        backstop = self.time_limit * items + 2 * GRACE_S
        return self._pool.schedule(fn, (item,), timeout=None if backstop == float("inf") else backstop)

    def result(self, handle: Future) -> Any:
        from pebble import ProcessExpired

        try:
            return handle.result()
        except ProcessExpired as exc:
            if exc.exitcode == OVERTIME_EXIT:
                raise TimedOut(self.time_limit) from None
            raise WorkerDied(exit_status(exc.exitcode)) from None
        except FutureTimeout:
            raise TimedOut(self.time_limit) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()  # queued calls are dropped, running ones ended
            self._pool.join()
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, on_error: OnError | None = None,
            chunksize: int = 1, gather: Gather | None = None) -> Iterator[R]:
        it = iter(items)
        head = list(itertools.islice(it, self.min_items))
        if self.jobs <= 1 or len(head) < self.min_items:
            yield from _in_process(fn, itertools.chain(head, it), on_error, self.time_limit)
            return
        yield from super().map(fn, itertools.chain(head, it), on_error=on_error, chunksize=chunksize,
                               gather=gather)


def exit_status(code: int | None) -> str:
    """``SIGKILL`` for a worker a signal ended, ``exit code 3`` for one that exited."""
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _in_process(fn: Callable[[T], R], items: Iterable[T], on_error: OnError | None,
                time_limit: float) -> Iterator[R]:
    call = ChunkCall(fn, time_limit, in_worker=False)
    for item in items:
        (outcome,) = call([item])
        yield settle(item, outcome, on_error)


@register(LOCAL)
def _local(address: str | None, jobs: int) -> Executor:
    return LocalExecutor(jobs)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, jobs: int = 0, min_items: int = 4,
                chunksize: int = 1) -> Iterator[R]:
    """``map(fn, items)`` in order; over ``jobs`` processes (0: CPU count) when there are at
    least ``min_items`` items, in this process otherwise. Items are read as results are consumed."""
    with LocalExecutor(jobs, min_items=min_items) as executor:
        yield from executor.map(fn, items, chunksize=chunksize)
