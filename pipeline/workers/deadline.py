"""A time limit on one work item, enforced inside the process that runs it.

A reader stuck in a loop on a hostile file must not hold a worker for ever. After
``seconds`` a watchdog thread raises :class:`Overtime` in the thread running the item
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

    def __init__(self, seconds: float, *, may_exit: bool):
        self.seconds, self.may_exit = seconds, may_exit
        self._lock = threading.Lock()
        self._running = False
        self._fired = False
        self._thread = threading.get_ident()
        self._stop = threading.Event()

    def __enter__(self) -> Self:
        if self.seconds != float("inf"):
            self._running = True
            threading.Thread(target=self._watch, daemon=True, name="xxgk-deadline").start()
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._running = False
            if self._fired:  # finished in the instant the exception was sent: take it back
                _raise_in(self._thread, None)
        self._stop.set()

    def _watch(self) -> None:
        if self._stop.wait(self.seconds):
            return
        with self._lock:
            if not self._running:
                return
            self._fired = True
            _raise_in(self._thread, Overtime)
        if not self._stop.wait(GRACE_S) and self.may_exit:
            os._exit(OVERTIME_EXIT)  # stuck in native code: only ending the process frees the worker


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc_type) if exc_type else None)
