"""``xxgk samples DIR``: write the built-in sample corpus."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def samples(
    out: Annotated[Path, typer.Argument(help="Folder to write the sample reports into.")] = Path("data/samples"),
    n: Annotated[int, typer.Option("--n", help="Number of reports.")] = 40,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")] = 2024,
) -> None:
    """Generate realistic sample reports with known numbers (HTML, PDF, DOCX, text)."""
    from ..samples import generate_corpus

    try:
        truths = generate_corpus(out, n=n, seed=seed)
    except ValueError as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    Console().print(f"wrote {len(truths)} sample reports and truth.json to {out}")
