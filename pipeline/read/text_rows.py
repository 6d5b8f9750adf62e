"""Rebuilding labelled rows from the lines of a table in a text dump.

In a dump the label of a row is often not on the line of its numbers: it is on
the line before, wrapped over several lines, centred around the numbers, or
its tail follows them. A row's numbers may even be split over two lines. This
module turns such lines into grid rows ``[label cells…, value cells…]`` that the
mapper reads like any other table, and refuses (empty + warning) where a
person could not tell either: two numbered labels for one line of numbers.
Which label text goes with which line of numbers is ``text_labels``'s part.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .text_cells import WIDE_ROW, is_number, starts_item
from .text_centred import centred_numbers, onto_the_label_below
from .text_labels import (
    Fragment,
    bare_item,
    centred_item,
    first_item,
    fragments_of,
    is_bare_item,
    item_level,
    merged_labels,
    row_labels,
    split_at,
    two_items,
)
from .text_wrapped import drop_wrapped_numbers, single_spaced
from .textjoin import is_wide

# Item numbers inside label text: '（二）' and '2.' / '2、' (also after '（四）').
_COLUMN_TOLERANCE = 2


@dataclass(slots=True)
class Line:
    """One printed line (or markdown row) of a table: label fragments left to
    right, then values, with where each value is printed (start, end offsets)
    and where each label fragment starts (empty when not known), and on which
    page of the dump it is (a dump places the columns anew on every page)."""

    labels: list[str]
    values: list[str] = field(default_factory=list)
    xs: list[tuple[int, int]] = field(default_factory=list)
    lxs: list[int] = field(default_factory=list)
    page: int = 0
    glued: int = 0  # first values printed glued to the label text ('内部1'): see _glued
    apart: bool = False  # a blank line comes before it in the dump (a block of its own)


def rebuild(lines: list[Line], where: str, labels_below: bool = False,
            positions: bool = True) -> tuple[list[list[str]], list[str]]:
    """Lines → grid rows and the warnings met (``where`` names the table).

    Where lines of numbers are refused for standing between labels, or read with no label at
    all, the table is read again with the numbers that the count of labels places (``text_centred``) on their
    labels' lines, and that reading is kept when it refuses fewer lines.

    ``labels_below``: the dump prints some rows' labels below their numbers (markitdown groups
    words into lines by rounding their tops to 5 pt; a page's rows are set alike, so where one
    label falls below its numbers, others do: :func:`labels_below_numbers`). A line of numbers
    alone right above a label opening an item is that item's (``text_centred.onto_the_label_below``),
    and a line of numbers without a label is not given the label lines above it when a line of
    label follows it.

    ``positions``: where a value is printed on its line tells its column. Not in a dump that prints
    every cell one space apart (pdfplumber's plain text, markitdown's lines): there a row with fewer
    numbers than the others is refused, never placed by where its characters fall.
    """
    notes = []
    if labels_below:
        lines, below = onto_the_label_below(lines)
        if below:
            notes.append(f"{where}: labels printed below their numbers: {below} line(s) of numbers alone given "
                         "to the item's label on the next line")
    rows, warnings, refused = _rebuild(lines, where, labels_below, positions)
    warnings = notes + warnings
    if refused:
        moved_lines, moved = centred_numbers(lines, _mode(lines))
        if moved:
            again, again_warnings, again_refused = _rebuild(moved_lines, where, labels_below, positions)
            if again_refused < refused and _with_numbers(again) >= _with_numbers(rows):
                again_warnings = notes + again_warnings
                again_warnings.append(f"{where}: {moved} line(s) of numbers printed between label lines, each "
                                      "given to the label without numbers in printed order (as many lines of "
                                      "numbers as such labels between two rows)")
                return again, again_warnings
    return rows, warnings


def _with_numbers(rows: list[list[str]]) -> int:
    return sum(1 for row in rows if any(is_number(c) for c in row))


def _rebuild(lines: list[Line], where: str, labels_below: bool = False,
             positions: bool = True) -> tuple[list[list[str]], list[str], int]:
    """Grid rows, warnings, and how many lines of numbers were not read for not knowing their
    label, or read with no label at all."""
    warnings: list[str] = []
    refused = 0
    # Pieces of a wrapped number are told by the table's columns only: a page's own, fixed by
    # few rows, would take two rows' numbers for pieces of one.
    mode = _mode(lines)
    lines = drop_wrapped_numbers(lines, mode, _columns(lines, mode), where, warnings)
    lines = _merge_split_values(lines)
    mode = _mode(lines)
    columns, borrowed = _page_columns(lines, mode, positions)
    shifted = _shifted_pages(lines, columns)
    rows: list[tuple[list[str], list[str] | None]] = []  # (labels, values); None for a header line
    pending: list[Fragment] = []
    has_above: int | None = None  # label lines of the last row above its numbers

    last_row: tuple[list[Fragment], list[Fragment], int | None] = ([], [], None)  # the last row's fragments
    after_orphan = False  # a line of numbers had no label: its own may be the next one
    partial_heads: set[int] = set()  # header rows lacking a head printed on the lines around them

    def flush():
        nonlocal pending
        last = rows[-1] if rows and rows[-1][1] is not None else None
        if last is not None and pending:
            # Text after a row's numbers continues its label; its own label still decides first.
            own = last[0][-1] if last[0] else None
            last[0][:] = row_labels(last_row[0], last_row[1] + pending, last_row[2])
            if own is not None and last[0][-1] != own:
                last[0].append(own)
        else:
            rows.extend(([f.text], None) for f in pending)
        pending = []

    for n, line in enumerate(lines):
        if not line.values:
            at = _next_value_at(lines, n)
            below = lines[at] if at is not None else None
            if _is_header_line(line, below) or _heads_a_label_above(lines, n, at):
                # A header line: its own row, and so are the lines just above it. (Numbered
                # fragments are a row's labels printed above its numbers.)
                if not pending and rows and rows[-1][1] is None and n \
                        and _tails_of_heads(lines[n - 1], line, rows[-1][0], below):
                    continue  # (its fragments added to the heads of the header row above)
                rows.extend(([f.text], None) for f in pending)
                pending = []
                if _head_around(lines, n, below):
                    partial_heads.add(len(rows))
                rows.append((list(line.labels), None))
            else:
                # A group piece and the item column's text one space apart ('（五）不 出版物')
                # are two columns' texts: cut now, so that the item's text can be a row's tail.
                column = _item_column(last_row)
                pending += [part for f in fragments_of(line, n)
                            for part in (split_at(f, column - 1) if column >= 0 else [f])]
            continue
        # The row starts at the first numbered fragment of the innermost label column (the
        # last of its line): a numbered group label beside it ('三、本年  本机关不掌') is not it.
        last_of_line = {f.line: f for f in pending if starts_item(f.text)}
        innermost = [i for i, f in enumerate(pending) if last_of_line.get(f.line) is f]
        if innermost and all(pending[i].x >= 0 for i in innermost):
            # A numbered group label alone on its line ('（三）' above '不予公开') is left of the
            # item column, and numbered in another style than the rightmost numbered fragment.
            right = max(innermost, key=lambda i: pending[i].x)
            level = item_level(pending[right].text)
            innermost = [i for i in innermost if pending[i].x >= pending[right].x - _COLUMN_TOLERANCE
                         or item_level(pending[i].text) == level]
        k = next(iter(innermost), next((i for i, f in enumerate(pending) if starts_item(f.text)), None))
        if k is None:
            has_row = bool(rows) and rows[-1][1] is not None
            own_item = bool(line.labels) and starts_item(line.labels[0])
            k = 0 if not line.labels or (not has_row and not own_item) else len(pending)
        if k < len(pending):  # what is printed before it on its line is beside it, not above
            while 0 < k and pending[k - 1].line == pending[k].line and not is_bare_item(pending[k].text):
                k -= 1
        head = pending[k:]
        pending = pending[:k]
        own = fragments_of(line, n)
        head, own, pending, column = bare_item(head, own, pending)
        if has_above is not None:
            head, pending = centred_item(head, pending, n, has_above)
        head, carried = first_item(head, lines, n)
        # A row whose item number opens its line of numbers has no text above it: the
        # lines before it are the tail of the row above, however many.
        opens = not head and bool(own) and starts_item(own[0].text) and not is_bare_item(own[0].text)
        # A full line of numbers with no text at all (a part of a row split over lines is not one).
        unlabelled = not head and not own and not pending and len(line.values) >= mode and bool(rows)
        if len({f.line for f in _in_item_column(pending, last_row)}) > 1 and not opens:
            # Several lines with no number between two rows: the text belongs to either.
            warnings.append(f"{where}: {' / '.join(f.text for f in pending)}: label lines between two rows, "
                            "belonging to either; not used")
            rows.extend(([f.text], None) for f in pending)
            pending = []
        flush()
        pending = carried
        last_row = (head, own, column)
        has_above = len({f.line for f in head if not is_bare_item(f.text)} - {n})
        labels = row_labels(head, own, column)
        values = _place(line, columns.get(line.page), where, warnings, _glued(line) if line.page in shifted else 0,
                        headed=_head_above(lines, n) if line.page in borrowed else None)
        # right after the header, a label alone after it (its label is printed below it, or nowhere),
        # or right after a full row (of two numbers or more: a lone number may be a piece of one)
        after_header = bool(rows) and rows[-1][1] is None and _label_follows(lines, n)
        after_full_row = mode >= 2 and bool(rows) and len([v for v in rows[-1][1] or [] if v]) >= len(line.values)
        orphan = unlabelled and (after_header or after_full_row)
        if orphan or (after_orphan and head and not own):  # … or a row whose label may be that line's
            values = _unlabelled(labels, line, rows, where, warnings)
            refused += 1
        elif labels_below and head and not own and _label_follows(lines, n):
            warnings.append(f"{where}: {' '.join(labels)}: {' '.join(line.values)}: a line of numbers between "
                            "label lines, printed in either order; not read")
            values = []
            refused += 1
        # Labels printed below their numbers: rows whose label is all above theirs are in doubt
        # until a row prints its label beside its numbers.
        after_orphan = orphan or (after_orphan and not own)
        rows.append((labels, values))
    flush()
    if None in columns.values():
        _refuse_short_rows(rows, where, warnings)
    for i, (labels, values) in enumerate(rows):
        if values and two_items(labels):
            warnings.append(f"{where}: one line of numbers under two numbered labels "
                            f"({' / '.join(labels)}); its numbers are not read")
            rows[i] = (labels, [])
            refused += 1
    refused += sum(1 for labels, values in rows if values and not any(t.strip() for t in labels))
    return _lay_out(rows, partial_heads), warnings, refused


def labels_below_numbers(lines: list[Line]) -> bool:
    """Some label of a wide table is printed below its numbers: a line of numbers alone right
    after a full row (label and numbers), both of a wide table's row (table 3's seven), and a
    label without numbers after it. (A small table's row of one number tells nothing: the number
    may be a piece of the row above.)"""
    return any(len(lines[n - 1].values) >= WIDE_ROW and lines[n - 1].labels and len(line.values) >= WIDE_ROW
               and not line.labels and _label_follows(lines, n) for n, line in enumerate(lines[1:], 1))


def _label_follows(lines: list[Line], n: int) -> bool:
    """The line after line ``n`` is a label's, without numbers."""
    return n + 1 < len(lines) and not lines[n + 1].values and bool(lines[n + 1].labels)


