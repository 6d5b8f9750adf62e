"""The default backend: worker processes on this machine (or this process, for little work)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from .base import LOCAL, Executor, OnError, register

T = TypeVar("T")
R = TypeVar("R")


class LocalExecutor(Executor):
    """``jobs`` worker processes (0: CPU count), started at the first submission; with one job,
    or fewer than ``min_items`` items, everything runs in this process."""

    def __init__(self, jobs: int = 0, *, min_items: int = 4):
        self.jobs = jobs or os.cpu_count() or 1
        self.min_items = min_items
        self._pool: ProcessPoolExecutor | None = None

    @property
    def remote(self) -> bool:
        return self.jobs > 1

    @property
    def workers(self) -> int:
        return self.jobs

    def submit(self, fn: Callable[[T], R], item: T) -> Future:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self._pool.submit(fn, item)

    def result(self, handle: Future) -> Any:
        return handle.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, on_error: OnError | None = None,
            chunksize: int = 1) -> Iterator[R]:
        it = iter(items)
        head = list(itertools.islice(it, self.min_items))
        if self.jobs <= 1 or len(head) < self.min_items:
            yield from _in_process(fn, itertools.chain(head, it), on_error)
            return
        yield from super().map(fn, itertools.chain(head, it), on_error=on_error, chunksize=chunksize)


def _in_process(fn: Callable[[T], R], items: Iterable[T], on_error: OnError | None) -> Iterator[R]:
    for item in items:
        if on_error is None:
            yield fn(item)
            continue
        try:
            value = fn(item)
        except Exception as exc:  # noqa: BLE001 - on_error decides what a failed item gives
            value = on_error(item, exc)
        yield value


@register(LOCAL)
def _local(address: str | None, jobs: int) -> Executor:
    return LocalExecutor(jobs)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, jobs: int = 0, min_items: int = 4,
                chunksize: int = 1) -> Iterator[R]:
    """``map(fn, items)`` in order; over ``jobs`` processes (0: CPU count) when there are at
    least ``min_items`` items, in this process otherwise. Items are read as results are consumed."""
    with LocalExecutor(jobs, min_items=min_items) as executor:
        yield from executor.map(fn, items, chunksize=chunksize)
