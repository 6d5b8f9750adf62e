"""``xxgk query "SQL" [--data DIR] [--out FILE]``: DuckDB over the datasets, one view per dataset.

The views read the snapshot current when the connection is made, so a query
sees one consistent state even while a load switches ``DATA/datasets``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import XxgkError

if TYPE_CHECKING:
    import duckdb


class QueryError(XxgkError):
    """The query could not be run or its result not written; the message says why."""


def connect(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with views ``reports``, ``proactive``, … over ``data_dir``'s datasets."""
    import duckdb

    from ..load import DATASETS, current_snapshot, read_table

    snapshot = current_snapshot(Path(data_dir))
    con = duckdb.connect()
    for name in DATASETS:
        files = sorted((snapshot / name).glob("year=*/*.parquet")) if snapshot else []
        if files:
            glob = str(snapshot / name / "*" / "*.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{glob}', hive_partitioning = true, "
                        "union_by_name = true)")
        else:  # no rows yet: an empty view with the dataset's columns
            con.register(f"_{name}_empty", read_table(data_dir, name))
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM _{name}_empty")
    return con


def write_result(con: duckdb.DuckDBPyConnection, sql: str, out: Path) -> int:
    """Write the result of ``sql`` as CSV (UTF-8 with BOM, like the panel) or Parquet; returns its rows."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise QueryError(f"{out}: unknown output format {suffix or '(no extension)'!r}; use .csv or .parquet")
    table = con.sql(sql).arrow()
    if hasattr(table, "read_all"):
        table = table.read_all()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    else:
        table.to_pandas().to_csv(out, index=False, encoding="utf-8-sig")
    return table.num_rows


def query(
    sql: Annotated[str, typer.Argument(help="SQL over the views reports, proactive, requests, appeals, "
                                             "sections, checks.")],
    data: Annotated[Path, typer.Option("--data", help="Data directory holding DATA/datasets.")] = Path("data"),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the result as .csv or .parquet.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows printed (not written) at most.")] = 100,
) -> None:
    """Run SQL over the datasets and print the result as a table, or write it to a file."""
    import duckdb

    try:
        con = connect(data)
        try:
            if out is not None:
                n = write_result(con, sql, out)
                Console().print(f"{n} rows → {out}")
                return
            rel = con.sql(sql)
            if rel is None:  # a statement without a result (e.g. SET)
                return
            columns, rows = rel.columns, rel.limit(limit + 1).fetchall()
        finally:
            con.close()
    except (duckdb.Error, QueryError) as e:
        print(f"query failed: {str(e).splitlines()[0]}", file=sys.stderr)
        raise typer.Exit(2) from None
    table = Table(*columns, caption=f"first {limit} rows" if len(rows) > limit else None)
    for row in rows[:limit]:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)