def _unlabelled(labels: list[str], line: Line, rows: list[tuple[list[str], list[str] | None]], where: str,
                warnings: list[str]) -> list[str]:
    """No numbers for a row whose label may own the numbers above it: a full line of numbers
    with no label at all right after a row (pdfplumber prints numbers a line above their label),
    and the row after it, whose label above could be that line's."""
    name = " ".join(labels) or f"the numbers after {' '.join(rows[-1][0]) if rows else 'the header'}"
    warnings.append(f"{where}: {name}: {' '.join(line.values)}: a line of numbers without a label right after "
                    "a row, so each label may own the numbers above or below it; not read")
    return []


def _in_item_column(pending: list[Fragment], last_row: tuple[list[Fragment], list[Fragment], int | None]
                    ) -> list[Fragment]:
    """The fragments of ``pending`` in the item column of the row above: a fragment
    starting left of it is a piece of a group label printed a few characters per line
    ('（五' / '）不' / '予处'), which no item's label can own."""
    column = _item_column(last_row)
    return [f for f in pending if column < 0 or f.x < 0 or f.x >= column - 1]


def _item_column(last_row: tuple[list[Fragment], list[Fragment], int | None]) -> int:
    """Where the item text of the row above starts (-1: not known)."""
    head, own, column = last_row
    if column is None or column < 0:
        column = max((f.x for f in head + own if f.x >= 0 and starts_item(f.text)), default=-1)
    return column


