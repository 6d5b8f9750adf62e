"""Tables printed as space-aligned columns (``pdftotext -layout``, OCR, a PDF
copied as text): finding their lines among the prose and turning them into
Lines for ``text_rows.rebuild``.

A table line ends in numbers (its values); the lines around it without
numbers are its header or the wrapped parts of its labels. A run of such
lines ends at prose (a long line, a sentence end) or at a numbered section
heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from .text_cells import (
    CJK,
    GLUED_NUMBER,
    SENTENCE_END,
    WIDE_ROW,
    is_block_break,
    is_number,
    is_page_break,
    is_value,
    item_number,
    nfkc,
    split_items,
    split_value_tail,
    starts_item,
    strip_notes,
)
from .text_rows import Line
from .text_single import is_single_spaced, numbers_alone, printed_whole

_TOKEN = re.compile(r"\S+")
_GAP = re.compile(r"\s{2,}")
_MAX_LABEL_LINE = 30      # characters (no spaces) of a header or wrapped-label line
_MAX_ITEM_LINE = 60       # … or of a numbered label ('1.申请人无正当理由逾期不补正、行政机关…')
_MAX_LEAD = 12            # header lines looked back for before the first numbers
# Wrapped-label lines kept after the last numbers. (2 was meant; from 23bde23 to a4e189f a later
# constant of the same name, the characters of a label's tail, rebound it to 4, and 4 is what
# every measurement since ran with: 2 loses 8 cells of the held-out pdfplumber-layout dumps.)
_MAX_TAIL_LINES = 4
_MIN_SECTION_TITLE = 10   # '四、政府信息公开行政复议、行政诉讼情况' ends a table; '三、本年度办理结果' does not


# A line can end in values only if it ends in a digit, a dash, a slash or a closing note.
_MAY_END_IN_VALUE = re.compile(r"[\d０-９/／\-—–－)）元]\s*$")
# '75394432.52   元': a unit printed apart from its amount is still part of it.
_UNIT_APART = re.compile(r"(?<=\d)\s+(万元|元)$")


def value_line(raw: str) -> tuple[Line, list[str]] | None:
    """The Line of a printed line ending in numbers, and the notes cut from
    its values; None for a line without values (or prose ending in a number)."""
    if not _MAY_END_IN_VALUE.search(raw) and not _ITEM_AFTER_VALUES.search(raw.rstrip()) \
            and not _PIECE_AFTER_VALUE.search(raw.rstrip()):
        return None
    found = _value_line(raw)
    if not found:
        return None
    line = found[0]
    return Line(list(line.labels), list(line.values), list(line.xs), list(line.lxs), glued=line.glued), found[1]


@lru_cache(maxsize=4096)
def _value_line(raw: str) -> tuple[Line, list[str]] | None:
    text = nfkc(raw).rstrip()
    item = _ITEM_AFTER_VALUES.search(text)  # (before notes are cut: '(三)不' is no note)
    if item:  # kept as a label of the line, at its place
        text = text[: item.start(1)].rstrip()
    text, notes = strip_notes(text)
    piece = _PIECE_AFTER_VALUE.search(text)
    if piece and not item and not is_value(piece.group().strip()):
        item = piece  # a number glued to a piece of a label printed down its column: '… 0   8结'
        text = text[: piece.start(1)]
    unit = _UNIT_APART.search(text)
    if unit:  # the amount keeps its own place in its column
        text = text[: unit.start()]
    tokens = _decimals_cut(list(_TOKEN.finditer(text)))
    labels, values = split_value_tail([t.group() for t in tokens])
    if not values and tokens and (alone := _glued_alone(text, tokens[-1].group())):
        labels, values = labels[:-1] + [alone[0]], [alone[1]]
    if unit and values:
        values[-1] += unit[1]
    # A line of numbers, or of at least three dashes (a row printed with every cell empty).
    if not values or not (any(is_number(v) for v in values) or len(values) >= 3):
        return None
    value_tokens = tokens[len(labels):]
    xs = [(t.start(), t.end()) for t in value_tokens]
    if len(values) > len(value_tokens):  # a number glued to its label: '（区分8'
        tok = tokens[len(labels) - 1]
        xs.insert(0, (tok.end() - len(values[0]), tok.end()))
        label_text = text[: tok.end() - len(values[0])]
    else:
        label_text = text[: value_tokens[0].start()]
        gap = len(label_text) - len(label_text.rstrip())
        squeezed = label_text.strip() and gap < 2 and len(values) < 2
        if squeezed and (_is_prose(label_text) or len(label_text.replace(" ", "")) > _MAX_LABEL_LINE):
            return None
    labels, lxs = _fragments(label_text)
    if item:
        labels, lxs = labels + [item[1]], lxs + [item.start(1)]
    return Line(labels, list(values), xs, lxs, glued=int(len(values) > len(value_tokens))), notes


class _Joined:
    """Two tokens taken as one ('0.' and '89'), with the place they span, as ``re.Match`` gives."""

    def __init__(self, first: re.Match, second: re.Match):
        self._text, self._start, self._end = f"{first.group()} {second.group()}", first.start(), second.end()

    def group(self) -> str:
        return self._text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


_DECIMAL_HEAD = re.compile(r"0\.")  # (an item numbered 1. may stand before its numbers: '1. 0 0 0')


def _decimals_cut(tokens: list) -> list:
    """'0. 89': a number's decimal point, then its decimals one space on (an HTML page's number set
    in two elements, as inscriptis prints it), is one cell as printed; what it says is the number
    parser's to tell. (No item is numbered 0.)"""
    out = []
    for token in tokens:
        prev = out[-1] if out else None
        if (prev is not None and _DECIMAL_HEAD.fullmatch(prev.group()) and token.group().isdigit()
                and token.start() - prev.end() == 1):
            out[-1] = _Joined(prev, token)
            continue
        out.append(token)
    return out


