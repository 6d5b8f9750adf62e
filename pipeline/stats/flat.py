"""Statistics tables flattened into running text (crawler text, copied web pages).

``指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 72804 76424 其中：1、网站公开 条 …``
or with every separator lost: ``指标名称计量单位2012年度历年累计主动公开信息数条20263542其中：1.网站公开条179533042.政府公报公开条07…``.
A row is a label ending in a unit, then its numbers. A row number glued to the
previous row's digits (``…33042.政府公报公开``) is cut off only when it is the
number the numbering expects next; otherwise that row is flagged.
"""

from __future__ import annotations

import re

from ..document import Document
from ..tables.numbers import NULL_MARKS
from .labels import column_kind, compact, row_number, split_unit
from .rowbuild import PrintedRow

_COLUMN_TEXT = (r"(?:(?:19|20)\d{2}\s*年\s*度?|本\s*年\s*度?|当\s*年|历\s*年\s*累\s*计|累\s*计)"
                r"(?:数(?!据|字))?")  # 本年数, 累计数: the 数 printed right after belongs to the header
_HEADER = re.compile(
    r"(?:指标名称|统计指标|项目名称|指标|项目)\s*(?:计量)?单位\s*(?P<cols>(?:" + _COLUMN_TEXT + r"\s*){1,3})")
_COLUMN = re.compile(_COLUMN_TEXT)
_INDEX_HEADER = re.compile(r"(?:序号|编号|行次)\s*$")
_PIECE = re.compile(r"\d+(?:\.\d+)?|[^\d\s]+|\s+")
_NUMBERING_TAIL = re.compile(r"^[、.．)）]")
_MAX_LABEL = 40
_SPACES = re.compile(r"\s+")
_NOT_A_LABEL = re.compile(r"[。！？!?]")


def text_tables(doc: Document) -> list[tuple[list[str], list[PrintedRow]]]:
    """Every flattened statistics table in the document's text: (value column kinds, rows)."""
    blocks = [b for b in doc.blocks if not b.is_table and b.text]
    text, starts = "", []
    for b in blocks:
        starts.append(len(text))
        text += b.text + "\n"
    out = []
    headers = list(_HEADER.finditer(text))
    for n, m in enumerate(headers):
        end = headers[n + 1].start() if n + 1 < len(headers) else len(text)
        kinds = [column_kind(c) for c in _COLUMN.findall(m["cols"])]
        at = max(i for i, s in enumerate(starts) if s <= m.start())
        has_index = bool(_INDEX_HEADER.search(text[max(0, m.start() - 8):m.start()]))
        rows = _rows(text[m.end():end], blocks[at].pos.index, blocks[at].pos.page, len(kinds), has_index)
        if rows:
            out.append((kinds, rows))
    return out


def _rows(body: str, block_index: int, page: int | None, n_values: int, has_index: bool) -> list[PrintedRow]:
    """The rows of one flattened table. With a 序号 column, each row's number is printed
    before its label, i.e. after the previous row's values: it is taken off only when it
    is the number that follows the previous one; glued into digits it cannot be, and the
    row is flagged."""
    pieces = [(p.group(), p.start()) for p in _PIECE.finditer(body)]
    rows: list[PrintedRow] = []
    row = _Open()
    index: list[int | None] = [None]  # the 序号 of the row being read

    def close(end: int) -> bool:
        """Finish the open row; False when its text is no longer a table row."""
        nonlocal row
        text = _SPACES.sub("", "".join(row.label))  # as printed, less the spaces
        if has_index and not text and len(row.values) == 1 and row.values[0].isdigit():
            index[0] = int(row.values[0])  # the first row's 序号, before its label
        elif has_index and text:
            _take_index(row, index, n_values)
        if text:
            name, unit = split_unit(text)
            if len(name) > _MAX_LABEL or _NOT_A_LABEL.search(name) or (unit is None and not row.values):
                return False
            rows.append(PrintedRow(name, unit, row.values, row.glued, body[row.start:end].strip(),
                                   block_index, page, row.problem))
        row = _Open()
        return True

    for i, (piece, at) in enumerate(pieces):
        nxt = pieces[i + 1][0] if i + 1 < len(pieces) else ""
        if piece.isspace():
            continue
        spaced = at == 0 or body[at - 1].isspace()
        after_unit = not row.values and split_unit(compact("".join(row.label)))[1] is not None
        if piece[0].isdigit() and piece.isdigit() and _NUMBERING_TAIL.match(nxt):
            if row.values or not row.label or (spaced and after_unit):
                # The next row's number, standing alone: ``… 0 2、政府公报公开``.
                if not close(at):
                    break
                row.start, row.label = at, [piece]
                continue
            if after_unit:
                # This row's digits and the next row's number run together: ``条179533042.政府…``.
                expected = str(_next_number(row.label))
                if piece.endswith(expected) and len(piece) > len(expected):
                    row.values, row.glued, number = [piece[: -len(expected)]], True, expected
                else:
                    row.values, row.glued, number = [piece], True, ""
                    row.problem = f"a row number is glued to {piece!r}: where it starts is not certain"
                cut = at + len(piece) - len(number)
                if not close(cut):
                    break
                row.start, row.label = cut, [number]
                continue
            row.label.append(piece)  # a number inside a label: ``其中：1、``
            continue
        if piece[0].isdigit() or (piece in NULL_MARKS and spaced and (row.values or after_unit)):
            if not row.values:
                row.glued = not spaced
            row.values.append(piece if piece[0].isdigit() else "")
            continue
        if row.values and not close(at):
            break
        if not row.label:
            row.start = at
        row.label.append(piece)
    else:
        close(len(body))
    return rows


def _take_index(row: _Open, index: list[int | None], n_values: int) -> None:
    """Take the next row's 序号 off the end of this row's values, where certain."""
    own = index[0]
    if row.glued and row.values:
        row.problem = row.problem or "a 序号 column runs into the values: where they split is not certain"
        index[0] = None
        return
    if own is not None and len(row.values) == n_values + 1 and row.values[-1] == str(own + 1):
        row.values = row.values[:-1]
        index[0] = own + 1
    else:
        index[0] = None


class _Open:
    """The row being read."""

    __slots__ = ("glued", "label", "problem", "start", "values")

    def __init__(self) -> None:
        self.label: list[str] = []
        self.values: list[str] = []
        self.glued = False
        self.problem: str | None = None
        self.start = 0


def _next_number(label: list[str]) -> int:
    """The number the next sub-row should print: one more than this row's, else 1."""
    n = row_number(compact("".join(label)))
    return n + 1 if n is not None else 1