def _next_value_at(lines: list[Line], n: int) -> int | None:
    """Where the first row below line ``n`` with numbers at known places is."""
    return next((k for k in range(n + 1, len(lines)) if lines[k].values and lines[k].xs), None)


def _printed_width(text: str) -> int:
    """Columns ``text`` takes in a dump: Chinese characters count double."""
    return sum(1 + is_wide(c) for c in text)


_HEAD_BEYOND = 4  # characters right of a row's label where a head of its value column starts


def _heads_a_label_above(lines: list[Line], n: int, at: int | None) -> bool:
    """Line ``n`` is a header of two fragments or more whose last starts well right of the
    label of the row below, printed on the line above that row's numbers and none beside
    them (pdfplumber: '信息内容      本年处理决定数量' / '行政许可' / '          2293'), not
    opening a numbered item (whose text is printed around its numbers). ``at``: that row's line."""
    line = lines[n]
    if len(line.labels) < 2 or len(line.lxs) != len(line.labels) or any(starts_item(t) for t in line.labels):
        return False
    if at is None or at - 1 <= n or lines[at].labels:
        return False
    above = lines[at - 1]
    if above.values or len(above.labels) != 1 or len(above.lxs) != 1 or starts_item(above.labels[0]):
        return False
    return line.lxs[-1] >= above.lxs[0] + _printed_width(above.labels[0]) + _HEAD_BEYOND


