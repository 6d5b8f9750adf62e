"""``--scheduler`` (or ``XXGK_SCHEDULER``) for extract, load and run: where documents are extracted;
``--time-limit`` (or ``XXGK_TIME_LIMIT``): how long one document may take there."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from ..workers import SCHEDULER_ENV, TIME_LIMIT_ENV, ClusterGone, Executor, executor_for
from ..workers.deadline import DEFAULT_TIME_LIMIT_S

SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", envvar=SCHEDULER_ENV, show_envvar=True,
    help="Dask scheduler address (tcp://HOST:PORT): extract on its workers, which must see the same "
         "paths. Default: processes on this machine (--jobs).")]


TimeLimitOpt = Annotated[float | None, typer.Option(
    "--time-limit", envvar=TIME_LIMIT_ENV, show_envvar=True, min=0, metavar="SECONDS",
    help=f"Seconds one document may take (default {DEFAULT_TIME_LIMIT_S:g}; 0: no limit): a document "
         "over it is reported failed, 'timed out', and the batch goes on.")]


@contextmanager
def executor(scheduler: str | None, jobs: int, time_limit: float | None = None) -> Iterator[Executor]:
    """The executor for the command line's choice; a bad address, an unreachable cluster or
    one that lost every worker ends the command with exit code 2 and one line on stderr (a load
    that stops so commits nothing: the data directory stays as it was)."""
    try:
        chosen = executor_for(scheduler, jobs, time_limit=time_limit)
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"--scheduler: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    with chosen:
        try:
            yield chosen
        except ClusterGone as exc:
            print(f"--scheduler: {exc}; stopped", file=sys.stderr)
            raise typer.Exit(2) from None
