"""Table 3 (收到和处理政府信息公开申请情况): rows by their labels, applicant
columns by the header labels above them.

When a row's cells do not line up with the header (a cell deleted in the CMS
shifted it, as in the seed's ``3. 其他`` row), its value cells are read in the
header's left-to-right applicant order — which the labels define — and only
when there are exactly seven of them; anything else is reported, not guessed.
"""

from __future__ import annotations

from .. import spec
from ..result import TableResult
from .cells import CellCollector
from .labels import APPLICANTS, HEADER_HINT, OTHER_GROUP, OTHER_LEAF, TABLE3_GROUPS, TABLE3_ROWS, first_match
from .rows import SourceRow
from .text import item_number, label_key, norm

APPLICANT_KEYS = list(spec.table3_applicants())
OTHER_SUBROWS = {"other_no_correction", "other_no_fee_paid", "other_other"}


def _header_columns(row: SourceRow) -> dict[str, int]:
    cols: dict[str, int] = {}
    for c, text in enumerate(row.cells):
        key = first_match(label_key(text), APPLICANTS)
        if key and key not in cols:
            cols[key] = c
    return cols


def _header_spans(row: SourceRow, cols: dict[str, int]) -> dict[int, int]:
    """Column → the header column whose label it repeats: a spanned header cell that a
    converter printed once per column it covers ('社会公益组织' three times)."""
    spans: dict[int, int] = {}
    for c in cols.values():
        text = row.cells[c].strip()
        n = c + 1
        while n < len(row.cells) and row.cells[n].strip() == text and n not in cols.values():
            spans[n] = c
            n += 1
    return spans


def is_header(row: SourceRow) -> bool:
    return not row.has_numbers and (
        len(_header_columns(row)) >= 2 or any(HEADER_HINT.search(norm(c)) for c in row.cells))


def row_key(row: SourceRow, previous: str | None) -> str | None:
    """The canonical row a data row is, from its most specific label."""
    labels = row.labels
    in_other_group = any(OTHER_GROUP.search(norm(t)) for t in labels) or previous in OTHER_SUBROWS
    for n, text in enumerate(reversed(labels)):
        key = label_key(text)
        found = first_match(key, TABLE3_ROWS)
        if found:
            # A label without an item number, followed (beside the numbers) by one that names no
            # row by its words, may be another row's line that a dump set beside this one: the item
            # number of the one after says so when it is another row's ('没有现成信息' /
            # '1.掌握相关政府信息').
            gainsaid = n and item_number(text) is None and _numbers_gainsay(found, labels)
            return None if gainsaid else found
        if OTHER_LEAF.match(key) and in_other_group:
            return "other_other"
        if OTHER_GROUP.fullmatch(key):
            # （六）其他处理 as the most specific label: format 2019's single row — unless a label
            # after it is one of its items cut short ('1.申请人无正当理由逾').
            after = labels[len(labels) - n:]
            return next((cut for t in reversed(after) if (cut := _own_row(t))), "other_total")
    for text in reversed(labels):
        if found := _cut_short(label_key(text)):
            return found
    return None


_MIN_CUT_LABEL = 4  # characters of a label cut short that may still name its row


def _cut_short(key: str) -> str | None:
    """The row whose printed label alone begins with ``key``: a label a text dump cut short
    ('1.属于国家秘', its '密' printed beside the group label; '4.保护第三'), when no other
    row's label begins so."""
    if len(key) < _MIN_CUT_LABEL:
        return None
    found = [row for row, item in _ITEM_KEYS.items() if item.startswith(key)]
    return found[0] if len(found) == 1 else None


_MIN_PIECE = 2  # characters of a group's label taken for a piece of it inside an item's label
_GROUP_KEYS = tuple(label_key(text) for text in TABLE3_GROUPS)


