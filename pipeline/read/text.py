"""Plain-text and markdown reports → Document.

Pipe tables (``| a | b |``) and tab-separated runs become table blocks with
their cells exactly as printed: a row that lost cells in the source keeps its
shifted cells, because the mapper maps rows by label, never by position.
Text dumps of PDFs (pdftotext, PDF→markdown converters, OCR) lose the grid:
their space-aligned tables and damaged pipe tables are rebuilt into labelled
rows (``text_columns``, ``text_pipes``, ``text_rows``), tables printed one
cell per line (pdftotext without -layout, PyMuPDF, Writer's text export) are
grouped into rows (``text_stacked``), tables printed with one space between
cells (pdfplumber's and pypdf's plain text) are read a row per line where their
rows are whole (``text_single``), markitdown's pipe tables of one line each are
read as the lines they were (``text_line_tables``), and page numbers and browser
headers/footers printed between the lines are dropped. Tables in a syntax of their own are
read apart first: HTML tables in markdown (``text_html_tables``) and grid tables drawn with
rules, in ASCII or box-drawing characters (``text_grid_tables``).
"""

from __future__ import annotations

import re
from functools import partial

from ..document import Block, Document, Position
from ..errors import ReadError
from ..salvage import salvage
from . import text_grid_tables, text_html_tables
from .encoding import decode_text, garbage_share
from .pipe_syntax import is_pipe_row, is_separator, pipe_cells, with_outer_pipes, without_inline_markup
from .radicals import as_ideographs
from .text_cells import (
    SENTENCE_END,
    WIDE_ROW,
    blank_page_furniture,
    is_number,
    is_page_furniture,
    is_section_heading,
    is_value,
    join_label,
    printed_page_title,
    split_mixed_width_digits,
    split_value_tail,
    text_lines,
    without_spacer_lines,
)
from .text_columns import is_section_title, table_lines, table_run, value_line
from .text_line_tables import as_page_lines
from .text_pipes import repair
from .text_rows import labels_below_numbers, rebuild
from .text_single import centred_labels, is_single_spaced, printed_whole, rows_as_printed
from .text_stacked import is_row_heading, stacked_table, stacked_tables, without_running_lines

_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")


def read(data: bytes, source: str) -> Document:
    text, encoding = decode_text(data)
    text = as_ideographs(text)  # a dump of a PDF keeps its producer's radical code points
    text = split_mixed_width_digits(text)
    text = without_inline_markup(text)  # a markdown converter's <u>23</u>, **一、…**, &nbsp;
    if garbage_share(text) > 0.02:
        raise ReadError(source, f"not text: undecodable or control characters (tried {encoding})")
    blocks: list[Block] = []
    warnings: list[str] = []
    losses: list[str] = []  # a table run that fails is a loss, the text around it is still read
    printed = _unheaded(with_outer_pipes(without_spacer_lines(text_lines(text))))
    page_lines = as_page_lines(printed)  # markitdown's one-line pipe tables, as the lines they were
    line_tables = page_lines is not None
    below = False
    if line_tables:
        printed = page_lines
        # Its rows are set alike on every page: where one label falls below its numbers, others may.
        below = labels_below_numbers(table_lines(page_lines, is_page_furniture)[0])
        warnings.append("pipe tables one or two rows long, with two numbers in a cell, are a page's lines "
                        "(markitdown's PDF converter): read as lines" + (
                            "; labels stand below their numbers" if below else ""))
    # Tables in a syntax of their own (HTML, grid), read apart: their lines are then blank.
    apart = salvage(losses, "HTML and grid tables", _tables_apart, printed, text, default={})
    printed = _without_lines(printed, apart)
    reader = partial(column_table, labels_below=below, strays=line_tables)
    lines = blank_page_furniture(list(printed))
    raw = without_running_lines(list(printed))
    found = salvage(losses, "space-aligned tables", column_tables, lines, line_tables, default={})
    # (A page's lines are rows as printed, not cells one per line.)
    stacked = {} if line_tables else salvage(
        losses, "one-cell-per-line tables", stacked_tables, raw, lambda j: _ends_stacked_table(raw, j, found),
        default={})
    i = n_tables = 0
    while i < len(lines):
        if i in apart:
            n_tables += 1
            end, kind, chunk = apart[i]
            read_table = _TABLES_APART[kind].table_blocks
            for block in salvage(losses, f"{kind} table {n_tables} (lines {i + 1}–{end})", read_table, chunk,
                                 f"{kind} table at line {i + 1}", losses, warnings, default=[]):
                block.pos = Position(len(blocks))
                blocks.append(block)
            i = end
            continue
        if i in stacked:  # read from the raw lines: its numbers alone on a line are not page numbers
            n_tables += 1
            blocks += _table_block(len(blocks), stacked_table, raw, i, stacked[i], n_tables, warnings, losses)
            i = stacked[i]
            continue
        line = lines[i].strip()
        if i in found:  # (before skipping page furniture: a table never starts unread on one)
            n_tables += 1
            blocks += _table_block(len(blocks), reader, lines, i, found[i], n_tables, warnings, losses)
            i = found[i]
            continue
        if not line or is_page_furniture(line):
            i += 1
            continue
        end = _table_run_end(lines, i)
        if end > i:
            n_tables += 1
            rows = salvage(losses, f"table {n_tables} (lines {i + 1}–{end})", _pipe_table, lines[i:end],
                           f"text table at line {i + 1}", warnings, default=[])
            if rows:
                _row_between_tables(blocks, rows)
            if rows and not _continues_table(blocks, rows):
                blocks.append(Block("table", Position(len(blocks)), rows=rows))
            i = end
            continue
        md = _MD_HEADING.match(line)
        if md:
            blocks.append(Block("heading", Position(len(blocks)), text=md.group(1)))
        elif is_section_heading(line):
            blocks.append(Block("heading", Position(len(blocks)), text=line))
        else:
            blocks.append(Block("paragraph", Position(len(blocks)), text=line))
        i += 1
    _numbers_under_a_header(blocks)
    meta = {"encoding": encoding}
    if title := printed_page_title(printed):  # (the header is page furniture: no block holds it)
        meta["title"] = title
    return Document(source=source, file_type="text", blocks=blocks, meta=meta, warnings=warnings, losses=losses)


