"""The Document: what every reader produces and the table mapper consumes.

Readers know file types, not report formats; the mapper knows report formats,
not file types. This module is the whole interface between them: an ordered
list of blocks (headings, paragraphs, tables as grids of cell strings with
row/col spans already expanded), each with where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]
DocStatus = Literal["ok", "needs_ocr"]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a block sits in its source: element index in reading order, and the
    (1-based) page(s) for paginated formats."""

    index: int
    page: int | None = None
    page_end: int | None = None


@dataclass(slots=True)
class Block:
    """One heading, paragraph or table.

    For tables ``rows`` is a rectangular-or-ragged grid of cell strings after
    expanding rowspan/colspan: a spanned cell's text is repeated in every grid
    position it covers, so a label can be found from any row or column it heads.
    ``text`` of a table is empty.
    """

    kind: BlockKind
    pos: Position
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    # For a table read by OCR: each grid cell's confidence (0–1; None for a
    # blank cell), in the shape of ``rows``. None for a text-layer table.
    confidence: list[list[float | None]] | None = None
    # True at a grid position that repeats the cell to its left (one cell spanning several
    # columns), in the shape of ``rows``: a row's own cells are the others. None when the
    # reader cannot tell (a text dump's columns).
    copies: list[list[bool]] | None = None

    @property
    def read_by(self) -> str:
        return "ocr" if self.confidence is not None else "text"

    @property
    def is_table(self) -> bool:
        return self.kind == "table"


@dataclass(slots=True)
class Document:
    """A file read into blocks. ``meta`` carries what the container says about the
    document (HTML <meta>/<title>, PDF info, DOCX core properties, the
    publication date a CMS page prints ...), as strings."""

    source: str
    file_type: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    status: DocStatus = "ok"
    # Why the document needs OCR, and the images that hold its tables (URLs or
    # page references), when status == "needs_ocr".
    ocr_reason: str | None = None
    images: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Parts the reader could not read (a page, a table), each naming the part and
    # why: the rest was read, and the extraction is ``partial``.
    losses: list[str] = field(default_factory=list)
    # Pages (or images, numbered like pages) whose text came from OCR.
    ocr_pages: list[int] = field(default_factory=list)

    @property
    def read_by(self) -> str:
        """``text``, ``ocr`` (no text layer was read) or ``text+ocr``."""
        if not self.ocr_pages:
            return "text"
        return "ocr" if all(b.read_by == "ocr" for b in self.tables) else "text+ocr"

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @property
    def text(self) -> str:
        """All non-table text in reading order, one block per line."""
        return "\n".join(b.text for b in self.blocks if b.kind != "table" and b.text)
