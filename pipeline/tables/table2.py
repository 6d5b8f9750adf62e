"""Table 2 (主动公开政府信息情况): item rows (规章, 行政许可 …) under header
rows that name the measures of their columns (本年制发件数, 处理决定数量 …).

The header row in force is the latest one above the item; its labels decide
the measure of each column. An item row whose numbers do not sit under
measure labels is read in the spec's measure order only when the count of its
value cells equals the item's measure count.
"""

from __future__ import annotations

from .. import spec
from ..result import TableResult
from .cells import CellCollector
from .labels import MEASURES_2019, MEASURES_2021, TABLE2_ITEMS, TABLE2_MEASURES, first_match, matches
from .rows import SourceRow
from .text import label_key


def _named(row: SourceRow) -> dict[int, tuple[str, ...]]:
    """Column → the measures its label names (numbers, blanks and dashes name none)."""
    return {c: found for c, (text, parsed) in enumerate(zip(row.cells, row.parsed))
            if not parsed.is_value and (found := matches(label_key(text), TABLE2_MEASURES))}


def _measures(row: SourceRow, named: dict[int, tuple[str, ...]]) -> dict[int, str]:
    """Column → the measure its label names. A cell of one column naming two measures
    ('本年废止件数现行有效件数': the rule between two header cells lost) heads none: which one's
    number stands under it, the header cannot say. Spanned over several columns, its first
    measure heads them, and the row's numbers are told apart by their order (_place). (A text
    dump's header line naming all its measures in one cell is read by their order: _listed.)"""
    return {c: found[0] for c, found in named.items() if len(found) == 1 or _spanned(row.cells, c)}


def _spanned(cells: list[str], c: int) -> bool:
    return (c > 0 and cells[c - 1] == cells[c]) or (c + 1 < len(cells) and cells[c + 1] == cells[c])


_MEASURE_PATTERNS = dict(TABLE2_MEASURES)


def _listed(row: SourceRow, named: dict[int, tuple[str, ...]]) -> list[str] | None:
    """The measures a header row names in its one cell naming any, in the order printed: a text
    dump that squeezes a narrow page's header to single spaces ('信息内容    上一年项目 本年增/减
    处理决定数量') leaves them one cell, and only the order of its labels says which number is which."""
    if len(named) != 1:
        return None
    ((c, found),) = named.items()
    if len(found) < 2:
        return None
    key = label_key(row.cells[c])
    return sorted(found, key=lambda m: _MEASURE_PATTERNS[m].search(key).start())


def _item(row: SourceRow) -> str | None:
    for text in reversed(row.labels):
        found = first_match(label_key(text), TABLE2_ITEMS)
        if found:
            return found
    return None


def _label_only(row: SourceRow, named: dict[int, tuple[str, ...]]) -> str | None:
    """The text of a row that is a label alone naming no item and no measure (``named``: the
    measures its cells name; not a header): a line of a label cut in two."""
    if row.has_numbers or not row.labels or _item(row) is not None or named:
        return None
    return row.label_text


def _joined_item(rows: list[SourceRow], named_in: list[dict[int, tuple[str, ...]]],
                 i: int) -> tuple[str, str] | None:
    """(item, label as joined) for a row with numbers whose label names no item, when joined with
    a line of label alone just above or below it (or both, for numbers alone) it names exactly
    one: a text dump prints a wrapped label's lines round the numbers ('行政' / '处罚  231').
    Neither piece names an item alone, so neither is another row's label; two joins naming
    different items name none."""
    row = rows[i]
    above = _label_only(rows[i - 1], named_in[i - 1]) if i > 0 and rows[i - 1].block_index == row.block_index \
        else None
    below = _label_only(rows[i + 1], named_in[i + 1]) \
        if i + 1 < len(rows) and rows[i + 1].block_index == row.block_index else None
    own = row.label_text
    if own and not label_key(own):
        return None  # no words of a label: a number's piece ('0.' of '0. 89'), not a label's
    joins = ([f"{above}{own}"] if above else []) + ([f"{own}{below}"] if below and own else []) + \
        ([f"{above}{below}"] if above and below and not own else [])
    found = {}
    for text in joins:
        if len(named := matches(label_key(text), TABLE2_ITEMS)) == 1:
            found.setdefault(named[0], text)
    return next(iter(found.items())) if len(found) == 1 else None


def _fees_in_10k_yuan(value, unit):
    if unit == "元":
        return value / 10000, f"printed in 元 ({value}); converted to 万元"
    return float(value), None


def detect_format(rows: list[SourceRow], year: int | None, named: list[dict[int, tuple[str, ...]]]) -> str:
    """``named``: each row's :func:`_named`."""
    seen = {m for in_row in named for found in in_row.values() for m in found}
    items = {_item(r) for r in rows}
    if seen & MEASURES_2021:
        return "2021"
    if seen & MEASURES_2019 or items & {"procurement", "other_external_services"}:
        return "2019"
    return "2019" if year is not None and year <= 2020 else "2021"


