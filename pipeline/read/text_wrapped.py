"""A number wrapped over two lines of its narrow cell, in a text dump.

A wide number in a narrow cell ('２１１４') is printed on two lines ('２１' / '１４');
the dump prints each piece on its own line, in the same column, with the row's
other numbers on one of them or on a line between. Nothing tells the pieces
from two rows' numbers, nor how the digits join: both pieces are dropped and
the row is named, never guessed ('２１' read as 21, '１３' / '６' as 13 and 6).

Two numbers in one column are pieces when their lines are close and at least
one line lacks numbers of the table's usual row: two partial lines up to two
lines apart, or a partial line beside a full one that does not open its own
numbered item (a row's lone number above the next row is its own). Numbers alone
that fill the first columns the labelled row right below them leaves empty are
that row's (pdfplumber prints a cell's number a line above the rest of its row). The two
lines print one row's numbers, one cut in two: they share no other column and
hold at most one number more than a row (two lines with numbers in two same
columns, or more, are two rows with blanks). Two lines each opening its own
numbered item are two rows (a row with blanks printed as nothing). Without the
table's columns (pdftotext -layout squeezes the gaps), numbers of two lines
overlap by chance, and rows of unlike lengths are refused anyway: then only a
line of a number or two and no text, printed across the numbers of the line
next to it, holds pieces; a line of one number and no text between two full
rows, under none of the numbers above, leaves the row above unread.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .text_cells import nfkc, starts_item
from .text_labels import is_bare_item

if TYPE_CHECKING:
    from .text_rows import Line

_PARTIAL_REACH = 2  # lines between two partial lines holding pieces of one number
_FULL_REACH = 1     # … between a partial line and a full one


def drop_wrapped_numbers(lines: list[Line], mode: int, columns: tuple[Callable, list[int]] | None,
                         where: str, warnings: list[str]) -> list[Line]:
    """``lines`` with the pieces of every wrapped number taken out (a line left with
    neither values nor labels is dropped); each one named in ``warnings``."""
    drop = _pieces_in_columns(lines, mode, columns) if columns is not None else _pieces_overlapping(lines, mode)
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


def _pieces_overlapping(lines: list[Line], mode: int) -> dict[int, set[int]]:
    """Without the table's columns: a line of a number or two and no text, right above or
    below a line of numbers, each of its numbers printed across one of that line's ('１' under
    '１   -   -   1   -  12', a fullwidth １１ cut in two), the top piece not starting with a
    zero; across the numbers of the lines above and below, both may be its partner and all are
    dropped. Also a number wrapped around its row's line, and one whose top piece is on its
    row's label line. Only such lines: elsewhere numbers of two lines overlap by chance, and
    rows of unlike lengths are refused anyway."""
    drop: dict[int, set[int]] = {}
    for found in (_around_a_row(lines, mode), _on_the_label_line(lines, mode, single_spaced(lines))):
        for i, pieces in found.items():  # (a line may hold pieces of both shapes)
            drop.setdefault(i, set()).update(pieces)
    for i, line in enumerate(lines):
        if line.labels or not line.values or len(line.values) >= mode or len(line.xs) != len(line.values) \
                or i in drop:
            continue
        for j in (i - 1, i + 1):
            beyond = i + (i - j)  # (a run of such lines is pdftotext's staircase of two rows' numbers)
            if not 0 <= j < len(lines) or (0 <= beyond < len(lines) and lines[beyond].values
                                           and not lines[beyond].labels):
                continue
            other = lines[j]
            if len(other.xs) != len(other.values) or len(other.values) < 2 \
                    or len(line.values) + len(other.values) > mode + 1:
                continue
            pairs = [(a, b) for a, b in _overlaps(line, other)
                     if _joinable(*((line.values[a], other.values[b]) if i < j else (other.values[b], line.values[a])))]
            # A line of pieces; or one row's numbers on two lines, one too many for a row, and
            # one number across another: that one is cut in two ('一、本年新收… ４ 0 0 0' /
            # '６  -  3 49', a fullwidth ４６ in a narrow column, pdftotext -layout).
            if len({a for a, _ in pairs}) == len(line.values) \
                    or (len(pairs) == 1 and len(line.values) + len(other.values) == mode + 1):
                # (and on: a piece between two lines across numbers of both may be either's)
                for a, b in pairs:
                    drop.setdefault(i, set()).add(a)
                    drop.setdefault(j, set()).add(b)
                continue
            if not _overlaps(line, other) and len(line.values) == 1 and len(other.values) >= mode \
                    and (_below(lines, i, j, mode) or _above_labelled_numbers(lines, i, j, mode)):
                # Under no number of the row above (the dump moved it): which of the row's
                # numbers it completes cannot be told, so none of them is read; nor of the full
                # row below, whose top piece it may be as well.
                drop.setdefault(i, set()).add(0)
                drop.setdefault(j, set()).update(range(len(other.values)))
                if i + 1 < len(lines) and _below(lines, i, j, mode):
                    drop.setdefault(i + 1, set()).update(range(len(lines[i + 1].values)))
                break
    return drop


def _overlaps(line: Line, other: Line, slack: int = 0) -> list[tuple[int, int]]:
    """(value of ``line``, value of ``other``) printed across each other; ``slack``: also when
    apart by that many characters (a fullwidth digit is two columns wide, one character)."""
    return [(a, b) for a, (s, e) in enumerate(line.xs) for b, (s2, e2) in enumerate(other.xs)
            if s < e2 + slack and s2 < e + slack]


def _lone(line: Line, mode: int) -> bool:
    """A line of a number or two, no text: a piece's line."""
    return not line.labels and 0 < len(line.values) <= 2 < mode and len(line.xs) == len(line.values)


