"""pdftotext -layout of a narrow page's table 2: the measure heads squeezed into one
cell ('信息内容     本年新制作数量本年新公开数量对外公开总数量'), values in columns
that the rows with a number in every column fix, blanks printed as nothing, and
after a long label the row's first number moved left next to it ('其他对外管理服务
事项 32              0': pdftotext counts a Chinese character as one column).

Found on generated narrow page 604 (tests/bench_dumps.py), where table 2 lost 11
of its 16 cells: a row with a blank was placed by the columns, but the mapper read
a one-cell header's measures only from rows printing one number per measure; and
the one number beside its label, under no column, made the page's columns unused.

A number moved next to its label is in the first column only when the row's next
number stands under the second; otherwise which column is its cannot be told and
the row is not read. Two rows of a part, one with a blank, are two rows, not one
row with a number wrapped over two lines (``text_wrapped``). Columns are fixed by
two rows at least that print every number (format 2021's table 2 has one): with
fewer, a row with a blank is not read. Never a number under a wrong key."""

from __future__ import annotations

import random

import pytest
from test_text_dumps import _T2_SECTIONS

from pipeline.extract import extract_bytes

_LONG = ("其他对外管理服务事项", "行政规范性文件", "规范性文件")  # labels long enough to push


def _page(rng: random.Random, fmt: str) -> tuple[list[str], dict, set[str]]:
    """Table 2 as pdftotext prints it; the truth, and the items whose row cannot be placed."""
    label_at, first = rng.randint(2, 8), rng.randint(20, 26)
    gaps = [rng.randint(6, 9) for _ in range(2)]
    ends = [first, first + gaps[0], first + gaps[0] + gaps[1]]  # right ends of the three columns
    lines = ["某县财政局2019年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    truth: dict[str, dict] = {}
    unplaced: set[str] = set()
    for section, measures, items in _T2_SECTIONS[fmt]:
        heads = [t for _, t in measures]
        joiner = rng.choice(["", " "])
        lines += [" " * (first - 4) + section, " " * label_at + "信息内容".ljust(first - label_at - 6) + joiner.join(heads)]
        full = rng.randrange(len(items))  # one row of the part prints every number: the columns
        for i, (key, label) in enumerate(items):
            values: list[int | None] = [rng.randint(0, 400) for _ in measures]
            if i != full:
                values[rng.randrange(1, len(values))] = None  # a blank, printed as nothing
            glued = label in _LONG and i != full and rng.random() < 0.7
            line = " " * label_at + label
            for c, v in enumerate(values):
                if v is None:
                    continue
                if c == 0 and glued:
                    line += " " + str(v)
                else:
                    line = line.ljust(ends[c] - len(str(v)) + 1) + str(v)
            lines.append(line)
            truth[key] = {m: v for (m, _), v in zip(measures, values)}
            if glued and values[1] is None:
                unplaced.add(key)
    lines.append("三、收到和处理政府信息公开申请情况")
    if len(_T2_SECTIONS[fmt]) < 2:  # one full row: too few to fix the columns by
        unplaced |= {key for key, cells in truth.items() if None in cells.values()}
    return lines, truth, unplaced


@pytest.mark.parametrize("seed", range(12))
def test_rows_with_blanks_placed_under_a_one_cell_header(seed):
    """Members: format, heads glued or a space apart, offsets, gaps, which row is full,
    which cell is blank, a first number moved next to a long label or not."""
    rng = random.Random(seed)
    lines, truth, unplaced = _page(rng, "2019" if seed % 3 else "2021")
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table2"].nested()
    for key, cells in truth.items():
        if key in unplaced:
            assert all(v is None for v in got.get(key, {}).values()), key
        else:
            assert got.get(key) == cells, key


@pytest.mark.parametrize("seed", range(8))
def test_table2_labels_printed_above_their_numbers_under_a_one_measure_header(seed):
    """pdfplumber's layout text of format 2021's table 2 (the real 平潭 2021 page, every print):
    each item's label on the line above its numbers, and the one-measure parts' header
    ('信息内容      本年处理决定数量') starting well right of the label below it. It is a header,
    not the first label line of the row: the part's rows are read. Members: offsets, gaps, values."""
    rng = random.Random(seed)
    label_at, value_at = rng.randint(4, 12), rng.randint(30, 40)
    head_at = label_at + rng.randint(12, 18)
    truth = {"rules": [rng.randint(0, 9) for _ in range(3)], "normative_documents": [rng.randint(0, 900) for _ in range(3)],
             "licensing": [rng.randint(0, 9000)], "penalty": [rng.randint(0, 9000)], "coercion": [rng.randint(0, 90)]}
    lines = ["某县财政局2024年政府信息公开工作年度报告", "二、主动公开政府信息情况",
             " " * (value_at - 4) + "第二十条第（一）项", "",
             " " * label_at + "信息内容".ljust(head_at - label_at) + "本年制发件数      本年废止件数      现行有效件数"]
    names = {"rules": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可", "penalty": "行政处罚",
             "coercion": "行政强制"}

    def row(key: str) -> list[str]:
        values = truth[key]
        at = value_at if len(values) == 3 else value_at + rng.randint(14, 20)
        return ["", " " * label_at + names[key], (" " * at + "        ".join(str(v) for v in values))]

    lines += row("rules") + row("normative_documents")
    for section, items in (("第二十条第（五）项", ["licensing"]), ("第二十条第（六）项", ["penalty", "coercion"])):
        lines += ["", " " * (value_at - 4) + section, "",
                  " " * label_at + "信息内容".ljust(head_at - label_at + rng.randint(0, 4)) + "本年处理决定数量"]
        for key in items:
            lines += row(key)
    lines.append("三、收到和处理政府信息公开申请情况")
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table2"].nested()
    assert {key: [v for v in got[key].values()] for key in truth} == truth
