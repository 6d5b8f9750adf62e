"""Visual lines to paragraphs and headings.

A PDF has no paragraphs, only lines. A new paragraph starts where a line
starts with an enumeration marker (一、 （一） 1.), is indented (Chinese first
lines are indented two characters), follows a short last line or a larger
gap, or where the type style changes (a heading set larger or in a heavy
face). A paragraph may run on across a page break. The rules know nothing
about any particular report format.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from statistics import median

from .pdf_layout import ENUMERATION, Line
from .textjoin import join_wrapped

# '- 3 -', '—3—', '3', '第 3 页', '3/6', '第3页 共6页'
_PAGE_NUMBER = re.compile(r"^[\s\-—–－~·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?"
                          r"(?:\s*共\s*\d{1,4}\s*页)?[\s\-—–－~·]*$")
_DIGITS = re.compile(r"\d+")
_MARGIN_ZONE = 0.12  # top/bottom fraction of the page where page numbers live
_HEADING_SIZE = 1.15  # a line this much larger than body text is heading-sized
_MAX_HEADING_CHARS = 60
# Two OCR'd margin lines this alike (difflib's ratio) are one running line read with slips;
# lines with fewer letters than this (page numbers, a date) must match exactly.
_ALIKE = 0.85
_ALIKE_MIN_CHARS = 8


def is_page_number(line: Line, page_height: float) -> bool:
    in_margin = line.bottom < _MARGIN_ZONE * page_height or line.top > (1 - _MARGIN_ZONE) * page_height
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


def running_lines(pages: list[tuple[float, list[Line]]]) -> set[int]:
    """ids of the running headers and footers: lines in a page's top or bottom
    margin zone whose text, digits aside, recurs in the margin zones of at
    least half the pages (and of two or more). A browser prints the date and
    title above every page and the URL and 'n/m' below it; a word processor
    repeats its header. Such lines sit between the two parts of a table cut
    by a page break, and are no part of the report's text.

    Lines read by OCR recur when their texts are alike (``_ALIKE``): the same footer
    is read with a different slip on each page (``file:///`` as ``file://``).
    A line set larger than the body text is a title, not a running header
    (a report's title atop its first page may recur in the header above the
    others). ``pages`` holds each page's height and lines."""
    sizes = [line.size for _, lines in pages for line in lines]
    body = median(sizes) if sizes else 0.0
    keys_by_page: list[dict[str, list[int]]] = []
    read_by_ocr: set[str] = set()
    for height, lines in pages:
        keys: dict[str, list[int]] = {}
        for line in lines:
            in_margin = line.bottom < _MARGIN_ZONE * height or line.top > (1 - _MARGIN_ZONE) * height
            if in_margin and line.size <= body * _HEADING_SIZE:
                key = _DIGITS.sub("#", line.text.replace(" ", ""))
                keys.setdefault(key, []).append(id(line))
                if line.read_by_ocr:
                    read_by_ocr.add(key)
        keys_by_page.append(keys)
    group = _alike_groups(read_by_ocr)
    pages_of: dict[str, set[int]] = {}
    for n, keys in enumerate(keys_by_page):
        for key in keys:
            pages_of.setdefault(group.get(key, key), set()).add(n)
    needed = max(2, (len(pages) + 1) // 2)
    return {ident for keys in keys_by_page for key, idents in keys.items()
            if len(pages_of[group.get(key, key)]) >= needed for ident in idents}


def _alike_groups(keys: set[str]) -> dict[str, str]:
    """Each key mapped to the first key (in sorted order) of its group of alike keys."""
    firsts: list[str] = []
    group: dict[str, str] = {}
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        if len(key.replace("#", "")) >= _ALIKE_MIN_CHARS:
            group[key] = next((f for f in firsts if _alike(key, f)), key)
            if group[key] == key:
                firsts.append(key)
    return group


def _alike(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= _ALIKE and matcher.quick_ratio() >= _ALIKE and matcher.ratio() >= _ALIKE


@dataclass(slots=True)
class TextBlock:
    kind: str  # "heading" | "paragraph"
    page: int
    page_end: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_wrapped(self.lines)


@dataclass(slots=True)
class BodyStyle:
    """The document's typical body text: size, left and right edge, line gap."""

    size: float
    left: float
    right: float
    gap: float
    heavy: bool

    @classmethod
    def of(cls, pages: list[list[Line]]) -> BodyStyle:
        lines = [line for page in pages for line in page]
        if not lines:
            return cls(10.0, 0.0, 0.0, 0.0, False)
        sizes = [c.size for line in lines for c in line.chars if not c.text.isspace()]
        size = median(sizes) if sizes else 10.0
        left = _mode([round(line.x0) for line in lines])
        long_lines = [round(line.x1) for line in lines if line.x1 - left > 10 * size]
        right = _mode(long_lines) if long_lines else max(round(line.x1) for line in lines)
        gaps = [b.top - a.bottom for page in pages for a, b in itertools.pairwise(page) if b.top > a.bottom]
        heavy = sum(line.heavy for line in lines) > len(lines) / 2
        return cls(size, left, right, median(gaps) if gaps else size, heavy)

    def is_heading_style(self, line: Line) -> bool:
        return (line.heavy and not self.heavy) or line.size >= _HEADING_SIZE * self.size


def _mode(values: list[int]) -> float:
    """Most common value, counting values within 2 units of each other together."""
    counts = Counter(values)
    return float(max(counts, key=lambda v: sum(counts[v + d] for d in (-2, -1, 0, 1, 2))))


class ParagraphBuilder:
    """Feeds lines in reading order and collects paragraphs and headings."""

    def __init__(self, style: BodyStyle):
        self.style = style
        self.blocks: list[TextBlock] = []
        self._open: TextBlock | None = None  # the paragraph the next line may continue
        self._prev: Line | None = None

    def add(self, line: Line, page: int) -> TextBlock | None:
        """Add a line; returns the block it started, or None if it continued one."""
        prev, open_block = self._prev, self._open
        self._prev = line
        if open_block is not None and prev is not None and not self._starts_paragraph(prev, line, page):
            open_block.lines.append(line.text)
            open_block.page_end = page
            self._heading_ok(open_block, line)
            return None
        kind = "heading" if self.style.is_heading_style(line) else "paragraph"
        block = TextBlock(kind, page, page, [line.text])
        self._heading_ok(block, line)
        self.blocks.append(block)
        self._open = block
        return block

    def interrupt(self) -> None:
        """A table came between: the next line starts a new paragraph."""
        self._open = None

    def _heading_ok(self, block: TextBlock, line: Line) -> None:
        if block.kind == "heading" and (not self.style.is_heading_style(line)
                                        or len(block.text) > _MAX_HEADING_CHARS):
            block.kind = "paragraph"

    def _starts_paragraph(self, prev: Line, line: Line, page: int) -> bool:
        s = self.style
        if ENUMERATION.match(line.text) or line.x0 > s.left + 0.8 * s.size:
            return True
        if prev.x1 < s.right - 1.5 * s.size:  # the previous line was a paragraph's last
            return True
        if s.is_heading_style(prev) != s.is_heading_style(line):
            return True
        same_page = self._open is not None and self._open.page_end == page
        return same_page and line.top - prev.bottom > s.gap + 0.6 * s.size