def _around_a_row(lines: list[Line], mode: int) -> dict[int, set[int]]:
    """A number wrapped around its row's line ('６' / '（七）总计  53 8 0 0 0 3' / '４'): lone lines
    just above and just below a line of numbers lacking some, printed across each other and
    across none of that line's numbers."""
    drop: dict[int, set[int]] = {}
    for i in range(len(lines) - 2):
        top, row, bottom = lines[i], lines[i + 1], lines[i + 2]
        if not (_lone(top, mode) and _lone(bottom, mode)) or not row.values or len(row.values) >= mode:
            continue
        pairs = [(a, b) for a, b in _overlaps(top, bottom) if _joinable(top.values[a], bottom.values[b])]
        if pairs and len(pairs) == len(top.values) and not _overlaps(top, row) and not _overlaps(bottom, row):
            drop.setdefault(i, set()).update(a for a, _ in pairs)
            drop.setdefault(i + 2, set()).update(b for _, b in pairs)
    return drop


def _on_the_label_line(lines: list[Line], mode: int, placeless: bool) -> dict[int, set[int]]:
    """A number's top piece on its row's label line, the bottom piece under it on the next line
    with the row's other numbers ('（七）总计  ８' / '５ 18 0 0 11 0 114'): that line has a full row's
    numbers and no text, and each number of the label line is printed across one of them. In a
    dump that keeps no places (``placeless``), the next line may hold the label's tail, and which
    of its numbers each piece completes cannot be told: none of the two lines' numbers is read
    ('3.补正后申请内容 １４' / '仍不明确 130 0 ０ 0 10 0 ０', pdfplumber's plain text)."""
    drop: dict[int, set[int]] = {}
    for i in range(len(lines) - 1):
        line, below = lines[i], lines[i + 1]
        if not line.labels or not 0 < len(line.values) <= 2 or len(line.xs) != len(line.values) \
                or len(below.values) != mode or len(below.xs) != len(below.values):
            continue
        if placeless and not any(starts_item(t) for t in below.labels):
            drop.setdefault(i, set()).update(range(len(line.values)))
            drop.setdefault(i + 1, set()).update(range(len(below.values)))
            continue
        if below.labels:
            continue
        # (a character apart: a fullwidth digit is two columns wide, one character, and the two
        # pieces' characters land on either column)
        pairs = [(a, b) for a, b in _overlaps(line, below, slack=1) if _joinable(line.values[a], below.values[b])]
        if len({a for a, _ in pairs}) == len(line.values):
            drop.setdefault(i, set()).update(a for a, _ in pairs)
            drop.setdefault(i + 1, set()).update(b for _, b in pairs)
    return drop


