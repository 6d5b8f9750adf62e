"""Where per-document work runs: a registry of executors behind one interface.

``executor_for(scheduler, jobs)`` picks the backend from the scheduler address
(none or ``local``: a process pool on this machine; ``tcp://HOST:PORT``: a Dask
cluster). Every backend maps a function over work items with a bounded number
in flight and yields results in input order, so a caller streams any number
of documents in constant memory and gets the same output whatever ran it.
"""

from __future__ import annotations

from . import cluster, local  # noqa: F401  (each module registers its backend)
from .base import SCHEDULER_ENV, ClusterGone, Executor, ItemLost, TimedOut, WorkerDied, executor_for, register
from .deadline import TIME_LIMIT_ENV
from .local import ordered_map

__all__ = ["SCHEDULER_ENV", "TIME_LIMIT_ENV", "ClusterGone", "Executor", "ItemLost", "TimedOut", "WorkerDied", "executor_for",
           "ordered_map", "register"]
