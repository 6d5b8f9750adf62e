"""Rows of one logical table, split into label cells and value cells.

A logical table may come from several Blocks (a table split in two, or
continued on the next page); every row remembers its block and page so each
number keeps its provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Block
from .numbers import Parsed, parse_number
from .text import label_key, nfkc, norm, strip_numbering

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(slots=True)
class SourceRow:
    cells: list[str]
    block_index: int
    page: int | None
    parsed: list[Parsed] = field(default_factory=list)
    # Index of the last label cell (-1 when the row starts with values).
    label_end: int = -1

    labels: list[str] = field(default_factory=list)
    has_numbers: bool = False
    # OCR confidence of each cell (None: blank, or read from a text layer).
    confidence: list[float | None] | None = None
    read_by: str = "text"
    # True for a cell that repeats the one to its left (a cell spanning columns); None: not known.
    copies: list[bool] | None = None

    @property
    def label_text(self) -> str:
        return " ".join(self.labels)

    def value_columns(self) -> list[int]:
        """Columns after the label cells."""
        return list(range(self.label_end + 1, len(self.cells)))

    @property
    def spans_known(self) -> bool:
        """Whether the reader said which cells repeat a cell spanning columns (``copies``)."""
        return self.copies is not None and len(self.copies) == len(self.cells)

    def own_value_columns(self) -> list[int]:
        """Value columns less the repeats of a cell spanning several (when the reader knows them)."""
        vc = self.value_columns()
        if not self.spans_known:
            return vc
        return [c for c in vc if not self.copies[c]]

    def printed_columns(self) -> list[int]:
        """Cells after the labels with anything printed (a number, a dash, unreadable text);
        a cell spanning several columns counts once."""
        return [c for c in self.own_value_columns() if self.cells[c].strip()]

    def number_columns(self) -> list[int]:
        """Cells after the labels holding a number; a cell spanning several columns counts once."""
        return [c for c in self.own_value_columns() if self.parsed[c].value is not None]


def make_row(cells: list[str], block_index: int, page: int | None,
             confidence: list[float | None] | None = None, read_by: str = "text",
             copies: list[bool] | None = None) -> SourceRow:
    cells = [c or "" for c in cells]
    parsed = [parse_number(c) for c in cells]
    # Labels are Chinese and lead the row: a non-number without CJK text (other than an item
    # number alone), or any non-number after the first number, is an unreadable value to report.
    # (Plain loops, is_value read as its field: this runs for every row of every table.)
    first_number = len(cells)
    for i, p in enumerate(parsed):
        if p.value is not None:
            first_number = i
            break
    label_end = -1
    for i in range(first_number):
        # (an item number alone, '1.' '（三）' '3. “': a label's, printed apart from its text — a text
        # dump prints '1.' on its row's line of numbers, its text on the line above)
        if parsed[i].problem is not None and (_CJK.search(cells[i]) or _item_number_alone(cells[i])):
            label_end = i
    has_numbers = first_number < len(cells)
    return SourceRow(cells, block_index, page, parsed, label_end, _distinct_labels(cells[: label_end + 1]),
                     has_numbers, confidence, read_by, copies)


def _item_number_alone(cell: str) -> bool:
    """'1.', '（三）', '3. “': an item number with none of its label's words (a quote that opened
    them may stay with it)."""
    rest = strip_numbering(cell)
    return rest != nfkc(cell).strip() and not norm(rest)


def _distinct_labels(cells: list[str]) -> list[str]:
    """Distinct non-empty label texts, left to right (spans repeat a label)."""
    out: list[str] = []
    last = None  # the matching form of out[-1]
    for text in cells:
        t = text.strip()
        if t and (key := label_key(t)) != last:
            out.append(t)
            last = key
    return out


def rows_of(blocks: list[tuple[int, Block]]) -> list[SourceRow]:
    out: list[SourceRow] = []
    for index, block in blocks:
        confidence = block.confidence or [None] * len(block.rows)
        copies = block.copies or [None] * len(block.rows)
        for cells, conf, copied in zip(block.rows, confidence, copies):
            # Blank rows are kept: a table 4 printed all blank is a row of nulls.
            out.append(make_row(cells, index, block.pos.page, conf, block.read_by, copied))
    return out


def fill_right(cells: list[str]) -> list[str]:
    """Header cells of text grids (markdown, PDF without spans) leave a group
    label's columns empty after the first; carry the label rightwards."""
    out, last = [], ""
    for c in cells:
        last = c if c.strip() else last
        out.append(last)
    return out
