"""``xxgk load PATH_OR_DIR... [--data DIR]``: extract report files and load them."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..extract import extract_path, iter_report_files, lost_extraction
from ..result import Extraction
from .data_option import DEFAULT, data_option
from .ocr_options import OcrChoice, OcrOpt, apply_ocr
from .progress import progress_bar
from .scheduler_option import SchedulerOpt, TimeLimitOpt, executor

# Files per worker call: a chunk's rows reach the driver as one Arrow stream per dataset and year,
# and each stream costs it ~40 us to take in (measured 0.29 ms per document in chunks of 8, 0.17 in 32).
CHUNK_MOST = 32


def load(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    data: data_option("Data directory; datasets go to DATA/datasets.") = DEFAULT,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extraction processes (default: CPU count).")] = 0,
    ocr: OcrOpt = OcrChoice.auto,
    scheduler: SchedulerOpt = None,
    time_limit: TimeLimitOpt = None,
) -> None:
    """Extract every report under PATHS and load it into the Parquet datasets.

    A file that cannot be read is reported by name and the rest still load; the
    exit code is 1 when any file failed or needs OCR.
    """
    from ..errors import XxgkError
    from ..load import load as load_datasets
    from ..load.prepare import pack_outcomes, prepare, prepare_path
    from ..storage import DataDir

    apply_ocr(ocr)
    files = iter_report_files(paths)
    err = Console(stderr=True)
    if not files:
        err.print(f"no report files found under {' '.join(map(str, paths))}")
        raise typer.Exit(2)
    bad: list[Extraction] = []
    try:
        where = DataDir(data)
        where.check_writable()
    except XxgkError as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None

    with executor(scheduler, jobs, time_limit) as pool, progress_bar("loading", len(files), err) as (advance, console):

        def seen(ex: Extraction) -> None:
            advance(Path(ex.file).name)
            if ex.status in ("failed", "needs_ocr"):
                bad.append(ex)
                console.print(f"[red]{ex.file}[/]: {ex.status}: {ex.error}")

        if pool.remote:  # workers also build the rows, a chunk's in one Arrow stream: the driver stages them
            now = datetime.now(UTC)
            work, lost = partial(prepare_path, loaded_at=now), lambda f, exc: prepare(lost_extraction(f, exc), now)
            gather = pack_outcomes
        else:
            work, lost, gather = extract_path, lost_extraction, None
        chunksize = pool.chunk_size(len(files), most=CHUNK_MOST)
        summary = load_datasets(pool.map(work, files, on_error=lost, chunksize=chunksize, gather=gather), where,
                                progress=seen)

    out = Console(soft_wrap=True)
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items()))
    written = (f"written to {where.datasets_url}" if summary.loaded
               else f"nothing written, {where.datasets_url} is as it was")
    out.print(f"[bold]{len(files)}[/] files read: [bold]{summary.new}[/] new, [bold]{summary.changed}[/] changed, "
              f"{summary.unchanged} unchanged agency-years; {written}", highlight=False)
    out.print(f"  status: {statuses or 'none'}")
    out.print(f"  identity checks: {summary.checks_failed} failed in {summary.reports_failing_checks} reports")
    _listed(out, "skipped", [f"{s.file}: {s.reason}" for s in summary.skipped])
    _listed(out, "superseded", [f"{s.file} by {s.by} (same agency and year)" for s in summary.superseded])
    if bad:
        print(f"{len(bad)} file(s) failed or need OCR", file=sys.stderr)
        raise typer.Exit(1)


SHOWN = 10


def _listed(out: Console, what: str, lines: list[str]) -> None:
    """The first few lines of a list that can run to thousands in a big batch."""
    for line in lines[:SHOWN]:
        out.print(f"  [yellow]{what}[/] {line}")
    if len(lines) > SHOWN:
        out.print(f"  [yellow]{what}[/] … and {len(lines) - SHOWN} more")
