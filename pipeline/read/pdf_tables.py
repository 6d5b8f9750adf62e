"""Tables on a PDF page: ruled grids, text-aligned columns, page-break merges.

Ruled tables use pdfplumber's table geometry (edge joining, intersections,
cells, contiguous cell groups) run on the ruling lines pypdfium2 found, so
pdfminer never has to parse the page. A table's cells become a grid on the
union of all cell boundaries, with a merged cell's text repeated in every
grid position it covers.

Tables printed by a browser or a word processor need more than that: rules
painted as filled boxes or double strokes (a line a rule's width off another
bounds no row), underlined labels (no rule), two tables printed one on the
other (two tables), rows and header rows cut by a page break (one row again),
text painted below a cell the break left open (that cell's), and numbers
wrapped in a narrow cell (one number).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges
from pdfplumber.utils import filter_edges

from . import pdf_intersections
from .pdf_layout import ENUMERATION, Line, build_lines, text_of, vertical_columns
from .pdf_page import ASCENT as _ASCENT
from .pdf_page import Char
from .textjoin import is_wide, join_wrapped

_SNAP = 3.0  # pdfplumber's default snap/join/intersection tolerance (pt)
_SAME_BOUNDARY = _SNAP  # cell boundaries closer than this are one grid line (pt)
_SAME_RULE = 1.5  # strokes of one rule (a rectangle's sides, a double border's lines) are this close (pt)
_MIN_ROW_LINE = 72.0  # the shortest line crossing one column line that may bound a row (pt)
_MIN_SHARED_COLUMNS = 3  # boundaries the rows at a page break must share to be one table
_SAME_COLUMN = 5.0  # column boundaries of two page parts this close match (pt)
# An underline lies within this share of the font size of the text's
# baseline..bottom band, and overhangs the text by at most _UNDERLINE_OVERHANG pt.
_UNDERLINE_BAND = 0.1
_UNDERLINE_OVERHANG = 1.0
# A cell whose last line leaves less than this many glyphs' width of the cell
# (padding included) has no room for more: its text may go on below.
_FULL_LINE = 2.0
_CELL_GAP = 1.0  # glyphs of neighbouring cells are at least this far apart (pt)
_DIGITS = re.compile(r"^[\d.,]+$")
_NUMBER = re.compile(r"^[\s\d.,，．%％+\-−—]*$")


@dataclass(slots=True)
class CellBox:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    full: bool = False  # its last line of text left no room for more: the text may go on below
    confidence: float | None = None  # lowest of its glyphs', when read by OCR


@dataclass(slots=True)
class PageTable:
    """A table as found on one page (or, after merging, across pages)."""

    page: int
    cells: list[CellBox]
    page_end: int = 0
    ruled: bool = True

    def __post_init__(self) -> None:
        self.page_end = self.page_end or self.page

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(c.x0 for c in self.cells), min(c.top for c in self.cells),
                max(c.x1 for c in self.cells), max(c.bottom for c in self.cells))

    def columns(self) -> list[float]:
        return _cluster([x for c in self.cells for x in (c.x0, c.x1)], _SAME_BOUNDARY)

    def layout(self) -> tuple[list[float], list[float], list[tuple[int, int, int, int]]]:
        """Grid lines (xs, ys) on the union of all cell boundaries, and each
        cell's (first row, end row, first column, end column) on that grid.

        Each boundary maps to the grid line of its own cluster, so a cell wider
        and taller than ``_SAME_BOUNDARY`` always covers at least one grid
        position; a sliver thinner than that (the gap between the two strokes
        of one rule) covers none, and holds no text.
        """
        xs, x_at = _clusters([x for c in self.cells for x in (c.x0, c.x1)], _SAME_BOUNDARY)
        ys, y_at = _clusters([y for c in self.cells for y in (c.top, c.bottom)], _SAME_BOUNDARY)
        spans = [(y_at[c.top], y_at[c.bottom], x_at[c.x0], x_at[c.x1]) for c in self.cells]
        return xs, ys, spans

    def grid(self) -> list[list[str]]:
        """Cell texts on the grid; a merged cell's text in every position it covers."""
        return self._on_grid(lambda cell: cell.text, "")

    def confidence_grid(self) -> list[list[float | None]] | None:
        """The cells' OCR confidences on the grid, or None when no cell was read by OCR."""
        if all(cell.confidence is None for cell in self.cells):
            return None
        return self._on_grid(lambda cell: cell.confidence, None)

    def copies_grid(self) -> list[list[bool]]:
        """True where a grid position repeats the cell to its left (a cell spanning columns)."""
        xs, ys, spans = self.layout()
        grid = [[False] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        for r0, r1, c0, c1 in spans:  # in grid()'s order: a cell drawn over another wins
            if c1 > c0:
                for r in range(r0, r1):
                    grid[r][c0:c1] = [False] + [True] * (c1 - c0 - 1)
        return grid

    def _on_grid(self, value, blank):
        xs, ys, spans = self.layout()
        grid = [[blank] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        for cell, (r0, r1, c0, c1) in zip(self.cells, spans):
            for r in range(r0, r1):
                grid[r][c0:c1] = [value(cell)] * (c1 - c0)
        return grid


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted representatives of values, merging runs closer than tolerance."""
    return _clusters(values, tolerance)[0]


def _clusters(values: list[float], tolerance: float) -> tuple[list[float], dict[float, int]]:
    """Sorted representatives of values (merging runs closer than tolerance to
    the run's first value), and the index of each value's own representative."""
    out: list[float] = []
    at: dict[float, int] = {}
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
        at[v] = len(out) - 1
    return out, at


def _index(points: list[float], v: float) -> int:
    """Index of the representative in ``points`` that ``v`` belongs to."""
    i = bisect.bisect_left(points, v)
    if i == len(points) or (i > 0 and v - points[i - 1] < points[i] - v):
        i -= 1
    return i


# --- ruled tables ---------------------------------------------------------


def ruled_tables(edges: list[dict], chars: list[Char], page: int, problems: list[str]) -> list[PageTable]:
    """Tables drawn with ruling lines. A candidate with one column is a frame
    around text (a page border, a boxed note), not a table. A table whose
    geometry fails is left out and named in ``problems``."""
    edges = _without_underlines(edges, chars)
    if len(edges) < 4:
        return []
    merged = _merge_edges(edges)
    merged = filter_edges(merged, min_length=_SNAP)
    closing = _closing_edges(merged)
    if closing:
        # Snapped together with the rules already there: a closing edge at the
        # verticals' outer end lies half a rule's thickness off the rule drawn
        # at its centre, and the two would bound a sliver of a row.
        merged = _merge_edges(merged + closing)
    cells = pdf_intersections.cells(edges_to_intersections(merged, _SNAP, _SNAP))
    tables = []
    groups = [part for group in cells_to_tables(cells) for part in _stacked_tables(_without_slivers(group))]
    for number, group in enumerate(groups, 1):
        try:
            table = PageTable(page, [CellBox(*bbox) for bbox in group])
            if len(table.columns()) < 3:  # fewer than two columns
                continue
            _take_overflow(table, closing, chars)
            _fill_cells(table, chars, problems)
            table.grid()
        except Exception as exc:  # noqa: BLE001 - the page's other tables are still read
            problems.append(f"page {page}: table {number} not read ({type(exc).__name__}: {exc})".splitlines()[0])
            continue
        tables.append(table)
    return tables


def _merge_edges(edges: list[dict]) -> list[dict]:
    """pdfplumber's edge merging (snap, then join collinear pieces), with a
    snap that does not chain: lines at 127.5, 129.8 and 132.8 pt are two
    lines, not one at their mean. pdfplumber's clustering chains values each
    within the tolerance of the previous one, and so moved the column line of
    one table under another's, out of reach of its rules.

    What is snapped is rules, not strokes: the strokes of one rule (a thick or
    double border drawn as several lines, a point or so apart) are one rule
    wherever the tolerance would cut between them."""
    snapped_at: dict[int, float] = {}
    for orientation, key in (("v", "x0"), ("h", "top")):
        rules = _strokes_as_rules([e for e in edges if e["orientation"] == orientation], key)
        centres = [_mean(rule, key) for rule in rules]
        _, at = _clusters(centres, _SNAP)
        clusters: list[list[list[dict]]] = []
        for rule, c in zip(rules, centres):
            if at[c] == len(clusters):
                clusters.append([])
            clusters[at[c]].append(rule)
        flat = [list(itertools.chain.from_iterable(c)) for c in clusters]
        centre = [_mean(edges_at, key) for edges_at in flat]
        for i, cluster in enumerate(clusters):
            crowded = (i > 0 and centre[i] - centre[i - 1] <= _SNAP) or \
                (i + 1 < len(clusters) and centre[i + 1] - centre[i] <= _SNAP)
            for line in _lines_apart(cluster, key) if crowded and len(cluster) > 1 else [flat[i]]:
                v = _mean(line, key)
                snapped_at.update((id(e), v) for e in line)
    snapped = []
    ends = {"v": _Ends([e for e in edges if e["orientation"] == "h"], "top", snapped_at),
            "h": _Ends([e for e in edges if e["orientation"] == "v"], "x0", snapped_at)}
    for e in edges:
        v, moved = snapped_at[id(e)], dict(e)
        if e["orientation"] == "v":
            moved["x0"] = moved["x1"] = v
            moved["top"], moved["bottom"] = ends["v"].carried(e["top"], v), ends["v"].carried(e["bottom"], v)
        else:
            moved["top"] = moved["bottom"] = v
            moved["x0"], moved["x1"] = ends["h"].carried(e["x0"], v), ends["h"].carried(e["x1"], v)
        snapped.append(moved)
    return merge_edges(snapped, 0, 0, _SNAP, _SNAP)


class _Ends:
    """Where the lines across a line's end went when they were snapped: an end at a rule moves
    with it. A row line ending at the column line of a table stacked above another stays
    joined to it when that column line is snapped to the lower table's, three points over."""

    def __init__(self, across: list[dict], key: str, snapped_at: dict[int, float]) -> None:
        self._start, self._end = ("x0", "x1") if key == "top" else ("top", "bottom")
        moves = sorted(((e[key], snapped_at[id(e)], e) for e in across if snapped_at[id(e)] != e[key]),
                       key=lambda m: m[0])
        self._at = [m[0] for m in moves]
        self._moves = moves

    def carried(self, end: float, along: float) -> float:
        """``end`` of a line at ``along`` (its own snapped place), moved with a rule it ends at."""
        lo = bisect.bisect_left(self._at, end - _SAME_RULE)
        for old, new, rule in self._moves[lo:]:
            if old > end + _SAME_RULE:
                break
            if rule[self._start] - _SNAP <= along <= rule[self._end] + _SNAP:
                return end + new - old
        return end


def _mean(edges: list[dict], key: str) -> float:
    return sum(e[key] for e in edges) / len(edges)


def _strokes_as_rules(edges: list[dict], key: str) -> list[list[dict]]:
    """Edges grouped into rules, sorted: a stroke within ``_SAME_RULE`` of the one before and
    running beside it (lines end to end are apart here, a header's and a body's)."""
    rules: list[list[dict]] = []
    for e in sorted(edges, key=lambda e: e[key]):
        if rules and e[key] - rules[-1][-1][key] <= _SAME_RULE and \
                (e[key] == rules[-1][-1][key] or _side_by_side(rules[-1], [e], key)):
            rules[-1].append(e)
        else:
            rules.append([e])
    return rules


def _side_by_side(a: list[dict], b: list[dict], key: str) -> bool:
    start, end = ("top", "bottom") if key == "x0" else ("x0", "x1")
    return any(min(p[end], q[end]) > max(p[start], q[start]) for p in a for q in b)


def _lines_apart(rules: list[list[dict]], key: str) -> list[list[dict]]:
    """Rules snapped together that stay apart where snapping them as one would leave the line
    within the tolerance of the next: rules a point or two apart are one line only where they
    run side by side. Two tables stacked on a page may draw their column lines two points
    apart, one above the other; snapped as one, the line between them cut a narrow column of
    the lower table down to a sliver, and the column was lost. (Elsewhere, rules of a cluster
    snap as one: a header's rule a point or two off the body's, end to end, is one column line.)"""
    lines: list[list[dict]] = [list(rules[0])]
    for rule in rules[1:]:
        if _side_by_side(lines[-1], rule, key):
            lines[-1] += rule
        else:
            lines.append(list(rule))
    return lines


def _without_slivers(cells: list[tuple]) -> list[tuple]:
    """The cells without the slivers between the two strokes of a double
    rule, or between the rules of two tables printed one on the other: no
    row or column of a table is as thin as the snapping tolerance."""
    return [c for c in cells if c[2] - c[0] > _SNAP and c[3] - c[1] > _SNAP]


def _stacked_tables(cells: list[tuple]) -> list[list[tuple]]:
    """A group of touching cells cut where one table ends and the next begins.

    A CMS page that splits a table in two (or two tables printed without a
    gap) gives one block of touching cells whose rows above and below a
    full-width line have their own column boundaries: most of the interior
    boundaries on one side have no counterpart on the other. Rows of one
    table share them (a header's boundaries are a subset of the body's).
    Cells are pdfplumber's (x0, top, x1, bottom) tuples.
    """
    if not cells:
        return []
    ys = _cluster([c[1] for c in cells], _SAME_BOUNDARY)
    cuts = []
    for y in ys[1:]:
        if any(c[1] < y - _SAME_BOUNDARY and c[3] > y + _SAME_BOUNDARY for c in cells):
            continue  # a cell crosses the line
        # The rows that end at or a rule's width above the line, and start on it.
        above = _interior_xs([c for c in cells if y - _SNAP - _SAME_BOUNDARY <= c[3] <= y + _SAME_BOUNDARY])
        below = _interior_xs([c for c in cells if abs(c[1] - y) <= _SAME_BOUNDARY])
        if not above or not below:
            continue
        small, large = sorted((above, below), key=len)
        shared = sum(any(abs(x - z) <= _SAME_BOUNDARY for z in large) for x in small)
        if shared * 2 < len(small):
            cuts.append(y)
    if not cuts:
        return [cells]
    bands: list[list[tuple]] = [[] for _ in range(len(cuts) + 1)]
    for c in cells:
        bands[bisect.bisect_right(cuts, c[1] + _SAME_BOUNDARY)].append(c)
    return [band for band in bands if band]


def _interior_xs(row: list[tuple]) -> list[float]:
    """Column boundaries of a row of cells, without its outer edges."""
    return _cluster([x for c in row for x in (c[0], c[2])], _SAME_BOUNDARY)[1:-1]


def _take_overflow(table: PageTable, closing: list[dict], chars: list[Char]) -> None:
    """Give the cells a page break left open at the table's foot the text that
    runs on below them.

    Chromium cuts a row over two pages and may paint the rest of a cell's
    text below the point where the cell's rules stop ('自' inside, '然人'
    under it). Lines right under the table, with no more than a line's gap,
    whose every glyph lies under an open cell are the cut row's: its open
    cells all reach down to them, alike. A line that runs on across a cell
    boundary or under a closed cell (a footer, the next paragraph) ends the
    search.
    """
    x0, _, x1, bottom = table.bbox
    ends = [e for e in closing if e["orientation"] == "h" and abs(e["top"] - bottom) <= _SNAP]
    open_cells = [c for c in table.cells if abs(c.bottom - bottom) <= _SNAP
                  and any(e["x0"] - _SNAP <= c.x0 and c.x1 <= e["x1"] + _SNAP for e in ends)]
    if not open_cells:
        return
    reach = bottom
    for line in build_lines([c for c in chars if x0 < c.cx < x1 and c.cy > bottom]):
        if line.top - reach > line.size:
            break
        owners: list[CellBox] = []
        glyphs = [g for g in line.chars if not g.text.isspace()]
        for k, glyph in enumerate(glyphs):
            owner = next((c for c in open_cells if c.x0 < glyph.cx < c.x1), None)
            # Text of two cells is kept apart by padding and a rule; text
            # running straight on across a cell boundary is not a cell's.
            if owner is None or (owners and owner is not owners[-1] and glyph.x0 - glyphs[k - 1].x1 < _CELL_GAP):
                owners = []
                break
            owners.append(owner)
        if not owners:
            break
        reach = line.bottom
    if reach > bottom:  # the cut row goes on, all its open cells alike
        for cell in open_cells:
            cell.bottom = reach + 0.5


def _without_underlines(edges: list[dict], chars: list[Char]) -> list[dict]:
    """The edges without text underlines.

    An underlined label in a cell (LibreOffice keeps the HTML's <u>) draws a
    horizontal line between the baseline and the bottom of its glyphs that
    ends where the text ends, a point or two inside the cell's borders: close
    enough to snap onto them, so it would cut the cell into one row per
    text line. A rule runs below the glyphs' boxes, or past the text.
    """
    if not chars:
        return edges
    by_bottom = sorted(chars, key=lambda c: c.bottom)
    bottoms = [c.bottom for c in by_bottom]
    max_size = max(c.size for c in chars)
    kept = []
    for edge in edges:
        if edge["orientation"] == "h" and _underlines_text(edge, by_bottom, bottoms, max_size):
            continue
        kept.append(edge)
    return kept


def _underlines_text(edge: dict, by_bottom: list[Char], bottoms: list[float], max_size: float) -> bool:
    y = edge["top"]
    lo = bisect.bisect_left(bottoms, y - _UNDERLINE_BAND * max_size)
    hi = bisect.bisect_right(bottoms, y + _UNDERLINE_BAND * max_size)
    above = [c for c in by_bottom[lo:hi] if not c.text.isspace()
             and c.bottom - (1 - _ASCENT + _UNDERLINE_BAND) * c.size <= y <= c.bottom + _UNDERLINE_BAND * c.size
             and c.x1 > edge["x0"] and c.x0 < edge["x1"]]
    if not above:
        return False
    return (edge["x0"] >= min(c.x0 for c in above) - _UNDERLINE_OVERHANG
            and edge["x1"] <= max(c.x1 for c in above) + _UNDERLINE_OVERHANG)


def _closing_edges(edges: list[dict]) -> list[dict]:
    """Edges that close tables left open on a side: first the left and right
    sides, then the top and bottom (a cut row's side closes with its table's)."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    sides = _open_sides(verticals, horizontals)
    return sides + _open_ends(verticals + sides, horizontals)


def _open_ends(verticals: list[dict], horizontals: list[dict]) -> list[dict]:
    """Word does not rule the bottom of a row cut by the page break (nor always
    the top of its continuation): the column lines just stop. Three or more
    vertical lines ending at the same height with no horizontal line there
    mark such an open end."""
    added = []
    for end in ("top", "bottom"):
        for y in _cluster([e[end] for e in verticals], _SNAP):
            ending = [e for e in verticals if abs(e[end] - y) <= _SNAP]
            if len(ending) < 3:
                continue
            x0, x1 = min(e["x0"] for e in ending), max(e["x0"] for e in ending)
            if any(abs(h["top"] - y) <= _SNAP and h["x0"] <= x0 + _SNAP and h["x1"] >= x1 - _SNAP
                   for h in horizontals):
                continue
            added.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                          "orientation": "h"})
    return added


def _open_sides(verticals: list[dict], horizontals: list[dict]) -> list[dict]:
    """Tables styled without an outer side border (or whose side rule is lost)
    are open ends turned a quarter: the row lines just stop at the side, and the
    label or 总计 column would lie outside every cell. Two or more row lines of
    one table (column lines join them) whose ends at one place meet no column
    line mark an open side; the line closing it runs as far as the table's
    column lines do, over a row cut by the page break too."""
    added = []
    for end in ("x0", "x1"):
        for x in _cluster([e[end] for e in horizontals], _SNAP):
            # Most ends meet a column line: that test first, the row-line test on the few left.
            open_ends = sorted((e for e in horizontals if abs(e[end] - x) <= _SNAP
                                and not any(abs(v["x0"] - x) <= _SNAP
                                            and v["top"] - _SNAP <= e["top"] <= v["bottom"] + _SNAP
                                            for v in verticals)
                                and _is_row_line(e, verticals)), key=lambda e: e["top"])
            # A row line running through the place bounds what the closing line may reach: above
            # or below it is another table (or part of one) stacked on this one, with a column
            # line elsewhere, and a line closing this one cut that one's cells in two.
            through = [h["top"] for h in horizontals if h["x0"] < x - _SNAP and h["x1"] > x + _SNAP]
            for run in _joined_runs(open_ends, verticals):
                if len(run) < 2:
                    continue
                top = min([run[0]["top"]] + [v["top"] for v in _crossing(run[0], verticals)])
                bottom = max([run[-1]["top"]] + [v["bottom"] for v in _crossing(run[-1], verticals)])
                top = max([top] + [y for y in through if y < run[0]["top"]])
                bottom = min([bottom] + [y for y in through if y > run[-1]["top"]])
                added.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                              "height": bottom - top, "orientation": "v"})
    return added


def _is_row_line(h: dict, verticals: list[dict]) -> bool:
    """A line that can bound a row: it crosses two column lines, or one and is
    an inch long (a two-column table open on both sides). A stroke in a cell (an
    underline or a strike the underline filter missed) is neither."""
    crossing = len(_crossing(h, verticals))
    return crossing >= 2 or (crossing == 1 and h["x1"] - h["x0"] >= _MIN_ROW_LINE)


def _crossing(h: dict, verticals: list[dict]) -> list[dict]:
    """The column lines that meet a row line."""
    return [v for v in verticals if h["x0"] - _SNAP <= v["x0"] <= h["x1"] + _SNAP
            and v["top"] - _SNAP <= h["top"] <= v["bottom"] + _SNAP]


def _joined_runs(rows: list[dict], verticals: list[dict]) -> list[list[dict]]:
    """Row lines (sorted top down) cut into runs that column lines join: the
    row lines of two tables one above the other have no column line between."""
    runs: list[list[dict]] = []
    for h in rows:
        if runs and any(v["top"] <= runs[-1][-1]["top"] + _SNAP and v["bottom"] >= h["top"] - _SNAP
                        for v in _crossing(h, verticals)):
            runs[-1].append(h)
        else:
            runs.append([h])
    return runs


def _fill_cells(table: PageTable, chars: list[Char], problems: list[str]) -> None:
    """Give each cell the text of the glyphs whose centre lies in it. A cell spanning
    rows whose numbers lie on lines in different rows is rows' cells whose rule between
    them was not drawn (or not found): which number is whose, or whether it is one number
    wrapped, cannot be told, and it is left empty and named."""
    x0, top, x1, bottom = table.bbox
    inside = [c for c in chars if x0 <= c.cx <= x1 and top <= c.cy <= bottom]
    if not inside:
        return
    xs, ys, spans = table.layout()
    owner: dict[tuple[int, int], int] = {}
    for i, (r0, r1, c0, c1) in enumerate(spans):
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r, c] = i
    by_cell: dict[int, list[Char]] = {}
    astray: list[Char] = []
    for ch in inside:
        # bbox and grid share their outer lines, so a glyph inside the bbox
        # lies in a grid position: bisect gives 0..len-1, the last line's own
        # position belongs to the row/column before it.
        r = min(bisect.bisect_right(ys, ch.cy) - 1, len(ys) - 2)
        c = min(bisect.bisect_right(xs, ch.cx) - 1, len(xs) - 2)
        if (r, c) in owner:
            by_cell.setdefault(owner[r, c], []).append(ch)
        elif ch.text.strip():
            astray.append(ch)
    if astray:
        problems.append(f"page {table.page}: text inside a table but in none of its cells (a cell's rule not found):"
                        f" {' / '.join(line.text for line in build_lines(astray))!r}; not read")
    for i, glyphs in by_cell.items():
        cell = table.cells[i]
        columns = vertical_columns(glyphs)
        lines = columns or build_lines(glyphs)
        if _numbers_in_rows_apart(lines, ys, spans[i]):
            problems.append(f"page {table.page}: a cell spanning rows holds numbers on lines of different rows "
                            f"({' / '.join(line.text for line in lines)}): a rule between them is missing; not read")
            continue
        cell.text = _cell_text(lines, cell.x1 - cell.x0)
        last = lines[-1]
        cell.full = columns is None and (cell.x1 - cell.x0) - (last.x1 - last.x0) < _FULL_LINE * last.size
        read = [g.confidence for g in glyphs if g.confidence is not None]
        cell.confidence = min(read) if read else None


def _numbers_in_rows_apart(lines: list[Line], ys: list[float], span: tuple[int, int, int, int]) -> bool:
    r0, r1 = span[0], span[1]
    if r1 - r0 < 2 or len(lines) < 2 or not all(_DIGITS.match(line.text) for line in lines):
        return False
    rows = {bisect.bisect_right(ys, (line.top + line.bottom) / 2) for line in lines}
    return len(rows) > 1


def _cell_text(lines: list[Line], width: float) -> str:
    """A cell's text. A number too wide for its cell wraps ('49' over '4'):
    lines that are all digits, the first filling the cell's width, none wider
    than the one before, are one number, joined without the space that
    separates wrapped Latin words. Short numbers on two lines of a wide cell
    ('17' over '33': a rule between two rows is missing) stay two numbers."""
    first = lines[0]
    if len(lines) > 1 and width - (first.x1 - first.x0) < _FULL_LINE * first.size \
            and all(_DIGITS.match(line.text) for line in lines) and all(
            a.x1 - a.x0 >= b.x1 - b.x0 - 0.5 for a, b in itertools.pairwise(lines)):
        return "".join(line.text for line in lines)
    return join_wrapped([line.text for line in lines])


# --- tables drawn without lines -------------------------------------------


def aligned_tables(lines: list[Line], page: int) -> tuple[list[PageTable], list[Line]]:
    """Tables set as text in aligned columns, without ruling lines.

    A run of consecutive lines that each split into two or more segments at
    wide gaps (at least three such lines, or two when one has three segments)
    is a table; its columns are the groups of horizontally overlapping
    segments. One-segment lines between such lines are wrapped cells. Returns
    the tables and the lines that are not part of any.
    """
    split = [line.segments() for line in lines]
    tables: list[PageTable] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        j, last_multi = i, -1
        while j < len(lines) and (len(split[j]) >= 2 or (last_multi >= 0 and j + 1 < len(lines)
                                                          and len(split[j + 1]) >= 2)):
            if len(split[j]) >= 2:
                last_multi = j
            j += 1
        run = range(i, last_multi + 1)
        multi = [k for k in run if len(split[k]) >= 2]
        table = None
        if len(multi) >= 3 or (len(multi) == 2 and max(len(split[k]) for k in multi) >= 3):
            table = _aligned_table([lines[k] for k in run], [split[k] for k in run], page)
        if table is None:
            rest.append(lines[i])
            i += 1
        else:
            tables.append(table)
            i = last_multi + 1
    return tables, rest


def _aligned_table(lines: list[Line], split: list[list[list[Char]]], page: int) -> PageTable | None:
    spans = sorted((seg[0].x0, max(c.x1 for c in seg)) for segs in split for seg in segs)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    if len(columns) < 2:
        return None
    # Column boundaries halfway between neighbouring columns.
    bounds = [columns[0][0]] + [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(columns)] + [columns[-1][1]]
    cells = []
    tops = [line.top for line in lines] + [lines[-1].bottom]
    for r, segs in enumerate(split):
        by_col: dict[int, list[Char]] = {}
        for seg in segs:
            col = max(k for k in range(len(columns)) if columns[k][0] <= seg[0].x0)
            by_col.setdefault(col, []).extend(seg)
        for col in range(len(columns)):
            glyphs = by_col.get(col, [])
            read = [g.confidence for g in glyphs if g.confidence is not None]
            cells.append(CellBox(bounds[col], tops[r], bounds[col + 1], tops[r + 1], text_of(glyphs) if glyphs else "",
                                 confidence=min(read) if read else None))
    return PageTable(page, cells, ruled=False)


# --- tables continued on the next page ------------------------------------


def continues(first: PageTable, second: PageTable) -> bool:
    """Whether ``second`` (the first table on the next page) continues ``first``:
    same outer edges, and one part's column boundaries are a subset of the
    other's (a header row may add boundaries the body lacks), or at least
    those of the rows on either side of the break are."""
    if second.page != first.page_end + 1 or first.ruled != second.ruled:
        return False
    a, b = first.columns(), second.columns()
    if abs(a[0] - b[0]) > _SAME_COLUMN or abs(a[-1] - b[-1]) > _SAME_COLUMN:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if all(_near(x, large) for x in small):
        return True
    # Each part may have boundaries the other lacks (a group column above the
    # break, merged label cells below it); the rows at the break still share
    # their columns: one's boundaries are a subset of the other's.
    above, below = _interior_xs(_edge_row(first, "bottom")), _interior_xs(_edge_row(second, "top"))
    small, large = (above, below) if len(above) <= len(below) else (below, above)
    # A heading row has a boundary or two, shared by chance: it proves nothing.
    return len(small) >= _MIN_SHARED_COLUMNS and all(_near(x, large) for x in small)


def _edge_row(table: PageTable, side: str) -> list[tuple]:
    """The cells along the table's top or bottom, as (x0, top, x1, bottom)."""
    y = table.bbox[1] if side == "top" else table.bbox[3]
    return [(c.x0, c.top, c.x1, c.bottom) for c in table.cells if abs(getattr(c, side) - y) <= _SAME_BOUNDARY]


def _near(x: float, points: list[float]) -> bool:
    return min(abs(x - y) for y in points) <= _SAME_COLUMN


def merge(first: PageTable, second: PageTable) -> tuple[PageTable, list[str]]:
    """One table from a table and its continuation; returns it and warnings.

    The continuation's cells are moved below the first part, their column
    boundaries snapped onto the first part's; a header row repeated on the new
    page is dropped; a merged cell cut by the page break is made whole again.
    """
    grid_a = first.grid()
    a_xs = first.columns()
    a_bottom = first.bbox[3]
    b_top = second.bbox[1]

    def snap(x: float) -> float:
        near = min(a_xs, key=lambda y: abs(x - y))
        return near if abs(near - x) <= _SAME_COLUMN else x

    moved = [CellBox(snap(c.x0), c.top - b_top + a_bottom, snap(c.x1), c.bottom - b_top + a_bottom, c.text, c.full,
                     c.confidence)
             for c in second.cells]
    second_part = PageTable(second.page, moved, ruled=second.ruled)
    repeated = _repeated_header_rows(grid_a, second_part.grid())
    if repeated:
        ys = _cluster([y for c in moved for y in (c.top, c.bottom)], _SAME_BOUNDARY)
        cut = ys[repeated]
        moved = [c for c in moved if c.top >= cut - _SAME_BOUNDARY]
        shift = cut - a_bottom
        moved = [CellBox(c.x0, c.top - shift, c.x1, c.bottom - shift, c.text, c.full, c.confidence)
                 for c in moved]
    merged = PageTable(first.page, first.cells + moved, page_end=second.page_end, ruled=first.ruled)
    return merged, _mend_seam(merged, a_bottom)


def _repeated_header_rows(a: list[list[str]], b: list[list[str]]) -> int:
    """How many leading rows of ``b`` repeat the leading rows of ``a``."""
    n = 0
    while n < min(len(a), len(b)) - 1 and a[n] == b[n] and any(a[n]):
        n += 1
    return n


def _mend_seam(table: PageTable, seam: float) -> list[str]:
    """Rejoin what the page break cut in two.

    A row cut by the break (Chromium splits a row's cells over two pages) is
    made one row again when each cell below it only continues the text above
    (see ``_join_cut_row``). Otherwise the label cells are mended one by one:
    Word/WPS continue a vertically merged cell on the next page as a new cell,
    empty when its text fitted above, or holding the rest of the text when it
    did not ('（四）无' above, '法提供' below). An empty continuation takes the
    label from above; a text continuation of an enumerated label is joined to
    it. Only a data row's label cells are mended: when the page ends on header
    rows (no numbers), or in a column that holds numbers below the break, an
    empty cell is a blank value, not a continued label.
    """
    _, ys, spans = table.layout()
    row = _index(ys, seam)
    above = {(c0, c1): table.cells[i] for i, (_, r1, c0, c1) in enumerate(spans) if r1 == row}
    if not any(_is_number(c.text) for c in above.values()):
        joined = _join_cut_row(table, spans, row, _continues_header)
        return joined if joined is not None else _join_cut_header_cells(table, spans, row, above)
    joined = _join_cut_row(table, spans, row, _continues_label)
    if joined is not None:
        return joined
    value_columns = {(c0, c1) for i, (r0, _, c0, c1) in enumerate(spans)
                     if r0 >= row and _is_number(table.cells[i].text)}
    warnings = []
    for i, (r0, _, c0, c1) in enumerate(spans):
        top, cell = above.get((c0, c1)), table.cells[i]
        if r0 != row or top is None or not top.text or _NUMBER.match(top.text) or (c0, c1) in value_columns:
            continue
        if not cell.text:
            cell.text = top.text
        elif _continues_label(top.text, cell.text):
            joined_text = join_wrapped([top.text, cell.text])
            warnings.append(f"joined a cell split by the page break: {top.text!r} + {cell.text!r}")
            top.text = cell.text = joined_text
    return warnings


def _join_cut_header_cells(table: PageTable, spans: list[tuple[int, int, int, int]], row: int,
                           above: dict[tuple[int, int], CellBox]) -> list[str]:
    """Join the header cells the page break cut, where the rest of the row
    starts anew below it ('结果' above the break, '维持' below, beside a
    '未经复议直接起诉' that ended above it and the '结果维持' row under that).
    A cell is cut when its text filled its last line (no room for more) and
    the cell below, of the same columns, holds text that can continue it;
    once a row is shown cut, its empty cells below take the text above."""
    pieces, continued = [], []
    for i, (r0, _, c0, c1) in enumerate(spans):
        top, cell = above.get((c0, c1)), table.cells[i]
        if r0 != row or top is None or not top.text or any(ch.isdigit() for ch in cell.text):
            continue
        if not cell.text:
            continued.append((top, cell))
        elif top.full and _continues_header(top.text, cell.text):
            pieces.append(f"{top.text!r} + {cell.text!r}")
            top.text = cell.text = join_wrapped([top.text, cell.text])
    if not pieces:
        return []
    # A row shown cut by its joined cells: its empty cells continue the ones above.
    for top, cell in continued:
        cell.text = top.text
    return [f"joined header cells split by the page break: {', '.join(pieces)}"]


def _continues_label(top: str, text: str) -> bool:
    """``text`` can be the rest of the enumerated label ``top``."""
    return bool(ENUMERATION.match(top) and not ENUMERATION.match(text) and not _NUMBER.match(text)
                and is_wide(text[0]))


def _continues_header(top: str, text: str) -> bool:
    """``text`` can be the rest of the header text ``top``: words, not an enumerated label nor a
    blank value's mark ('/', '-', '—' opening the first data row on the next page)."""
    return bool(top) and not ENUMERATION.match(text) and any(ch.isalpha() for ch in text)


def _join_cut_row(table: PageTable, spans: list[tuple[int, int, int, int]], row: int,
                  continues) -> list[str] | None:
    """Make one row again of a row the page break cut ('结果维' above the
    break, '持' below; a label's last words below, its numbers above).

    Taken as cut when the rows on both sides of the break have the same cells
    side by side, no cell below holds a digit (a value: '0.26万元' is one
    too), and every text below can continue the text above it. A row that
    starts on the new page has other cells (a merged heading over its
    columns), values, or a new label. Returns None when the row is not cut.
    """
    above = {(c0, c1): i for i, (_, r1, c0, c1) in enumerate(spans) if r1 == row}
    below = {(c0, c1): i for i, (r0, _, c0, c1) in enumerate(spans) if r0 == row}
    if not below or set(above) != set(below):
        return None
    for key, i in below.items():
        text, top = table.cells[i].text, table.cells[above[key]].text
        if any(ch.isdigit() for ch in text) or (text and not continues(top, text)):
            return None
    pieces = []
    for key, i in below.items():
        top, cell = table.cells[above[key]], table.cells[i]
        if cell.text:
            pieces.append(f"{top.text!r} + {cell.text!r}")
            top.text = join_wrapped([top.text, cell.text])
        top.bottom = cell.bottom
    joined = set(below.values())
    table.cells = [c for i, c in enumerate(table.cells) if i not in joined]
    return [f"joined a row split by the page break: {', '.join(pieces)}"] if pieces else []


def _is_number(text: str | None) -> bool:
    return bool(text) and any(ch.isdigit() for ch in text) and bool(_NUMBER.match(text))


def page_table_lines(chars: list[Char], tables: list[PageTable]) -> list[Line]:
    """Lines of the glyphs outside the page's tables."""
    boxes = [t.bbox for t in tables]
    return build_lines([c for c in chars if not any(x0 - 1 <= c.cx <= x1 + 1 and top - 1 <= c.cy <= bottom + 1
                                                   for x0, top, x1, bottom in boxes)])