def single_spaced(lines: list[Line]) -> bool:
    """Every line of two numbers or more prints them one space apart: no column is kept
    (pdfplumber's and pypdf's plain text, pdftotext -raw)."""
    gaps = [b[0] - a[1] for line in lines for a, b in itertools.pairwise(line.xs)]
    return bool(gaps) and all(gap == 1 for gap in gaps)


def _joinable(upper: str, lower: str) -> bool:
    """Two numbers that may be the top and bottom pieces of one: digits both, and the top one
    not starting with a zero (a number's first digit is none)."""
    return _both_numbers(upper, lower) and not nfkc(upper).lstrip().startswith("0")


def _pieces_in_columns(lines: list[Line], mode: int, columns: tuple[Callable, list[int]]) -> dict[int, set[int]]:
    slots = [_slots(line, columns) for line in lines]
    drop: dict[int, set[int]] = {}  # line → indexes of its values that are pieces
    for i, line in enumerate(lines):
        if not line.values or len(line.values) >= mode or not line.xs:
            continue
        if _first_of_the_row_below(lines, slots, i, len(columns[1])):
            continue
        for j in range(max(0, i - _PARTIAL_REACH), min(len(lines), i + _PARTIAL_REACH + 1)):
            other = lines[j]
            if j == i or not other.values or not other.xs or (_opens_item(line) and _opens_item(other)):
                continue
            if len(other.values) >= mode and (abs(i - j) > _FULL_REACH or (_opens_item(other) and not _below(lines, i, j, mode)
                                                                           and not _between_full_rows(lines, i, mode))):
                continue
            if len(({*slots[i]} & {*slots[j]}) - {None}) > 1 or len(line.values) + len(other.values) > mode + 1:
                continue  # two rows' numbers (two columns shared, or more than a row's), not one row's
            for a, slot in enumerate(slots[i]):
                for b, slot_other in enumerate(slots[j]):
                    if slot is not None and slot == slot_other and _both_numbers(line.values[a], other.values[b]):
                        drop.setdefault(i, set()).add(a)
                        drop.setdefault(j, set()).add(b)
    return drop


def _first_of_the_row_below(lines: list[Line], slots: list[list[int | None]], i: int, width: int) -> bool:
    """Partial line ``i``, numbers alone, holds the first numbers of the labelled row right
    below it (pdfplumber prints a cell's number a line above the rest of its row): they fill
    the columns that row leaves empty, and together they fill them all."""
    if lines[i].labels or i + 1 >= len(lines) or not lines[i + 1].labels or not lines[i + 1].values:
        return False
    own, below = slots[i], slots[i + 1]
    if None in own or None in below or max(own) >= min(below):
        return False
    return sorted(own + below) == list(range(width))


def _between_full_rows(lines: list[Line], i: int, mode: int) -> bool:
    """Partial line ``i`` of numbers alone stands between two full rows: a piece of a number of
    either, the bottom of the row above's or the top of the row below's (whose bottom piece is
    then on its own line), which cannot be told."""
    return not lines[i].labels and 0 < i < len(lines) - 1 \
        and len(lines[i - 1].values) >= mode and len(lines[i + 1].values) >= mode


def _below(lines: list[Line], i: int, j: int, mode: int) -> bool:
    """Partial line ``i`` is right below full line ``j``, and the line after it is a full row
    too (not a label printed below its numbers, nor a row lacking a number, whose it could
    be): only the row above can own it."""
    after = lines[i + 1] if i + 1 < len(lines) else None
    return j == i - 1 and (after is None or len(after.values) >= mode)


def _above_labelled_numbers(lines: list[Line], i: int, j: int, mode: int) -> bool:
    """Partial line ``i``, one number alone, is right below full line ``j``, and what follows it
    is label lines and then a full row: those labels have their numbers, so the lone number is
    no label's printed above it, but a piece of a number of the row above ('（一）予以公开 36 5 0
    0 ３ ０ ４' / '４' / '（二）部分公开（区分处理的，只计这一情' / '形，不计其他情形） 6 0 …',
    pdftotext -raw)."""
    if j != i - 1 or lines[i].labels:
        return False
    k = i + 1
    while k < len(lines) and not lines[k].values and lines[k].labels:
        k += 1
    return k > i + 1 and k < len(lines) and len(lines[k].values) >= mode


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
