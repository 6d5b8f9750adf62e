"""``xxgk compare``: rank the agencies of a region on one metric."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .data_option import DEFAULT, data_option

OUT_COLUMNS = ["rank", "agency_id", "agency", "year", "division_code", "province", "prefecture", "county",
               "level", "kind"]
CONTEXT = ["requests_received", "identities_ok", "checks_failed", "status", "source_url"]


def compare(
    data: data_option("Data directory written by `xxgk load`.") = DEFAULT,
    region: Annotated[str | None, typer.Option("--region", help="Division-code prefix (3208) or place name (淮安市).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year reported on (default: the latest loaded).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Agency kind, e.g. 公安局, 人民政府.")] = None,
    metric: Annotated[str, typer.Option("--metric", help="Metric to rank by (see README: metrics).")] = "requests_received",
    ascending: Annotated[bool, typer.Option("--ascending", help="Smallest first.")] = False,
    top: Annotated[int, typer.Option("--top", help="Rows to print (0: all). --out always gets all.")] = 20,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the ranking to FILE.csv or FILE.parquet.")] = None,
) -> None:
    """Rank agencies of a region on a metric; reports whose identities fail are marked ⚠."""
    # Imported here: `xxgk --help` and the other commands should not pay for findings' imports.
    from ..errors import XxgkError
    from ..findings import read_metrics
    from ..metrics import BY_NAME, rank, select
    from ..outputs import check_table_format, write_table

    if metric not in BY_NAME:
        print(f"unknown metric {metric!r}; one of: {', '.join(BY_NAME)}", file=sys.stderr)
        raise typer.Exit(2)
    try:
        if out is not None:
            check_table_format(out)
        metrics = read_metrics(data)
    except XxgkError as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    year = int(metrics["year"].max()) if year is None and len(metrics) else year
    rows = select(metrics, region=region, year=year, kind=kind)
    if rows.empty:
        where = ", ".join(f"{k} {v}" for k, v in (("region", region), ("year", year), ("kind", kind)) if v)
        print(f"no reports match ({where or 'no filter'}) in {data}", file=sys.stderr)
        raise typer.Exit(1)
    ranked = rank(rows, metric, ascending=ascending)
    _print(ranked, metric, top, region, year, kind)
    if out is not None:
        table = ranked[[c for c in OUT_COLUMNS if c in ranked] + [metric] + [c for c in CONTEXT if c != metric]]
        try:
            write_table(table, out)
        except XxgkError as e:
            print(str(e), file=sys.stderr)
            raise typer.Exit(2) from None
        print(f"{len(table)} rows written to {out}", file=sys.stderr)


def _print(ranked, metric: str, top: int, region, year, kind) -> None:
    from ..metrics import BY_NAME
    from ..metrics.format import format_value, is_null

    m = BY_NAME[metric]
    title = f"{m.label} ({metric}) · {region or 'all regions'} · {year} · {kind or 'all kinds'}"
    table = Table(title=escape(title), caption=escape(f"{metric} = {m.formula}; ⚠ = the report's identities fail"))
    context = metric != "requests_received"
    columns = [("#", "right"), ("agency", "left"), ("region", "left"), (m.label, "right")]
    columns += [("申请总数", "right")] if context else []
    for col, justify in columns:
        table.add_column(col, justify=justify)
    shown = ranked if top <= 0 else ranked.head(top)
    for r in shown.itertuples(index=False):
        place = next((str(v) for v in (r.county, r.prefecture, r.province, r.division_code)
                      if isinstance(v, str) and v), "")
        failed = not is_null(r.identities_ok) and not bool(r.identities_ok)
        cells = ["" if is_null(r.rank) else str(r.rank), escape(r.agency), escape(place),
                 format_value(metric, getattr(r, metric)) + (" ⚠" if failed else "")]
        cells += [format_value("requests_received", r.requests_received)] if context else []
        table.add_row(*cells)
    Console(width=max(100, Console().width)).print(table)
    if top > 0 and len(ranked) > top:
        print(f"… {len(ranked) - top} more (use --top 0, or --out FILE)")
