"""The executor interface and the registry of backends, keyed by scheduler URL scheme."""

from __future__ import annotations

import itertools
import pickle
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Self, TypeVar
from urllib.parse import urlsplit

from .deadline import Deadline, Overtime, time_limit_from_env

T = TypeVar("T")
R = TypeVar("R")

SCHEDULER_ENV = "XXGK_SCHEDULER"
LOCAL = "local"
IN_FLIGHT_PER_WORKER = 4  # work items submitted per worker ahead of the one being consumed

OnError = Callable[[Any, BaseException], Any]
Gather = Callable[[list], None]


class ItemLost(Exception):
    """An item whose call never returned a value: its worker died, or its time ran out."""

    def describe(self, name: str) -> str:
        """One line for the item named ``name`` (a file), for the operator."""
        raise NotImplementedError


class WorkerDied(ItemLost):
    def __init__(self, how: str):
        super().__init__(how)
        self.how = how

    def describe(self, name: str) -> str:
        return f"worker died ({self.how}) while reading {name}"


class TimedOut(ItemLost):
    def __init__(self, seconds: float):
        super().__init__(seconds)  # the arguments, so that it unpickles in the driver
        self.seconds = seconds

    def __str__(self) -> str:
        return f"over {self.seconds:g} s"

    def describe(self, name: str) -> str:
        return f"timed out after {self.seconds:g} s reading {name}"


class ClusterGone(RuntimeError):
    """No worker is left to run anything (a cluster that lost them all and got none back):
    the whole map stops, with this message, instead of waiting for ever."""


class Executor(ABC):
    """Maps a function over items, a few calls per worker at a time, results in input order.

    Each item runs under a time limit (:mod:`.deadline`); an item that overruns it, or whose
    worker dies, gives :class:`TimedOut` or :class:`WorkerDied` to ``on_error``, and the
    other items go on.
    """

    time_limit: float = float("inf")

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

    def chunk_size(self, items: int, most: int) -> int:
        """Items per call for a map over ``items``: up to ``most`` (fewer, bigger results cost
        the driver less), yet few enough that every worker gets several calls."""
        return max(1, min(most, items // (IN_FLIGHT_PER_WORKER * self.workers)))

    @abstractmethod
    def submit(self, fn: Callable[[T], R], item: T, *, items: int) -> Any:
        """Start ``fn(item)``, a call over ``items`` work items; returns a handle for :meth:`result`."""

    @abstractmethod
    def result(self, handle: Any) -> Any:
        """The value of a submitted call; raises :class:`WorkerDied` or :class:`TimedOut` when
        the call was lost with its worker."""

    def close(self) -> None:
        """Release workers and connections."""

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, on_error: OnError | None = None,
            chunksize: int = 1, gather: Gather | None = None) -> Iterator[R]:
        """``map(fn, items)`` in input order, never more than ``IN_FLIGHT_PER_WORKER`` calls (of
        ``chunksize`` items) per worker submitted and not yet consumed: the items are read lazily
        and results handed on as they come, so memory is bounded whatever their number.

        ``gather(outcomes)``, when given, runs in the worker that ran a chunk (not for items run
        in this process), on the chunk's outcomes, in place, before they are sent back: a :class:`Raised` for an item that failed,
        else its value. It lets a chunk's results be packed together (one Arrow message for the
        rows of several documents); the values it leaves must be what the caller expects either way.

        ``on_error(item, exc)`` gives the result of an item whose call raised, ran out of time or
        whose worker died (after the backend's retries); without it the exception propagates. A
        chunk lost with its worker is run again item by item (each item is retried once), so
        that only the item at fault is given up.
        """
        window = max(2, IN_FLIGHT_PER_WORKER * self.workers)
        pending: deque[tuple[list, Any]] = deque()
        call = ChunkCall(fn, self.time_limit, in_worker=self.remote, gather=gather)
        for chunk in _chunked(items, chunksize):
            pending.append((chunk, self.submit(call, chunk, items=len(chunk))))
            if len(pending) >= window:
                yield from self._take(pending.popleft(), call, on_error)
        while pending:
            yield from self._take(pending.popleft(), call, on_error)

    def _take(self, entry: tuple[list, Any], call: ChunkCall, on_error: OnError | None) -> Iterator:
        chunk, handle = entry
        try:
            outcomes = self.result(handle)
        except ClusterGone:
            raise
        except Exception as exc:  # noqa: BLE001 - lost with its worker, or its result could not cross back
            if len(chunk) == 1:
                yield settle(chunk[0], Raised(exc), on_error)
                return
            alone = deque(([item], self.submit(call, [item], items=1)) for item in chunk)
            while alone:
                yield from self._take(alone.popleft(), call, on_error)
            return
        for item, outcome in zip(chunk, outcomes, strict=True):
            yield settle(item, outcome, on_error)


def settle(item: Any, outcome: Any, on_error: OnError | None) -> Any:
    """An item's value; for a :class:`Raised` outcome, what ``on_error`` gives (without
    ``on_error``, the exception is raised)."""
    if not isinstance(outcome, Raised):
        return outcome
    if on_error is None:
        raise outcome.exc
    return on_error(item, outcome.exc)


class Raised:
    """What an item's call raised, in place of its value (the chunk's other items keep theirs)."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException):
        self.exc = exc


class ChunkCall:
    """``fn`` over a chunk of items, each under the time limit, then ``gather`` over their
    outcomes (a plain class, so it pickles by reference to ``fn``). ``in_worker``: the process
    is a disposable worker, which the time limit may end when an item is stuck in native code."""

    __slots__ = ("fn", "gather", "in_worker", "time_limit")

    def __init__(self, fn: Callable, time_limit: float, *, in_worker: bool, gather: Gather | None = None):
        self.fn, self.time_limit, self.in_worker, self.gather = fn, time_limit, in_worker, gather

    def __call__(self, chunk: list) -> list:
        outcomes = [self._one(item) for item in chunk]
        if self.gather is not None:
            self.gather(outcomes)
        return outcomes

    def _one(self, item: Any) -> Any:
        try:
            with Deadline(self.time_limit, may_exit=self.in_worker):
                return self.fn(item)
        except Overtime:
            return Raised(TimedOut(self.time_limit))
        except Exception as exc:  # noqa: BLE001 - on_error decides what a failed item gives
            return Raised(exc if not self.in_worker or _pickles(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))


def _pickles(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure means it cannot cross to the driver
        return False
    return True


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


def executor_for(scheduler: str | None = None, jobs: int = 0, *, time_limit: float | None = None) -> Executor:
    """The executor for a scheduler address (``None``/``local``: processes here, ``jobs`` of them);
    ``time_limit``: seconds per item (None: ``XXGK_TIME_LIMIT`` or the default; 0: none)."""
    address = (scheduler or "").strip()
    scheme = LOCAL if address in ("", LOCAL) else urlsplit(address).scheme
    factory = _BACKENDS.get(scheme)
    if factory is None:
        known = ", ".join(f"{s}://HOST:PORT" if s != LOCAL else s for s in sorted(_BACKENDS))
        raise ValueError(f"unknown scheduler {address!r}: expected {known}")
    executor = factory(address or None, jobs)
    executor.time_limit = time_limit_from_env(time_limit)
    return executor