# Table syntaxes read apart from the text's lines, each a module with ``find(lines, text)`` (start →
# end of each of its tables) and ``table_blocks(lines, where, losses, warnings)``; the first found wins.
_TABLES_APART = {"HTML": text_html_tables, "grid": text_grid_tables}


def _tables_apart(lines: list[str], text: str) -> dict[int, tuple[int, str, list[str]]]:
    """Start → (end, kind, lines) of every table in a syntax of its own (``text``: the text the
    lines are of, for a finder to tell at once that it holds none of its tables)."""
    out: dict[int, tuple[int, str, list[str]]] = {}
    taken = bytearray(len(lines))  # lines of a table found already (the first kind found wins)
    for kind, syntax in _TABLES_APART.items():
        for start, end in syntax.find(lines, text).items():
            if not any(taken[start:end]):
                out[start] = (end, kind, lines[start:end])
                taken[start:end] = b"\x01" * (end - start)
    return out


def _without_lines(lines: list[str], runs: dict[int, tuple]) -> list[str]:
    """``lines`` with those of each run blank (read apart, they are no text of the dump's own)."""
    if not runs:
        return lines
    out = list(lines)
    for start, (end, *_) in runs.items():
        out[start:end] = [""] * (end - start)
    return out


def _numbers_under_a_header(blocks: list[Block]) -> None:
    """A line of numbers right after a table of header rows only, as many as it has columns; or
    a line of five numbers or more after short label lines that follow a heading: the row of the
    header, which a converter printed as plain text (pymupdf4llm: table 4's one row of fifteen
    numbers under its header table at a page's end; a plain-text dump with one space between
    cells prints the whole table so, its header lines and then the row)."""
    k = len(blocks)
    while k > 1:
        k -= 1
        line = blocks[k]
        values = _plain_values(line.text) if line.kind == "paragraph" else None
        if not values:
            continue
        table = blocks[k - 1]
        if table.kind == "table" and table.rows:
            if len(values) == max(len(r) for r in table.rows) and not any(
                    is_number(c) for r in table.rows for c in r):
                table.rows.append(values)
                del blocks[k]
            continue
        first = _header_lines_from(blocks, k)
        if first is not None and len(values) >= WIDE_ROW:
            rows = [[b.text] for b in blocks[first:k]] + [values]
            blocks[first:k + 1] = [Block("table", Position(first), rows=rows)]
            k = first