def _tails_of_heads(above: Line, line: Line, heads: list[str], below: Line | None) -> bool:
    """Header line ``line`` is the wrapped tails of the heads of header line ``above`` (its
    row's cells ``heads``), added to them: each of its fragments starts under a different head
    ('信息内容  本年新    本年新' / '          制作数量  公开数量': pandoc's multiline tables, w3m),
    and those heads are one a column of the numbers below (the label column's may be one more).
    Sub-heads under one head ('法人或其他组织' / '商业企业 科研机构 …') are a header row of
    their own. Places are compared as printed, an ideograph two wide, else one."""
    if line.apart or len(line.labels) < 2 or not _placed(above) or not _placed(line) or above.labels != heads:
        return False  # (one fragment alone may be a head of its own set lower: _head_around)
    if below is None or len(below.values) not in (len(heads), len(heads) - 1):
        return False  # ('信息内容 采购项 目数 采购总金额' over two numbers: a head is cut in two)
    under = _under_heads(above, line, wide=True) or _under_heads(above, line, wide=False)
    if not under or any(" " in above.labels[k].strip() for k in under):
        return False  # (a head of two words may be two heads one space apart: '其 计' for 其他 and 总计)
    for k, tail in zip(under, line.labels):
        heads[k] += tail.strip()
    return True


def _under_heads(above: Line, line: Line, wide: bool) -> list[int] | None:
    """The head of ``above`` each fragment of ``line`` starts under, a different one each; places
    counted with an ideograph two wide (pdftotext, pandoc, w3m) or one (inscriptis)."""
    xs, widths = (_printed_xs, _printed_width) if wide else (lambda ln: ln.lxs, len)
    spans = [(x, x + widths(t)) for x, t in zip(xs(above), above.labels)]
    under = []
    for x in xs(line):
        k = [i for i, (a, b) in enumerate(spans) if a - 1 <= x < b + 1]
        if len(k) != 1:
            return None
        under.append(k[0])
    return under if len(set(under)) == len(under) else None


def _placed(line: Line) -> bool:
    return bool(line.labels) and len(line.lxs) == len(line.labels) and not line.values


def _printed_xs(line: Line) -> list[int]:
    """Where each label fragment starts as printed (ideographs before it count double)."""
    out, wide = [], 0
    for x, text in zip(line.lxs, line.labels):
        out.append(x + wide)
        wide += _printed_width(text) - len(text)
    return out


def _is_header_line(line: Line, below: Line | None) -> bool:
    """Several fragments, no item number, and reaching over the numbers: a header.
    Fragments that all end left of the numbers are label columns side by side; a
    single fragment is a header only when it stands wholly over the numbers."""
    if any(starts_item(t) for t in line.labels) or not line.labels or _letter_spaced(line):
        return False
    known = below is not None and len(line.lxs) == len(line.labels)
    # (where the numbers start: not at a number glued to its label, which moved left)
    value_start = below.xs[min(_glued(below), len(below.xs) - 1)][0] if below is not None and below.xs else None
    known = known and value_start is not None
    if len(line.labels) < 2:
        # One fragment is a header only when it stands over the numbers ('公开数量' under '本年新'),
        # on their page (a dump places another page's anew); not where lines keep no places (a
        # dump printing cells one space apart starts every line at 0: '…申请数' / '量' / '71 3 0 …').
        return known and value_start > 0 and line.lxs[0] >= value_start - 1 and below.page == line.page
    # Positions after Chinese text are printed too far left: Chinese characters count double.
    return (not known or line.lxs[-1] + _printed_width(line.labels[-1]) > value_start
            or _beyond_labels(line.lxs[-1], below) and not _spread_over_a_label(line, below))


_PITCH_SLACK = 2  # columns by which the gaps of a label's characters spread at one pitch differ


