"""Pipe tables that are a page's lines, not its tables: markitdown's PDF converter.

markitdown (``markitdown[pdf]``) turns each line of a page whose words fall into three columns
or more into a markdown table of its own, one or two rows long, on a grid of columns found for
the whole page: a table of the report comes out as many tiny tables, labels as plain lines
between them, and the page's prose in cells (``| 全区共收到 | 70 | 件申请，及时依法依规办结 |``).
Its columns are not the report's (two numbers share a cell, ``| 21 0 | 0 0 | 4 70 |``), so a
row is read as the line it was: its cells in order, one space apart, as pdfplumber's plain text
prints it (``text_single``, ``text_rows``).

It groups words into lines by rounding their tops to 5 pt, so a row's label and its numbers,
set a point apart, may come out on two lines in either order: a line of numbers without a label
is read only where the lines around it leave one label for it (``text_rows.rebuild``'s ``labels_below``).
"""

from __future__ import annotations

import re

from .pipe_syntax import is_pipe_row, is_separator, pipe_cells

# '0 0', '4 70', '- 3': two columns' numbers (or blanks printed '-' or '/')
_MULTI_NUMBER_CELL = re.compile(r"^[\d.,/\-—]+(?:\s+[\d.,/\-—]+)+$")
_MIN_TABLES = 4
_TINY_ROWS = 2  # rows (the separator not counted) of a table that is a line or two of a page
_TINY_SHARE = 0.6
_MIN_SHARED_CELLS = 2


def as_page_lines(lines: list[str]) -> list[str] | None:
    """The dump's lines with each pipe row printed as its cells one space apart and the
    separator rows left out, when its pipe tables are a page's lines (None otherwise): four
    tables or more, most of them one or two rows long, and cells holding two numbers."""
    runs: list[list[list[str]]] = []
    in_run = False
    for line in lines:
        if is_pipe_row(line):
            if not in_run:
                runs.append([])
            cells = pipe_cells(line)
            if not _is_rule(cells):
                runs[-1].append(cells)
        in_run = is_pipe_row(line)
    if len(runs) < _MIN_TABLES or sum(len(rows) <= _TINY_ROWS for rows in runs) < _TINY_SHARE * len(runs):
        return None
    if sum(bool(_MULTI_NUMBER_CELL.match(c)) for rows in runs for row in rows for c in row) < _MIN_SHARED_CELLS:
        return None
    out = []
    for line in lines:
        if not is_pipe_row(line):
            out.append(line)
            continue
        cells = pipe_cells(line)
        if not _is_rule(cells) and any(cells):
            # One space apart, within a cell too ('0  975'): where markitdown put a word says
            # nothing of its column, so no gap may look like one.
            out.append(" ".join(" ".join(c.split()) for c in cells if c))
    return out


def _is_rule(cells: list[str]) -> bool:
    """The separator row markitdown prints under each table's first ('| --- | --- |'); a row of
    single dashes is a row of blanks printed '-'."""
    return is_separator(cells) and all(len(c) >= 3 for c in cells if c)
