"""Tables printed one cell per line ("stacked"): the default output of
``pdftotext`` (no -layout), PyMuPDF's ``get_text()``, LibreOffice Writer's text
export and copy-paste from a PDF viewer. A row is its label (wrapped over one or
more lines), then its numbers, one per line or a few per line.

The reader only groups lines into grid rows ``[label, value…]``; the mapper
decides by the label where the numbers go. Nothing here knows the report format:
it uses numbers vs text and item numbers (一、 （一） 1.). Where a label could be
another row's, the row's numbers are not read and a warning says why.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .text_cells import (
    GLUED_NUMBER,
    WIDE_ROW,
    is_block_break,
    is_number,
    is_page_break,
    is_page_furniture,
    is_value,
    item_number,
    join_label,
    nfkc,
    split_items,
    split_value_tail,
    starts_item,
    strip_notes,
)

_MAX_LABEL = 40   # characters (no spaces) of a label or header line; longer is prose
_MAX_LEAD = 80    # header and label lines before the first numbers (table 4's, one character a line)
_MAX_GAP = 30     # label lines between two runs of numbers of one table
_HEADING_REACH = 3  # lines between a row's numbered label and its numbers
# Rows from a label whose numbers a line of label text parts in two runs to the next label left
# without numbers, at most, for the rows between to be taken as labels printed after their numbers:
# such a line is as often a wrapped label's, and then the rows below are in step (measured on the
# development dumps: a longer reach refused up to 84 cells of a page read right, and no wrong one).
_DOUBLED_REACH = 3
_MIN_SINGLES = 3    # lines holding one number alone: what a stacked table shows, prose and -layout do not
_MAX_TAIL = 2       # characters of the last line of a label wrapped in a narrow column
_SENTENCE = re.compile(r"[。；;]|[：:]$")
_MARK_FIRST = re.compile(r"^[、．.]\s*[\u3400-\u9fff“]")
_NUMERAL = re.compile(r"^[一二三四五六七八九十]{1,3}$")
_LEVEL = re.compile(r"[一二三四五六七八九十]+|\d+")


@dataclass(slots=True)
class Piece:
    """One printed line of a stacked table: its label text, its values (maybe none)."""

    label: str
    values: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def piece(raw: str) -> Piece | None:
    """A line as label text and trailing values; None for prose (a table never holds it)."""
    text, notes = strip_notes(nfkc(raw).strip())
    labels, values = split_value_tail(text.split())
    if values and not any(is_number(v) for v in values) and labels:
        labels, values = labels + values, []  # '第一项—' ends in a dash, it is not a value
    label = " ".join(labels)
    if label and (_SENTENCE.search(label) or len(label.replace(" ", "")) > _MAX_LABEL):
        return None
    return Piece(label, values, notes)


_RUNNING_CHARS = 20  # a line this long printed twice or more is a page's running header or footer


def without_running_lines(lines: list[str]) -> list[str]:
    """The lines with the page's running header and footer lines blanked (indexes kept): a
    browser prints the page title and URL on every page, on lines of their own in a dump."""
    counts = Counter(t for line in lines if len(t := line.strip()) >= _RUNNING_CHARS)
    return ["" if counts[line.strip()] > 1 else line for line in lines]


def is_row_heading(lines: list[str], i: int) -> bool:
    """A numbered line that is a row's label, not a section title: numbers follow it
    on its own line or within a few lines, before any other numbered line ('一、本年新收…申请数' /
    '量' / '23')."""
    own = piece(lines[i])
    if own is not None and own.values:
        return True
    seen = 0
    for j in range(i + 1, len(lines)):
        if _skipped(lines, j):
            continue
        p = piece(lines[j])
        if p is None or seen >= _HEADING_REACH or (p.label and starts_item(p.label)):
            return False
        if p.values:
            return True
        seen += 1
    return False


def _skipped(lines: list[str], i: int) -> bool:
    """Blank lines, page furniture, and a page number alone next to a page break."""
    text = lines[i].strip()
    if not text or is_page_furniture(text):
        return True
    return text.isdigit() and len(text) <= 3 and (_page_edge(lines, i, -1) or _page_edge(lines, i, 1))


def _page_edge(lines: list[str], i: int, step: int) -> bool:
    """The line is the first or last printed line of a page: only blank lines between it and a
    page break (a line of its own, :func:`~.text_cells.text_lines`)."""
    j = i + step
    while 0 <= j < len(lines) and not lines[j].strip("\f \t"):
        if is_page_break(lines[j]):
            return True
        j += step
    return False


def _is_single(p: Piece | None) -> bool:
    return p is not None and not p.label and len(p.values) == 1 and is_number(p.values[0])


def stacked_tables(lines: list[str], ends_table: Callable[[int], bool]) -> dict[int, int]:
    """first line → end (exclusive) of each stacked table. ``ends_table`` says which
    lines a table never holds (section titles, other tables' lines)."""
    pieces = [None if _skipped(lines, i) else piece(lines[i]) for i in range(len(lines))]
    out: dict[int, int] = {}
    i = last_end = 0
    while i < len(lines):
        if not _is_single(pieces[i]) or ends_table(i):
            i += 1
            continue
        end = _forward(lines, pieces, i, ends_table)
        if sum(_is_single(pieces[k]) for k in range(i, end)) >= _MIN_SINGLES:
            first = _lead(lines, pieces, i, max(last_end, 0), ends_table)
            out[first] = last_end = end
        i = end
    return out


def _forward(lines: list[str], pieces: list[Piece | None], i: int, ends_table: Callable[[int], bool]) -> int:
    last_value, gap, j = i, 0, i
    while j < len(lines) and not ends_table(j):
        if not _skipped(lines, j):
            p = pieces[j]
            if p is None:
                break
            if p.values:
                last_value, gap = j, 0
            else:
                gap += 1
                if gap > _MAX_GAP:
                    break
        j += 1
    return last_value + 1


def _lead(lines: list[str], pieces: list[Piece | None], i: int, floor: int,
          ends_table: Callable[[int], bool]) -> int:
    first, seen = i, 0
    while first > floor and seen < _MAX_LEAD:
        k = first - 1
        if ends_table(k) or (not _skipped(lines, k) and pieces[k] is None):
            break
        seen += not _skipped(lines, k)
        first = k
    while first < i and _skipped(lines, first):
        first += 1
    return first


@dataclass(slots=True)
class _Run:
    """The label lines printed since the last numbers, then a run of numbers. ``apart``:
    for each label line, whether a blank line comes before it; ``values_apart``: a blank
    line between the labels and the numbers or among the numbers."""

    texts: list[str]
    apart: list[bool]
    inline: str
    values: list[str]
    values_apart: bool = False


def stacked_table(lines: list[str], where: str, warnings: list[str]) -> list[list[str]]:
    """Grid rows of one stacked table; its doubts go to ``warnings``."""
    runs, tail = _runs(lines, where, warnings)
    _take_glued(runs)
    rows = [_Row.of(run, where) for run in runs]
    if why := _labels_below(rows):
        warnings.append(f"{where}: {why}: labels may stand below their numbers, so no row's numbers are "
                        "known to be its own; none is read")
        for row in rows:
            row.refuse("")
    if any(row.mixed for row in rows):
        # '2.没有现成… - 0 - 0 - - 法提供': cells of several columns printed on one line of text, so
        # the lines of numbers around are not in the table's order either.
        warnings.append(f"{where}: numbers printed inside label text; the table's lines are not in its order, "
                        "none of its numbers is read")
        for row in rows:
            row.refuse("")
    for k, row in enumerate(rows):
        if 0 < k and not row.numbered and rows[k - 1].numbered and (k + 1 == len(rows) or rows[k + 1].numbered):
            # Numbers under a label with no item number between numbered rows ('…申请数' 13 … / '量' / 45):
            # the row above's label and numbers go on here; neither is known whole.
            for part in (rows[k - 1], row):
                part.refuse(f"{where}: {part.head!r}: the row above goes on under {row.head!r}; not read")
            rows[k - 1].doubled = True
    _out_of_step(rows, tail, where)
    out: list[list[str]] = []
    for row in rows:
        out += row.cells(warnings)
    return out + [[label] for label in join_label(tail)]


def _out_of_step(rows: list[_Row], tail: list[str], where: str) -> None:
    """A numbered label followed by two rows' numbers, and further down a numbered label left with
    none (another label of its level or deeper before the next run of numbers, or numbered labels
    after the last run): plain pdftotext printed each row between with its numbers before its label
    ('7.属于行政执法案卷' / 14 numbers / '8.属于行政查询事项' / the next row's 7 / '1.本机关不掌握…'; or
    the two rows' numbers parted by a line of the label: '…缴纳' 7 numbers / '公开申请' / 7 numbers), so
    the numbers after each of their labels are the next row's. Those rows are not read. (Two rows'
    numbers with no label left without numbers below come of a row whose label is lost: the rows
    below keep their own numbers.)"""
    widths = Counter(len(row.values) for row in rows if row.numbered and row.refusal is None and row.values)
    width = widths.most_common(1)[0][0] if widths else 0
    if width < WIDE_ROW:
        return
    ends = [j for j, row in enumerate(rows) if row.label_left] + [len(rows)] * any(starts_item(t) for t in tail)
    k = 0
    while k < len(rows):
        end = next((j for j in ends if j > k), None)
        if end is None or not (rows[k].numbered and len(rows[k].values) == 2 * width
                               or rows[k].doubled and end - k <= _DOUBLED_REACH):
            k += 1
            continue
        last = rows[end].head if end < len(rows) else "the labels after the last numbers"
        for row in rows[k + 1:end]:
            row.refuse(f"{where}: {row.head!r}: between {rows[k].head!r}, followed by two rows' numbers, and "
                       f"{last!r}, left with none, each label stands after its numbers; not read")
        k = end


def _labels_below(rows: list[_Row]) -> str | None:
    """Why a wide table's rows may print their labels below their numbers (a Chromium print of a
    narrow page whose labels sit lower than their numbers, through plain pdftotext), or None. A row
    is read as the label before its numbers; a table whose rows are numbered ('一、' '（三）' '1.')
    shows otherwise when its first run of a row's worth of numbers (table 3's seven) comes before
    any numbered label's: runs of fewer (the end of table 2 printed after table 3's heading) or of
    many (a page's block of one column's numbers) tell nothing. (One label
    followed by two rows' numbers would tell it too, but also comes of a row whose label is lost:
    refusing the table for it cost a tenth of the cells read.)"""
    widths = Counter(len(row.values) for row in rows if len(row.values) >= WIDE_ROW)
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    wide = [k for k, row in enumerate(rows) if len(row.values) == width]  # (not a block of a column's numbers)
    numbered = [k for k in wide if rows[k].numbered]
    if numbered and wide[0] < numbered[0]:
        return f"{width} numbers before the first numbered label ({rows[numbered[0]].head!r})"
    return None


def _runs(lines: list[str], where: str, warnings: list[str]) -> tuple[list[_Run], list[str]]:
    runs: list[_Run] = []
    texts: list[str] = []
    apart: list[bool] = []
    in_run = blank = alone = False  # alone: the last line was one number by itself
    for i, raw in enumerate(lines):
        if is_block_break(raw):
            blank = True
        if _skipped(lines, i):
            continue
        p = piece(raw)
        if p is None:
            continue
        warnings += [f"{where}: note {n!r} after a value is not part of it" for n in p.notes]
        if not p.values and _MARK_FIRST.match(p.label) and not blank:
            # '3' / '.要求提供公开出版物', '四' / '、结转下年度…': an item number apart from its mark
            if texts and _NUMERAL.match(texts[-1]):
                texts[-1] += p.label
                continue
            if alone and in_run and len(runs[-1].values[-1]) <= 2 and runs[-1].values[-1].isdigit():
                run = runs[-1]
                number = run.values.pop()
                if not run.values:
                    runs.pop()
                    texts, apart = run.texts, run.apart
                texts.append(number + p.label)
                apart.append(False)
                in_run = alone = False
                continue
        if not p.values:
            texts.append(p.label)
            apart.append(blank)
            in_run = False
        elif in_run and not p.label:
            runs[-1].values += p.values
            runs[-1].values_apart |= blank
        else:
            runs.append(_Run(texts, apart, p.label, list(p.values), blank and not p.label))
            texts, apart, in_run = [], [], True
        alone = not p.label and len(p.values) == 1
        blank = False
    return runs, texts


def _take_glued(runs: list[_Run]) -> None:
    """'1.属于国家秘密0' over the rest of its numbers: the glued digit is the row's first
    number when that makes the row as long as the rows around it (or most rows)."""
    plain = [len(r.values) for r in runs]
    usual = Counter(plain).most_common(1)[0][0] if plain else 0
    for k, run in enumerate(runs):
        if run.inline or not run.texts:
            continue
        m = GLUED_NUMBER.match(run.texts[-1])
        if not m or is_number(run.texts[-1]):
            continue
        near = {plain[j] for j in (k - 1, k + 1) if 0 <= j < len(runs)} | {usual}
        if len(run.values) + 1 in near and len(run.values) not in near:
            run.texts[-1] = m["label"]
            run.values.insert(0, m["number"])


def _holds_values(text: str) -> bool:
    """Label text with a number or dash standing apart before more text ('2.没有现成… - 0 - 法提供');
    not an item number spaced from its mark ('1 .属于国家秘密')."""
    tokens = text.split()
    return any(is_value(t) and not is_value(after) for t, after in itertools.pairwise(tokens[1:]))


def _rank(fragment: str) -> int:
    """How deep an item number is: '三、' 0, '（三）' 1, '3.' 2. A group's label is above its items'."""
    number = nfkc(item_number(nfkc(fragment))).strip()
    return 1 if number.startswith("(") else 0 if _NUMERAL.match(number[:1]) else 2


def _level(fragment: str) -> str:
    """The kind of item number a label starts with: '（三）' and '（五）' are one level."""
    return _LEVEL.sub("N", item_number(nfkc(fragment)).replace(" ", ""))


@dataclass(slots=True)
class _Row:
    """One run made a row: the text before its label (rows of one cell), its label cells
    and numbers, and why its numbers are not read (None: they are)."""

    before: list[list[str]]
    head: str
    labels: list[str]
    values: list[str]
    refusal: str | None = None
    numbered: bool = False
    mixed: bool = False
    label_left: bool = False  # a numbered label before its own is no heading of the next: it has no numbers
    doubled: bool = False  # two runs of numbers under its label (the second under a label of no number)

    def refuse(self, why: str) -> None:
        if self.refusal is None:
            self.refusal = why

    def cells(self, warnings: list[str]) -> list[list[str]]:
        if self.refusal is None:
            return [*self.before, [*self.labels, *self.values]]
        if self.refusal:
            warnings.append(self.refusal)
        return [*self.before, *([[self.head]] if self.head else [])]

    @classmethod
    def of(cls, run: _Run, where: str) -> _Row:
        """The run's label starts at the last item number printed before its numbers;
        without one, it is the last line. Another item of the same level among the lines
        since the last numbers is a label whose numbers are printed elsewhere: which of
        the two owns this run cannot be told, and it is not read."""
        lines = run.texts + ([run.inline] if run.inline else [])
        apart = run.apart + [False] * bool(run.inline)
        split = [split_items(text) for text in lines]
        fragments = [f for parts in split for f in parts]
        # whether a blank line comes before each fragment (only a line's first fragment can have one)
        breaks = [apart[n] and j == 0 for n, parts in enumerate(split) for j in range(len(parts))]
        items = [k for k, f in enumerate(fragments) if starts_item(f)]
        if items:
            k = items[-1]
        elif run.inline:
            k = len(fragments) - len(split_items(run.inline))
        else:
            k = len(fragments) - 1
        # '行政事业性' / '收费': one or two characters alone may end a label wrapped in a narrow
        # column, or be a label ('规章'): the row carries both readings, its own line last.
        wrapped = not items and not run.inline and 0 < k and len(fragments[k].strip()) <= _MAX_TAIL and not breaks[k]
        k -= wrapped
        head = "".join(f.strip() for f in fragments[k:])
        labels = [head, fragments[-1].strip()] if wrapped else [head]
        row = cls(join_label(fragments[:k]), head, labels, run.values, numbered=starts_item(head),
                  mixed=any(_holds_values(f) for f in fragments))
        n = len(run.values)
        level = _level(head) if row.numbered else None
        if level is not None and any(_level(fragments[j]) == level for j in items[:-1]):
            others = " / ".join(fragments[j] for j in items[:-1] if _level(fragments[j]) == level)
            row.refuse(f"{where}: {head!r} and {others!r}: labels of one level before one run of numbers; "
                       f"its {n} numbers are not read")
        # A numbered label followed, before the numbers, by one of its level or above it is no group's
        # heading: it is left without numbers ('（七）总计' / '四、结转…' / numbers).
        row.label_left = any(_rank(fragments[i]) >= _rank(fragments[j]) for i, j in itertools.pairwise(items))
        if run.values_apart or any(breaks[k + 1:]):
            row.refuse(f"{where}: {head!r}: its label and {n} numbers are printed as separate blocks (blank "
                       "lines between): their order is the dump's, not the table's; not read")
        if not head:
            row.refuse(f"{where}: {n} numbers with no label before them; not read")
        return row