def map_table2(rows: list[SourceRow], *, year: int | None = None) -> tuple[TableResult, list[str]]:
    named_in = [_named(row) for row in rows]
    fmt = detect_format(rows, year, named_in)
    wanted = spec.table2_measures(fmt)
    out = CellCollector("table2")
    header: dict[int, str] = {}
    header_text: dict[int, str] = {}
    header_width = header_block = 0
    listed: list[str] | None = None
    for i, (row, named) in enumerate(zip(rows, named_in)):
        item = _item(row)
        if named and not row.has_numbers and item is None:
            measures = _measures(row, named)
            header, header_text = measures, {c: row.cells[c].strip() for c in measures}
            header_width, header_block, listed = len(row.cells), row.block_index, _listed(row, named)
            continue
        if out.names_several(row, TABLE2_ITEMS, "items"):
            continue
        joined = None
        if item is None and row.has_numbers and not named and (joined := _joined_item(rows, named_in, i)):
            item = joined[0]
            out.problem(f"{item}: label read as {joined[1]!r}, its pieces printed on lines of their own")
        if item is None:
            if row.has_numbers:
                out.problem(f"row not recognised, numbers not used: {row.label_text or row.cells!r}")
            continue
        if item not in wanted:
            out.problem(f"item {item} is not in format {fmt}; not read")
            continue
        if joined and not row.labels:
            # Numbers alone on their line: their cells stand where a label's do, under no column.
            placed = _one_per_measure(row, wanted[item])
        else:
            placed = (listed and _in_listed_order(row, listed, wanted[item])) or \
                _place(row, header, _width_to_place_by(row, header_width, header_block), wanted[item])
        if placed is None:
            n = len(row.printed_columns())
            out.problem(f"{item}: {n} value cells do not match its measures {wanted[item]}; not read")
            continue
        for measure, c in placed.items():
            convert = _fees_in_10k_yuan if measure == "amount_10k_yuan" else None
            out.add(item, measure, row, c, row_label=row.label_text,
                    column_label=header_text.get(c, measure), convert=convert)
    return out.result(fmt, [r.block_index for r in rows]), out.problems


def _in_listed_order(row: SourceRow, listed: list[str], measures: list[str]) -> dict[str, int] | None:
    """A row under a one-cell header naming its item's measures: its cells in the header's
    order when it has one per measure — numbers, or blanks kept in their place (a text dump's
    row placed by its columns) — else :func:`_place` decides, as for any header."""
    if sorted(listed) != sorted(measures):
        return None
    for values in (row.printed_columns(), row.value_columns()):
        if len(values) == len(measures) and values:
            return dict(zip(listed, values))
    return None


def _spanned_copies(row: SourceRow, under: set[int]) -> set[int]:
    """Columns repeating the text of a column ``under`` a measure, next to it or to another
    copy: a spanned cell's copies are side by side. An equal number further off is another
    number (a prior-year count of 1 beside a change printed '-   １' is not the change's copy)."""
    copies: set[int] = set()
    edge = list(under)
    while edge:
        c = edge.pop()
        for n in (c - 1, c + 1):
            if n not in under and n not in copies and 0 <= n < len(row.cells) and row.cells[n] == row.cells[c]:
                copies.add(n)
                edge.append(n)
    return copies


def _width_to_place_by(row: SourceRow, header_width: int, header_block: int) -> int | None:
    """The header's width, or None when the row is in another block than the header and laid out
    to another width: a part of the table cut off from its header (another <table>, another
    page), whose columns are its own and whose values only their order places."""
    return header_width if row.block_index == header_block or len(row.cells) == header_width else None


def _place(row: SourceRow, header: dict[int, str], width: int | None, measures: list[str]) -> dict[str, int] | None:
    """Where the row's values for ``measures`` are: under the header's measure columns, else one
    value per measure in order. ``width``: the header's, None to place by order alone."""
    if width is None:
        return _one_per_measure(row, measures)
    if width > 1 and len(row.cells) < width:
        return None  # the row is shorter than its header: a cell is missing, the values are not where it says
    if row.spans_known and len(header) > 1:
        return _by_overlap(row, header, measures)
    if width > 1 and any(c <= row.label_end for c, m in header.items() if m in measures):
        # A label stands in a measure column (the row is shifted): the values are not where the
        # header says. (A one-cell header, all measure names in one line of a text dump, places nothing.)
        return None
    by_header: dict[str, int] = {}
    for c in row.value_columns():
        m = header.get(c)
        if m in measures and m not in by_header:
            by_header[m] = c
    numbers = set(row.number_columns())
    covered = {c for c in numbers if header.get(c) in measures}
    # Spanned value cells repeat under one measure; extra copies are not new numbers.
    stray = numbers - covered - _spanned_copies(row, set(by_header.values()))
    # Under a measure spanning several columns, different numbers mean a neighbour's
    # spanned cell reached into it: which one is the measure's is not for the header to say.
    split = any(len({row.cells[c].strip() for c in covered if header[c] == m} - {""}) > 1 for m in measures)
    beyond = any(c >= width for c in numbers)  # the header lost a cell: its labels moved left
    if by_header and not stray and not split and not beyond:
        return by_header
    return _one_per_measure(row, measures)


