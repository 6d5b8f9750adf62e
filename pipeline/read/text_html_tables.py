"""HTML tables inside a text document.

PDF→markdown converters that model tables (MinerU, marker, olmOCR, vision-model transcriptions)
and pandoc's gfm print a table with merged cells as HTML in the markdown: on one line
(``<html><body><table>…</table></body></html>``) or indented over many. Such a table is read as
the HTML reader reads one (spans expanded, ``<br>`` a line break in its cell); its lines are then
blank for the text's own table finders, which would take its ``<td>`` lines for cells one per line.
"""

from __future__ import annotations

import re

from .html import fragment_blocks

_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_CELL = re.compile(r"<t[dh]\b", re.IGNORECASE)


def find(lines: list[str], text: str) -> dict[int, int]:
    """Start → end (exclusive) of the lines of each outermost HTML table (``text``: the text
    they are of). A table never closed runs to the text's end when it has cells (a dump cut short);
    '<table' in prose is no table."""
    out: dict[int, int] = {}
    if not _OPEN.search(text):
        return out
    i = 0
    while i < len(lines):
        if not _OPEN.search(lines[i]):
            i += 1
            continue
        depth, j = 0, i
        while j < len(lines):
            depth += len(_OPEN.findall(lines[j])) - len(_CLOSE.findall(lines[j]))
            j += 1
            if depth <= 0:
                break
        if depth > 0 and not any(_CELL.search(line) for line in lines[i:j]):
            i += 1
            continue
        out[i] = j
        i = j
    return out


def table_blocks(lines: list[str], where: str, losses: list[str], warnings: list[str]):
    """The blocks (tables, and any text beside them on their lines) of one run from
    :func:`html_tables`, read by the HTML reader."""
    return fragment_blocks("\n".join(lines), where, losses, warnings)
