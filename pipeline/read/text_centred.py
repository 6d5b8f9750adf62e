"""Numbers printed between the lines of labels: rows taller than a line of text.

A dump that prints each word where it stands on the page (pdfplumber's layout
text) puts a row's numbers at the middle of the row's height: between the two
lines of a wrapped label, or a line above or below a one-line label in a row
made tall by its neighbour column ('（四）无法提供' beside three items). A line
of numbers then has no label, and a label no numbers::

    8.属于行政查询事项   0 0 0 0 0 0 0
                         10 0 0 0 0 0 10
    1.本机关不掌握相关政府信息
    （四）无法提供
                         3 0 0 0 0 0 3
    2.没有现成信息需要另行制作
    3.补正后申请内容仍不明确   0 0 0 0 0 0 0

Rows do not overlap on the page, so between two rows printed with their numbers,
the lines of numbers belong to the labels without numbers in the order both are
printed — when there are as many of each. Items numbered '1.' are leaves and have
numbers; a group ('（四）') may be a heading without any: the labels are counted all,
then without the groups whose items follow them numbered from 1, then leaves only, and
the lines of numbers are assigned only when one count equals theirs, each line stands
between the labels before and after its own, and no other item's label stands between a
line and its label. Any other window is left as printed (and refused by the reader).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .text_cells import split_items, starts_item

if TYPE_CHECKING:
    from .text_rows import Line

_LEAF_ITEM = re.compile(r"^\s*\d{1,2}\s*[、．.]")
_FIRST_LEAF = re.compile(r"^\s*1\s*[、．.]")


def _item(line: Line) -> str | None:
    """The innermost item a line of labels opens (its rightmost numbered fragment)."""
    return next((t for t in reversed(line.labels) if starts_item(t)), None)


_GROUP_PIECE = 2  # characters at most of a group label printed a character or two a line ('三、', '本')


def _bare(line: Line, mode: int) -> bool:
    """A full line of numbers with no label of its own: nothing beside them, or only a piece of
    a group label printed down its column ('、  11 1 10 5 7 8 42')."""
    return len(line.values) == mode and all(
        len(t.strip()) <= _GROUP_PIECE and not starts_item(t) for t in line.labels)


def _heads_a_list(lines: list[Line], i: int) -> bool:
    """Line ``i`` opens a group whose items follow it, numbered from 1 ('（四）无法提供' before
    '1.本机关不掌握…'): a heading, which may have no numbers. Not when a line of numbers
    stands before that item: they may be its own, printed at the middle of its label
    ('（二）部分公开（区分' / '1 0 0 0 0 0 1' / '1.属于国家', where the dump printed
    '（三）不予公开' down among its items), or the item's, printed above it; which, the lines
    cannot tell."""
    for line in lines[i + 1:]:
        item = _item(line)
        if item is not None:
            return _FIRST_LEAF.match(item) is not None
        if line.values:
            return False
    return False


def _interleaved(owners: list[int], numbers: list[int]) -> bool:
    """Each line of numbers after the label before its own and before the label after it."""
    return all((k == 0 or owners[k - 1] < n) and (k + 1 == len(owners) or n < owners[k + 1])
               for k, n in enumerate(numbers))


def _head_of(lines: list[Line], end: int, window: range) -> int | None:
    """The line of the item whose label continues on line ``end`` (a row printed with its
    numbers on a later line of its label, '2.其他法律行' / '政法规禁止公 0 0 0'): that item
    has its numbers."""
    if end >= len(lines) or _item(lines[end]) is not None:  # (a line of numbers with a label)
        return None
    k = end - 1
    while k >= window.start and not lines[k].values and _item(lines[k]) is None:
        k -= 1
    return k if k >= window.start and not lines[k].values else None


def _moved(label: Line, numbers: Line) -> tuple[Line, Line | None]:
    """The label's line with the numbers, and what stays of the numbers' line: a piece of the
    group label printed beside them joins the label's line when that has nothing left of its
    item ('果' of '三、本年度办理结果' down its column), else stays on a line of its own."""
    from .text_rows import Line  # (text_rows imports this module)

    labels, lxs = list(label.labels), list(label.lxs)
    rest = None
    if numbers.labels:
        if len(lxs) == len(labels) == 1 and len(numbers.lxs) == len(numbers.labels) \
                and all(x < lxs[0] for x in numbers.lxs):
            labels, lxs = list(numbers.labels) + labels, list(numbers.lxs) + lxs
        else:
            rest = Line(list(numbers.labels), lxs=list(numbers.lxs), page=numbers.page)
    return Line(labels, list(numbers.values), list(numbers.xs), lxs, page=numbers.page), rest


def centred_numbers(lines: list[Line], mode: int) -> tuple[list[Line], int]:
    """``lines`` with each line of numbers of a decided window moved onto its label's line,
    and how many were moved."""
    if mode < 2:
        return lines, 0
    out: list[Line | None] = list(lines)
    moved = start = 0
    for end in [*(i for i, line in enumerate(lines) if line.values and not _bare(line, mode)), len(lines)]:
        window = range(start, end)
        start = end + 1
        numbers = [i for i in window if lines[i].values]
        if not numbers:
            continue
        items = [i for i in window if not lines[i].values and _item(lines[i]) is not None]
        head = _head_of(lines, end, window)
        labelled = [i for i in items if i != head]
        headings = {i for i in labelled if _heads_a_list(lines, i)}
        for owners in (labelled, [i for i in labelled if i not in headings],
                       [i for i in labelled if _LEAF_ITEM.match(_item(lines[i]))]):
            if len(owners) == len(numbers) and _interleaved(owners, numbers) and all(
                    lines[o].page == lines[n].page and not any(min(o, n) < i < max(o, n) for i in items)
                    for o, n in zip(owners, numbers)):
                for owner, n in zip(owners, numbers):
                    out[owner], out[n] = _moved(lines[owner], lines[n])
                moved += len(owners)
                break
    return [line for line in out if line is not None], moved


def onto_the_label_below(lines: list[Line]) -> tuple[list[Line], int]:
    """``lines`` with each line of numbers alone moved onto the line below it when that line is a
    label alone opening an item ('1.属于国家秘密', '理 5.属于三类…' beside a piece of its group)
    and no line of numbers alone follows that label; and how many were moved. For a dump known
    to print labels below their numbers (``text_rows.labels_below_numbers``): a label wrapped
    around its numbers has its numbers between its lines, so a line opening an item is no other
    label's tail."""
    out: list[Line | None] = list(lines)
    moved = 0
    for n in range(len(lines) - 1):
        numbers, label = lines[n], lines[n + 1]
        if numbers.labels or not numbers.values or label.values or not _opens_an_item(label):
            continue
        if n + 2 < len(lines) and lines[n + 2].values and not lines[n + 2].labels:
            continue  # the label may own the numbers below it: which, the lines cannot tell
        out[n + 1], out[n] = _moved(label, numbers)
        moved += 1
    return [line for line in out if line is not None], moved


def _opens_an_item(line: Line) -> bool:
    return bool(line.labels) and any(starts_item(p) for p in split_items(line.labels[-1]))
