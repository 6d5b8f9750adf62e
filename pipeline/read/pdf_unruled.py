"""Tables printed without rules: the lines between ruled tables laid out as text.

A table whose rules are not drawn (a borderless HTML table printed by a
browser, a word processor's table with its borders off, rules lost on the way
to PDF) keeps only where its words are. That is what a ``pdftotext -layout``
dump keeps too, so both are read by one reader of space-aligned tables
(``text.column_tables``): each page line becomes a text line with every word
placed at its distance from the left margin, in half-em columns, and words
apart by a column gutter at least two spaces apart. The PDF knows the true
positions, so the layout is never skewed the way a dump's is after Chinese
text.

A run of lines is read as a whole across page breaks (running headers, footers
and page numbers are gone by then), and ends at a ruled table. Lines read by
OCR keep the glyph-column reader of ``pdf_tables.aligned_tables``, which
carries each cell's recognition confidence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from statistics import median

from .pdf_layout import Line, chars_text, runs_apart
from .pdf_page import Char
from .text import column_table, column_tables
from .textjoin import is_wide

# A gap wider than this (× glyph size) between two glyphs separates words.
_WORD_GAP = 0.25
# A gap at least this wide (× glyph size) between words is a column gutter;
# between two Chinese words (a label set letter-spaced) only a wider one is.
_GUTTER = 0.5
_CHINESE_GUTTER = 1.0


@dataclass(slots=True)
class TextTable:
    """A table read from laid-out lines: its rows as the text reader rebuilt them."""

    page: int
    page_end: int
    top: float
    rows: list[list[str]]

    def grid(self) -> list[list[str]]:
        return self.rows

    def confidence_grid(self) -> None:
        return None

    def copies_grid(self) -> None:
        return None  # rebuilt from text: which cells a span covered is not known


@dataclass(slots=True)
class PlacedLine:
    """A line of a run, with the page it is on."""

    page: int
    line: Line


def laid_out(lines: list[Line]) -> list[str]:
    """The lines of one page as text, each word at its place (see the module docstring)."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    unit = median(c.size for line in lines for c in line.chars if not c.text.isspace()) / 2 or 1.0
    return [_lay_out_line(line, left, unit) for line in lines]


def _lay_out_line(line: Line, left: float, unit: float) -> str:
    out = ""
    prev: list[Char] | None = None
    for word in runs_apart(line.chars, _WORD_GAP):
        at = round((word[0].x0 - left) / unit)
        text = chars_text(word)
        if prev is None:
            out = " " * at + text
        elif _is_gutter(prev, word):
            out += " " * max(at - len(out), 2) + text
        else:
            out += " " + text
        prev = word
    return out


def _is_gutter(before: list[Char], after: list[Char]) -> bool:
    a, b = before[-1], after[0]
    size = max(a.size, b.size)
    chinese = is_wide(a.text) and is_wide(b.text)
    return b.x0 - a.x1 >= (_CHINESE_GUTTER if chinese else _GUTTER) * size


def read_run(run: list[PlacedLine], warnings: list[str]) -> tuple[list[TextTable], list[PlacedLine]]:
    """The tables of a run of lines (top to bottom, page after page) and the lines outside them."""
    text: list[str] = []
    for _, group in itertools.groupby(run, key=lambda p: p.page):
        text += laid_out([p.line for p in group])
    tables: list[TextTable] = []
    rest: list[PlacedLine] = []
    i = 0
    for first, end in sorted(column_tables(text).items()):
        rest += run[i:first]
        where = f"page {run[first].page}: table without rules"
        rows = column_table(text[first:end], where, warnings)
        if rows:
            tables.append(TextTable(run[first].page, run[end - 1].page, run[first].line.top, rows))
        else:
            rest += run[first:end]
        i = end
    rest += run[i:]
    return tables, rest


def read_by_ocr(run: list[PlacedLine]) -> bool:
    """Whether any glyph of the run was read by OCR (and so has a confidence to keep)."""
    return any(p.line.read_by_ocr for p in run)
