"""Spreadsheets (.xlsx, .xls, and .csv: one sheet saved as text): a report's tables published as
an Excel attachment, or a page saved from a browser or office suite into a workbook.

A sheet is a grid already: merged ranges are spanned cells (their text in every position they
cover, those after the first marked as copies, as the HTML reader gives a span). A sheet holds
text and tables alike (Calc's import of a page puts each paragraph in column A): a run of rows
with two cells or more is a table, a row of one unmerged cell is a paragraph, and a row of one
short cell beside a table's rows (its title row, '第二十条第（五）项') belongs to it. Numbers are printed as the sheet stores them (an integral float is an integer).
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import zipfile
from dataclasses import dataclass

from ..document import Block, Document, Position
from ..errors import ReadError
from .encoding import decode_text
from .grid import MAX_GRID_CELLS
from .text_cells import SENTENCE_END, is_section_heading
from .zipsafety import check_zip

_MAX_COLUMNS = 200  # a report's widest table has 17; a sheet's used range may claim thousands


@dataclass(slots=True)
class Sheet:
    """One sheet as text: its cells' texts row by row, and which positions copy a merged cell."""

    name: str
    rows: list[list[str]]
    copies: list[list[bool]]


def read(data: bytes, source: str, file_type: str = "xlsx") -> Document:
    sheets = _SHEETS[file_type](data, source)
    doc = Document(source=source, file_type=file_type, meta={})
    for sheet in sheets:
        if len(sheets) > 1 and sheet.name:
            doc.blocks.append(Block("heading", Position(len(doc.blocks)), text=sheet.name))
        for block in _blocks(sheet, spans_known=file_type != "csv"):
            block.pos = Position(len(doc.blocks))
            doc.blocks.append(block)
    return doc


def _xlsx_sheets(data: bytes, source: str) -> list[Sheet]:
    import openpyxl  # (imported on use: a batch of pages does not pay for it)

    check_zip(data, source)  # (openpyxl inflates every part it reads into memory)
    _refuse_huge_sheets(data, source)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ReadError(source, f"unreadable xlsx workbook: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    out = []
    for ws in book.worksheets:
        n_rows, n_cols = _bounded(ws.max_row or 0, ws.max_column or 0, source, ws.title)
        rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=n_rows, max_col=n_cols, values_only=True)):
            for c, value in enumerate(row):
                rows[r][c] = _text(value)
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
        out.append(_sheet(ws.title, rows, merges))
    return out


_MAX_SHEET_XML = 20 * 1024 * 1024  # a report's sheet is some 100 KB of XML; openpyxl holds ~50x that


def _refuse_huge_sheets(data: bytes, source: str) -> None:
    """Refuse a workbook whose sheets' XML is larger than any report's before openpyxl builds a
    Python object per cell (sizes as declared: zipsafety has checked them against the data)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        size = sum(i.file_size for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))
    if size > _MAX_SHEET_XML:
        raise ReadError(source, f"workbook whose sheets hold {size:,} bytes of XML, over the "
                                f"{_MAX_SHEET_XML:,}-byte limit (a report's tables take some 100 KB); not read")


def _xls_sheets(data: bytes, source: str) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:
        raise ReadError(source, f"unreadable xls workbook: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    out = []
    for ws in book.sheets():
        n_rows, n_cols = _bounded(ws.nrows, ws.ncols, source, ws.name)
        rows = [[_xls_text(ws.cell(r, c), book.datemode) if c < ws.row_len(r) else "" for c in range(n_cols)]
                for r in range(n_rows)]
        out.append(_sheet(ws.name, rows, list(ws.merged_cells)))
    return out


def _csv_sheets(data: bytes, source: str) -> list[Sheet]:
    """The one sheet of a CSV file: its separator (comma, semicolon or tab) as the file uses it."""
    text, _ = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    width = 0
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append([cell.strip() for cell in row[:_MAX_COLUMNS]])
            width = max(width, len(rows[-1]))
            _bounded(len(rows), width, source, "csv")  # (as the rows come: a huge file is not built first)
    except csv.Error as exc:
        raise ReadError(source, f"unreadable CSV: {exc}") from exc
    return [_sheet("", rows, [])]


def _bounded(n_rows: int, n_cols: int, source: str, name: str) -> tuple[int, int]:
    n_cols = min(n_cols, _MAX_COLUMNS)
    if n_rows * n_cols > MAX_GRID_CELLS:
        raise ReadError(source, f"sheet {name!r} has {n_rows:,} rows × {n_cols} columns, over the "
                                f"{MAX_GRID_CELLS:,}-cell limit (a report's tables hold a few hundred); not read")
    return n_rows, n_cols


def _sheet(name: str, rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> Sheet:
    """``merges``: (first row, end row, first column, end column), ends exclusive."""
    copies = [[False] * len(row) for row in rows]
    for r0, r1, c0, c1 in merges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        text = rows[r0][c0]
        for r in range(r0, min(r1, len(rows))):
            for c in range(c0, min(c1, len(rows[r]))):
                if (r, c) != (r0, c0):
                    rows[r][c], copies[r][c] = text, True
    return Sheet(name, rows, copies)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _xls_text(cell, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError):
            return _text(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return _text(cell.value)


def _blocks(sheet: Sheet, spans_known: bool = True) -> list[Block]:
    """Paragraphs and tables of a sheet, in order (see the module's docstring)."""
    kinds = [_row_kind(sheet, r) for r in range(len(sheet.rows))]
    blocks: list[Block] = []
    r = 0
    while r < len(kinds):
        if kinds[r] == "empty":
            r += 1
            continue
        end = r
        while end < len(kinds) and kinds[end] in ("table", "title"):
            end += 1
        if "table" not in kinds[r:end]:  # text, or short lines with no table: the text's own
            end = max(end, r + 1)
            for k in range(r, end):
                text = next(t for t in sheet.rows[k] if t)
                blocks.append(Block("heading" if is_section_heading(text) else "paragraph", Position(0), text=text))
            r = end
            continue
        rows, copies = _trimmed(sheet.rows[r:end], sheet.copies[r:end])
        blocks.append(Block("table", Position(0), rows=rows, copies=copies if spans_known else None))
        r = end
    return blocks


_MAX_TITLE = 30  # characters of a table's title row ('第二十条第（五）项'); longer is a paragraph


def _row_kind(sheet: Sheet, r: int) -> str:
    """'empty'; 'table' (two cells or more); 'title' (one short text: a table's title row when
    beside its rows, else a line of the text); 'text' (one sentence, or a section's heading)."""
    row, copies = sheet.rows[r], sheet.copies[r]
    texts = {t for t in row if t}
    if not texts:
        return "empty"
    own = [c for c, t in enumerate(row) if t and not copies[c]]
    if len(texts) > 1 or len(own) > 1:
        return "table"
    (text,) = texts
    if len(text) > _MAX_TITLE or text.endswith(SENTENCE_END) or is_section_heading(text):
        return "text"
    return "title"


def _trimmed(rows: list[list[str]], copies: list[list[bool]]) -> tuple[list[list[str]], list[list[bool]]]:
    """The block without the columns empty in all its rows (the sheet's other columns)."""
    width = max((len(row) for row in rows), default=0)
    keep = [c for c in range(width) if any(c < len(row) and row[c] for row in rows)]
    return ([[row[c] if c < len(row) else "" for c in keep] for row in rows],
            [[flags[c] if c < len(flags) else False for c in keep] for flags in copies])


_SHEETS = {"xlsx": _xlsx_sheets, "xls": _xls_sheets, "csv": _csv_sheets}