def spliced_label(row: SourceRow) -> tuple[str, str] | None:
    """(row, piece) when a label names a row once a piece of a group's label is taken out of it:
    a text dump without columns prints the group's label down its narrow column a few characters
    a line, between the lines of an item's label ('4.保护第三' / '理结果' / '方合法权益'). None when no
    piece does, or pieces name different rows."""
    found: dict[str, str] = {}
    for text in row.labels:
        key = label_key(text)
        for group in _GROUP_KEYS:
            for i in range(len(group) - _MIN_PIECE + 1):
                for j in range(i + _MIN_PIECE, len(group) + 1):
                    at = key.find(group[i:j])
                    if at < 0:
                        continue
                    rest = key[:at] + key[at + j - i:]
                    if name := first_match(rest, TABLE3_ROWS) or _cut_short(rest):
                        found.setdefault(name, group[i:j])
    return next(iter(found.items())) if len(found) == 1 else None


# Each row's own label (its item's text, without the group's), in matching form.
_ITEM_KEYS = {row: label_key(text.split(" ")[-1]) for row, text in spec.table3_row_labels().items()}
# Item number → the rows whose own label begins with it ('3.危及“三安全一稳定”' under 3).
_NUMBERED: dict[int, list[str]] = {}
for _row, _text in spec.table3_row_labels().items():
    if (_number := item_number(_text.split(" ")[-1])) is not None:
        _NUMBERED.setdefault(_number, []).append(_row)


def _numbers_gainsay(found: str, labels: list[str]) -> bool:
    """Whether the item numbers among ``labels`` say the row is another than ``found``: one at
    least is printed, and none is ``found``'s (a label's first line may carry its number,
    '4.无正当理由' / '大量反复申请', and another row's number may stray beside it)."""
    numbers = {n for text in labels if (n := item_number(text)) is not None}
    return bool(numbers) and not any(found in _NUMBERED.get(n, ()) for n in numbers)


def _own_row(text: str) -> str | None:
    """The row an item's label cut short names: by its item number and the words it keeps, or by
    its first words."""
    key, number = label_key(text), item_number(text)
    return (_numbered(number, key) if number is not None else None) or _cut_short(key)


def _numbered(number: int, key: str) -> str | None:
    """The one row of item ``number`` whose label holds ``key`` (two characters or more)."""
    if len(key) < _MIN_PIECE:
        return None
    found = [r for r in _NUMBERED.get(number, ()) if key in _ITEM_KEYS[r]]
    return found[0] if len(found) == 1 else None


def numbered_piece(row: SourceRow) -> str | None:
    """The row named by a label that keeps its item number and a piece of its words, the rest
    printed apart: a text dump sets a wrapped label's lines round the row's numbers, and the first
    line falls between two rows ('危及“三安全' above, '3. “一稳定' beside the numbers). The piece must
    stand in the label of exactly one row of that item number (the number and the words then name
    the same row), and no other label of the row may name another; None otherwise."""
    named: dict[str, list[str]] = {}
    for text in row.labels:
        if (key := label_key(text)) and (found := first_match(key, TABLE3_ROWS) or _own_row(text)):
            named.setdefault(found, []).append(text)
    if len(named) != 1:
        return None
    ((found, by),) = named.items()
    numbered = any(item_number(text) is not None for text in by)
    return found if numbered or not _numbers_gainsay(found, row.labels) else None


class _Columns:
    """Applicant → column index, learnt from the header rows of one block."""

    def __init__(self):
        self.by_block: dict[int, dict[str, int]] = {}
        self.width: dict[int, int] = {}
        self.texts: dict[int, dict[int, list[str]]] = {}
        self.spans: dict[int, dict[int, int]] = {}
        # (block, column, applicant) → header text: the same for every row under that header
        self.labels: dict[tuple[int, int, str], str] = {}

    def learn(self, row: SourceRow) -> None:
        self.labels.clear()
        cols = self.by_block.setdefault(row.block_index, {})
        named = _header_columns(row)
        for key, c in named.items():
            cols[key] = c  # lower header rows are more specific
        self.spans.setdefault(row.block_index, {}).update(_header_spans(row, named))
        self.width[row.block_index] = len(row.cells)
        texts = self.texts.setdefault(row.block_index, {})
        for c, text in enumerate(row.cells):
            stack = texts.setdefault(c, [])
            if text.strip() and (not stack or stack[-1] != text.strip()):
                stack.append(text.strip())

    def label(self, row: SourceRow, cols: dict[str, int] | None, applicant: str) -> str:
        """The printed header text above an applicant's column."""
        if cols is None:
            return spec.table3_applicants()[applicant]
        key = (row.block_index, cols[applicant], applicant)
        if (text := self.labels.get(key)) is None:
            text = self.labels[key] = self._label(*key)
        return text

    def _label(self, block: int, column: int, applicant: str) -> str:
        for b in [block, *self.texts]:
            stack = self.texts.get(b, {}).get(column)
            if stack:
                return " ".join(stack)
        return spec.table3_applicants()[applicant]

    def header_width(self, row: SourceRow) -> int:
        return self.width.get(row.block_index, len(row.cells))

    def for_row(self, row: SourceRow, *, complete: bool = True) -> dict[str, int] | None:
        """The applicant columns above ``row``: all seven, or (``complete=False``) those the
        header names, when it names at least two (a table cut at the paper's edge)."""
        cols = self.by_block.get(row.block_index)
        if cols is None:  # a continuation block without its own header
            for b, known in self.by_block.items():
                if self.width.get(b) == len(row.cells):
                    cols = known
        if not cols or len(set(cols.values())) != len(cols):
            return None
        return cols if len(cols) == len(APPLICANT_KEYS) or (not complete and len(cols) >= 2) else None


