"""Table 4 (行政复议、行政诉讼情况): each number is placed by the labels that
head its column and its row — the proceeding (复议 / 未经复议直接起诉 / 复议后起诉)
and the outcome (维持 / 纠正 / 其他 / 尚未审结 / 总计) — which also covers the
transposed layout (proceedings as rows) and the one-row-of-15-numbers layout.
"""

from __future__ import annotations

from .. import spec
from ..result import TableResult
from .cells import CellCollector
from .labels import OUTCOMES, PROCEEDINGS, named_by
from .rows import SourceRow, fill_right
from .text import label_key_once

PROCEEDING_KEYS = list(spec.table4_proceedings())
OUTCOME_KEYS = list(spec.table4_outcomes())


def _column_labels(head: list[list[str]], c: int) -> list[str]:
    """The header texts above column ``c``, top to bottom."""
    return [h[c] for h in head if len(h) > c and h[c].strip()]


def _classify(stack: list[str], patterns) -> str | None:
    """The label nearest the number decides (a table title above mentions all); one that names
    several ('未经复议直接起诉 复议后起诉', a text dump's header line in one cell) decides nothing."""
    found = named_by(stack, patterns)
    return found[0] if len(found) == 1 else None


def map_table4(rows: list[SourceRow], *, year: int | None = None) -> tuple[TableResult, list[str]]:
    # ``year`` is unused: table 4's layout is the same in both formats (the caller sets its format).
    out = CellCollector("table4")
    header: dict[int, list[list[str]]] = {}  # block → header rows (right-filled)
    # A data row has numbers; only when none has, a blank unlabelled row is the
    # data row of a table printed all blank.
    any_numbers = any(r.has_numbers for r in rows)
    blank_data = None if any_numbers else next(
        (r for r in rows[1:] if r.label_end == -1 and all(p.is_value for p in r.parsed)), None)
    for row in rows:
        if not row.has_numbers and row is not blank_data:
            if "".join(row.cells).strip():
                header.setdefault(row.block_index, []).append(fill_right(row.cells))
            continue
        head = header.get(row.block_index) or next(iter(header.values()), [])
        placed: dict[tuple[str, str], int] = {}
        doubtful: set[tuple[str, str]] = set()
        row_labels = _row_labels(row)
        for c in row.value_columns():
            above = _column_labels(head, c)
            if not row.cells[c].strip() and not above:
                continue
            stack = above + row_labels
            proceeding = _classify(stack, PROCEEDINGS)
            outcome = _classify(stack, OUTCOMES)
            if proceeding and outcome and (proceeding, outcome) not in placed:
                placed[(proceeding, outcome)] = c
            elif proceeding and outcome and row.cells[c] != row.cells[placed[(proceeding, outcome)]]:
                doubtful.add((proceeding, outcome))  # two different values under one label pair
        for pair in doubtful:
            out.problem(f"{'/'.join(pair)}: two columns with different values carry these labels; not read")
            placed.pop(pair, None)
        values = row.printed_columns()
        if _misaligned(head, row, values):
            # The row ends before labelled header columns (a cell is missing) or prints values
            # beyond the header: positions say nothing, only a complete printed order does.
            placed = _by_leaf_order(head, values) or _by_template(header, values) or {}
            if not placed:
                out.problem("data row does not line up with its header (a cell missing or moved); not read")
                continue
        elif len(placed) < len(values):
            # Columns do not line up with the header (ragged text grid): the printed order of
            # the header's leaf labels if it is complete, else the template's order when the
            # header names both proceedings and the row has all 15 numbers; never a part.
            placed = _by_leaf_order(head, values) or _by_template(header, values) or {}
        if not placed:
            out.problem(f"row with numbers but no proceeding/outcome labels: {row.cells!r}")
            continue
        for (proceeding, outcome), c in placed.items():
            out.add(proceeding, outcome, row, c, row_label=row.label_text,
                    column_label=" ".join(_column_labels(head, c)))
    return out.result("2021", [r.block_index for r in rows]), out.problems


def _by_template(header: dict[int, list[list[str]]], values: list[int]) -> dict[tuple[str, str], int] | None:
    """All 15 numbers of one row under a header that says 行政复议 … 行政诉讼, or names the two
    kinds of suit in their order (a converter lost '行政复议' over the first five columns): text
    dumps scatter its cells, and the order is the one every report prints, review → direct →
    after review. The header may be split over the table's blocks (a markdown converter prints
    the proceedings' row as a table of its own above the outcomes' and the numbers)."""
    text = label_key_once("".join("".join(h) for head in header.values() for h in head))
    if len(values) != len(PROCEEDING_KEYS) * len(OUTCOME_KEYS):
        return None
    direct, after = text.find("未经复议直接起诉"), text.find("复议后起诉")
    if not ("行政复议" in text and "行政诉讼" in text or 0 <= direct < after):
        return None
    pairs = [(p, o) for p in PROCEEDING_KEYS for o in OUTCOME_KEYS]
    return dict(zip(pairs, values))


def _row_labels(row: SourceRow) -> list[str]:
    """The row's labels when they head it (one proceeding or outcome, as in the transposed
    layout); header cells carried down into a data row name several, and head nothing."""
    for patterns in (PROCEEDINGS, OUTCOMES):
        if len({_classify([t], patterns) for t in row.labels} - {None}) > 1:
            return []
    return row.labels


def _leaf_pairs(head: list[list[str]]) -> list[tuple[str, str]]:
    """The (proceeding, outcome) label pair of each labelled header column, left to right."""
    width = max((len(h) for h in head), default=0)
    pairs: list[tuple[str, str]] = []
    for c in range(width):
        stack = _column_labels(head, c)
        pair = (_classify(stack, PROCEEDINGS), _classify(stack, OUTCOMES))
        if all(pair):
            pairs.append(pair)
    return pairs


def _misaligned(head: list[list[str]], row: SourceRow, values: list[int]) -> bool:
    """The row ends before a labelled header column, prints a value beyond the header, or
    the header rows differ in width (a row of it shifted by a cell too many or too few)."""
    width = max((len(h) for h in head), default=0)
    if head and any(c >= width for c in values):
        return True
    if len({len(h) for h in head}) > 1:
        return True
    return any(_classify(_column_labels(head, c), PROCEEDINGS) and _classify(_column_labels(head, c), OUTCOMES)
               for c in range(len(row.cells), width))


def _by_leaf_order(head: list[list[str]], values: list[int]) -> dict[tuple[str, str], int] | None:
    """The header's label pairs in printed order, if there is one per value."""
    pairs = _leaf_pairs(head)
    if not pairs or len(pairs) != len(values) or len(set(pairs)) != len(pairs):
        return None  # a pair printed twice (a header cell spanning too far) leaves the order in doubt
    return dict(zip(pairs, values))
