r"""Grid tables: text tables drawn with rules and edges.

::

    +--------------+----------+          ┌──────────┬───────────┐
    | 信息内容     | 本年新\  |          │          │申请人情况 │
    |              | 制作数量 |          │（本列…   ├─────┬─────┤
    +==============+==========+          │          │自然人│总计 │
    | 规章         | 0        |          ├──────────┼─────┼─────┤

pandoc's markdown, reStructuredText and tabulate draw them in ASCII; w3m's and lynx's dumps of a
page, psql and tabulate's fancy grids with box-drawing characters (read as their ASCII twins).
A cell is what its rules and edges enclose: its text runs over lines (a row is the lines between
two rules, not a line), a rule missing over a column lets the cell above run on (a merged cell,
RST's and w3m's), an edge missing on a line lets the cell run over the next column, and a line
may be a rule over some columns and text in others (w3m). Columns are counted as drawn: an
ideograph two wide (pandoc, w3m, tabulate with wcwidth), or one (tabulate without it).

The grid is the table's rows (runs of lines between rules) by its columns (between any two
junctions): a merged cell's text stands in every position it covers, those after its first
marked as copies, as the HTML reader gives a span.
"""

from __future__ import annotations

import re
import unicodedata

from ..document import Block, Position
from .grid import MAX_GRID_CELLS, GridTooLarge
from .pipe_syntax import without_inline_markup


def _box_twins() -> dict[int, str]:
    """Box-drawing characters (U+2500–U+257F) → '-', '=', '|' or '+'."""
    out = {}
    for code in range(0x2500, 0x2580):
        name = unicodedata.name(chr(code), "")
        if any(w in name for w in (" AND ", "DOWN", " UP", "LEFT", "RIGHT", "ARC")):
            out[code] = "+"
        elif "DOUBLE HORIZONTAL" in name:
            out[code] = "="
        elif "HORIZONTAL" in name:
            out[code] = "-"
        elif "VERTICAL" in name:
            out[code] = "|"
    return out


_BOX = _box_twins()
_HAS_BOX = re.compile("[\u2500-\u257f]")
_RULE = re.compile(r"^\s*\+(?:[-=:]*\+)+\s*$")  # '+----+====+', a whole line
_RULE_CHARS = frozenset("-=:")
_RULE_ENDS = frozenset("-=:+")
_EDGE_CHARS = frozenset("|+")
_CJK_END = re.compile(r"[\u3400-\u9fff\uff00-\uffef“”（）]$")
_CJK_START = re.compile(r"^[\u3400-\u9fff\uff00-\uffef“”（）]")


def as_ascii(line: str) -> str:
    return line.translate(_BOX) if _HAS_BOX.search(line) else line


def _is_rule(line: str) -> bool:
    return bool(_RULE.match(line)) and any(ch in _RULE_CHARS for ch in line)


def _is_table_line(line: str) -> bool:
    line = line.strip()
    return len(line) > 1 and line[0] in _EDGE_CHARS and line[-1] in _EDGE_CHARS


def find(lines: list[str], text: str) -> dict[int, int]:
    """Start → end (exclusive) of each grid table in ``lines`` (``text``: the text they are of): a rule,
    then lines between edges and rules, up to the last rule."""
    out: dict[int, int] = {}
    if "+-" not in text and "+=" not in text and not _HAS_BOX.search(text):
        return out
    i = 0
    while i < len(lines):
        end = _table_end(lines, i)
        if end > i + 2:
            out[i] = end
            i = end
        else:
            i += 1
    return out


def _table_end(lines: list[str], start: int) -> int:
    if not _is_rule(as_ascii(lines[start])):
        return start
    end, last_rule = start + 1, start
    while end < len(lines):
        line = as_ascii(lines[end])
        if _is_rule(line):
            if last_rule == end - 1 and end - 1 > start:
                break  # a bottom rule, then the next table's top rule: two tables
            last_rule = end
        elif not _is_table_line(line):
            break
        end += 1
    return last_rule + 1