def _aligned(row: SourceRow, cols: dict[str, int] | None, width: int,
             spans: dict[int, int] | None = None) -> dict[str, int] | None:
    """Header columns, if this row's numbers sit exactly under them."""
    if cols is None or min(cols.values()) <= row.label_end or max(cols.values()) >= len(row.cells):
        return None
    mapped = set(cols.values())
    if row.spans_known and any(
            row.copies[c] and row.parsed[c].value is not None and row.cells[c] == row.cells[c - 1] for c in mapped):
        # A number starting left of a header column reaches under it (a Word table's uneven
        # rows): it is its own column's, not this one's, and the columns are not these.
        return None
    spans = _copies_of(mapped, spans or {})
    for c in row.value_columns():
        if not row.cells[c].strip():
            continue
        # A number outside the header columns is only acceptable as a colspan's copy of
        # the mapped cell: to its left under the header, or anywhere under a header label
        # printed over several columns. A copy that differs leaves the row unread (which
        # one is the column's is not for us to say); anything else means the row is shifted.
        if c in spans:
            if row.cells[c].strip() != row.cells[spans[c]].strip():
                return None
        elif c not in mapped and not (c - 1 in mapped and c < width and row.cells[c] == row.cells[c - 1]):
            return None
    return cols


def _copies_of(mapped: set[int], spans: dict[int, int]) -> dict[int, int]:
    """The columns of ``spans`` that repeat a mapped column's header, up to the next mapped
    column (header rows learnt apart may name one column twice)."""
    out: dict[int, int] = {}
    for h in mapped:
        c = h + 1
        while spans.get(c) == h and c not in mapped:
            out[c] = h
            c += 1
    return out


def _by_order(row: SourceRow, cols: dict[str, int] | None, width: int, block: _BlockRows) -> dict[str, int] | None:
    """Seven value cells after the labels, in the header's applicant order, where the other
    rows of its block (``block``) do not show that the row is off the table's grid. A cell
    spanning several columns is one cell (its columns need not be the header's: a row whose
    cells are drawn at other places than the header's, a Word table's uneven rows)."""
    vc = row.own_value_columns()
    printed = [c for c in vc if row.cells[c].strip()]
    if printed and block.off_grid(row, printed):
        return None
    if len(vc) > 7 and not row.cells[vc[0]].strip() and not row.cells[vc[-1]].strip() \
            and (not printed or vc.index(printed[-1]) - vc.index(printed[0]) + 1 != 7):
        # Blank at both ends, and its printed cells span fewer than seven: how many of the
        # blanks on each side are the table's cannot be told.
        return None
    while len(vc) > 7 and not row.cells[vc[-1]].strip():
        vc.pop()
    first_kept = bool(printed) and block.blank_is_value(vc, printed)
    trimmed = False
    while len(vc) > 7 and not row.cells[vc[0]].strip() and not first_kept:
        vc.pop(0)
        trimmed = True
    if len(vc) != 7:
        return None
    if trimmed and block.spanned_gap and any(not row.cells[c].strip() for c in vc):
        # A blank taken for the labels' spacer, and a blank among the seven where the block's
        # rows show a span's blank among their numbers: which is the table's cannot be told.
        return None
    if len(row.cells) < width and not all(row.cells[c].strip() for c in vc):
        # A row shorter than its header lost a cell; an empty cell in it may be a
        # label column's spacer as well as a blank value.
        return None
    order = sorted(cols, key=cols.get) if cols else APPLICANT_KEYS
    if order != APPLICANT_KEYS and sorted(cols.values()) != vc:
        # A header in another order that does not stand above these cells (a broken
        # header, labels moved into the label columns) says nothing about their order.
        return None
    return dict(zip(order, vc))


