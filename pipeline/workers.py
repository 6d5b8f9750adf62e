"""Mapping a function over work items in input order, in worker processes when
there is enough work to pay for starting them (extraction, text analysis)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, jobs: int = 0, min_items: int = 4,
                chunksize: int = 1) -> Iterator[R]:
    """``map(fn, items)`` in order; over ``jobs`` processes (0: CPU count) when there
    are at least ``min_items`` items, in this process otherwise."""
    items = list(items)
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < min_items:
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(fn, items, chunksize=chunksize)
