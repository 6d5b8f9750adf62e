"""``xxgk sources check FILE``: validate a sources file, naming the line of each problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Sources files (the agencies to crawl).", no_args_is_help=True)


@app.command("check")
def check(file: Annotated[Path, typer.Argument(help="Sources file (YAML).")]) -> None:
    """Exit 0 and print a count when FILE is valid; else one line per problem (FILE:LINE: …), exit 1."""
    from scrapers.sources import SourcesError, load_sources

    try:
        sources = load_sources(file)
    except SourcesError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        raise typer.Exit(1) from None
    urls = sum(len(s.start_urls) for s in sources)
    print(f"{file}: {len(sources)} sources, {urls} start URLs: OK")