# '信访举报投诉类 0       1.': an item number printed after its text and the row's first number
# (the rest of the row's numbers on the next line); '4.保护第三方合法权益  6  0 … 6   （三）不': the
# head of a group's label, printed right of the numbers of a row beside it (PyMuPDF's sorted text).
# The last number of a row of numbers glued to one character of a label printed a character a
# line beside the rows ('三、本年度办理结果'), when number and character are no value together.
_PIECE_AFTER_VALUE = re.compile(r"(?<=[\d\-—/]\s)\s*\d+(?:\.\d+)?([\u4e00-\u9fff])$")
_ITEM_AFTER_VALUES = re.compile(r"(?<=\d)\s{2,}(\d{1,2}\s*[、．.]|[（(][一二三四五六七八九十]{1,3}[）)]\S{0,4})$")


_GLUED_ALONE_DIGITS = 6


def _glued_alone(text: str, last: str) -> tuple[str, str] | None:
    """(label, number) of a short label line ending in a number glued to its text, with no
    other number ('5.属于三类内部1' above '事务信息   0  0 …'): pdftotext -fixed prints a row's
    first number at the end of its label's first line, the rest on the line below."""
    m = GLUED_NUMBER.match(nfkc(last))
    if (m is None or len(m["number"]) > _GLUED_ALONE_DIGITS or _is_prose(text)
            or len(text.replace(" ", "")) > _MAX_ITEM_LINE):
        return None
    return m["label"], m["number"]


_RUN = re.compile(r"\S+(?: \S+)*")


def _fragments(text: str) -> tuple[list[str], list[int]]:
    """Label texts of a line and where each starts: runs apart by two spaces
    or more, cut again at item numbers."""
    texts, xs = [], []
    for run in _RUN.finditer(text):
        at = run.start()
        for part in split_items(run.group()):
            at = text.find(part, at) if text.find(part, at) >= 0 else at
            if (texts and _BARE_ARABIC_ITEM.match(texts[-1]) and at - xs[-1] - len(texts[-1]) <= _ITEM_GAP
                    and not starts_item(part) and CJK.search(part)):
                texts[-1] += part  # '4.  保护第三': the number's own text, a few spaces after it
            else:
                texts.append(part)
                xs.append(at)
    return texts, xs


_ITEM_GAP = 3  # spaces at most between an item number and its text on one line
# An item's number ('4.'; not a group's '（三）', whose own column may hold another's text beside it).
_BARE_ARABIC_ITEM = re.compile(r"^\d{1,2}\s*[、．.]$")


def _is_prose(text: str) -> bool:
    t = text.strip()
    return t.endswith(SENTENCE_END) or "。" in t


def is_label_line(raw: str) -> bool:
    """A header line or a wrapped part of a label: short, or several fragments, never a sentence."""
    t = nfkc(raw).strip()
    if not t or _is_prose(t):
        return False
    fragments = _GAP.split(t)
    return (len(t.replace(" ", "")) <= _MAX_LABEL_LINE or len(fragments) >= 3
            or (len(t.replace(" ", "")) <= _MAX_ITEM_LINE and any(starts_item(f) for f in fragments)))


def _numbers_alone(raw: str) -> bool:
    found = value_line(raw)
    return found is not None and numbers_alone(found[0])


def label_line(raw: str) -> Line:
    texts, xs = _fragments(nfkc(raw).rstrip())
    return Line(texts, lxs=xs)


