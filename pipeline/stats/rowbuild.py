"""Printed rows → StatRows: nesting, column assignment, glued cells split only where certain.

Both readers (grids and flattened text) hand over :class:`PrintedRow`s; this is
the one place that decides which number goes in which column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tables.numbers import parse_number
from .labels import Nesting
from .model import StatRow
from .narrative import Narrative
from .splits import Glued, readings, solve


@dataclass(slots=True)
class PrintedRow:
    """A row as printed: label, unit, and the value texts in printed order.

    ``glued`` is set when the values ran together with the unit (no separator):
    then ``values`` holds one run of digits that may be two numbers.
    ``problem`` is set by a reader that already knows the values are uncertain.
    """

    label: str
    unit: str | None
    values: list[str] = field(default_factory=list)
    glued: bool = False
    raw: str = ""
    block_index: int | None = None
    page: int | None = None
    problem: str | None = None
    parent: str | None = None  # an explicit parent printed in its own cell (grids)
    sub: bool = False          # a sub-row by its place (under a spanning 其中 cell), whatever its label


def _number(text: str) -> tuple[int | float | None, str | None]:
    parsed = parse_number(text)
    return parsed.value, parsed.problem


def build_rows(printed: list[PrintedRow], kinds: list[str], narrative: Narrative) -> list[StatRow]:
    """StatRows in table order. ``kinds`` are the value columns' kinds, in printed order."""
    nesting = Nesting()
    rows: list[StatRow] = []
    pending: list[Glued | None] = []
    for p in printed:
        if p.parent:
            label, parent = f"{p.parent}/{p.label}", p.parent
            nesting.parent = p.parent
        else:
            label, parent = nesting.place(p.label, sub=p.sub)
        row = StatRow(label=label, unit=p.unit, this_year=None, raw=p.raw or " ".join(p.values), parent=parent,
                      block_index=p.block_index, page=p.page, problem=p.problem)
        rows.append(row)
        pending.append(_assign(row, p, kinds, narrative))
    index = {r.label: i for i, r in enumerate(rows)}
    for row, glued in zip(rows, pending, strict=True):
        if glued is not None and row.parent in index:
            glued.parent = index[row.parent]
    for row, glued, pair in zip(rows, pending, solve(pending), strict=True):
        if glued is None or not row.note:
            continue  # not a glued row: its printed values stand
        if pair is None:
            options = " or ".join(f"{a} | {b}" for a, b in glued.candidates) or "no reading fits"
            row.problem, row.note = f"cells run together: {row.raw!r} may be {options}", None
        else:
            row.this_year, row.cumulative = pair
            if glued.by_narrative:
                row.note += "; the narrative prints this year's figure"
    return rows


def _assign(row: StatRow, p: PrintedRow, kinds: list[str], narrative: Narrative) -> Glued | None:
    """Put the printed values in their columns; return the row's readings for the solver.

    The solver sees every row whose two values are known (as constraints) and glued
    rows (as unknowns); other rows return None.
    """
    if row.problem:
        return None
    values = [v for v in p.values if v.strip()]
    two = kinds[:2] == ["this_year", "cumulative"]
    if p.glued and two and len(values) == 1 and values[0].isdigit() and len(values[0]) > 1:
        row.note = f"cells run together: {values[0]!r} split"
        return Glued(readings(values[0]), evidence=narrative.evidence(p.label, p.unit))
    if len(values) not in (0, len(kinds)):
        row.problem = f"{len(values)} value(s) printed for {len(kinds)} column(s): {' '.join(values)!r}"
        return None
    for kind, text in zip(kinds, values, strict=False):
        value, problem = _number(text)
        if problem:
            row.problem = problem
            row.this_year = row.cumulative = None
            return None
        if kind in ("this_year", "cumulative"):
            setattr(row, kind, value)
    if two and isinstance(row.this_year, int) and isinstance(row.cumulative, int):
        return Glued([(row.this_year, row.cumulative)])
    return None
