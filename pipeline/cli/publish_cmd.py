"""``xxgk publish --data DATA --out site.db``: the datasets as one SQLite database for Datasette."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .data_option import DEFAULT, data_option


def publish(
    data: data_option("Data directory written by `xxgk load`.") = DEFAULT,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="SQLite file to write (default: DATA/site.db).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every table instead of only what changed.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes for the text findings (default: CPU count).")] = 0,
) -> None:
    """Write site.db (reports, cells, metrics, findings, searchable text) and its metadata.json."""
    from ..findings import NoData
    from ..publish import metadata_path
    from ..publish import publish as run
    from ..storage import DataDir

    out = out or DataDir(data).site_db
    try:
        s = run(data, out, force=force, jobs=jobs)
    except NoData as e:
        print(str(e).strip("'\""), file=sys.stderr)
        raise typer.Exit(1) from None
    if s.up_to_date:
        print(f"{out}: up to date")
        return
    changed = ", ".join(f"{t} {n}" for t, n in s.changed.items() if n) or "nothing"
    print(f"{out}: {'rebuilt' if s.rebuilt else 'updated'} in {s.seconds:.1f} s; rewritten: {changed}; "
          f"metadata {metadata_path(out)}")
