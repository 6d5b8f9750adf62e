"""One progress bar for the commands that work through many files: on stderr,
only on a terminal, gone when done (the summary stays)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(label: str, total: int, console: Console) -> Iterator[tuple[Callable[[str], None], Console]]:
    """Yields ``advance(name)`` and the console to print on without breaking the bar."""
    with Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        task = progress.add_task("", total=total)

        def advance(name: str = "") -> None:
            progress.update(task, advance=1, description=name[-40:])

        yield advance, progress.console
