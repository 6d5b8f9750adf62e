"""A number wrapped over two lines of its narrow cell, in a text dump.

A wide number in a narrow cell ('２１１４') is printed on two lines ('２１' / '１４');
the dump prints each piece on its own line, in the same column, with the row's
other numbers on one of them or on a line between. Nothing tells the pieces
from two rows' numbers, nor how the digits join: both pieces are dropped and
the row is named, never guessed ('２１' read as 21, '１３' / '６' as 13 and 6).

Two numbers in one column are pieces when their lines are close and at least
one line lacks numbers of the table's usual row: two partial lines up to two
lines apart, or a partial line beside a full one that does not open its own
numbered item (a row's lone number above the next row is its own). The two
lines print one row's numbers, one cut in two: they share no other column and
hold at most one number more than a row (two lines with numbers in two same
columns, or more, are two rows with blanks). Only where the table's
columns are known: without them (pdftotext -layout squeezes the gaps), numbers
of two lines overlap by chance, and rows of unlike lengths are refused anyway. Two lines each opening its
own numbered item are two rows (a row with blanks printed as nothing).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .text_cells import starts_item
from .text_labels import is_bare_item

if TYPE_CHECKING:
    from .text_rows import Line

_PARTIAL_REACH = 2  # lines between two partial lines holding pieces of one number
_FULL_REACH = 1     # … between a partial line and a full one


def drop_wrapped_numbers(lines: list[Line], mode: int, columns: tuple[Callable, list[int]] | None,
                         where: str, warnings: list[str]) -> list[Line]:
    """``lines`` with the pieces of every wrapped number taken out (a line left with
    neither values nor labels is dropped); each one named in ``warnings``."""
    if columns is None:
        return lines
    slots = [_slots(line, columns) for line in lines]
    drop: dict[int, set[int]] = {}  # line → indexes of its values that are pieces
    for i, line in enumerate(lines):
        if not line.values or len(line.values) >= mode or not line.xs:
            continue
        for j in range(max(0, i - _PARTIAL_REACH), min(len(lines), i + _PARTIAL_REACH + 1)):
            other = lines[j]
            if j == i or not other.values or not other.xs or (_opens_item(line) and _opens_item(other)):
                continue
            if len(other.values) >= mode and (abs(i - j) > _FULL_REACH or _opens_item(other)):
                continue
            if len(({*slots[i]} & {*slots[j]}) - {None}) > 1 or len(line.values) + len(other.values) > mode + 1:
                continue  # two rows' numbers (two columns shared, or more than a row's), not one row's
            for a, slot in enumerate(slots[i]):
                for b, slot_other in enumerate(slots[j]):
                    if slot is not None and slot == slot_other and _both_numbers(line.values[a], other.values[b]):
                        drop.setdefault(i, set()).add(a)
                        drop.setdefault(j, set()).add(b)
    if not drop:
        return lines
    out = []
    for i, line in enumerate(lines):
        gone = drop.get(i, set())
        if gone:
            row = _row_name(lines, i)
            warnings.append(f"{where}: {row}: a number printed over two lines of its cell "
                            f"({' / '.join(line.values[k] for k in sorted(gone))} with a line near it); not read")
            line = type(line)(list(line.labels), [v for k, v in enumerate(line.values) if k not in gone],
                              [x for k, x in enumerate(line.xs) if k not in gone], list(line.lxs), line.page)
        if line.values or line.labels:
            out.append(line)
    return out


def _slots(line: Line, columns: tuple[Callable, list[int]]) -> list[int | None]:
    """Which known column each value of ``line`` is in: the nearest, when nearer to it
    than half the narrowest gap between two columns (a part of the table printed at
    other places, as across a page break, is in none)."""
    if len(line.xs) != len(line.values):
        return [None] * len(line.values)
    anchor, xs = columns
    reach = min((b - a for a, b in itertools.pairwise(xs)), default=0) / 2
    out: list[int | None] = []
    for span in line.xs:
        c = min(range(len(xs)), key=lambda k: abs(xs[k] - anchor(span)))
        out.append(c if abs(xs[c] - anchor(span)) < reach else None)
    return out


def _both_numbers(a: str, b: str) -> bool:
    return any(ch.isdigit() for ch in a) and any(ch.isdigit() for ch in b)


def _opens_item(line: Line) -> bool:
    return bool(line.labels) and starts_item(line.labels[0]) and not is_bare_item(line.labels[0])


def _row_name(lines: list[Line], i: int) -> str:
    """The nearest label text at or above line ``i``: how a person finds the row."""
    for line in reversed(lines[: i + 1]):
        if line.labels:
            return " ".join(line.labels)
    return f"line {i + 1} of the table"