def _spread_over_a_label(line: Line, below: Line) -> bool:
    """Characters of a label spread across its cell at one pitch (Writer's justified text in a
    dump that keeps places, -fixed 3: '理  由  逾  期  不  补'), the first where the label of the
    row below starts and the last left of its numbers: label text, not heads of value columns
    (which stand over the numbers)."""
    if len(line.labels) < 3 or len(line.lxs) != len(line.labels) or any(len(t.strip()) > 2 for t in line.labels) \
            or not below.lxs or len(below.lxs) != len(below.labels):
        return False
    gaps = [b - a for a, b in itertools.pairwise(line.lxs)]
    return abs(line.lxs[0] - below.lxs[-1]) <= 1 and max(gaps) - min(gaps) <= _PITCH_SLACK


_SPACED_GAP = 3  # spaces at most between the characters of a letter-spaced line of text


def _letter_spaced(line: Line) -> bool:
    """A line of text spread out a character or two at a time ('要  求 缴  纳  费': Writer's
    justified cell text), not heads of columns apart (table 4's '结   结   其   尚')."""
    if len(line.labels) < 3 or len(line.lxs) != len(line.labels):
        return False
    parts = [t.replace(" ", "") for t in line.labels]
    return all(len(t) <= 2 for t in parts) and all(
        b - (a + len(t)) <= _SPACED_GAP for a, b, t in zip(line.lxs, line.lxs[1:], line.labels))


def _head_around(lines: list[Line], n: int, below: Line | None) -> bool:
    """A head printed on the lines just above and just below header line ``n`` at one
    place over the value columns ('上一年项目数' / '信息内容  本年增/减  处理决定数量' / '量'):
    centred on the header line, it is a head that line lacks. (A table's title sits
    above only.)"""
    header = lines[n]
    if below is None or n == 0 or n + 1 >= len(lines) or len(header.lxs) != len(header.labels):
        return False
    # Where the labels end: the row below's, else (its label printed above it) the header's
    # own first fragment, the label column's head.
    label_end = header.lxs[0] + len(header.labels[0])

    def over(line: Line) -> list[tuple[int, str]]:
        if line.values or len(line.lxs) != len(line.labels):
            return []
        return [(x, t) for x, t in zip(line.lxs, line.labels)
                if (_beyond_labels(x, below) if below.labels else x > label_end)]

    # Every text below has its top above (heads wrapped downwards leave tails below
    # heads whose top is on the header line: '量 量 量' under a title).
    above, under = over(lines[n - 1]), over(lines[n + 1])
    return (0 < len(under) <= len(above)
            and all(any(x1 - 2 <= x2 <= x1 + 2 * len(t1) for x1, t1 in above) for x2, _ in under))


def _beyond_labels(x: int, below: Line) -> bool:
    """A fragment starting right of where the labels of the row below end heads a value
    column, even when it ends left of the numbers ('信息内容  本年处理决定数量' over
    '行政许可       2293': a wide column's head, its number right-aligned)."""
    if not below.labels or len(below.lxs) != len(below.labels):
        return False
    return x > max(lx + len(t) for lx, t in zip(below.lxs, below.labels))


def _lay_out(rows: list[tuple[list[str], list[str] | None]], partial_heads: set[int]) -> list[list[str]]:
    """Rows on one grid: label cells right-aligned to one label width, values
    after them. A header line's fragments head the value columns only when
    they are as many as the values of the row below it (or one more, the
    label column's own head); otherwise its text is one cell in the label
    column, claiming no column."""
    width = max((len(labels) for labels, values in rows if values is not None), default=1)
    width = max(width, 1)
    out = []
    for i, (labels, values) in enumerate(rows):
        if values is not None:
            out.append([""] * (width - len(labels)) + labels + values)
            continue
        below = next((v for _, v in rows[i + 1:] if v), [])
        printed = [c for c, text in enumerate(below) if text]
        split = _heads(labels, len(printed))
        # As many fragments as numbers only by chance, or a header lacking a head (wrapped
        # onto the lines around it, so which one cannot be told): no column is headed.
        if split is None or i in partial_heads:
            printed = []
        else:
            labels = split
        if len(labels) == len(printed) + 1 and printed:
            heads = [""] * len(below)
            for c, text in zip(printed, labels[1:]):
                heads[c] = text
            out.append([""] * (width - 1) + labels[:1] + heads)
        elif len(labels) == len(printed) and printed:
            heads = [""] * len(below)
            for c, text in zip(printed, labels):
                heads[c] = text
            out.append([""] * width + heads)
        else:
            out.append([""] * (width - 1) + [" ".join(labels)])
    return out


_TWO_HEADS = re.compile(r"(?<=[\u3400-\u9fff）)/／]{2}) (?=[\u3400-\u9fff（(]{2})")


