"""Glyphs to text lines, and the joining rules for Chinese text.

Chinese wraps anywhere and never puts a space between characters, so a line
break (or a justification gap) inside Chinese text must vanish, while a break
between two Latin/digit runs is a word boundary and becomes one space.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from statistics import median

from .pdf_page import Char
from .textjoin import join_wrapped, normalize_spaces

# A gap wider than this (× glyph height) between two glyphs is a word space.
_SPACE_GAP = 0.25
# A gap wider than this (× glyph height) splits a line into column segments.
SEGMENT_GAP = 1.5
# Glyphs whose vertical centres differ by less than this (× height) share a line.
_SAME_LINE = 0.4
# Glyphs of one line (or one column of vertical writing) are set this close (× size) or closer:
# Chinese has no spaces, only some letter-spacing.
_SET_CLOSE = 0.3
# Lines (and columns) of a cell are further apart than its glyphs along them by this (× size).
_LEADING = 0.1
# Latin letters and digits: vertical writing turns them on their side, or prints them upright one
# under the other like characters; neither is told from text in lines, so cells with them are lines.
_LATIN = re.compile(r"[0-9A-Za-z]")

# Text that starts like an enumerated heading or label: 一、 （一） (1) 1. 1、 ① 第一章
ENUMERATION = re.compile(r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]"
                         r"|\d+\s*[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十百\d]+[章节部分])")


@dataclass(slots=True)
class Line:
    chars: list[Char]  # left to right

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def size(self) -> float:
        return median(c.size for c in self.chars)

    @property
    def read_by_ocr(self) -> bool:
        """Its glyphs were read by OCR (they carry the recogniser's confidence)."""
        return any(c.confidence is not None for c in self.chars)

    @property
    def heavy(self) -> bool:
        """Set (almost) entirely in a heavy face."""
        ink = [c for c in self.chars if not c.text.isspace()]
        return bool(ink) and sum(c.heavy for c in ink) >= 0.8 * len(ink)

    @property
    def text(self) -> str:
        return chars_text(self.chars)

    def segments(self) -> list[list[Char]]:
        """Runs of glyphs separated by gaps wide enough to be column gutters."""
        return runs_apart(self.chars, SEGMENT_GAP)


def runs_apart(chars: list[Char], gap: float) -> list[list[Char]]:
    """The inked glyphs of a line in runs, split where two are further apart than ``gap`` × glyph size."""
    ink = [c for c in chars if not c.text.isspace()]
    if not ink:
        return []
    runs = [[ink[0]]]
    for prev, ch in itertools.pairwise(ink):
        if ch.x0 - prev.x1 > gap * max(prev.size, ch.size):
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return runs


def chars_text(chars: list[Char]) -> str:
    """Text of glyphs on one line, left to right, with word spaces restored."""
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None and ch.x0 - prev.x1 > _SPACE_GAP * max(prev.size, ch.size, 1.0):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return normalize_spaces("".join(out))


def build_lines(chars: list[Char]) -> list[Line]:
    """Group glyphs into lines, top to bottom."""
    lines: list[list[Char]] = []
    centre = size = 0.0
    for ch in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if ch.text.isspace() and not lines:
            continue
        if lines and abs(ch.cy - centre) <= _SAME_LINE * max(size, ch.size):
            lines[-1].append(ch)
        else:
            lines.append([ch])
            centre, size = ch.cy, ch.size
    out = []
    for group in lines:
        group.sort(key=lambda c: c.x0)
        if any(not c.text.isspace() for c in group):
            out.append(Line(group))
    return out


def vertical_columns(chars: list[Char]) -> list[Line] | None:
    """The columns of a cell set vertically, as lines in reading order; None for text set in
    lines. A narrow table head is often set so: read as lines, '结果维持' set as '结果维' beside
    '持' read '持结果维', and the head named no column.

    Glyphs turned on their side (Word's 'rotate text 90°/270°') run along their columns: turned
    clockwise, top to bottom with columns right to left; anticlockwise, bottom to top with columns
    left to right. Upright glyphs stacked in columns (竖排: top to bottom, right to left) are told
    from lines by which way they are closest: vertical when the columns stand further apart than
    the glyphs down them (horizontal text has leading between its lines instead). One glyph per
    column (a cell too short for its text) looks like spaced-out horizontal text, and stays lines."""
    ink = [c for c in chars if not c.text.isspace()]
    if not ink:
        return None
    turn = ink[0].turn
    if turn in (1, 3) and all(c.turn == turn for c in ink):
        return _columns(ink, median(c.size for c in ink), upward=turn == 3)
    if len(ink) < 3 or any(c.turn or _LATIN.match(c.text) for c in ink):
        return None
    centres = [c.cy for c in ink]
    if max(centres) - min(centres) < _SAME_LINE * ink[0].size:  # one line (most cells): no column
        return None
    size = median(c.size for c in ink)
    columns = _columns(ink, size, upward=False)
    down = [below.top - above.bottom for column in columns for above, below in itertools.pairwise(column.chars)]
    if not down or not all(-0.3 * size <= gap <= _SET_CLOSE * size for gap in down):
        return None
    across = [b.x0 - a.x1 for right, left in itertools.pairwise(columns) for a in left.chars for b in right.chars
              if abs(a.cy - b.cy) < 0.5 * size]
    if across and min(across) < max(down) + _LEADING * size:
        return None
    return columns


def _columns(ink: list[Char], size: float, *, upward: bool) -> list[Line]:
    """``ink`` in columns (glyphs whose centres lie within half a glyph of ``size`` across), in
    reading order: downward text top to bottom with columns right to left, upward text the other
    way about."""
    columns: list[list[Char]] = []
    for ch in sorted(ink, key=lambda c: c.cx):
        if columns and ch.cx - columns[-1][0].cx < 0.5 * size:
            columns[-1].append(ch)
        else:
            columns.append([ch])
    for column in columns:
        column.sort(key=lambda c: c.top, reverse=upward)
    return [Line(column) for column in (columns if upward else reversed(columns))]


def text_of(chars: list[Char]) -> str:
    """Text of a block of glyphs (a table cell): its lines (or vertical columns) joined as wrapped text."""
    return join_wrapped([line.text for line in vertical_columns(chars) or build_lines(chars)])
