"""Text dumps whose numbers a person could not place either: left empty and named,
never guessed.

A number wrapped over two lines of its narrow cell, as text dumps print it
(pdftotext -layout -fixed 3, pdfplumber's layout text): '２１' on one line, '１４'
on the next with the row's other numbers, or '１３' above the row and '６' below
it. Nothing tells the pieces from two rows' numbers nor how the digits join: the
cell stays empty and the row is named, and no other number moves (members: rows,
columns, number widths, full-width digits or not, where the pieces sit). And a
line of numbers printed above its label, which the next label could own."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.extract import extract_bytes
from pipeline.samples import make_report
from pipeline.samples.render_dump import render_dump

_VALUES = re.compile(r"(?:\s+(?:\d+|-|/))+$")
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _value_spans(line: str) -> list[tuple[int, int]]:
    m = _VALUES.search(line)
    return [(t.start() + m.start(), t.end() + m.start()) for t in re.finditer(r"\S+", m.group())]


def _wrap(lines: list[str], at: int, col: int, number: str, shape: str, rng: random.Random) -> list[str]:
    """Line ``at`` with its value in column ``col`` printed as ``number`` wrapped in two pieces."""
    line = lines[at]
    spans = _value_spans(line)
    start, end = spans[col]
    cut = (len(number) + 1) // 2  # the top piece fills the cell
    top, bottom = number[:cut], number[cut:]
    right = rng.random() < 0.5  # pieces right-aligned in the column, else left-aligned

    def piece(text: str, base: str = "") -> str:
        x = end - len(text) if right else start
        return (base.ljust(x)[:x] + text + base[x + len(text):]).rstrip()

    blanked = line[:start] + " " * (end - start) + line[end:]
    label_end = spans[0][0]
    if shape in ("row_below", "row_below_apart"):  # the row's label and the top piece, then the rest
        upper = piece(top, line[:label_end].rstrip())
        if shape == "row_below_apart":  # the top piece a character right of the bottom one
            upper = upper[:-len(top)] + " " + top
        return [upper, piece(bottom, " " * label_end + blanked[label_end:])]
    if shape == "around_row":  # the top piece above the row, the bottom piece below
        return [piece(top), blanked.rstrip(), piece(bottom)]
    if shape == "piece_below":  # the row with the top piece, the bottom piece alone below it
        return [piece(top, blanked).rstrip(), piece(bottom)]
    if shape == "piece_above":  # the top piece alone above the row, the row with the bottom piece
        return [piece(top), piece(bottom, blanked).rstrip()]
    # with_a_neighbour: another one-line cell of the row printed beside the top piece
    other = rng.choice([c for c in range(len(spans)) if c != col])
    o_start, o_end = spans[other]
    upper = piece(top, line[:label_end].rstrip())
    upper = (upper.ljust(o_end)[:o_start] + line[o_start:o_end] + upper.ljust(o_end)[o_end:]).rstrip()
    rest = blanked[:o_start] + " " * (o_end - o_start) + blanked[o_end:]
    return [upper, piece(bottom, " " * label_end + rest[label_end:])]


def _read_table3(lines: list[str], report) -> tuple[object, dict, set[str]]:
    """The extraction, table 3 as read, and the rows not read right; asserts no number
    is read under a wrong key."""
    ex = extract_bytes("\n".join(lines).encode("utf-8"), f"{report.slug}.txt")
    got = ex.tables["table3"].nested()
    truth = report.to_json()["table3"]
    wrong = {(r, c): (v, got[r][c]) for r, cols in truth.items() for c, v in cols.items()
             if got[r][c] is not None and got[r][c] != v}
    assert wrong == {}
    return ex, got, {r for r, cols in truth.items() for c, v in cols.items() if got[r][c] != v}


@pytest.mark.parametrize("squeezed", [False, True, "rows only"])
@pytest.mark.parametrize("shape", ["row_below", "row_below_apart", "around_row", "with_a_neighbour", "piece_below",
                                   "piece_above"])
@pytest.mark.parametrize("seed", range(6))
def test_number_wrapped_over_two_lines_of_its_cell_is_never_read(shape, seed, squeezed):
    """``squeezed``: the gaps shrunk to 2–3 spaces at random, as pdftotext -layout prints
    narrow tables; no column is known then, and rows of unlike lengths are not read. 'rows
    only': the pieces' own lines keep their places (narrow-1013 of the development range
    1000-1035: '６' / '（七）总计  53 8 0 0 0 3' / '４' read the total as 4, the row and the piece
    below joined as a row printed over two lines). 'piece_above' (narrow-1029): the top piece
    alone between two rows, across a number of each: which row's it is cannot be told.
    'row_below_apart': the pieces of a fullwidth number a character apart ('（七）总计  ８' over
    '５ 18 0 …', the ５ one character left of the ８, as in narrow-1009 of the development range
    1000-1035, where 85 was read as 8). These members were never read wrong: narrow-1009's
    wrong read needed a page whose own columns placed the top piece, which this generator does
    not make; the fix (a character's slack between the pieces) is measured on that range."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    keys = [(r, c) for r, cols in report.table3.items() for c in cols]
    row, column = rng.choice(keys)
    value = rng.randint(10, 9999)
    report.table3[row][column] = value
    lines = render_dump(report, rng, "columns", blank="-").decode("utf-8").split("\n")
    # The printed line of that row: the n-th line of table 3 with a full row of numbers.
    start = next(i for i, line in enumerate(lines) if line.startswith("三、收到"))
    rows = [i for i in range(start, len(lines)) if _VALUES.search(lines[i]) and len(_value_spans(lines[i])) == 7]
    at = rows[list(report.table3).index(row)]
    col = list(report.table3[row]).index(column)
    number = str(value).translate(_FULL_WIDTH) if rng.random() < 0.5 else str(value)
    lines[at:at + 1] = _wrap(lines, at, col, number, shape, rng)
    if squeezed:
        end = next(i for i, line in enumerate(lines) if line.startswith("四、政府"))
        lines[start + 1:end] = [x if squeezed == "rows only" and x.strip().isdigit()
                                else re.sub(r" {3,}", lambda m: " " * rng.randint(2, 3), x) for x in lines[start + 1:end]]
    ex, got, lost = _read_table3(lines, report)
    assert got[row][column] is None
    assert any("over two lines" in p for p in ex.problems) or squeezed and ex.problems
    if squeezed:
        return
    # Only the wrapped row may lose cells, and the row on the other side of a piece alone on its
    # line between two rows: the piece may be the top of that row's number as well.
    names = list(report.table3)
    k = names.index(row)
    beside = {"piece_below": names[k + 1:k + 2], "piece_above": names[max(0, k - 1):k]}.get(shape, [])
    assert lost <= {row, *beside}


@pytest.mark.parametrize("next_row", ["below", "above", "beside"])
@pytest.mark.parametrize("seed", range(6))
def test_numbers_printed_above_their_label_are_never_given_to_the_next_label(seed, next_row):
    """pdfplumber prints a row's numbers a line above its label ('8.属于行政查询事项  0 0 …' /
    '10 0 0 …' / '1.本机关不掌握相关政府信息' / '（四）无法提供' / '3 0 0 …'): a full line of numbers
    with no label right after a full row says labels may sit below their numbers. Alone, such
    a line and a next row whose label is all above its numbers are not read, and both are
    named; where the lines between two rows printed with their numbers hold as many lines of
    numbers as labels, each goes to its label in order (text_centred), which is said too
    (members: rows, blanks, the next row's label below, above or beside its numbers). Never a
    number under a wrong row (``_read_table3``)."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    lines = render_dump(report, rng, "columns", blank=rng.choice(["-", "/"])).decode("utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("三、收到"))
    rows = [i for i in range(start, len(lines)) if _VALUES.search(lines[i]) and len(_value_spans(lines[i])) == 7]
    k = rng.randrange(3, len(rows) - 3)
    at, after = rows[k], rows[k + 1]

    def parts(i: int) -> tuple[str, str]:
        x = _value_spans(lines[i])[0][0]
        return lines[i][:x].rstrip(), " " * x + lines[i][x:]

    label, values = parts(at)
    label_next, values_next = parts(after)
    lines[after:after + 1] = {"below": [values_next, label_next], "above": [label_next, values_next],
                              "beside": [lines[after]]}[next_row]
    lines[at:at + 1] = [values, label]
    ex, _, lost = _read_table3(lines, report)
    assert any("without a label" in p or "printed between label lines" in p for p in ex.problems)
    names = list(report.table3)
    # A label left between two rows' numbers makes the row after it doubtful too.
    assert lost <= set(names[k:k + 3])



_TABLE2_ROW = re.compile(r"^(\S.*?\S)( {2,}.*\d.*)$")


def _numbers_above_labels(text: str) -> str:
    """Table 2's rows with their numbers a line above their label, as pdfplumber's layout text
    prints a Writer PDF printed again through cairo (its digits set higher than the labels)."""
    lines, out = text.split("\n"), []
    start = next(i for i, line in enumerate(lines) if line.startswith("第二十条"))
    end = next(i for i, line in enumerate(lines) if line.startswith("三、收到"))
    for i, line in enumerate(lines):
        m = _TABLE2_ROW.match(line)
        if start < i < end and m and not line.startswith("信息内容"):
            out += [" " * len(m[1]) + m[2], m[1]]
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(12))
def test_numbers_right_after_the_header_make_the_labels_below_doubtful(seed):
    """A line of numbers with no label right after a table's header, a label alone after it:
    each label may own the numbers above it or below it, and the rows after it are not read
    ('信息内容 本年处理决定数量' / '2113' / '行政处罚' / '0' / '行政强制', pdfplumber's layout text
    of the real pages printed by Writer and again through cairo: 32 numbers under wrong keys,
    now 8). Members: blanks printed as '-', '/' or nothing, both formats. Before, 10 of 12
    members read 39 numbers of table 2 under wrong keys."""
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    text = _numbers_above_labels(render_dump(report, rng, "columns", blank=rng.choice(["-", "/", ""])).decode("utf-8"))
    ex = extract_bytes(text.encode("utf-8"), f"{report.slug}.txt")
    got = ex.tables["table2"].nested() if "table2" in ex.tables else {}
    truth = report.to_json()["table2"]
    assert {(r, c): (v, got.get(r, {}).get(c)) for r, cols in truth.items() for c, v in cols.items()
            if got.get(r, {}).get(c) not in (None, v)} == {}