def _heads(labels: list[str], printed: int) -> list[str] | None:
    """A header line's fragments, with heads printed one space apart ('本年新制作数量 本年新公开数量')
    split when that makes them as many as the printed numbers (or one more); None when it
    does not: such a fragment would head one column for two."""
    split = [part for text in labels for part in _TWO_HEADS.split(text)]
    if len(split) == len(labels) or len(split) in (printed, printed + 1):
        return split
    return None


def _refuse_short_rows(rows: list[tuple[list[str], list[str] | None]], where: str, warnings: list[str]) -> None:
    """Without column positions, a row with fewer numbers than the other rows under
    the same header has blanks printed as nothing, and nothing says which: its
    numbers are not read."""
    start = 0
    for end in [i for i, (labels, v) in enumerate(rows) if v is None and len(labels) >= 2] + [len(rows)]:
        part = range(start, end)
        most = max((len(rows[i][1] or []) for i in part), default=0)
        for i in part:
            labels, values = rows[i]
            if values and len(values) < most:
                warnings.append(f"{where}: {' '.join(labels)}: {len(values)} numbers for {most} columns and "
                                "no positions to tell which are blank; not read")
                rows[i] = (labels, [])
        start = end + 1


def _mode(lines: list[Line]) -> int:
    counts = Counter(len(line.values) for line in lines if line.values)
    return counts.most_common(1)[0][0] if counts else 0


def _merge_split_values(lines: list[Line]) -> list[Line]:
    """A row whose numbers are printed on two lines (the first columns on one,
    the rest on the next): merged when the two parts are complementary — together
    as many as the table's usual row, the first part entirely left of the second. Not in a
    table printed one space apart (pdfplumber's plain text): where a part stands says nothing
    there, and a number wrapped in its cell ('１３' / '131 0 0 ０ - 5' / '６') is such a part."""
    if single_spaced(lines):
        return lines
    mode = _mode(lines)
    out = list(lines)
    value_at = [i for i, line in enumerate(out) if line.values]
    for k, (a, b) in enumerate(itertools.pairwise(value_at)):
        first, second = out[a], out[b]
        if (0 < len(first.values) and 0 < len(second.values)
                and (len(first.values) + len(second.values) == mode and len(second.values) < mode
                     or _completes_the_row_below(out, value_at, k))
                and not _lacking_above(out, value_at, k)
                and first.xs and second.xs and first.xs[-1][1] < second.xs[0][0]
                and not (second.labels and starts_item(second.labels[0]) and not is_bare_item(second.labels[0]))):
            if any(starts_item(t) for t in second.labels) and not any(starts_item(t) for t in first.labels):
                labels, lxs = merged_labels(first, second)
                out[a] = Line([], page=first.page)
            else:
                labels, lxs = list(second.labels), list(second.lxs)
                out[a] = Line(list(first.labels), lxs=list(first.lxs), page=first.page)
            out[b] = Line(labels, first.values + second.values, first.xs + second.xs, lxs, second.page,
                          glued=_glued(first))
    return out


