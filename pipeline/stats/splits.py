"""Splitting cells that run together (``20263542`` = 2026 | 3542) — only where certain.

A statistics row with a this-year and a cumulative column whose two numbers were
printed with no separator has several readings. A reading is kept only when it
is the one left after constraints that hold in every correct table:

- the cumulative figure (历年累计, since 2008) is at least this year's;
- a 其中 sub-row is at most its parent row, in both columns;
- where several readings remain, the narrative's own figure for the row (a number
  in a sentence that names the row) picks the reading that prints it.

When more than one reading survives, the row's values stay empty and flagged:
an empty value is honest, a wrong one is not.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

MAX_COMBINATIONS = 20_000

Pair = tuple[int, int]


def readings(digits: str) -> list[Pair]:
    """Every (this_year, cumulative) whose concatenation is ``digits`` and that could be printed."""
    out = []
    for i in range(1, len(digits)):
        a, b = digits[:i], digits[i:]
        if (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0"):
            continue
        if int(b) >= int(a):
            out.append((int(a), int(b)))
    return out


@dataclass(slots=True)
class Glued:
    """A row under decision: its candidate readings (one when the row is not glued)."""

    candidates: list[Pair]
    parent: int | None = None            # index of the parent row, for 其中 rows
    evidence: set[int] = field(default_factory=set)  # narrative figures for this row
    by_narrative: bool = False


def narrow_by_narrative(row: Glued) -> None:
    """Keep the readings whose this-year figure the narrative prints, when there are some."""
    if len(row.candidates) < 2 or not row.evidence:
        return
    kept = [c for c in row.candidates if c[0] in row.evidence]
    if kept and len(kept) < len(row.candidates):
        row.candidates, row.by_narrative = kept, True


def _fits(child: Pair, parent: Pair) -> bool:
    return child[0] <= parent[0] and child[1] <= parent[1]


def solve(rows: list[Glued | None]) -> list[Pair | None]:
    """The certain reading of each row, or None where the readings left disagree (or none fit).

    A None row (values unknown) constrains nothing; a parent that is None leaves its
    sub-rows to stand alone.
    """
    for row in rows:
        if row is not None:
            narrow_by_narrative(row)
    out: list[Pair | None] = [None] * len(rows)
    groups: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if row is None:
            continue
        head = row.parent if row.parent is not None and rows[row.parent] is not None else i
        groups.setdefault(head, []).append(i)
    for head, members in groups.items():
        members = sorted(set(members) | {head})
        options = [rows[i].candidates for i in members]
        size = 1
        for o in options:
            size *= max(len(o), 1)
        if size > MAX_COMBINATIONS or any(not o for o in options):
            continue
        feasible = []
        for combo in itertools.product(*options):
            chosen = dict(zip(members, combo, strict=True))
            if all(_fits(chosen[i], chosen[head]) for i in members if i != head):
                feasible.append(chosen)
        for i in members:
            values = {f[i] for f in feasible}
            if len(values) == 1:
                out[i] = values.pop()
    return out
