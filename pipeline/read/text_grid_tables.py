r"""Grid tables: the ruled text tables of pandoc's markdown, reStructuredText and ``tabulate``.

::

    +--------------+----------+-----------+
    | 信息内容     | 本年新\  | 对外公开  |
    |              | 制作数量 | 总数量    |
    +==============+==========+===========+
    | 规章         | 0        | 7         |
    +--------------+----------+-----------+

A cell's text runs over the lines between two rules, so a row is the lines between rules, not a
line; its column edges are where the rules put a '+'. A rule that is blank over a column (RST's
merged cells) lets that cell run on into the next row, and a line with no '|' at an edge lets a
cell run over the next column: the merged cell's text stands in every row and column it covers,
as the other readers give a span.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from ..document import Block, Position
from .text_pipes import repair

_RULE = re.compile(r"^\s*\+(?:[-=:]*\+)+\s*$")  # '+----+====+', the whole line
_PARTIAL_RULE = re.compile(r"^\s*[+|](?:[-=:]+\+|\s+[|+])[-=:+|\s]*$")  # RST: '|    +-----+' over a merged cell
_CJK_END = re.compile(r"[\u3400-\u9fff\uff00-\uffef“”（）]$")
_CJK_START = re.compile(r"^[\u3400-\u9fff\uff00-\uffef“”（）]")


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line)) or ("+" in line and "-" in line and bool(_PARTIAL_RULE.match(line)))


def grid_table_end(lines: list[str], start: int) -> int:
    """End (exclusive) of the grid table whose top rule is ``lines[start]``; ``start`` if none
    (a rule, then rows and rules, ending on a rule)."""
    if not _RULE.match(lines[start]):
        return start
    end, last_rule = start + 1, start
    while end < len(lines):
        line = lines[end].strip()
        if is_rule(line):
            last_rule = end
        elif not (line.startswith("|") and line.endswith("|")):
            break
        end += 1
    return last_rule + 1 if last_rule > start else start


def grid_rows(lines: list[str]) -> list[list[str]]:
    """The rows of one grid table (``lines`` from its top rule to its bottom rule)."""
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    lines = [line.rstrip()[indent:] for line in lines]
    edges = sorted({i for line in lines if is_rule(line) for i, ch in enumerate(line) if ch == "+"})
    if len(edges) < 2:
        return []
    blocks: list[list[str]] = []  # the lines of each row, between two rules
    rules: list[str] = []  # the rule above each row
    for line in lines:
        if is_rule(line):
            rules.append(line)
            blocks.append([])
        elif blocks:
            blocks[-1].append(line)
    pairs = [(rule, block) for rule, block in zip(rules, blocks) if block]
    width = len(edges) - 1
    grid: list[list[str]] = []
    run_start = [0] * width  # the first row of the cell each column is in
    for rule, block in pairs:
        cells = _row_cells(block, edges)
        ruled = _ruled_columns(rule, edges) if grid else [True] * width
        for c in range(width):
            if ruled[c]:
                run_start[c] = len(grid)
            else:  # no rule above: the cell above runs on into this row, its text in every row
                cells[c] = _join([grid[run_start[c]][c], cells[c]])
                for r in range(run_start[c], len(grid)):
                    grid[r][c] = cells[c]
        grid.append(cells)
    return grid


def find(lines: list[str], text: str) -> dict[int, int]:
    """Start → end (exclusive) of each grid table in ``lines`` (``text``: them joined)."""
    out: dict[int, int] = {}
    if "+-" not in text and "+=" not in text:
        return out
    i = 0
    while i < len(lines):
        end = grid_table_end(lines, i) if "+" in lines[i] else i
        if end > i + 2:
            out[i] = end
            i = end
        else:
            i += 1
    return out


def _row_cells(block: list[str], edges: list[int]) -> list[str]:
    """One row's cells: each column's text over the row's lines; a column with no '|' at its
    right edge on any line is one cell with the next (its text in both). Columns are counted as
    the table was drawn: an ideograph is two wide."""
    width = len(edges) - 1
    # Drawn by display width (pandoc, tabulate with wcwidth) or a character a column (tabulate
    # without it): the count under which every line's last '|' stands on the last edge.
    placed = [_columns(line, wide=True) for line in block]
    if not _closed(placed, edges[-1]):
        narrow = [_columns(line, wide=False) for line in block]
        placed = narrow if _closed(narrow, edges[-1]) else placed
    bars = [{col for col, ch in line if ch == "|"} for line in placed]
    open_edge = [not any(edges[c + 1] in b for b in bars) for c in range(width - 1)] + [False]
    parts: list[list[str]] = [[] for _ in range(width)]
    for line in placed:
        c = 0
        while c < width:
            end = c
            while open_edge[end]:
                end += 1
            text = "".join(ch for col, ch in line if edges[c] < col < edges[end + 1]).strip()
            for k in range(c, end + 1):
                parts[k].append(text)
            c = end + 1
    return [_join(p) for p in parts]


def _columns(line: str, wide: bool) -> list[tuple[int, str]]:
    """Each character with the column it is drawn at (``wide``: an ideograph takes two)."""
    out, col = [], 0
    for ch in line:
        out.append((col, ch))
        col += 2 if wide and unicodedata.east_asian_width(ch) in "WF" else 1
    return out


def _closed(placed: list[list[tuple[int, str]]], last_edge: int) -> bool:
    return all(line and line[-1] == (last_edge, "|") for line in placed)


def _join(pieces: list[str]) -> str:
    """A cell's lines as one text: pandoc's hard break ('本年新\\') and the line ends go; a break
    between two CJK characters leaves nothing, others a space."""
    out = ""
    for piece in pieces:
        piece = piece.rstrip("\\").strip()
        if not piece:
            continue
        if out and not (_CJK_END.search(out) and _CJK_START.search(piece)):
            out += " "
        out += piece
    return out


def _ruled_columns(rule: str, edges: list[int]) -> list[bool]:
    return [any(ch in "-=" for ch in rule[a + 1: b]) for a, b in itertools.pairwise(edges)]


def table_blocks(lines: list[str], where: str, losses: list[str], warnings: list[str]) -> list[Block]:
    """The table block of one grid table, its cells repaired as a pipe table's are."""
    rows, problems = repair(grid_rows(lines), where)
    warnings += problems
    return [Block("table", Position(0), rows=rows)] if rows else []
