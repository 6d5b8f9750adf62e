"""A time limit on one work item, enforced inside the process that runs it.

A reader stuck in a loop on a hostile file must not hold a worker for ever. After
``seconds`` the process's watchdog thread raises :class:`Overtime` in the thread running the item
(Python's asynchronous exceptions: they land between two bytecodes, so pure-Python
loops stop there). Code stuck in a native library never reaches a bytecode: when the
item is still running ``GRACE_S`` later and the process is a disposable worker, the
watchdog ends the process with ``OVERTIME_EXIT`` so that its executor knows why it died
(the driver's own process is never ended: there the limit is only the exception).
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from typing import Self

DEFAULT_TIME_LIMIT_S = 900.0  # generous: a long scanned report read by OCR takes minutes
TIME_LIMIT_ENV = "XXGK_TIME_LIMIT"
GRACE_S = 5.0
OVERTIME_EXIT = 124  # the exit status of coreutils' timeout(1)


class Overtime(BaseException):
    """Raised in the item's thread when its time is up (a BaseException, so that the
    ``except Exception`` of readers turning library errors into read errors lets it pass)."""


def time_limit_from_env(value: float | None = None) -> float:
    """The limit given, else ``XXGK_TIME_LIMIT``, else the default; 0 or less means none."""
    if value is None:
        text = os.environ.get(TIME_LIMIT_ENV, "").strip()
        try:
            value = float(text) if text else DEFAULT_TIME_LIMIT_S
        except ValueError:
            raise ValueError(f"{TIME_LIMIT_ENV}={text!r}: expected a number of seconds") from None
    return value if value > 0 else float("inf")


class Deadline:
    """``with Deadline(seconds, may_exit):`` raises :class:`Overtime` in the body once it is over time."""

    __slots__ = ("_fired", "_thread", "due", "may_exit", "seconds")

    def __init__(self, seconds: float, *, may_exit: bool):
        self.seconds, self.may_exit = seconds, may_exit
        self._thread = threading.get_ident()
        self._fired = False
        self.due = 0.0  # monotonic time when the exception is raised, then when the process is ended

    def __enter__(self) -> Self:
        if self.seconds != float("inf"):
            self.due = time.monotonic() + self.seconds
            _WATCHDOG.arm(self)
        return self

    def __exit__(self, *exc) -> None:
        if self.seconds != float("inf"):
            with _WATCHDOG.lock:
                _WATCHDOG.armed.discard(self)
                if self._fired:  # finished in the instant the exception was sent: take it back
                    _raise_in(self._thread, None)

    def _expire(self) -> bool:
        """Called by the watchdog (holding its lock) once ``due`` is past; whether to keep watching."""
        if not self._fired:
            self._fired = True
            _raise_in(self._thread, Overtime)
            self.due += GRACE_S
            return True
        if self.may_exit:
            os._exit(OVERTIME_EXIT)  # stuck in native code: only ending the process frees the worker
        return False


class _Watchdog:
    """One thread per process watching every item under a deadline (a thread started per item
    cost 5% of a worker's time). Started at the first item, and again in a forked child."""

    def __init__(self):
        self.lock = threading.Condition()
        self.armed: set[Deadline] = set()
        self._thread: threading.Thread | None = None
        self._wakes_at = 0.0  # when the watchdog looks next, unless woken before

    def arm(self, deadline: Deadline) -> None:
        with self.lock:
            self.armed.add(deadline)
            if self._thread is None or not self._thread.is_alive():
                self._wakes_at = 0.0
                self._thread = threading.Thread(target=self._watch, daemon=True, name="xxgk-deadline")
                self._thread.start()
            elif deadline.due < self._wakes_at:  # (items of one limit, one after another, never wake it)
                self.lock.notify()

    def _watch(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for deadline in [d for d in self.armed if d.due <= now]:
                    if not deadline._expire():
                        self.armed.discard(deadline)
                self._wakes_at = min((d.due for d in self.armed), default=now + 3600)
                self.lock.wait(self._wakes_at - now)


_WATCHDOG = _Watchdog()


def _fresh_watchdog_in_child() -> None:
    """A forked child has no watchdog thread, and its lock may have been held by the parent's."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_fresh_watchdog_in_child)


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc_type) if exc_type else None)
