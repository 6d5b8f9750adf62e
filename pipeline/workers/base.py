"""The executor interface and the registry of backends, keyed by scheduler URL scheme."""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Self, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
R = TypeVar("R")

SCHEDULER_ENV = "XXGK_SCHEDULER"
LOCAL = "local"
IN_FLIGHT_PER_WORKER = 4  # work items submitted per worker ahead of the one being consumed

OnError = Callable[[Any, BaseException], Any]


class Executor(ABC):
    """Maps a function over items, a few calls per worker at a time, results in input order."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    @abstractmethod
    def remote(self) -> bool:
        """True when work runs outside this process (results cross a process boundary)."""

    @property
    @abstractmethod
    def workers(self) -> int:
        """How many items can run at once."""

    @abstractmethod
    def submit(self, fn: Callable[[T], R], item: T) -> Any:
        """Start ``fn(item)``; returns a handle for :meth:`result`."""

    @abstractmethod
    def result(self, handle: Any) -> Any:
        """The value of a submitted call (raises what the call or its worker raised)."""

    def close(self) -> None:
        """Release workers and connections."""

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, on_error: OnError | None = None,
            chunksize: int = 1) -> Iterator[R]:
        """``map(fn, items)`` in input order, never more than ``IN_FLIGHT_PER_WORKER`` calls (of
        ``chunksize`` items) per worker submitted and not yet consumed: the items are read lazily
        and results handed on as they come, so memory is bounded whatever their number.

        ``on_error(item, exc)`` gives the result of an item whose call raised or whose worker died
        (after the backend's retries); without it the exception propagates. A chunk that fails is
        run again item by item, so that only the item at fault is given up.
        """
        chunks = _chunked(items, chunksize)
        window = max(2, IN_FLIGHT_PER_WORKER * self.workers)
        pending: deque[tuple[list, Any]] = deque()
        for chunk in chunks:
            pending.append((chunk, self.submit(_ChunkCall(fn), chunk)))
            if len(pending) >= window:
                yield from self._take(pending.popleft(), fn, on_error)
        while pending:
            yield from self._take(pending.popleft(), fn, on_error)

    def _take(self, entry: tuple[list, Any], fn: Callable, on_error: OnError | None) -> Iterator:
        chunk, handle = entry
        try:
            yield from self.result(handle)
        except Exception as exc:  # fn raised, or its worker died more often than the backend retries
            if on_error is None:
                raise
            if len(chunk) == 1:
                yield on_error(chunk[0], exc)
            else:
                alone = deque(([item], self.submit(_ChunkCall(fn), [item])) for item in chunk)
                while alone:
                    yield from self._take(alone.popleft(), fn, on_error)


class _ChunkCall:
    """``fn`` over a chunk of items (a plain class, so it pickles by reference to ``fn``)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, chunk: list) -> list:
        return [self.fn(item) for item in chunk]


def _chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, max(1, size))):
        yield chunk


Factory = Callable[[str | None, int], Executor]
_BACKENDS: dict[str, Factory] = {}


def register(*schemes: str) -> Callable[[Factory], Factory]:
    """Declare the backend for scheduler addresses with these URL schemes (``local`` for none)."""
    def add(factory: Factory) -> Factory:
        for scheme in schemes:
            _BACKENDS[scheme] = factory
        return factory
    return add


def executor_for(scheduler: str | None = None, jobs: int = 0) -> Executor:
    """The executor for a scheduler address (``None``/``local``: processes here, ``jobs`` of them)."""
    address = (scheduler or "").strip()
    scheme = LOCAL if address in ("", LOCAL) else urlsplit(address).scheme
    factory = _BACKENDS.get(scheme)
    if factory is None:
        known = ", ".join(f"{s}://HOST:PORT" if s != LOCAL else s for s in sorted(_BACKENDS))
        raise ValueError(f"unknown scheduler {address!r}: expected {known}")
    return factory(address or None, jobs)