def _is_header_line(text: str) -> bool:
    """Short words, or a short line, and no sentence ('结果维持 结果纠正 其他结果 尚未审结 总计 …')."""
    return not text.endswith(SENTENCE_END) and "。" not in text and (
        len(text.replace(" ", "")) <= _MAX_GROUP_TITLE or max(len(w) for w in text.split()) <= _MAX_HEADER_WORD)


_MAX_HEADER_WORD = 12
_MAX_HEADER_LINES = 60  # (pypdf prints table 4's header down its narrow columns, a character a line)


def _header_lines_from(blocks: list[Block], k: int) -> int | None:
    """Where the short label lines between a heading and block ``k`` start (None if others stand there)."""
    first = k
    while first > 0 and k - first < _MAX_HEADER_LINES:
        b = blocks[first - 1]
        if b.kind == "heading":
            return first if first < k else None
        if b.kind != "paragraph" or not _is_header_line(b.text) or _plain_values(b.text):
            return None
        first -= 1
    return None


def _unheaded(lines: list[str]) -> list[str]:
    """A run of markdown headings (blank lines between) holding one that ends in two numbers or
    more is a table printed as headings: pymupdf4llm sets each line of a table it did not find as
    a heading ('# （二）部分公开（区分 处理的…）' / '# 8 1 0 0 0 0 9'). Its lines lose their marks."""
    heads = [m.group(1) if line.startswith("#") and (m := _MD_HEADING.match(line)) else None for line in lines]
    out = list(lines)
    i = 0
    while i < len(lines):
        if heads[i] is None:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(lines) and (heads[j] is not None or not lines[j].strip()):
            if heads[j] is not None:
                run.append(j)
            j += 1
        if any((found := value_line(heads[k])) and len(found[0].values) >= 2 for k in run):
            for k in run:
                out[k] = heads[k]
        i = j
    return out


def _table_block(at: int, reader, lines: list[str], i: int, end: int, n: int, warnings: list[str],
                 losses: list[str]) -> list[Block]:
    """The table block ``reader`` makes of ``lines[i:end]``; none if it reads no row or fails (a loss)."""
    rows = salvage(losses, f"table {n} (lines {i + 1}–{end})", reader, lines[i:end], f"text table at line {i + 1}",
                   warnings, default=[])
    return [Block("table", Position(at), rows=rows)] if rows else []


def column_table(lines: list[str], where: str, warnings: list[str], labels_below: bool = False,
                 strays: bool = False) -> list[list[str]]:
    """Labelled rows of a space-aligned table (pdftotext -layout); its doubts go to ``warnings``.
    ``labels_below``: the dump prints labels below their numbers too (``text_rows.rebuild``);
    ``strays``: a page's lines, some rows' numbers on two (``text_single.printed_whole``)."""
    found, notes = table_lines(lines, is_page_furniture)
    single = is_single_spaced(lines)
    if single and printed_whole(found, strays):
        rows, problems = rows_as_printed(found), []
    else:
        rows, problems = rebuild(centred_labels(found) if single else found, where, labels_below=labels_below,
                                 positions=not single)
    warnings += problems + [f"{where}: note {n!r} after a value is not part of it" for n in notes]
    return rows


def _pipe_table(lines: list[str], where: str, warnings: list[str]) -> list[list[str]]:
    """Rows of a markdown / tab / pipe table, repaired cell by cell; its doubts go to ``warnings``."""
    rows, problems = repair(_table_rows(lines), where)
    warnings += problems
    return rows


_MAX_GROUP_TITLE = 30


def _continues_table(blocks: list[Block], rows: list[list[str]]) -> bool:
    """A table printed as one small table per group ('（四）无法提供' as a line
    between two tables of the same width) is one table: the rows and the
    short lines between are added to the table before."""
    between = []
    for b in reversed(blocks):
        if b.kind == "table":
            break
        if b.kind != "paragraph" or len(b.text) > _MAX_GROUP_TITLE or b.text.endswith(SENTENCE_END):
            return False
        between.append(b)
    else:
        return False
    table = blocks[-1 - len(between)]
    width = max(len(r) for r in table.rows)
    if max(len(r) for r in rows) != width or len(between) > 2:
        return False
    del blocks[len(blocks) - len(between):]
    table.rows += [[b.text] + [""] * (width - 1) for b in reversed(between)] + rows
    return True


