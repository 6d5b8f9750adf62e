"""The Dask backend: work items sent to a ``distributed`` scheduler (``tcp://HOST:PORT``).

Workers import ``pipeline`` themselves (start them from the project's environment) and
read the paths they are given, so input files and ``DATA/raw`` must be visible to them
at the same paths (a shared file system). The driver's working directory (relative paths
mean the same there) and its ``XXGK_*`` settings (OCR mode …) travel with each call.

A worker that dies is replaced by the scheduler and its calls are re-run elsewhere; a call
that keeps killing workers (``distributed.scheduler.allowed-failures``) raises ``KilledWorker``,
given to ``map(on_error=…)`` as :class:`WorkerDied` for that item. The scheduler counts a death
against every task a worker holds, running or queued there: start it with ``worker-saturation``
1.0 (``DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0``) so that a worker holds only the
tasks it runs, and an innocent document is not given up with a poisoned one. An item over its
time limit is stopped by the worker's own watchdog (:mod:`.deadline`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from .base import SCHEDULER_ENV, Executor, WorkerDied, register

T = TypeVar("T")
R = TypeVar("R")

WAIT_FOR_WORKERS_S = 60


class DaskExecutor(Executor):
    def __init__(self, address: str):
        from distributed import Client

        self.address = address
        self.client = Client(address, set_as_default=False)
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except TimeoutError:
            self.client.close()
            raise RuntimeError(f"no Dask worker joined the scheduler at {address} within "
                               f"{WAIT_FOR_WORKERS_S} s (start one: dask worker {address})") from None
        self._workers = max(1, sum(self.client.nthreads().values()))
        self._env = {k: v for k, v in os.environ.items() if k.startswith("XXGK_") and k != SCHEDULER_ENV}
        self._cwd = os.getcwd()

    @property
    def remote(self) -> bool:
        return True

    @property
    def workers(self) -> int:
        return self._workers

    def submit(self, fn: Callable[[T], R], item: T, *, items: int) -> Any:
        return self.client.submit(_AsInDriver(fn, self._env, self._cwd), item, pure=False)

    def result(self, handle: Any) -> Any:
        from distributed import KilledWorker

        try:
            return handle.result()
        except KilledWorker as exc:
            raise WorkerDied(f"Dask workers lost {exc.allowed_failures + 1} times") from None
        finally:
            handle.release()

    def close(self) -> None:
        self.client.close()


class _AsInDriver:
    """``fn`` called with the driver's settings and, where the worker has it, its working directory."""

    __slots__ = ("cwd", "env", "fn")

    def __init__(self, fn: Callable, env: dict[str, str], cwd: str):
        self.fn, self.env, self.cwd = fn, env, cwd

    def __call__(self, item: Any) -> Any:
        os.environ.update(self.env)
        try:
            os.chdir(self.cwd)
        except OSError:  # not on this machine: absolute paths still work
            pass
        return self.fn(item)


@register("tcp", "tls", "inproc", "ws", "wss")
def _dask(address: str | None, jobs: int) -> Executor:
    return DaskExecutor(address or "")
