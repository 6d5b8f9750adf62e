"""One page image → ``PageContent``: ruling lines as edges, recognised text as glyphs.

The glyphs carry the recogniser's confidence and sit where their line was
printed, so the PDF reader's layout code (ruled tables with merged cells,
text-aligned tables, paragraphs, page-break merges) reads an OCR page exactly
as it reads a text layer.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..pdf_page import Char, PageContent
from ..pdf_tables import ruled_tables
from ..textjoin import is_wide
from .binarize import ink_mask
from .deskew import rotate, skew_angle
from .engines import Engine, Recognized, get_engine
from .render import Raster
from .rules import find_rules
from .segment import LineBox, crop_line, find_lines, rejoin_split_glyphs

UNREADABLE = "\ufffd"  # what stands for ink that could not be read
_NARROW = 0.55  # width of a Latin letter or digit, in em
_RULE_MARGIN = 2  # px cleared around a detected rule
# Lines lower than this share of the page's median line height are centred in
# that height before reading (digits, with no ascenders, are ~0.8 of a CJK line).
_MIN_LINE_SHARE = 0.8


def ocr_page(raster: Raster, number: int, engine: Engine | None = None) -> PageContent:
    """Read one page image (see the module docstring)."""
    engine = engine or get_engine()
    gray = raster.gray
    ink = ink_mask(gray)
    angle = skew_angle(ink)
    straight = rotate(gray, angle)
    if straight is not gray:
        gray, ink = straight, ink_mask(straight)
    rules = find_rules(ink, raster.dpi)
    scale = raster.scale
    edges = [_scaled(e, scale) for e in rules.edges]
    tables = ruled_tables(edges, [], number, [])  # geometry problems are named when the page is laid out

    # Text is read with the rules painted out, so that no line image holds a stroke of the grid.
    ruled = cv2.dilate(rules.mask, np.ones((2 * _RULE_MARGIN + 1,) * 2, np.uint8))
    clean = gray.copy()
    clean[ruled > 0] = 255
    text_ink = ink.copy()
    text_ink[ruled > 0] = 0

    # pdfplumber may give a merged cell both whole and cut at a rule that stops at
    # it; the largest cells are read first, and a line already read is not read again.
    cells = sorted((c for t in tables for c in t.cells), key=lambda c: -(c.x1 - c.x0) * (c.bottom - c.top))
    groups: list[tuple[list[LineBox], tuple[int, int, int, int] | None]] = []
    for cell in cells:
        box = _pixels((cell.x0, cell.top, cell.x1, cell.bottom), scale, gray.shape)
        groups.append((find_lines(text_ink, box, raster.dpi, split=False), box))
    outside = text_ink.copy()
    for table in tables:
        x0, top, x1, bottom = _pixels(table.bbox, scale, gray.shape)
        outside[top:bottom, x0:x1] = 0
    h, w = gray.shape
    groups.append((find_lines(outside, (0, 0, w, h), raster.dpi, split=True), None))
    heights = [line.height for lines, _ in groups for line in lines]
    typical = float(np.median(heights)) if heights else 0.0
    pieces: list[tuple[LineBox, tuple[int, int, int, int] | None]] = []
    for lines, box in groups:
        pieces += [(line, box) for line in rejoin_split_glyphs(lines, typical)
                   if not any(_overlap(line, seen) for seen, _ in pieces)]

    read = engine.recognize([crop_line(clean, line, within, round(_MIN_LINE_SHARE * typical)) for line, within in pieces])
    chars = [ch for (line, within), rec in zip(pieces, read)
             for ch in _glyphs(line, _marked_if_unread(rec, within), scale)]
    return PageContent(number, w * scale, h * scale, 0, chars, edges)


def _overlap(a: LineBox, b: LineBox) -> bool:
    """Whether two line boxes share more than half of the smaller one."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return False
    smaller = min((a.x1 - a.x0) * a.height, (b.x1 - b.x0) * b.height)
    return w * h > 0.5 * smaller


def _scaled(edge: dict, scale: float) -> dict:
    return {k: (v * scale if isinstance(v, float) else v) for k, v in edge.items()}


def _pixels(box: tuple[float, float, float, float], scale: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    h, w = shape[:2]
    x0, top, x1, bottom = (round(v / scale) for v in box)
    return max(0, x0), max(0, top), min(w, x1), min(h, bottom)


def _marked_if_unread(rec: Recognized, cell: tuple[int, int, int, int] | None) -> Recognized:
    """Ink in a table cell that the recogniser read as nothing is shown as unreadable
    (with no confidence), never left blank: a blank number cell counts as nothing printed."""
    return Recognized(UNREADABLE, 0.0) if cell is not None and not rec.text.strip() else rec


def _glyphs(line: LineBox, rec: Recognized, scale: float) -> list[Char]:
    """The line's text as glyphs spread over its box, wide characters twice as wide as narrow ones."""
    text = rec.text
    if not text.strip():
        return []
    widths = [1.0 if is_wide(ch) else _NARROW for ch in text]
    unit = (line.x1 - line.x0) * scale / sum(widths)
    top, bottom = line.top * scale, line.bottom * scale
    size = bottom - top
    x = line.x0 * scale
    out = []
    for ch, width in zip(text, widths):
        x1 = x + width * unit
        if not ch.isspace():
            out.append(Char(ch, x, top, x1, bottom, size, False, confidence=rec.confidence))
        x = x1
    return out
