"""Row/column span expansion for tables read from HTML (and later DOCX).

A report table is mapped by its labels, and a merged label such as
"（三）不予公开" heads several rows: repeating a spanned cell's text in every
grid position it covers lets the mapper find the label from any row or column.
"""

from __future__ import annotations

import re

# HTML caps colspan at 1000; no report table is more than ~20 columns wide, but
# the cap only bounds memory, the trailing-column trim below does the real work.
MAX_COLSPAN = 1000
# A report table has a few hundred cells; a grid this large is a page listing or
# an attack, and expanding it would cost memory for nothing.
MAX_GRID_CELLS = 100_000


class GridTooLarge(ValueError):
    """A table whose expanded grid would exceed ``MAX_GRID_CELLS``."""

Cell = tuple[str, int, int]  # (text, rowspan, colspan)

# A cell holding nothing but a number (a count, an amount, a percentage).
_NUMBER = re.compile(r"[+-]?\d[\d,，.]*%?")


def expand_spans(rows: list[list[Cell]], notes: list[str] | None = None,
                 copies: list[list[bool]] | None = None) -> list[list[str]]:
    """Lay cells out on a grid the way a browser does and return the grid.

    ``rows`` holds (text, rowspan, colspan) per cell, row by row. A rowspan of
    0 (HTML: "to the end of the group") or one reaching past the last row stops
    at the last row; other spans below 1 count as 1. Rows stay ragged (a short row
    is not padded), but positions before a cell carried down from a row above
    are filled with ''. Trailing columns in which no cell starts anywhere (an
    absurd ``colspan="20"`` in a 9-column table) are trimmed. A grid over
    ``MAX_GRID_CELLS`` raises ``GridTooLarge``.

    A number is not repeated down the rows it spans: printed once for rows
    that each have their own label, it is no row's number but its first's
    (``rowspan="0"`` on a count would otherwise copy it into every row below).
    The rows below keep the position blank, and ``notes`` says which.

    ``copies``, when given, receives a row of flags per grid row: True where the position
    repeats the cell to its left (a cell spanning columns), so that a value printed in a cell
    spanning two columns of the grid is counted once (a Word table's uneven rows: each row's
    cells drawn at their own places, on a grid of all rows' boundaries).
    """
    n_rows = len(rows)
    grid: list[list[str]] = []
    flags: list[list[bool]] = []
    # column -> (text, rows still to cover, whether it repeats the column to its left) for
    # cells spanning down from above
    carried: dict[int, tuple[str, int, bool]] = {}
    last_start = -1  # the rightmost column where some cell starts
    size = 0
    for r, cells in enumerate(rows):
        if all(rowspan == 1 and colspan == 1 for _, rowspan, colspan in cells):
            # Most rows: their own cells span nothing, the grid row is their texts around the
            # cells carried down from above (a label column spanning a group's rows).
            out, copied, last_start = _between_carried(cells, carried, last_start)
            carried = {c: (text, left - 1, copy) for c, (text, left, copy) in carried.items() if left > 1}
        else:
            out, copied, carried, last_start = _lay_out(cells, carried, r, n_rows, last_start, notes)
        size += len(out)
        if size > MAX_GRID_CELLS:
            raise GridTooLarge(f"table of over {MAX_GRID_CELLS:,} grid cells (a report's tables hold a few hundred)")
        grid.append(out)
        flags.append(copied)
    width = last_start + 1
    if copies is not None:
        copies.extend(row[:width] for row in flags)
    return [row[:width] for row in grid]


def _between_carried(cells: list[Cell], carried: dict[int, tuple[str, int, bool]],
                     last_start: int) -> tuple[list[str], list[bool], int]:
    """Row cells that span nothing placed in the columns ``carried`` leaves free, left to right:
    the grid row, its copy flags, and the rightmost column where a cell starts."""
    if not carried:
        return [text for text, _, _ in cells], [False] * len(cells), max(last_start, len(cells) - 1)
    out: list[str] = []
    copied: list[bool] = []
    for text, _, _ in cells:
        while (c := len(out)) in carried:
            out.append(carried[c][0])
            copied.append(carried[c][2])
        out.append(text)
        copied.append(False)
    last_start = max(last_start, len(out) - 1)
    for c in range(len(out), max(carried) + 1):  # carried cells right of the row's own
        out.append(carried[c][0] if c in carried else "")
        copied.append(c in carried and carried[c][2])
    return out, copied, last_start


def _lay_out(cells: list[Cell], carried: dict[int, tuple[str, int, bool]], r: int, n_rows: int,
             last_start: int, notes: list[str] | None
             ) -> tuple[list[str], list[bool], dict[int, tuple[str, int, bool]], int]:
    """Row ``r`` of ``expand_spans`` when spans are involved: its grid row, its copy flags, the
    cells carried on below, and the rightmost column where a cell starts."""
    taken = {c: (text, copy) for c, (text, _, copy) in carried.items()}
    carried = {c: (text, left - 1, copy) for c, (text, left, copy) in carried.items() if left > 1}
    col = 0
    for text, rowspan, colspan in cells:
        while col in taken:
            col += 1
        last_start = max(last_start, col)
        if rowspan == 1 == colspan:  # most cells of a row with spans: one column, nothing carried
            taken[col] = (text, False)
            col += 1
            continue
        colspan = min(max(colspan, 1), MAX_COLSPAN)
        remaining = n_rows - r
        rowspan = remaining if rowspan == 0 else min(max(rowspan, 1), remaining)
        number_down = rowspan > 1 and _NUMBER.fullmatch(text.strip()) is not None
        if number_down and notes is not None:
            notes.append(f"the number {text.strip()!r} in row {r + 1} is merged down over rows "
                         f"{r + 2}–{r + rowspan}: read in row {r + 1} only")
        for c in range(col, col + colspan):
            taken[c] = (text, c > col)  # overlapping a carried cell: the later cell wins
            if rowspan > 1:
                carried[c] = ("" if number_down else text, rowspan - 1, c > col)
        col += colspan
    out = [""] * (max(taken) + 1) if taken else []
    copied = [False] * len(out)
    for c, (text, copy) in taken.items():
        out[c] = text
        copied[c] = copy
    return out, copied, carried, last_start