class _BlockRows:
    """What the rows of one block with numbers show of its grid.

    ``columns``: the columns of its seven applicants, where its rows that print a number in each
    of seven cells after their labels all print them in the same cells (a markdown table's grid
    is one for all its rows, header or not) — unless a row of the block printing eight numbers,
    starting no further right, prints one of its own in another cell: one that is no copy of a
    neighbour (a span a converter printed once per column it covers) is an eighth column's, and
    the seven-cell rows lost a cell (a blank).

    ``from_end``: the same columns counted from each row's end (-8 … -1), where its complete rows
    all print them there and no row prints eight numbers.

    ``spanned_gap``: a complete row prints a blank among its seven numbers (a span's, printed as
    the cell and a blank by its converter).

    ``wide``: the number cells of its rows printing eight numbers (a grid of eight cells: one
    applicant's cell spanning two), against which a row read in order is checked. Rows printing
    more are rows run together or a converter's invented columns, and say nothing of the grid."""

    def __init__(self, rows: list[SourceRow]):
        numbered = [(row, row.number_columns()) for row in rows]
        wide = [(row, n) for row, n in numbered if len(n) == len(APPLICANT_KEYS) + 1]
        # (In a text, without spans known, one row of eight among rows of seven is no grid: a number
        # its dump cut in two, '2 1' for 21, as an extractor prints a number set in two elements.)
        lone = len(wide) == 1 and not wide[0][0].spans_known and len(rows) > 3
        self.wide = [] if lone else [n for _, n in wide]
        complete = [(row, n) for row, n in numbered
                    if row.has_numbers and len(n) == len(APPLICANT_KEYS) == len(row.printed_columns())]
        seen = {tuple(n) for _, n in complete}
        self.columns = list(seen.pop()) if len(seen) == 1 else None
        if self.columns and any(n[0] <= self.columns[0] and any(_own_number(row, c) for c in n if c not in self.columns)
                                for row, n in numbered if len(n) == len(APPLICANT_KEYS) + 1):
            self.columns = None
        # The same, counted from each row's end: a converter that drops the cells a label spans
        # down (rowspan) starts each row where its own labels end, but ends them all alike.
        ends = {tuple(c - len(row.cells) for c in n) for row, n in complete}
        self.from_end = list(ends.pop()) if len(ends) == 1 and len(complete) > 1 and not self.wide else None
        self.spanned_gap = any(n[-1] - n[0] >= len(n) for _, n in complete)

    def off_grid(self, row: SourceRow, printed: list[int]) -> bool:
        """A row printing eight numbers starts in the cell ``row`` starts in and prints further
        right: ``row`` lost a cell or prints a blank there, and which cell it was cannot be told."""
        return any(n[0] == printed[0] and n[-1] > printed[-1] for n in self.wide)

    def blank_is_value(self, vc: list[int], printed: list[int]) -> bool:
        """The blank first cell of a row is a blank value, no spacer, where a row printing eight
        numbers ends where it does and prints a number there."""
        return any(n[-1] == printed[-1] and vc[0] in n for n in self.wide)


def _blocks(rows: list[SourceRow]) -> dict[int, _BlockRows]:
    by_block: dict[int, list[SourceRow]] = {}
    for row in rows:
        by_block.setdefault(row.block_index, []).append(row)
    return {b: _BlockRows(members) for b, members in by_block.items()}


def _own_number(row: SourceRow, c: int) -> bool:
    """The number in cell ``c`` is neither neighbour's copy."""
    value = row.parsed[c].value
    return all(row.parsed[n].value != value for n in (c - 1, c + 1) if 0 <= n < len(row.cells))