_ANCHORS = (lambda x: x[1], lambda x: x[0], lambda x: (x[0] + x[1]) // 2)


def _completes_the_row_below(lines: list[Line], value_at: list[int], k: int) -> bool:
    """Line ``value_at[k]``, numbers alone and fewer than a row's, holds the first numbers of
    the row below it (pdfplumber prints a cell's number a line above the rest of its row):
    together they stand exactly under the columns of the nearest row printed whole around
    them (the table's usual row length cannot tell: table 2's parts have two or three)."""
    first, second = lines[value_at[k]], lines[value_at[k + 1]]
    if first.labels or len(first.xs) != len(first.values) or len(second.xs) != len(second.values):
        return False
    xs = first.xs + second.xs
    whole = [lines[i] for i in value_at[k + 2:k + 4] + value_at[max(k - 2, 0):k][::-1]
             if len(lines[i].values) == len(xs) == len(lines[i].xs)]
    return bool(whole) and any(all(abs(anchor(x) - anchor(y)) <= _COLUMN_TOLERANCE for x, y in zip(xs, whole[0].xs))
                               for anchor in _ANCHORS)


def _lacking_above(lines: list[Line], value_at: list[int], k: int) -> bool:
    """Numbers alone on line ``value_at[k]`` between two rows that both lack as many: they may
    be either's (printed below the one, above the other), so they join neither."""
    first, second = lines[value_at[k]], lines[value_at[k + 1]]
    if first.labels or k == 0:
        return False
    above = lines[value_at[k - 1]]
    return bool(above.labels) and len(above.values) < len(first.values) + len(second.values)


def _page_columns(lines: list[Line], mode: int,
                  positions: bool = True) -> tuple[dict[int, tuple[Callable, list[int]] | None], set[int]]:
    """The value columns of each page holding numbers, and the pages placed by the table's
    columns rather than by rows of their own. A dump places the columns anew on every
    page (pdftotext -layout shifts a table's columns after a page break), so a page whose
    own full rows agree has its own; else the table's: found as a page's are, over all its
    pages (a dump that keeps the columns in place, -fixed, may have one row with a number in
    every column per page), else where all its rows of the usual length agree (``mode``).
    ``positions``: False where a value's place on its line tells nothing (every page has none)."""
    pages = {line.page for line in lines if line.values}
    if not positions:
        return dict.fromkeys(pages), set()
    if len(pages) == 1:  # the page's own are the table's
        return dict.fromkeys(pages, _own_columns(lines, mode, one_page=True) or _columns(lines, mode)), set()
    table = _own_columns(lines, mode) or _columns(lines, mode)
    columns, borrowed = {}, set()
    for page in pages:
        columns[page] = _own_columns([line for line in lines if line.page == page], mode, one_page=True)
        if columns[page] is None and table is not None:
            columns[page], borrowed = table, borrowed | {page}
    return columns, borrowed


# Rows with a number in every column that fix a page's columns: two are enough, as every
# other number of the page must then stand under one of them too.
_MIN_WIDEST_ROWS = 2


def _own_columns(lines: list[Line], mode: int, one_page: bool = False) -> tuple[Callable, list[int]] | None:
    """A page's columns: fixed by its rows printing a number in every column (the most
    numbers of a row) when they agree, else by its rows of the table's usual length
    (where blanks printed as nothing are common, most rows lack one). ``one_page``: the
    lines are one page's."""
    widest = max(len(line.values) for line in lines)
    found = (_columns(lines, widest, _MIN_WIDEST_ROWS) if widest > mode else None) or _columns(lines, mode)
    return found if found is not None and _explains(found, lines, one_page) else None


def _explains(found: tuple[Callable, list[int]], lines: list[Line], one_page: bool) -> bool:
    """Every number of the page is under one of the columns: where pdftotext prints a
    row's first numbers right after its label instead ('…政府信 16 0      0   1 17'), a
    number may sit under another column than its own, and the page's places are not used.
    On one page, numbers printed right after their label are not asked (:func:`_glued`);
    over pages they are: a page squeezed to single spaces is all such numbers, and
    another page's columns say nothing of it."""
    return all(_under_a_column(span, found) for line in lines for span in line.xs[_glued(line) if one_page else 0:])


def _under_a_column(span: tuple[int, int], found: tuple[Callable, list[int]]) -> bool:
    anchor, columns = found
    return min(abs(anchor(span) - x) for x in columns) <= _COLUMN_TOLERANCE


def _shifted_pages(lines: list[Line], columns: dict[int, tuple[Callable, list[int]] | None]) -> set[int]:
    """Pages where a number printed right after its label is under no column: there,
    such numbers have moved left of their own (:func:`_glued`), and where one of them
    stands says nothing, even under a column."""
    out = set()
    for line in lines:
        found = columns.get(line.page)
        if found is not None and line.page not in out and not all(
                _under_a_column(span, found) for span in line.xs[:_glued(line)]):
            out.add(line.page)
    return out


_GLUE = 2  # spaces at most between a label and a number printed right after it, or two such numbers


def _glued(line: Line) -> int:
    """How many of a line's first numbers are printed right after its label text, each a
    space or two after the one before ('其他对外管理服务事项 32              0'): pdftotext
    counts a Chinese character as one column, so what follows a long label moves left, and
    the place of such a number says only that it is before the line's other numbers."""
    if not line.xs or len(line.lxs) != len(line.labels) or len(line.xs) != len(line.values):
        return line.glued
    end = max((x + len(text) for x, text in zip(line.lxs, line.labels) if x + len(text) <= line.xs[0][0]),
              default=None)
    k = 0
    while end is not None and k < len(line.xs) and line.xs[k][0] - end <= _GLUE:
        end, k = line.xs[k][1] + 1, k + 1
    return max(k, line.glued)


def _columns(lines: list[Line], mode: int, least: int = 3) -> tuple[Callable, list[int]] | None:
    """The value columns (an anchor and its x per column) when the rows of full
    length (``mode`` numbers, at least ``least`` rows) agree on them (an aligned
    dump), else None: then values are read in their printed order."""
    full = [line.xs for line in lines if len(line.values) == mode and len(line.xs) == mode]
    if mode < 2 or len(full) < least:
        return None
    for anchor in _ANCHORS:
        columns = []
        for c in range(mode):
            xs = sorted(anchor(x[c]) for x in full)
            median = xs[len(xs) // 2]
            if any(abs(x - median) > _COLUMN_TOLERANCE for x in xs):
                break
            columns.append(median)
        else:
            return anchor, columns
    return None


def _place(line: Line, found: tuple[Callable, list[int]] | None, where: str, warnings: list[str],
           glued: int = 0, headed: list[int] | None = None) -> list[str]:
    """Values in column slots when the columns are known, so that a blank column
    stays empty; a number right of the last column is not a cell of the table
    (a stray mark after a blank total). Values that do not each sit under their
    own column are kept in printed order: the mapper reads them only if they are
    as many as the columns. A value about as near to two columns, or as wide as the gap
    to the next one, is under neither (pdftotext runs two numbers together: '01').
    ``glued``: how many first numbers moved left after the label (:func:`_shifted_pages`).
    ``headed``: on a page placed by other pages' columns, where the heads of the header line
    above the row start; a number right of the last column that starts under one of them is
    in a column of that header's own (a part of table 2 printed wider), and the row is kept in
    printed order."""
    if found is None or len(line.xs) != len(line.values):
        return list(line.values)
    anchor, columns = found
    kept = []
    for value, span in zip(line.values[glued:], line.xs[glued:]):
        if anchor(span) > columns[-1] + 2 * _COLUMN_TOLERANCE + 1:
            if headed and any(abs(span[0] - x) <= _COLUMN_TOLERANCE for x in headed):
                return list(line.values)
            warnings.append(f"{where}: {value!r} is right of the table's last column; not read")
        else:
            kept.append((value, span))
    slots = [""] * len(columns)
    if len(kept) > len(columns) and _cut_in_a_column(kept, columns, anchor):
        warnings.append(f"{where}: {' '.join(v for v, _ in kept)!r}: two numbers one space apart in one column "
                        "(a number cut in two, or two run together); not read")
        return [" ".join(v for v, _ in kept)]
    for value, span in kept:
        x = anchor(span)
        c, *others = sorted(range(len(columns)), key=lambda i: abs(columns[i] - x))
        near = abs(columns[c] - x)
        if (near > _COLUMN_TOLERANCE or slots[c] or (others and abs(columns[others[0]] - x) - near < 2)
                or _reaches_a_neighbour(span, columns, c)):
            return line.values[:glued] + [v for v, _ in kept]
        slots[c] = value
    if glued:
        # Numbers printed right after the label are the first columns' only when exactly as
        # many columns precede the first number placed by its position.
        first = next((c for c, v in enumerate(slots) if v), len(columns))
        if first != glued:
            return line.values[:glued] + [v for v in slots if v]
        slots[:glued] = line.values[:glued]
    return slots


def _cut_in_a_column(kept: list[tuple[str, tuple[int, int]]], columns: list[int], anchor: Callable) -> bool:
    """Two values one space apart, both nearest one column, the row's other values further apart,
    in a row printing more values than the table has columns: '18 218' under 处理决定数量 (an HTML page's number set in two elements,
    as inscriptis prints it), or two numbers run together."""
    nearest = [min(range(len(columns)), key=lambda i: abs(columns[i] - anchor(span))) for _, span in kept]
    pairs = list(itertools.pairwise(zip(nearest, kept)))
    gaps = [right[0] - left[1] for (_, (_, left)), (_, (_, right)) in pairs]
    # (Only where the row's other numbers stand wider apart: in narrow columns one space apart,
    # every gap is one space.)
    return any(a == b and gap == 1 and all(g >= 2 for g in gaps[:k] + gaps[k + 1:])
               for k, (((a, _), (b, _)), gap) in enumerate(zip(pairs, gaps)))


def _head_above(lines: list[Line], n: int) -> list[int] | None:
    """Where the heads of the header line above row ``n`` start: the nearest line above on its
    page of two labels or more at known places and no numbers (None: no such line)."""
    for k in range(n - 1, -1, -1):
        above = lines[k]
        if above.page != lines[n].page:
            return None
        if not above.values and len(above.labels) >= 2 and len(above.lxs) == len(above.labels):
            return above.lxs[1:]
    return None


def _reaches_a_neighbour(span: tuple[int, int], columns: list[int], c: int) -> bool:
    """A value as wide as the gap to a neighbouring column: in columns a space apart
    ('0 1'), '01' may be one number or two run together by pdftotext."""
    return any(span[1] - span[0] >= abs(columns[n] - columns[c]) for n in (c - 1, c + 1) if 0 <= n < len(columns))
