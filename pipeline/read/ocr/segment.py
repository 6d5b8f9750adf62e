"""Text lines cut out of an ink mask by projection.

Report pages set text in straight horizontal lines (after deskewing), so the
rows holding ink form bands, one per text line, and within a band the columns
holding ink form runs; a run gap wider than a few character heights separates
two pieces of text (columns of a table drawn without lines, a page number).
Only these small line images are recognised, which is what makes OCR fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A row or column needs this many ink pixels to count (isolated noise pixels do not).
_MIN_INK = 2
# A band lower than this (pt) is a piece of a line (the strokes of 二, 三, or
# the dot of a 、), not a line: even 8-pt digits are taller. It joins the
# nearer neighbouring band when that lies within _JOIN_PT.
_FRAGMENT_PT = 4.5
_JOIN_PT = 5.0
# A horizontal gap wider than this × line height separates two pieces of text.
SPLIT_GAP = 1.5
_MIN_HEIGHT_PT = 2.5  # a band lower than this is a speck or a stray rule end
_PAD = 0.2  # margin (× line height) around a line image
# A short line (a number in a cell, a word or two) is read best when its glyphs
# fill the recogniser's input: in the margin a long line needs, lone digits
# vanish or turn into look-alikes among other numbers ('3' → '' or 'З', '8' →
# 'α'), while long label lines need that margin (without it 予 is read 子).
_PAD_SHORT = 0.08
_SHORT = 4.0  # a line at most this many times as wide as high is short


@dataclass(frozen=True, slots=True)
class LineBox:
    """A text line's box in the page image (pixels, end-exclusive)."""

    x0: int
    top: int
    x1: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top


def find_lines(ink: np.ndarray, box: tuple[int, int, int, int], dpi: float, *, split: bool) -> list[LineBox]:
    """Text lines inside ``box`` (x0, top, x1, bottom) of ``ink``; with ``split``,
    each line is cut at wide gaps into pieces."""
    x0, top, x1, bottom = box
    region = ink[top:bottom, x0:x1]
    if region.size == 0:
        return []
    rows = (region > 0).sum(axis=1)
    pt = dpi / 72
    out = []
    for r0, r1 in _join_fragments(_bands(rows >= _MIN_INK, join=lambda a, b: False), pt):
        if r1 - r0 < _MIN_HEIGHT_PT * pt:
            continue
        cols = (region[r0:r1] > 0).sum(axis=0) >= 1
        height = r1 - r0
        gap = SPLIT_GAP * height if split else float("inf")
        for c0, c1 in _bands(cols, join=lambda a, b, gap=gap: (b[0] - a[1]) <= gap):
            if (region[r0:r1, c0:c1] > 0).sum() < 2 * _MIN_INK:
                continue
            out.append(LineBox(x0 + c0, top + r0, x0 + c1, top + r1))
    return out


def _bands(flags: np.ndarray, join) -> list[tuple[int, int]]:
    """Runs of True in ``flags`` as (start, end), neighbours merged where ``join`` says so."""
    if not flags.any():
        return []
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    change = np.flatnonzero(np.diff(padded))
    runs = list(zip(change[::2].tolist(), change[1::2].tolist()))
    merged = [runs[0]]
    for run in runs[1:]:
        if join(merged[-1], run):
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return merged


def _join_fragments(bands: list[tuple[int, int]], pt: float) -> list[tuple[int, int]]:
    bands = list(bands)
    while True:
        small = [i for i, (a, b) in enumerate(bands) if b - a < _FRAGMENT_PT * pt]
        best = None
        for i in small:
            for j in (i - 1, i + 1):
                if 0 <= j < len(bands):
                    gap = bands[max(i, j)][0] - bands[min(i, j)][1]
                    if gap <= _JOIN_PT * pt and (best is None or gap < best[0]):
                        best = (gap, min(i, j))
        if best is None:
            return bands
        k = best[1]
        bands[k:k + 2] = [(bands[k][0], bands[k + 1][1])]


def rejoin_split_glyphs(lines: list[LineBox], typical: float) -> list[LineBox]:
    """Lines of one cell or region rejoined where a white row cut a line of glyphs
    in two (between 口 and 心 of 总): two neighbouring bands, one above the other,
    that together are no taller than a typical line (the page's median height)."""
    out: list[LineBox] = []
    for line in sorted(lines, key=lambda b: (b.top, b.x0)):
        prev = out[-1] if out else None
        if (prev is not None and line.top >= prev.bottom and line.top - prev.bottom <= 0.3 * typical
                and line.bottom - prev.top <= 1.2 * typical
                and min(prev.x1, line.x1) > max(prev.x0, line.x0)):
            out[-1] = LineBox(min(prev.x0, line.x0), prev.top, max(prev.x1, line.x1), line.bottom)
        else:
            out.append(line)
    return out


def crop_line(gray: np.ndarray, line: LineBox, within: tuple[int, int, int, int] | None = None,
              height: int = 0) -> np.ndarray:
    """The line's image with a margin of paper around it (the recogniser wants
    one), never reaching outside ``within`` (its cell: a rule read as 1 or |
    would change a number). A line lower than ``height`` (a dash, a dot) is
    centred in that height, so that it reaches the recogniser at the scale of
    the page's other lines, not blown up to a bar or a blot."""
    if line.height < height:
        grow = height - line.height
        line = LineBox(line.x0, line.top - grow // 2, line.x1, line.bottom + grow - grow // 2)
    short = line.x1 - line.x0 <= _SHORT * line.height
    pad = max(2, round((_PAD_SHORT if short else _PAD) * line.height))
    h, w = gray.shape
    x0, top, x1, bottom = within or (0, 0, w, h)
    crop = gray[max(top, line.top - pad):min(bottom, line.bottom + pad),
                max(x0, line.x0 - pad):min(x1, line.x1 + pad)]
    want_h, want_w = line.height + 2 * pad, (line.x1 - line.x0) + 2 * pad
    if crop.shape != (want_h, want_w):  # clipped by the cell: add the margin back as white paper
        canvas = np.full((want_h, want_w), 255, np.uint8)
        oy = max(top, line.top - pad) - (line.top - pad)
        ox = max(x0, line.x0 - pad) - (line.x0 - pad)
        canvas[oy:oy + crop.shape[0], ox:ox + crop.shape[1]] = crop
        crop = canvas
    return crop