def _by_block(row: SourceRow, columns: list[int] | None) -> dict[str, int] | None:
    """The row's cells in the applicant columns its block's complete rows fix, when every cell
    it prints stands in one of them (its blanks stay blanks)."""
    printed = row.printed_columns()
    if not columns or not row.has_numbers or not printed or min(columns) <= row.label_end \
            or max(columns) >= len(row.cells) or any(c not in columns for c in printed):
        return None
    return dict(zip(APPLICANT_KEYS, columns))


def _by_block_end(row: SourceRow, cols: dict[str, int] | None, from_end: list[int] | None) -> dict[str, int] | None:
    """The row's cells in the applicant columns its block's complete rows fix counted from their
    ends (``_BlockRows.from_end``), when it has a cell (blank or not) in each after its labels and
    prints nothing elsewhere; only under a header naming the applicants (all or some) in their
    usual order, or none (markdownify, html2text: a label spanning rows is printed in its first row only, a cell
    spanning columns as itself and blanks)."""
    if not from_end or not row.has_numbers or (cols and sorted(cols, key=cols.get) != [k for k in APPLICANT_KEYS
                                                                                      if k in cols]):
        return None
    columns = [len(row.cells) + k for k in from_end]
    if columns[0] <= row.label_end or any(c not in columns for c in row.printed_columns()):
        return None
    return dict(zip(APPLICANT_KEYS, columns))


def map_table3(rows: list[SourceRow], *, year: int | None = None) -> tuple[TableResult, list[str]]:
    out = CellCollector("table3")
    columns = _Columns()
    found: list[str] = []
    previous: str | None = None
    blocks = _blocks(rows)
    subrows_printed = any(first_match(label_key(t), TABLE3_ROWS) in OTHER_SUBROWS for r in rows for t in r.labels)
    for row in rows:
        if is_header(row):
            columns.learn(row)
            continue
        if out.names_several(row, TABLE3_ROWS, "rows"):
            continue
        key = row_key(row, previous)
        if key is None and (spliced := spliced_label(row)):
            key = spliced[0]
            out.problem(f"{key}: label {row.label_text!r} read without {spliced[1]!r}, a piece of a group's label "
                        "printed among its lines")
        if key is None and (key := numbered_piece(row)):
            out.problem(f"{key}: label {row.label_text!r} read by its item number and the words it keeps of "
                        "its row's label (the rest printed apart)")
        if key is None:
            if row.has_numbers:
                out.problem(f"row not recognised, numbers not used: {row.label_text or row.cells!r}")
            continue
        if key == "other_total" and subrows_printed:
            # Format 2021's sub-items of （六） are printed elsewhere in the table: a row
            # carrying only the group label and numbers is one of them that lost its own label
            # (without numbers it is the group's heading, as a stacked dump prints it).
            if row.printed_columns():
                out.problem("other_total: a row labelled only （六）其他处理 beside its format-2021 sub-items; "
                            "not read")
            previous = key
            continue
        cols = columns.for_row(row)
        width = columns.header_width(row)
        block = blocks[row.block_index]
        named = columns.for_row(row, complete=False) if cols is None else None  # (some columns only)
        mapping = _aligned(row, cols, width, columns.spans.get(row.block_index)) \
            or (cols is None and _by_block(row, block.columns)) \
            or _by_block_end(row, cols or named, block.from_end) \
            or _by_order(row, cols, width, block)
        if mapping is None and named:
            # Only some applicant columns printed (the rest cut off): the numbers exactly under
            # them are read, the others are reported not printed.
            cols = named
            mapping = _aligned(row, named, width)
        if mapping is None:
            n = len(row.printed_columns())
            out.problem(f"{key}: {n} value cells do not line up with the 7 applicant columns; not read")
            previous = key
            continue
        row_label = row.label_text
        for applicant, c in mapping.items():
            out.add(key, applicant, row, c, row_label=row_label, column_label=columns.label(row, cols, applicant))
        found.append(key)
        previous = key
    fmt = _format(found, year)
    return out.result(fmt, [r.block_index for r in rows]), out.problems


def _format(found: list[str], year: int | None) -> str:
    if OTHER_SUBROWS & set(found):
        return "2021"
    if "other_total" in found:
        return "2019"
    return "2019" if year is not None and year <= 2020 else "2021"