def table_run(lines: list[str], start: int, *, ends_table: Callable[[int], bool],
              skip: Callable[[str], bool], strays: bool = False) -> tuple[int, int] | None:
    """(first, end) of the space-aligned table whose first numbers are on line
    ``start``: header lines before it, wrapped labels after it. ``ends_table``
    says which lines (section headings) a table never crosses; ``skip`` which
    lines are not the document's (page numbers); ``strays``: see ``text_single.printed_whole``."""
    if value_line(lines[start]) is None:
        return None
    first = start
    lead = 0
    while first > 0 and lead < _MAX_LEAD:
        prev = lines[first - 1]
        if prev.strip() and not skip(prev) and (ends_table(first - 1) or not is_label_line(prev)):
            break
        first -= 1
        lead += bool(prev.strip())
    if lead >= _MAX_LEAD:
        # Stopped by the count, not by the text: a line of numbers first would have lost the label
        # printed above it (markitdown's '行政许可' / '168 1 3', then '其他对外管理服务事项' below).
        while first < start and (not lines[first].strip() or _numbers_alone(lines[first])):
            first += 1
    end = start + 1
    last_value = start
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip() or skip(line):
            i += 1
            continue
        if ends_table(i):
            break
        if value_line(line) is not None:
            last_value = i
        elif not is_label_line(line):
            break
        i += 1
    end = last_value + 1
    tail = 0
    while end < len(lines) and tail < _MAX_TAIL_LINES:
        line = lines[end]
        if line.strip() and not skip(line) and (ends_table(end) or not is_label_line(line)):
            break
        tail += bool(line.strip())
        end += 1
    values = [value_line(x) for x in lines[start:last_value + 1]]
    found = [v for v in values if v]
    if len(found) < 2 and not any(len(v[0].values) >= 5 for v in found):
        return None
    # Columns are set apart by runs of spaces somewhere; single-spaced lines are prose
    # or a flattened list (pre-2019 '主动公开 条 120 560'), read as text, unless their
    # rows have as many numbers as a wide table's (a narrow page squeezed to one space)
    # or are a small table's rows printed whole (text_single).
    if is_single_spaced(lines[start:last_value + 1]) and not _squeezed_table(found) \
            and not printed_whole(_lines(lines[first:end], skip), strays):
        return None
    # Blank and skipped lines at the edges belong to the text around the table.
    while first < start and (not lines[first].strip() or skip(lines[first])):
        first += 1
    while end > last_value + 1 and (not lines[end - 1].strip() or skip(lines[end - 1])):
        end -= 1
    return first, end


# A run of single-spaced lines is a table when this many of them are labels followed by as
# many numbers, at least a wide row's (WIDE_ROW): pdftotext -layout prints a narrow page's table 3
# ('一、本年新收政府信息公开 0 0 0 0 0 0 0') so; no list in prose has rows of five numbers.
# Lines of numbers count with their label on the line or above it (pypdf and pdftotext -raw print
# a wrapped label's lines, then the row's numbers); a one-cell-per-line dump prints one a line.
_SQUEEZED_ROWS = 3


def _squeezed_table(found: list[tuple[Line, list[str]]]) -> bool:
    """Most value lines of the run are such rows: in a one-cell-per-line dump (plain pdftotext)
    a few rows come out whole among many lines of one number each, and are not a table."""
    counts = Counter(len(line.values) for line, _ in found if len(line.values) >= WIDE_ROW)
    if not counts:
        return False
    rows = counts.most_common(1)[0][1]
    return rows >= _SQUEEZED_ROWS and 2 * rows > len(found)


def _lines(raw: list[str], skip: Callable[[str], bool]) -> list[Line]:
    return table_lines(raw, skip)[0]


def table_lines(lines: list[str], skip: Callable[[str], bool]) -> tuple[list[Line], list[str]]:
    """The Lines of a table run, each with its page (counted at page breaks and page
    furniture), and the notes cut from its values."""
    out: list[Line] = []
    notes: list[str] = []
    page = 0
    blank = False
    for raw in lines:
        if is_page_break(raw) or (raw.strip() and skip(raw)):
            page += 1
        if not raw.strip() or skip(raw):
            blank = blank or is_block_break(raw)
            continue
        found = value_line(raw)
        if found:
            out.append(found[0])
            notes += found[1]
        else:
            out.append(label_line(raw))
        out[-1].page = page
        out[-1].apart, blank = blank, False
    return out, notes


_MAX_TAIL_CHARS = 4  # characters of a label's last line wrapped below it ('量' of '…申请数' / '量')


def is_section_title(lines: list[str], i: int, is_heading: Callable[[str], bool]) -> bool:
    """A numbered section heading long enough to be one of the report's titles,
    not followed by numbers (then it is a row label: '二、上年结转…' / '0 0 0 …'), nor by
    its own wrapped tail and then numbers ('一、本年新收政府信息公开申请数' / '量' / '71 3 0 …',
    pdftotext -raw of a page printed by Writer)."""
    line = lines[i]
    if not is_heading(line) or len(nfkc(line).replace(" ", "")) < _MIN_SECTION_TITLE or value_line(line):
        return False
    if any(starts_item(t) for t in _fragments(nfkc(line))[0][1:]):
        return False  # '三、本       3.危及“三安': a group label beside an item, in a table

    after = [x for x in lines[i + 1:i + 5] if x.strip()][:2]
    if after and (value_line(after[0]) or _same_number(line, after[0])):
        return False  # (two sections never share a number: '四、结转下年度继续办理', the table's last
        # row, printed alone right above '四、政府信息公开行政复议…')
    return not (len(after) == 2 and _is_tail(after[0]) and value_line(after[1]))


def _same_number(line: str, other: str) -> bool:
    number = item_number(nfkc(line).strip())
    return bool(number) and item_number(nfkc(other).strip()) == number


def _is_tail(line: str) -> bool:
    text = nfkc(line).replace(" ", "")
    return len(text) <= _MAX_TAIL_CHARS and bool(CJK.search(text)) and not starts_item(text) and not re.search(r"\d", text)
