"""Dotted and dashed ruling lines, drawn as rows of tiny filled boxes.

A browser prints a table's dotted border (CSS ``border-style: dotted``) as one filled
square per dot, and a dashed one as a box per dash; where the dashes are short (a 1 px
border's) each is smaller than a rule's thickness both ways, so no single box reads as a
rule. A run of such boxes along one line, each close to the next, is the rule they draw.
"""

from __future__ import annotations

from pdfplumber.table import merge_edges

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in display space

_MAX_GAP = 3.0  # pt between two dots or dashes of one rule (a dotted 1 px border: ~0.8)
_ALIGN = 0.5  # pt: the boxes of one rule share their centre line within this
_MIN_PIECES = 3  # a rule has at least this many dots or dashes (one small box is a mark)


def rules_of_pieces(pieces: list[Box]) -> list[dict]:
    """The horizontal and vertical rules that runs of small boxes draw, as edge dicts."""
    return _runs(pieces, horizontal=True) + _runs(pieces, horizontal=False)


def _runs(pieces: list[Box], horizontal: bool) -> list[dict]:
    """Boxes grouped by their centre line (within ``_ALIGN`` of the group's first), then
    cut into runs wherever two boxes are further apart than ``_MAX_GAP``."""
    start, end = (0, 2) if horizontal else (1, 3)

    def centre(box: Box) -> float:
        return (box[1] + box[3]) / 2 if horizontal else (box[0] + box[2]) / 2

    edges: list[dict] = []
    group: list[Box] = []
    for box in [*sorted(pieces, key=centre), None]:
        if box is not None and (not group or centre(box) - centre(group[0]) <= _ALIGN):
            group.append(box)
            continue
        group.sort(key=lambda b: b[start])
        line = sum(centre(b) for b in group) / len(group) if group else 0.0
        run: list[Box] = []
        for piece in group:
            if run and piece[start] - run[-1][end] > _MAX_GAP:
                edges += _edge(run, line, horizontal)
                run = []
            run.append(piece)
        edges += _edge(run, line, horizontal)
        group = [box] if box is not None else []
    return edges


def _edge(run: list[Box], centre: float, horizontal: bool) -> list[dict]:
    if len(run) < _MIN_PIECES:
        return []
    if horizontal:
        x0, x1 = run[0][0], max(b[2] for b in run)
        return [{"x0": x0, "x1": x1, "top": centre, "bottom": centre, "width": x1 - x0, "height": 0.0,
                 "orientation": "h"}]
    top, bottom = run[0][1], max(b[3] for b in run)
    return [{"x0": centre, "x1": centre, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
             "orientation": "v"}]


def joined_dashes(edges: list[dict]) -> list[dict]:
    """Edges with each run of collinear pieces (a dashed rule's dashes, within ``_MAX_GAP``
    of each other on one line) joined into one, by pdfplumber's join: a page of dashed borders
    draws thousands of dashes, and is then counted as the rules it has, not as the dashes."""
    return merge_edges(edges, 0, 0, _MAX_GAP, _MAX_GAP)
