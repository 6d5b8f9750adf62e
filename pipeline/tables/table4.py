"""Table 4 (行政复议、行政诉讼情况): each number is placed by the labels that
head its column and its row — the proceeding (复议 / 未经复议直接起诉 / 复议后起诉)
and the outcome (维持 / 纠正 / 其他 / 尚未审结 / 总计) — which also covers the
transposed layout (proceedings as rows) and the one-row-of-15-numbers layout.
"""

from __future__ import annotations

from .. import spec
from ..result import TableResult
from .cells import CellCollector
from .labels import OUTCOMES, PROCEEDINGS, first_match
from .rows import SourceRow, fill_right
from .text import label_key

PROCEEDING_KEYS = list(spec.table4_proceedings())
OUTCOME_KEYS = list(spec.table4_outcomes())


def _column_labels(head: list[list[str]], c: int) -> list[str]:
    """The header texts above column ``c``, top to bottom."""
    return [h[c] for h in head if len(h) > c and h[c].strip()]


def _classify(stack: list[str], patterns) -> str | None:
    """The label nearest the number decides (a table title above mentions all)."""
    for text in reversed(stack):
        found = first_match(label_key(text), patterns)
        if found:
            return found
    return None


def map_table4(rows: list[SourceRow]) -> tuple[TableResult, list[str]]:
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
        for c in row.value_columns():
            above = _column_labels(head, c)
            if not row.cells[c].strip() and not above:
                continue
            stack = above + row.labels
            proceeding = _classify(stack, PROCEEDINGS)
            outcome = _classify(stack, OUTCOMES)
            if proceeding and outcome and (proceeding, outcome) not in placed:
                placed[(proceeding, outcome)] = c
        values = row.printed_columns()
        if len(placed) < len(values):
            # Columns do not line up with the header (ragged text grid): the printed order of
            # the header's leaf labels if it is complete, else the template's order when the
            # header names both proceedings and the row has all 15 numbers; never a part.
            placed = _by_leaf_order(head, values) or _by_template(head, values) or {}
        if not placed:
            out.problem(f"row with numbers but no proceeding/outcome labels: {row.cells!r}")
            continue
        for (proceeding, outcome), c in placed.items():
            out.add(proceeding, outcome, row, c, row_label=row.label_text,
                    column_label=" ".join(_column_labels(head, c)))
    return out.result("2021", [r.block_index for r in rows]), out.problems


def _by_template(head: list[list[str]], values: list[int]) -> dict[tuple[str, str], int] | None:
    """All 15 numbers of one row under a header that says 行政复议 … 行政诉讼 (text dumps
    scatter its cells): the order every report prints, review → direct → after review."""
    text = label_key("".join("".join(h) for h in head))
    if len(values) != len(PROCEEDING_KEYS) * len(OUTCOME_KEYS) or not ("行政复议" in text and "行政诉讼" in text):
        return None
    pairs = [(p, o) for p in PROCEEDING_KEYS for o in OUTCOME_KEYS]
    return dict(zip(pairs, values))


def _by_leaf_order(head: list[list[str]], values: list[int]) -> dict[tuple[str, str], int] | None:
    """Sequence of (proceeding, outcome) label pairs read left to right across the header."""
    if not head:
        return None
    width = max(len(h) for h in head)
    pairs: list[tuple[str, str]] = []
    for c in range(width):
        stack = _column_labels(head, c)
        pair = (_classify(stack, PROCEEDINGS), _classify(stack, OUTCOMES))
        if all(pair) and pair not in pairs:
            pairs.append(pair)
    if len(pairs) != len(values):
        return None
    return dict(zip(pairs, values))