def _plain_values(text: str) -> list[str] | None:
    """The values of a line of plain text that holds nothing else (two or more, a number among
    them): a table's row a converter printed outside the table."""
    values = text.split()
    if len(values) < 2 or not all(is_value(v) for v in values) or not any(is_number(v) for v in values):
        return None
    return values


_MAX_ROW_LINES = 4  # label lines of a row printed between two tables, and its line of numbers


def _row_between_tables(blocks: list[Block], rows: list[list[str]]) -> None:
    """A row a converter printed as plain lines between two tables (pymupdf4llm at a page
    break: '4. 无正当理' / '由大量反复' / '0 0 0 0 0 0 0'): its label lines, then one line of
    as many numbers as the rows around print, become a row of the table before, its numbers
    last; anything else stays text."""
    between = []
    for b in reversed(blocks):
        if b.kind == "table" or len(between) > _MAX_ROW_LINES:
            break
        between.append(b)
    between.reverse()
    if len(between) < 2 or len(between) == len(blocks) or any(b.kind != "paragraph" for b in between):
        return
    *labels, numbers = [b.text for b in between]
    values = _plain_values(numbers)
    if not values:
        return
    if any(len(t) > _MAX_GROUP_TITLE or t.endswith(SENTENCE_END) or is_value(t.split()[-1]) for t in labels):
        return
    label = join_label([t.replace(" ", "") for t in labels])
    table = blocks[-1 - len(between)]
    around = [len(split_value_tail(r)[1])
              for r in (table.rows[-1], next((r for r in rows if any(is_number(c) for c in r)), []))]
    if len(label) != 1 or len(values) not in around:
        return
    width = max(len(r) for r in table.rows)
    del blocks[len(blocks) - len(between):]
    table.rows.append([""] * max(0, width - len(values) - 1) + label + values)


def _ends_column_table(lines: list[str], i: int, title=is_section_title) -> bool:
    line = lines[i]
    return bool(_MD_HEADING.match(line.strip())) or is_pipe_row(line) or line.count("\t") >= 2 \
        or title(lines, i, is_section_heading)


def _ends_stacked_table(raw: list[str], i: int, found: dict[int, int]) -> bool:
    """Lines a one-cell-per-line table never holds: headings, other tables' lines."""
    return _ends_column_table(raw, i, _stacked_title) or any(a <= i < b for a, b in found.items())


def _stacked_title(lines: list[str], i: int, is_heading) -> bool:
    return is_heading(lines[i]) and not is_row_heading(lines, i)


def column_tables(lines: list[str], strays: bool = False) -> dict[int, int]:
    """first line → end (exclusive) of each space-aligned table of a text dump (``strays``: see
    ``text_single.printed_whole``)."""
    out: dict[int, int] = {}
    i = 0
    while i < len(lines):
        if not lines[i].strip() or _ends_column_table(lines, i):
            i += 1
            continue
        run = table_run(lines, i, ends_table=lambda j: _ends_column_table(lines, j), skip=is_page_furniture,
                        strays=strays)
        if run is None:
            i += 1
            continue
        first, end = run
        first = max(first, max(out.values(), default=0))
        out[first] = end
        i = end
    return out


def _table_run_end(lines: list[str], start: int) -> int:
    """End (exclusive) of the pipe-table or tab-table run starting at ``start``; ``start`` if none."""
    if is_pipe_row(lines[start]):
        end = start
        while end < len(lines) and is_pipe_row(lines[end]):
            end += 1
        return end
    end = start
    while end < len(lines) and lines[end].count("\t") >= 2:
        end += 1
    return end if end - start >= 2 else start


def _table_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for i, line in enumerate(lines):
        cells = pipe_cells(line) if is_pipe_row(line) else [c.strip() for c in line.split("\t")]
        # The delimiter row sits under the header; elsewhere a row of single dashes
        # is data: '-' is how many reports print an empty (null) cell.
        if is_separator(cells) and (i == 1 or all(len(c) >= 3 for c in cells if c)):
            continue
        rows.append(cells)
    return rows


