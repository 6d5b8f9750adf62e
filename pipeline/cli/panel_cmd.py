"""``xxgk panel [--data DIR] --out FILE``: one row per agency-year, one column per table cell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .data_option import DEFAULT, data_option


def panel(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .parquet, .csv (UTF-8 with BOM) or .dta.")],
    data: data_option("Data directory holding DATA/datasets.") = DEFAULT,
) -> None:
    """Write the agency-year panel of the loaded datasets (column meanings: DATA/dictionary.md)."""
    from ..errors import XxgkError
    from ..load import require_snapshot
    from ..panel import build_panel, write_panel
    from ..panel.write import panel_format

    try:
        panel_format(out)
        require_snapshot(data)
        df = build_panel(data)
        write_panel(df, out)
    except (XxgkError, OSError) as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    resolved = int(df["resolved"].fillna(False).sum()) if len(df) else 0
    Console(soft_wrap=True, highlight=False).print(f"[bold]{len(df)}[/] agency-years ({df['agency_id'].nunique()} agencies, "
                    f"{resolved} resolved to a division) × {df.shape[1]} columns → {out}")
