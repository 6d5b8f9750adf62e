"""Grid tables drawn by tabulate (``tablefmt="grid"``) from a document's span-expanded tables:
the ruled text tables of pandoc's markdown, reStructuredText and Python reports. Label cells are
wrapped over lines at random widths, as a narrow column wraps them; numbers are never wrapped."""

from __future__ import annotations

import random

import tabulate

from pipeline.document import Block

# tabulate's ruled formats: ASCII (pandoc's and RST's syntax), and box-drawing characters.
FORMATS = ("grid", "fancy_grid", "simple_grid", "rounded_grid", "heavy_grid", "mixed_grid", "double_grid")


def markdown_with_grid_tables(blocks: list[Block], rng: random.Random, wide: bool = True,
                              tablefmt: str = "grid") -> str:
    """``blocks`` as text with grid tables in tabulate's ``tablefmt``; ``wide``: drawn two columns
    to an ideograph (tabulate with wcwidth, pandoc) or one (tabulate without wcwidth)."""
    out = []
    for block in blocks:
        if block.kind != "table":
            out.append(block.text)
            continue
        rows = [[_wrapped(cell, rng) for cell in row] for row in block.rows]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        before = tabulate.WIDE_CHARS_MODE
        tabulate.WIDE_CHARS_MODE = wide
        try:
            out.append(tabulate.tabulate(rows[1:], headers=rows[0], tablefmt=tablefmt, disable_numparse=True))
        finally:
            tabulate.WIDE_CHARS_MODE = before
    return "\n\n".join(out) + "\n"


def _wrapped(cell: str, rng: random.Random) -> str:
    """A label cut over lines at random (a narrow column); a cell with a number in it left whole."""
    if (len(cell) < 6 or rng.random() < 0.4 or any(ch.isdigit() for ch in cell)
            or not any("\u4e00" <= ch <= "\u9fff" for ch in cell)):
        return cell
    width = rng.randint(3, max(3, len(cell) // 2))
    return "\n".join(cell[i:i + width] for i in range(0, len(cell), width))
