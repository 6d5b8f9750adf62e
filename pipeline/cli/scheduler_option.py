"""``--scheduler`` (or ``XXGK_SCHEDULER``) for extract, load and run: where documents are extracted."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from ..workers import SCHEDULER_ENV, Executor, executor_for

SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", envvar=SCHEDULER_ENV, show_envvar=True,
    help="Dask scheduler address (tcp://HOST:PORT): extract on its workers, which must see the same "
         "paths. Default: processes on this machine (--jobs).")]


@contextmanager
def executor(scheduler: str | None, jobs: int) -> Iterator[Executor]:
    """The executor for the command line's choice; a bad address or an unreachable cluster
    ends the command with exit code 2 and one line on stderr."""
    try:
        chosen = executor_for(scheduler, jobs)
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"--scheduler: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    with chosen:
        yield chosen
