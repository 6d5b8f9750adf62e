"""``xxgk query "SQL" [--data DIR] [--out FILE]``, ``xxgk query --list``: DuckDB over the datasets.

The views (one per dataset, see :mod:`pipeline.views`) can read the datasets
and nothing else; ``--out`` is written by our code (:mod:`pipeline.outputs`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import XxgkError
from .data_option import DEFAULT, data_option

if TYPE_CHECKING:
    import duckdb

__all__ = ["query", "write_result"]  # QueryError and connect too, on first use (below)


def __getattr__(name: str):
    """The views (pyarrow.dataset, pandas: a second of imports) load on first use,
    so that every other ``xxgk`` command starts without them."""
    if name in ("QueryError", "connect"):
        from .. import views

        return getattr(views, name)
    raise AttributeError(name)


def write_result(con: duckdb.DuckDBPyConnection, sql: str, out: Path) -> int:
    """Write the result of ``sql`` as CSV or Parquet (by the extension); returns its rows."""
    from ..outputs import check_table_format, write_table
    from ..views import QueryError

    check_table_format(out)
    rel = con.sql(sql)
    if rel is None:
        raise QueryError("the statement returns no rows to write")
    table = rel.arrow()
    if hasattr(table, "read_all"):
        table = table.read_all()
    write_table(table, out)
    return table.num_rows


def query(
    sql: Annotated[str | None, typer.Argument(help="SQL over the views (see --list): reports, requests, "
                                                    "metrics, findings …")] = None,
    data: data_option("Data directory holding DATA/datasets.") = DEFAULT,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the result as .csv or .parquet.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows printed (not written) at most.")] = 100,
    list_views: Annotated[bool, typer.Option("--list", help="List the views and their columns.")] = False,
) -> None:
    """Run SQL over the datasets and print the result as a table, or write it to a file."""
    import duckdb

    from ..views import check_data_dir, connect, derived_used, describe, explain

    if sql is None and not list_views:
        print("give the SQL to run, or --list to see the views", file=sys.stderr)
        raise typer.Exit(2)
    try:
        check_data_dir(data)
        con = connect(data, build_derived=sql is not None and derived_used(sql))
    except XxgkError as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    try:
        if list_views:
            _print_views(describe(con))
            return
        try:
            if out is not None:
                n = write_result(con, sql, out)
                Console(soft_wrap=True).print(f"{n} rows → {out}", highlight=False)
                return
            rel = con.sql(sql)
            if rel is None:  # a statement without a result (e.g. SET)
                return
            columns, rows = rel.columns, rel.limit(limit + 1).fetchall()
        except duckdb.Error as e:
            print(f"query failed: {explain(con, sql, e)}", file=sys.stderr)
            raise typer.Exit(2) from None
        except XxgkError as e:
            print(f"query failed: {str(e).splitlines()[0]}", file=sys.stderr)
            raise typer.Exit(2) from None
    finally:
        con.close()
    table = Table(*columns, caption=f"first {limit} rows" if len(rows) > limit else None)
    for row in rows[:limit]:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


def _print_views(views: dict[str, list[tuple[str, str]]]) -> None:
    out = Console(soft_wrap=True, highlight=False)
    for name, columns in views.items():
        out.print(f"[bold]{name}[/]: " + ", ".join(f"{c} {t}" for c, t in columns))
