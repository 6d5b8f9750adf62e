"""Ruling lines of tables, found with morphology, as the PDF reader's edge dicts.

An opening with a long thin kernel keeps only runs of ink longer than any
stroke of a character: table rules. Each connected run becomes one edge (in
pixels here; ``assemble`` scales them to points), and pdfplumber's table
geometry — the same the text-layer PDFs use — turns the edges into cells,
merged cells included.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Shortest horizontal rule (inches): longer than any character stroke (a
# 16-pt heading glyph is 0.22 in), shorter than the narrowest cell.
_MIN_H_RULE_IN = 0.3
# Shortest vertical rule: a one-line cell is ~0.25 in high.
_MIN_V_RULE_IN = 0.2
_TOUCH_IN = 0.04  # a vertical rule ends this close to a horizontal one


@dataclass(slots=True)
class Rules:
    edges: list[dict]  # pdfplumber-style, in pixels
    mask: np.ndarray  # 255 on the rules, to be removed before reading text
    thickness: float  # median rule thickness (px)


def find_rules(ink: np.ndarray, dpi: float) -> Rules:
    # Rules broken by noise come out as collinear pieces; pdfplumber's edge
    # joining (3 pt) puts them back together, so nothing is bridged here,
    # where bridging would also fuse the strokes of neighbouring characters.
    horizontal = _lines(ink, (max(8, round(_MIN_H_RULE_IN * dpi)), 1))
    vertical = _lines(ink, (1, max(8, round(_MIN_V_RULE_IN * dpi))))
    edges, thick = [], []
    n, _, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    for x, y, w, h, _area in stats[1:n]:
        cy = y + h / 2
        edges.append({"x0": float(x), "x1": float(x + w), "top": cy, "bottom": cy,
                      "width": float(w), "height": 0.0, "orientation": "h"})
        thick.append(h)
    # A vertical rule meets a horizontal one; the long strokes of a big
    # character (丨 in 书, 中) stand alone and are dropped.
    touch = _TOUCH_IN * dpi
    n, labels, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    for k, (x, y, w, h, _area) in enumerate(stats[1:n], start=1):
        cx = x + w / 2
        if not any(e["x0"] - touch <= cx <= e["x1"] + touch and y - touch <= e["top"] <= y + h + touch
                   for e in edges if e["orientation"] == "h"):
            vertical[labels == k] = 0
            continue
        edges.append({"x0": cx, "x1": cx, "top": float(y), "bottom": float(y + h),
                      "width": 0.0, "height": float(h), "orientation": "v"})
        thick.append(w)
    edges += _closing_verticals(edges, touch)
    thickness = float(np.median(thick)) if thick else 0.0
    return Rules(edges, cv2.bitwise_or(horizontal, vertical), thickness)


def _closing_verticals(edges: list[dict], tolerance: float) -> list[dict]:
    """The outer side of a table whose border the scan lost (a one-pixel rule at
    150 dpi under noise): three or more horizontal rules ending at the same x
    with no vertical rule there get one from the first to the last of them."""
    horizontals = [e for e in edges if e["orientation"] == "h"]
    verticals = [e for e in edges if e["orientation"] == "v"]
    added = []
    for end in ("x0", "x1"):
        for x in _cluster(sorted(e[end] for e in horizontals), tolerance):
            ending = [e for e in horizontals if abs(e[end] - x) <= tolerance]
            if len(ending) < 3:
                continue
            top, bottom = min(e["top"] for e in ending), max(e["top"] for e in ending)
            covered = sum(v["bottom"] - v["top"] for v in verticals if abs(v["x0"] - x) <= tolerance)
            if covered >= 0.9 * (bottom - top):
                continue
            added.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                          "height": bottom - top, "orientation": "v"})
    return added


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Means of runs of sorted values that lie within ``tolerance`` of their neighbour."""
    groups: list[list[float]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _lines(ink: np.ndarray, kernel: tuple[int, int]) -> np.ndarray:
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
