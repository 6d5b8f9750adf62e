"""``--ocr auto|always|never`` for extract, load and run, and the per-page OCR progress bar."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..read.ocr import use_ocr_mode
from ..read.ocr.progress import add_listener, remove_listener


class OcrChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


OcrOpt = Annotated[OcrChoice, typer.Option(
    "--ocr", case_sensitive=False,
    help="OCR page and table images: auto (only pages/images without usable text), always, never "
         "(such reports stay needs_ocr).")]


def apply_ocr(mode: OcrChoice, *, page_jobs: int = 1) -> None:
    """Set the OCR mode (inherited by worker processes) and how many processes read one file's pages."""
    use_ocr_mode(mode.value)
    os.environ["XXGK_OCR_JOBS"] = str(max(1, page_jobs))


@contextmanager
def ocr_page_bar(console: Console) -> Iterator[None]:
    """A progress bar per file being read by OCR, advancing page by page (terminal only)."""
    with Progress(TextColumn("[bold]OCR"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        tasks: dict[str, int] = {}

        def on_page(source: str, done: int, total: int) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(source[-40:], total=total)
            progress.update(tasks[source], completed=done, total=total)
            if done >= total:
                progress.remove_task(tasks.pop(source))

        add_listener(on_page)
        try:
            yield
        finally:
            remove_listener(on_page)
