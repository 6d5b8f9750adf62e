"""``xxgk coverage [--data DIR] [--region CODE]``: which agencies published nothing for a year."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .data_option import DEFAULT, data_option


def coverage(
    data: data_option("Data directory of earlier crawls.") = DEFAULT,
    region: Annotated[str | None, typer.Option("--region", help="Division-code prefix (3501) or part of a name.")]
    = None,
) -> None:
    """Print the completeness ledger: per agency and year, found / not found / blocked / skipped.

    Exit 1 when nothing has been crawled into DATA yet or no row matches the region.
    """
    from pipeline import coverage as cov
    from pipeline.batch import coverage_stage

    table = cov.read(data)
    if table is None:  # crawled but not loaded yet, or loaded since: from the state (and published again)
        table = coverage_stage.from_state(data)
        if table is not None:
            cov.write(data, table)
    if table is None or table.empty:
        print(f"{data}: no crawl recorded yet (run `xxgk crawl --data {data}` first)", file=sys.stderr)
        raise typer.Exit(1)
    table = cov.select(table, region)
    if table.empty:
        print(f"no agency matches region {region!r}", file=sys.stderr)
        raise typer.Exit(1)
    print(cov.summary_line(table))
    for line in cov.grid(table.sort_values(["source", "agency", "year"])):
        print(line)
    for row in table[table.status.isin(["blocked", "skipped"])].itertuples(index=False):
        print(f"  {row.agency} {row.year} {row.status}: {row.detail}")
