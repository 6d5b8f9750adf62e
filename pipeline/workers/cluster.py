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

A cluster left with no worker at all for ``LOST_WORKERS_S`` ends the map with :class:`ClusterGone`
rather than waiting for ever. A ``LocalCluster`` (any ``SpecCluster``) closes for good a worker
whose restart takes longer than ``distributed.deploy.lost-worker-timeout`` (15 s by default):
on a slow or busy machine, where a worker killed by a document takes longer than that to come
back, set it higher.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .base import SCHEDULER_ENV, ClusterGone, Executor, WorkerDied, register

T = TypeVar("T")
R = TypeVar("R")

WAIT_FOR_WORKERS_S = 60
LOST_WORKERS_S = 300  # a cluster with no worker this long is given up
POLL_S = 5  # how often a wait for a result looks whether any worker is left


class DaskExecutor(Executor):
    def __init__(self, address: str):
        from distributed import Client

        self.address = address
        self.lost_workers_s: float = LOST_WORKERS_S
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
            return self._wait(handle)
        except KilledWorker as exc:
            raise WorkerDied(f"Dask workers lost {exc.allowed_failures + 1} times") from None
        finally:
            handle.release()

    def _wait(self, handle: Any) -> Any:
        """The future's value, unless the cluster has had no worker for ``lost_workers_s``."""
        alone_since: float | None = None
        while True:
            try:
                return handle.result(timeout=POLL_S)
            except TimeoutError:  # (items never raise it: ChunkCall wraps what they raise)
                pass
            if self.client.nthreads():
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > self.lost_workers_s:
                raise ClusterGone(f"the Dask cluster at {self.address} has had no worker for "
                                  f"{self.lost_workers_s:g} s")

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
