"""Tables a dump prints with one space between its cells: pdfplumber's and pypdf's plain
text, ``pdftotext -raw``. No column is kept to place a number by, so a table is read here
only when its rows are printed whole: small tables whose every line of numbers carries its
label ('规章 0 0 7', '行政许可 9487'). Each line is a row as printed, header lines whole in one
cell ('信息内容 本年制发件数 本年废止件数 现行有效件数'); the mapper places the numbers by the
row's label and the order the header names its columns in, and refuses a row short of a cell.

Rows of five numbers and more, and numbers on a line without their label, are ``text_rows``'s,
which joins wrapped labels to their numbers; one line of numbers under header lines (table 4's
fifteen) is ``text._numbers_under_a_header``'s.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .text_cells import CJK, WIDE_ROW, is_value, starts_item
from .text_labels import is_bare_item
from .text_rows import Line

_WIDE_GAP = re.compile(r"\S {2,}[\d/\-—]")  # columns set apart: a space-aligned dump's


def is_single_spaced(raw: list[str]) -> bool:
    return not any(_WIDE_GAP.search(line) for line in raw)


def printed_whole(lines: list[Line], strays: bool = False) -> bool:
    """Two rows or more, each a label and fewer than a wide row's numbers (or blanks only), at
    most a few lines apart, and no unit column (a label's last word of one or two characters set
    apart: '主动公开信息数 条 72804 76424', a statistics table flattened into text, which
    ``pipeline.stats`` reads as text). ``strays``: a few lines of numbers alone that no label
    owns may stand among them (a page's lines as markitdown prints them, where a row's numbers
    fall on two lines: elsewhere such lines are a table printed a cell a line, ``text_stacked``'s).
    Without ``strays``, only such a line right beside a row printed with its label and numbers
    may (a cell set a few points off its row's line, which pdfplumber prints as '0' / '规章 0 0').
    Either way, the row a number short is refused and the others are read."""
    # (A line of dashes alone counts where a label beside owns it: a row's blanks printed off its label.)
    at = [n for n, line in enumerate(lines) if line.values or _BLANK_ROW.search(" ".join(line.labels))
          or (_blanks_alone(line) and (_label_beside(lines, n) is not None or _between_words(lines, n)))]
    rows = [n for n in at if _is_row(lines[n]) or _label_beside(lines, n) is not None]
    # A few lines of numbers alone with no label alone beside them (a row's numbers split over two
    # lines, '0' / '规章 0 0'), or two such lines together between two labels (one row's numbers over
    # two lines, or each label's own: '行政处罚' / '4394' / '0' / '行政强制'): printed as they are, unplaced,
    # and the rows short of them are refused. (One line between two labels alone: text_rows decides.)
    alone = [n for n in at if n not in rows and not lines[n].labels and len(lines[n].values) < WIDE_ROW]
    touching = [n for n in alone if _numbers_touch(lines, n)]
    stray = [n for n in alone if n not in touching and not _words_beside(lines, n)
             and (strays or _beside_a_row(lines, n))]
    # A line of numbers alone between two words alone that no run of lines gives to either ('行政' /
    # '231' / '处罚': a label's two lines round its numbers): printed as it is, between them, for the
    # mapper to read with the two words joined when they name a row that neither names alone. Only
    # among rows printed whole: where other rows' numbers sit a line off their labels, or a cell a
    # line, a word beside may be any row's.
    between = [n for n in at if n not in rows and n not in touching and _between_words(lines, n)
               and (not lines[n].labels or _blanks_alone(lines[n]))]
    if between and (touching or any(not lines[n].labels for n in rows)):
        return False
    # (More touching lines than rows is a table printed a cell a line: text_stacked's.)
    return (len(rows) >= 2 and len(rows) + len(stray) + len(touching) + len(between) == len(at)
            and len(stray) * _MAX_STRAY <= len(at) and len(touching) <= len(rows)
            and all(b - a <= _MAX_BETWEEN + 1 for a, b in pairwise(at)))


def _side_by_side(lines: list[Line], n: int) -> list[int]:
    """The lines right above and below line ``n`` with no blank line between (lines a blank line
    apart are blocks a dump placed in its own order, not lines side by side)."""
    return [k for k in (n - 1, n + 1) if 0 <= k < len(lines) and not lines[max(k, n)].apart]


def _between_words(lines: list[Line], n: int) -> bool:
    """Line ``n`` has a word alone right above it and another right below."""
    return len(set(_words_beside(lines, n)) & set(_side_by_side(lines, n))) == 2


def _beside_a_row(lines: list[Line], n: int) -> bool:
    """Line ``n`` touches a row printed with its label and numbers, above or below."""
    return any(lines[k].labels and lines[k].values and _is_row(lines[k]) for k in _side_by_side(lines, n))


def _label_beside(lines: list[Line], n: int) -> int | None:
    """The line of the label of line ``n``'s numbers (or dashes), printed alone on the line above
    or below (a label set a point higher or lower than its numbers: '行政处罚' / '2776'): the one
    neighbour that is a label alone, a word without numbers; with one each side, the run of such
    lines decides (``_alternating_side``). None when line ``n`` holds a label too, or neither
    neighbour is such a label."""
    if not _values_alone(lines[n]) or _numbers_touch(lines, n):
        return None
    sides = [k for k in _words_beside(lines, n) if k in _side_by_side(lines, n)]
    if len(sides) == 2:
        return _alternating_side(lines, n)
    return sides[0] if len(sides) == 1 else None


def _numbers_touch(lines: list[Line], n: int) -> bool:
    """Another line of numbers alone right above or below line ``n``: one row's numbers over two
    lines or more (a table printed a cell a line, '规章' / '0 0' / '0' / '规范性文件'), whose label is
    the one before them; the label on the other side is the next row's."""
    return any(_values_alone(lines[k]) for k in _side_by_side(lines, n))


def _alternating_side(lines: list[Line], n: int) -> int | None:
    """The label of line ``n``'s numbers when words alone lie on both sides: decided by the run
    of lines around it that alternate a word alone and numbers alone ('规章' / '0 0 0' / '行政规范性文件'
    / '88 55 698', markitdown's lines where each label sits a point above its numbers). Each row is
    one line of each; a run that starts with a word and ends with numbers is read one way only
    (every label above its numbers), one that starts with numbers and ends with a word the other.
    A run of other shape (a label wrapped over two lines, a row printed blank, labels above and
    below mixed) leaves the numbers unplaced. A blank line ends a run."""
    def kind(k: int) -> str | None:
        if _values_alone(lines[k]):
            return "N"
        if _word_alone(lines[k]) and not _titles_a_header(lines, k):
            return "W"
        return None

    def joined(k: int) -> bool:  # lines k and k + 1 are side by side, no blank line between
        return 0 <= k and k + 1 < len(lines) and not lines[k + 1].apart and kind(k) is not None \
            and kind(k + 1) is not None

    first, last = n, n
    while joined(first - 1) and kind(first - 1) != kind(first):
        first -= 1
    while joined(last) and kind(last + 1) != kind(last):
        last += 1
    if joined(first - 1) or joined(last):
        return None  # two words or two lines of numbers in a row: the run is not one row a line pair
    ends = kind(first), kind(last)
    if ends == ("W", "N"):
        return n - 1
    if ends == ("N", "W"):
        return n + 1
    return None


def _blanks_alone(line: Line) -> bool:
    """A line of dashes alone ('-'): a row's blank cells printed off its label, as its numbers are."""
    marks = line.labels[0].split() if not line.values and len(line.labels) == 1 else []
    return bool(marks) and all(is_value(t) for t in marks)


def _values_alone(line: Line) -> bool:
    """Numbers alone on a line, fewer than a wide row's, or dashes alone: a small table's row
    printed off its label."""
    return (numbers_alone(line) and len(line.values) < WIDE_ROW) or _blanks_alone(line)


def _words_beside(lines: list[Line], n: int) -> list[int]:
    """The lines next to line ``n`` that are a word alone, not a small table's title."""
    return [k for k in (n - 1, n + 1) if 0 <= k < len(lines) and _word_alone(lines[k])
            and not (k > n and _titles_a_header(lines, k))]


def _titles_a_header(lines: list[Line], k: int) -> bool:
    """Line ``k`` is the title of the small table whose header follows it ('第二十条第（五）项' /
    '信息内容 本年处理决定数量'), no row's label."""
    if k + 1 >= len(lines) or lines[k + 1].values:
        return False
    text = " ".join(lines[k + 1].labels).strip()
    return " " in text and not _BLANK_ROW.search(text)  # (a row printed blank: '行政强制 -')


def _word_alone(line: Line) -> bool:
    return not line.values and len(line.labels) == 1 and " " not in line.labels[0].strip() \
        and bool(CJK.search(line.labels[0])) and not _BLANK_ROW.search(line.labels[0])


def _is_row(line: Line) -> bool:
    if not line.values:
        return True  # a row printed blank
    label = line.labels[-1] if line.labels else ""
    # A row's label is words ('Object 1' is no row).
    return len(line.values) < WIDE_ROW and bool(CJK.search(label)) and not _UNIT_COLUMN.search(label)


# A row printed with its cells blank ('行政处罚 -'): a row, though no line of numbers.
_BLANK_ROW = re.compile(r"[\u3400-\u9fff]\s+(?:[-—–/／]\s*)+$")
_MAX_STRAY = 3  # lines with rows for each line of numbers alone that no label owns, at least
_MAX_BETWEEN = 6  # lines between two rows: headers (第二十条第（五）项 / 信息内容 …), rows printed without numbers
_UNIT_COLUMN = re.compile(r"\S\s+\S{1,2}$")


def rows_as_printed(lines: list[Line]) -> list[list[str]]:
    """One row per line: its label fragments, then its values; numbers alone on a line go to
    the label alone beside them (``_label_beside``)."""
    rows = [list(line.labels) + list(line.values) for line in lines]
    for n in range(len(lines)):
        k = _label_beside(lines, n)
        if k is not None:
            rows[k] = rows[k] + rows[n]
            rows[n] = []
    return [row for row in rows if row]


def centred_labels(lines: list[Line]) -> list[Line]:
    """Rows whose cells are centred in their height, printed one line per height (pdfplumber's
    plain text of a page with narrow label columns): a row's item number alone on a line
    ('4.'), its numbers on the next, and its label's two lines around them, one above the
    number and one below the numbers::

        保护第三方合 / 4. / 0 0 0 0 0 0 0 / 法权益 / 属于三类内部 / 5. / 1 0 0 0 0 0 1 / 事务信息

    Centred, a label with nothing on its number's line has as many lines above as below.
    Between two such rows stand the tail of the one and the head of the other: when they are
    two lines, each row's label has one line each side, and the row is joined on its numbers'
    line. Rows apart by other counts of lines are left as printed (text_rows refuses what it
    cannot tell).

    Marks a page sets in a fallback font ('危及“三安全一稳定”') sit off their label's line and
    print where their own falls: a line of marks alone is dropped, and marks after an item number
    ('3. “') leave it an item alone."""
    lines = [line for line in lines if line.values or not all(_MARKS_ONLY.match(t) for t in line.labels)]
    rows = [i for i in range(len(lines) - 1) if _item_alone(lines[i]) and numbers_alone(lines[i + 1])]
    paired: set[int] = set()
    for a, b in pairwise(rows):
        if b - a == 4 and _label_alone(lines[a + 2]) and _label_alone(lines[a + 3]):
            paired |= {a, b}
    out: list[Line | None] = list(lines)
    for i in sorted(paired):
        head, tail = i - 1, i + 2
        if head < 0 or tail >= len(lines) or out[head] is None or out[tail] is None \
                or not _label_alone(lines[head]) or not _label_alone(lines[tail]):
            continue
        numbers = lines[i + 1]
        text = lines[i].labels[0] + "".join(lines[head].labels) + "".join(lines[tail].labels)
        out[i + 1] = Line([text], list(numbers.values), list(numbers.xs), [0], page=numbers.page)
        out[head] = out[i] = out[tail] = None
    return [line for line in out if line is not None]


def _item_alone(line: Line) -> bool:
    return not line.values and len(line.labels) == 1 and is_bare_item(_MARK.sub("", line.labels[0]))


_MARK = re.compile(r"[\s“”‘’\"'《》〈〉「」『』]+")
_MARKS_ONLY = re.compile(rf"^(?:{_MARK.pattern})?$")


def numbers_alone(line: Line) -> bool:
    return bool(line.values) and not line.labels


def _label_alone(line: Line) -> bool:
    return not line.values and bool(line.labels) and not any(starts_item(t) for t in line.labels)