def grid(lines: list[str]) -> tuple[list[list[str]], list[list[bool]]]:
    """One grid table's rows and, for each position, whether it repeats a merged cell."""
    placed = _placed([as_ascii(line).rstrip() for line in lines])
    edges = sorted({col for line in placed for col, ch in line if ch == "+"})
    if len(edges) < 2:
        return [], []
    width = len(edges) - 1
    if len(lines) * width > MAX_GRID_CELLS:
        raise GridTooLarge(f"a grid table of {len(lines):,} lines × {width} columns, over the "
                           f"{MAX_GRID_CELLS:,}-cell limit (a report's tables hold a few hundred); not read")
    # Each line's segment per column: None where the line rules that column, else its characters.
    segments = [[_segment(line, edges, j) for j in range(width)] for line in placed]
    walls = [[_wall(line, e) for e in edges] for line in placed]
    cell_of: dict[tuple[int, int], int] = {}  # (line, column) → cell
    parent: list[int] = []

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for i, row in enumerate(segments):
        for j, seg in enumerate(row):
            if seg is None:
                continue
            cell_of[i, j] = len(parent)
            parent.append(len(parent))
            if (i - 1, j) in cell_of:  # no rule between this line and the one above: one cell
                parent[root(cell_of[i, j])] = root(cell_of[i - 1, j])
            if j and (i, j - 1) in cell_of and not walls[i][j]:  # no edge on the left: one cell
                parent[root(cell_of[i, j])] = root(cell_of[i, j - 1])
    # Rows: runs of lines with text, cut wherever a line rules any column (a line that rules some
    # columns and has text in others ends the row its text belongs to).
    bands: list[list[int]] = []
    cut = True
    for i, row in enumerate(segments):
        if all(seg is None for seg in row):
            cut = True
            continue
        if cut:
            bands.append([])
        bands[-1].append(i)
        cut = any(seg is None for seg in row)
    spots: dict[int, list[tuple[int, int]]] = {}
    for spot, k in cell_of.items():
        spots.setdefault(root(k), []).append(spot)
    texts = {c: _cell_text(placed, edges, where) for c, where in spots.items()}
    rows, copies = [], []
    seen: set[int] = set()
    for band in bands:
        row, flags = [], []
        for j in range(width):
            c = next((root(cell_of[i, j]) for i in band if (i, j) in cell_of), None)
            row.append(texts[c] if c is not None else "")
            flags.append(c in seen)
            if c is not None:
                seen.add(c)
        rows.append(row)
        copies.append(flags)
    return rows, copies


def table_blocks(lines: list[str], where: str, losses: list[str], warnings: list[str]) -> list[Block]:
    """The table block of one grid table, its merged cells' copies marked. A table with no
    merged cell drawn says nothing of spans (tabulate writes a span out cell by cell, as a pipe
    table does): its copies are not given."""
    rows, copies = grid(lines)
    return [Block("table", Position(0), rows=rows, copies=copies if any(map(any, copies)) else None)] if rows else []


def _placed(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Each line's characters with the column each is drawn at, by the first way of counting
    that puts the line's last edge on the table's right edge: ideographs two wide (pandoc,
    tabulate with wcwidth), ideographs and the ambiguous marks two wide (w3m: '“' '”' '…'), or
    every character one (tabulate without wcwidth)."""
    right = max((len(text) - 1 for text in lines if _is_rule(text)), default=None)  # (rules are ASCII)
    out = []
    for text in lines:
        line = _columns(text, _WIDE)
        if line and right is not None and line[-1][0] != right:
            for wide in (_WIDE_AND_AMBIGUOUS, ""):
                other = _columns(text, wide)
                if other[-1][0] == right:
                    line = other
                    break
        out.append(line)
    return out


_WIDE = "WF"  # East Asian widths drawn two columns wide
_WIDE_AND_AMBIGUOUS = "WFA"


def _columns(line: str, wide: str) -> list[tuple[int, str]]:
    out, col = [], 0
    for ch in line:
        out.append((col, ch))
        col += 2 if ord(ch) > 0x7f and unicodedata.east_asian_width(ch) in wide else 1
    return out


def _segment(line: list[tuple[int, str]], edges: list[int], j: int) -> str | None:
    """The characters of column ``j`` on a line; None where the line rules it (dashes between
    two junctions, or running on through a junction not of this line: a rule under a merged cell)."""
    a, b = edges[j], edges[j + 1]
    chars = [ch for col, ch in line if a < col < b]
    at = {col: ch for col, ch in line if col in (a, b)}
    if chars and all(ch in _RULE_CHARS for ch in chars) and all(at.get(e) in _RULE_ENDS for e in (a, b)):
        return None
    return "".join(chars)


def _wall(line: list[tuple[int, str]], edge: int) -> bool:
    return any(col == edge and ch in _EDGE_CHARS for col, ch in line)


def _cell_text(placed: list[list[tuple[int, str]]], edges: list[int], spots: list[tuple[int, int]]) -> str:
    """A cell's text: on each of its lines the characters between its outer edges, the lines
    joined (pandoc's hard break '本年新\\' and line ends go; nothing between two ideographs), less
    the inline markup a converter wrapped over them ('[第' / '二十条…项]{style="mso' / '-spacerun…"}')."""
    by_line: dict[int, list[int]] = {}
    for i, j in spots:
        by_line.setdefault(i, []).append(j)
    out = ""
    for i in sorted(by_line):
        a, b = edges[min(by_line[i])], edges[max(by_line[i]) + 1]
        piece = "".join(ch for col, ch in placed[i] if a < col < b).strip().rstrip("\\").strip()
        if not piece:
            continue
        if out and not (_CJK_END.search(out) and _CJK_START.search(piece)):
            out += " "
        out += piece
    return without_inline_markup(out) if "]{" in out or "<" in out else out