def _by_overlap(row: SourceRow, header: dict[int, str], measures: list[str]) -> dict[str, int] | None:
    """A row whose cells' spans the reader knows: each value cell under the measure whose header
    it lies under. A Word table's rows each draw their cells at their own places, on a grid of
    all rows' boundaries: a value may start a column left or right of its header, and its first
    column is no guide. One cell per measure, each under (overlapping) the measure of its rank,
    are those measures' in order; else a cell goes to the measure over its middle (or over most
    of it). A cell under two measures alike, a measure over two cells, or a number under none
    leaves the row unread."""
    extents: dict[str, tuple[int, int]] = {}
    for k, m in header.items():
        if m in measures:
            lo, hi = extents.get(m, (k, k + 1))
            extents[m] = (min(lo, k), max(hi, k + 1))
    cells = []
    for c in row.own_value_columns():
        end = c + 1
        while end < len(row.cells) and row.copies[end]:
            end += 1
        cells.append((c, end))
    ranked = sorted(extents, key=lambda m: extents[m])

    def in_rank(cells: list[tuple[int, int]]) -> bool:
        return len(cells) == len(ranked) and all(min(end, extents[m][1]) > max(c, extents[m][0])
                                                 for (c, end), m in zip(cells, ranked))

    if in_rank(cells):
        return {m: c for (c, _), m in zip(cells, ranked)}
    joined = _written_out(row, cells, extents)
    if joined != cells and in_rank(joined) and all(row.cells[c].strip() for c, _ in joined):
        return {m: c for (c, _), m in zip(joined, ranked)}
    placed: dict[str, int] = {}
    for c, end in cells:
        measure = _over(c, end, extents)
        if measure is None:
            if row.parsed[c].value is not None:
                return None  # a number under no measure, or under two alike
            continue
        if measure in placed:
            return None
        placed[measure] = c
    return placed or None


def _written_out(row: SourceRow, cells: list[tuple[int, int]],
                 extents: dict[str, tuple[int, int]]) -> list[tuple[int, int]]:
    """``cells`` with side-by-side cells of one text under one measure made one: a merged cell
    written out cell by cell (an HTML table or a sheet whose producer repeated a span's number in
    each column it covered: '35 | 0 | 0' under '上一年项目数量 | 本年增/减 | 本年增/减'). Read
    as one cell or as two, the measure's number is the same; taken only when every measure then
    has one printed cell (a Word row whose number moved under its neighbour leaves one empty)."""
    out: list[tuple[int, int]] = []
    for c, end in cells:
        if out:
            c0, end0 = out[-1]
            text = row.cells[c].strip()
            if end0 == c and text and text == row.cells[c0].strip() \
                    and (measure := _over(c0, end0, extents)) is not None and measure == _over(c, end, extents):
                out[-1] = (c0, end)
                continue
        out.append((c, end))
    return out


def _over(start: int, end: int, extents: dict[str, tuple[int, int]]) -> str | None:
    """The measure over the middle of columns ``start``–``end``, else over most of them."""
    middle = (start + end) / 2
    inside = [m for m, (lo, hi) in extents.items() if lo < middle < hi]
    if len(inside) == 1:
        return inside[0]
    votes = sorted(((min(end, hi) - max(start, lo), m) for m, (lo, hi) in extents.items()), reverse=True)
    if not votes or votes[0][0] <= 0 or len(votes) > 1 and votes[1][0] == votes[0][0]:
        return None
    return votes[0][1]


def _one_per_measure(row: SourceRow, measures: list[str]) -> dict[str, int] | None:
    values = row.printed_columns()
    if len(values) == len(measures):
        return dict(zip(measures, values))
    if not any(not row.cells[c].strip() for c in row.value_columns()):
        # No blank cell: no grid printed with a span's copies ('|69<br>3||||665|665|||'), but one
        # number too many ('0 0 18 218': a number cut in two), whose equal neighbours are two cells.
        return None
    distinct: list[int] = []
    for c in values:  # collapse a colspan's repeats
        if not distinct or c != distinct[-1] + 1 or row.cells[c] != row.cells[distinct[-1]]:
            distinct.append(c)
    if len(distinct) == len(measures):
        return dict(zip(measures, distinct))
    return None
